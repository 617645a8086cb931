/**
 * Local wall-clock times ("2026-03-02T10:00:00" in Europe/Berlin) as RFC 3339 date-times with the
 * zone's offset at that moment ("2026-03-02T10:00:00+01:00"), which every API's description
 * accepts. Uses the runtime's time-zone database (Intl); no library needed.
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;
const HAS_OFFSET = /(Z|[+-]\d\d:?\d\d)$/i;

export function zonedDateTime(value: string, timeZone: string | undefined): string {
  if (HAS_OFFSET.test(value)) return value;
  const m = LOCAL.exec(value);
  if (!m) return value; // not a date-time we understand: let the provider say what is wrong
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const zone = timeZone && timeZone !== '' ? timeZone : 'UTC';
  // The offset at the guessed instant, then once more at the corrected one (DST edges).
  let offset = offsetMinutes(wall, zone);
  offset = offsetMinutes(wall - offset * 60_000, zone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - instant) / 60_000);
}
