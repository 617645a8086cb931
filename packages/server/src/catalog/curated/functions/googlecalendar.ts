import { zonedDateTime } from '../time-zones.js';
import { dropUndefined } from './gmail-message.js';
import { type CuratedFunction, ToolInputError } from './types.js';

/** Google Calendar tools that need more than one request or no request at all. */

interface CalendarEvent {
  id?: string;
  summary?: string;
  description?: string;
  location?: string;
  status?: string;
  htmlLink?: string;
  hangoutLink?: string;
  start?: { date?: string; dateTime?: string; timeZone?: string };
  end?: { date?: string; dateTime?: string; timeZone?: string };
  attendees?: Array<{ email?: string; responseStatus?: string }>;
  [field: string]: unknown;
}

const calendarPath = (calendarId: unknown) => `/calendar/v3/calendars/${encodeURIComponent(String(calendarId ?? 'primary'))}`;
const HAS_OFFSET = /(Z|[+-]\d\d:\d\d)$/;
const IS_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The same event shape the template tools return (see googlecalendar.yaml). */
export function shapeEvent(event: CalendarEvent): Record<string, unknown> {
  return dropUndefined({
    id: event.id,
    summary: event.summary,
    start: event.start,
    end: event.end,
    location: event.location,
    status: event.status,
    attendees: event.attendees?.map((a) => a.email),
    html_link: event.htmlLink,
    meet_link: event.hangoutLink,
  });
}

/** A start or end as Calendar takes it: all-day for a bare date, else a date-time in the zone. */
function when(value: string, timeZone: string | undefined): CalendarEvent['start'] {
  return IS_DATE.test(value)
    ? { date: value }
    : dropUndefined({ dateTime: zonedDateTime(value, timeZone), timeZone: HAS_OFFSET.test(value) ? undefined : timeZone });
}

/**
 * Changes an event without the caller resending all of it: reads the event, applies the given
 * fields and writes it back whole (events.update replaces the event, so nothing is lost).
 */
export const updateEvent: CuratedFunction = async ({ args, api }) => {
  const path = `${calendarPath(args['calendar_id'])}/events/${encodeURIComponent(String(args['event_id']))}`;
  const event = (await api.json({ method: 'GET', path })) as CalendarEvent;
  const zone = typeof args['timezone'] === 'string' ? args['timezone'] : undefined;
  const next: CalendarEvent = { ...event };
  for (const field of ['summary', 'description', 'location'] as const) {
    if (typeof args[field] === 'string') next[field] = args[field];
  }
  if (typeof args['start_datetime'] === 'string') next.start = when(args['start_datetime'], zone);
  if (typeof args['end_datetime'] === 'string') next.end = when(args['end_datetime'], zone);
  if (Array.isArray(args['attendees'])) next.attendees = (args['attendees'] as string[]).map((email) => ({ email }));
  const saved = (await api.json({
    method: 'PUT',
    path,
    query: { sendUpdates: args['send_updates'] },
    body: next,
  })) as CalendarEvent;
  return shapeEvent(saved);
};

interface Interval {
  start: number;
  end: number;
}

/**
 * Free time common to every given calendar: asks freeBusy for their busy blocks in the window,
 * merges them and returns the gaps at least `duration_minutes` long.
 */
export const findFreeSlots: CuratedFunction = async ({ args, api }) => {
  const calendars = Array.isArray(args['calendar_ids']) && args['calendar_ids'].length > 0 ? (args['calendar_ids'] as string[]) : ['primary'];
  const timeMin = String(args['time_min']);
  const timeMax = String(args['time_max']);
  const from = Date.parse(timeMin);
  const to = Date.parse(timeMax);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
    throw new ToolInputError('time_min and time_max must be RFC 3339 date-times with time_min before time_max');
  const answer = (await api.json({
    method: 'POST',
    path: '/calendar/v3/freeBusy',
    body: dropUndefined({ timeMin, timeMax, timeZone: args['timezone'], items: calendars.map((id) => ({ id })) }),
  })) as { calendars?: Record<string, { busy?: Array<{ start?: string; end?: string }>; errors?: unknown[] }> };
  const busy: Interval[] = [];
  const perCalendar: Record<string, unknown> = {};
  for (const [id, entry] of Object.entries(answer.calendars ?? {})) {
    perCalendar[id] = entry.errors?.length ? { errors: entry.errors } : { busy: entry.busy ?? [] };
    for (const block of entry.busy ?? []) {
      const start = Date.parse(block.start ?? '');
      const end = Date.parse(block.end ?? '');
      if (!Number.isNaN(start) && !Number.isNaN(end)) busy.push({ start, end });
    }
  }
  const minimum = Number(args['duration_minutes'] ?? 30) * 60_000;
  const free = freeSlots({ start: from, end: to }, busy).filter((slot) => slot.end - slot.start >= minimum);
  return {
    free_slots: free.map((slot) => ({
      start: new Date(slot.start).toISOString(),
      end: new Date(slot.end).toISOString(),
      minutes: Math.round((slot.end - slot.start) / 60_000),
    })),
    calendars: perCalendar,
  };
};

/** The gaps of `window` not covered by any busy interval. */
export function freeSlots(window: Interval, busy: readonly Interval[]): Interval[] {
  const sorted = busy
    .map((b) => ({ start: Math.max(b.start, window.start), end: Math.min(b.end, window.end) }))
    .filter((b) => b.end > b.start)
    .sort((a, b) => a.start - b.start);
  const free: Interval[] = [];
  let cursor = window.start;
  for (const block of sorted) {
    if (block.start > cursor) free.push({ start: cursor, end: block.start });
    cursor = Math.max(cursor, block.end);
  }
  if (cursor < window.end) free.push({ start: cursor, end: window.end });
  return free;
}

/** The current date and time, in UTC and in the requested zone: models do not know what day it is. */
export const currentDateTime: CuratedFunction = async ({ args, now }) => {
  const zone = typeof args['timezone'] === 'string' && args['timezone'] !== '' ? args['timezone'] : 'UTC';
  const at = now();
  let local: string;
  try {
    local = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' }).format(at).replace(' ', 'T');
  } catch {
    throw new ToolInputError(`"${zone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York)`);
  }
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'long' }).format(at);
  return { utc: at.toISOString(), timezone: zone, local_datetime: local, weekday, unix_seconds: Math.floor(at.getTime() / 1000) };
};
