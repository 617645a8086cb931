import { describe, expect, it } from 'vitest';
import { zonedDateTime } from '../time-zones.js';
import { freeSlots } from './googlecalendar.js';

describe('zonedDateTime', () => {
  it('gives a local time the zone offset in force at that date (DST aware)', () => {
    expect(zonedDateTime('2026-01-15T10:00:00', 'Europe/Berlin')).toBe('2026-01-15T10:00:00+01:00');
    expect(zonedDateTime('2026-07-15T10:00', 'Europe/Berlin')).toBe('2026-07-15T10:00:00+02:00');
    expect(zonedDateTime('2026-07-15T10:00:00', 'America/New_York')).toBe('2026-07-15T10:00:00-04:00');
    expect(zonedDateTime('2026-07-15T10:00:00', 'Asia/Kolkata')).toBe('2026-07-15T10:00:00+05:30');
    expect(zonedDateTime('2026-07-15T10:00:00', undefined)).toBe('2026-07-15T10:00:00+00:00');
  });

  it('leaves times that already carry an offset, and text it does not understand', () => {
    expect(zonedDateTime('2026-07-15T10:00:00Z', 'Europe/Berlin')).toBe('2026-07-15T10:00:00Z');
    expect(zonedDateTime('2026-07-15T10:00:00-03:00', 'Europe/Berlin')).toBe('2026-07-15T10:00:00-03:00');
    expect(zonedDateTime('next friday', 'Europe/Berlin')).toBe('next friday');
  });
});

describe('freeSlots', () => {
  it('returns the gaps between merged, clipped busy blocks', () => {
    const h = (n: number) => n * 3_600_000;
    expect(
      freeSlots({ start: h(9), end: h(17) }, [
        { start: h(10), end: h(11) },
        { start: h(8), end: h(9.5) },
        { start: h(10.5), end: h(12) },
        { start: h(16), end: h(18) },
      ]),
    ).toEqual([
      { start: h(9.5), end: h(10) },
      { start: h(12), end: h(16) },
    ]);
    expect(freeSlots({ start: h(9), end: h(10) }, [])).toEqual([{ start: h(9), end: h(10) }]);
  });
});
