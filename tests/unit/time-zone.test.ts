import { afterEach, describe, expect, it } from 'vitest';
import { formatIsoUs, formatTimeUs, parseTimeUs } from '../../shared/time';
import { isZoneChoice, setDisplayZone, wallToUtcMs, zoneOffsetMs } from '../../shared/time-zone';

// 2026-01-15 17:30:00.1234567 UTC (winter: New York is UTC-5) and 2026-07-15 (summer: UTC-4).
const winter = Date.UTC(2026, 0, 15, 17, 30, 0) * 1000 + 123_456;
const summer = Date.UTC(2026, 6, 15, 17, 30, 0) * 1000;

afterEach(() => setDisplayZone('UTC'));

describe('the one time formatter', () => {
  it('shows UTC by default, with microseconds and the 100 ns tick', () => {
    expect(formatTimeUs(winter, { tick: 7 })).toBe('2026-01-15 17:30:00.1234567');
    expect(formatIsoUs(winter, 7)).toBe('2026-01-15T17:30:00.1234567Z');
  });

  it('moves the wall clock by the zone offset, daylight saving included, keeping the fraction', () => {
    expect(formatTimeUs(winter, { tick: 7, zone: 'America/New_York' })).toBe('2026-01-15 12:30:00.1234567');
    expect(formatTimeUs(summer, { zone: 'America/New_York' })).toBe('2026-07-15 13:30:00.000000');
    expect(formatTimeUs(winter, { zone: 'Asia/Kolkata' })).toBe('2026-01-15 23:00:00.123456');
    expect(formatIsoUs(winter, 7, 'America/New_York')).toBe('2026-01-15T12:30:00.1234567-05:00');
    expect(formatIsoUs(winter, undefined, 'Asia/Kolkata')).toBe('2026-01-15T23:00:00.123456+05:30');
  });

  it('follows the display zone when no zone is given', () => {
    setDisplayZone('Europe/Berlin');
    expect(formatTimeUs(winter)).toBe('2026-01-15 18:30:00.123456');
    setDisplayZone('No/Such_Zone');
    expect(formatTimeUs(winter)).toBe('2026-01-15 17:30:00.123456');
  });

  it('parses what it shows, in the same zone, back to the same instant', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      for (const us of [winter, summer]) expect(parseTimeUs(formatTimeUs(us, { zone }), zone)).toBe(us);
    }
    expect(parseTimeUs('2026-02-30 10:00', 'UTC')).toBeUndefined();
    expect(parseTimeUs('2026-01-15 25:00', 'UTC')).toBeUndefined();
    expect(parseTimeUs('yesterday', 'UTC')).toBeUndefined();
  });

  it('handles the daylight-saving changes of New York (gap and overlap)', () => {
    // 2026-03-08 02:30 does not exist in New York; 2026-11-01 01:30 happens twice.
    const gap = wallToUtcMs('America/New_York', Date.UTC(2026, 2, 8, 2, 30));
    expect(Number.isFinite(gap)).toBe(true);
    const overlap = wallToUtcMs('America/New_York', Date.UTC(2026, 10, 1, 1, 30));
    expect(overlap).toBe(Date.UTC(2026, 10, 1, 5, 30)); // the first 01:30 (EDT, UTC-4)
    expect(zoneOffsetMs('America/New_York', Date.UTC(2026, 10, 1, 5, 59, 59))).toBe(-4 * 3600_000);
    expect(zoneOffsetMs('America/New_York', Date.UTC(2026, 10, 1, 6, 0, 0))).toBe(-5 * 3600_000);
  });

  it('accepts only zone names it can show (settings and workspaces are untrusted)', () => {
    expect(isZoneChoice('UTC')).toBe(true);
    expect(isZoneChoice('local')).toBe(true);
    expect(isZoneChoice('America/New_York')).toBe(true);
    for (const bad of ['', 'No/Such_Zone', '../../etc/passwd', 'x'.repeat(200), 42, null, '<script>']) expect(isZoneChoice(bad)).toBe(false);
  });
});
