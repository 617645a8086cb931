import { describe, expect } from 'vitest';
import { curatedPrismSuite } from '../helpers/curated-prism.js';

const hasKeys =
  (...keys: string[]) =>
  (d: Record<string, unknown>) =>
    expect(Object.keys(d)).toEqual(expect.arrayContaining(keys));

describe('Google Calendar curated tools against the Calendar API description', () => {
  curatedPrismSuite({
    toolkit: 'googlecalendar',
    refused: { endpoint: '/calendar/v3/calendars/primary/events', method: 'GET', parameters: [{ name: 'maxResults', type: 'query', value: 'lots' }] },
    cases: {
      GOOGLECALENDAR_CREATE_EVENT: {
        args: {
          summary: 'Sync',
          start_datetime: '2026-03-02T10:00:00',
          duration_minutes: 30,
          timezone: 'Europe/Berlin',
          attendees: ['bob@example.com'],
          create_meeting_room: true,
          send_updates: 'all',
        },
        check: hasKeys('id', 'start', 'end', 'html_link'),
      },
      GOOGLECALENDAR_EVENTS_LIST: {
        args: { time_min: '2026-03-01T00:00:00Z', time_max: '2026-03-08T00:00:00Z', max_results: 10 },
        check: (d) => expect(Array.isArray(d['events'])).toBe(true),
      },
      GOOGLECALENDAR_FIND_EVENT: { args: { query: 'dentist' }, check: (d) => expect(Array.isArray(d['events'])).toBe(true) },
      GOOGLECALENDAR_GET_EVENT: { args: { event_id: 'e1' }, check: hasKeys('id', 'summary') },
      GOOGLECALENDAR_UPDATE_EVENT: {
        args: { event_id: 'e1', summary: 'Planning', start_datetime: '2026-03-02T11:00:00Z', end_datetime: '2026-03-02T12:00:00Z' },
        check: hasKeys('id'),
      },
      GOOGLECALENDAR_PATCH_EVENT: {
        args: { event_id: 'e1', location: 'Room 4', start_datetime: '2026-03-03', end_datetime: '2026-03-04' },
        check: hasKeys('id'),
      },
      GOOGLECALENDAR_DELETE_EVENT: { args: { event_id: 'e1', send_updates: 'none' }, check: (d) => expect(d).toEqual({ deleted: true }) },
      GOOGLECALENDAR_QUICK_ADD: { args: { text: 'Lunch with Ana tomorrow 12:30' }, check: hasKeys('id') },
      GOOGLECALENDAR_FIND_FREE_SLOTS: {
        args: { time_min: '2026-03-02T09:00:00Z', time_max: '2026-03-02T17:00:00Z', calendar_ids: ['primary', 'alice@example.com'], duration_minutes: 60 },
        check: hasKeys('free_slots', 'calendars'),
      },
      GOOGLECALENDAR_FREE_BUSY_QUERY: { args: { time_min: '2026-03-02T09:00:00Z', time_max: '2026-03-02T17:00:00Z' }, check: hasKeys('calendars') },
      GOOGLECALENDAR_LIST_CALENDARS: {
        args: {},
        check: (d) => expect(Object.keys((d['calendars'] as object[])[0]!)).toEqual(expect.arrayContaining(['id', 'summary'])),
      },
      GOOGLECALENDAR_GET_CALENDAR: { args: {}, check: hasKeys('id', 'timezone') },
      GOOGLECALENDAR_GET_CURRENT_DATE_TIME: { args: { timezone: 'Asia/Tokyo' }, check: hasKeys('utc', 'local_datetime', 'weekday') },
      GOOGLECALENDAR_EVENTS_INSTANCES: { args: { event_id: 'e1', time_min: '2026-03-01T00:00:00Z' }, check: hasKeys('events') },
      GOOGLECALENDAR_EVENTS_MOVE: { args: { event_id: 'e1', destination_calendar_id: 'team@group.calendar.google.com' }, check: hasKeys('id') },
      GOOGLECALENDAR_DUPLICATE_CALENDAR: { args: { summary: 'Soccer', timezone: 'Europe/Paris' }, check: hasKeys('id') },
    },
  });
});
