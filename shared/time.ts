/**
 * Time values crossing the contract are microseconds since the Unix epoch, UTC, as plain numbers.
 * A float64 holds every integer microsecond exactly until the year 2255, which a JS Date (whole
 * milliseconds) cannot; svclog's 100 ns ticks are kept where needed as a separate 0..9 digit.
 */
import { displayZone, offsetSuffix, wallToUtcMs, zoneOffsetMs, ZONE_UTC, type ZoneChoice } from './time-zone';

export type TimeUs = number;

export const US_PER_MS = 1000;
export const US_PER_SECOND = 1_000_000;

/** Milliseconds (possibly fractional) to microseconds, rounded to the nearest microsecond. */
export function msToUs(ms: number): TimeUs {
  return Math.round(ms * US_PER_MS);
}

/** Splits a microsecond time into a whole-millisecond Date-compatible part and the rest. */
function split(us: TimeUs): { ms: number; micro: number } {
  const ms = Math.floor(us / US_PER_MS);
  return { ms, micro: us - ms * US_PER_MS };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export interface TimeFormatOptions {
  /** The seventh fractional digit (svclog's 100 ns tick), when known. */
  tick?: number;
  /** Shifts the displayed instant (e.g. a clock-skew correction) without touching the value. */
  offsetUs?: number;
  /** The zone to show the wall clock in; the display zone (`setDisplayZone`) when absent. */
  zone?: ZoneChoice;
}

/**
 * THE time formatter: "2026-11-23 19:33:12.123456" in the display zone (UTC unless the user chose
 * another; see shared/time-zone.ts). Every view, column and export calls this (or `formatIsoUs`).
 */
export function formatTimeUs(us: TimeUs, opts: TimeFormatOptions = {}): string {
  if (!Number.isFinite(us)) return '';
  const instant = us - (opts.offsetUs ?? 0);
  const zone = opts.zone ?? displayZone();
  const { ms, micro } = split(instant + (zone === ZONE_UTC ? 0 : zoneOffsetMs(zone, Math.floor(instant / US_PER_MS)) * US_PER_MS));
  const d = new Date(ms);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const frac = pad(d.getUTCMilliseconds(), 3) + pad(micro, 3) + (opts.tick !== undefined ? String(opts.tick) : '');
  return `${date} ${time}.${frac}`;
}

/** Human duration: "850 µs", "12.345 ms", "3.201 s", "2 min 05 s". */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us)) return '';
  const a = Math.abs(us);
  const sign = us < 0 ? '-' : '';
  if (a < US_PER_MS) return `${sign}${a} µs`;
  if (a < US_PER_SECOND) return `${sign}${(a / US_PER_MS).toFixed(3)} ms`;
  if (a < 60 * US_PER_SECOND) return `${sign}${(a / US_PER_SECOND).toFixed(3)} s`;
  const totalS = Math.floor(a / US_PER_SECOND);
  return `${sign}${Math.floor(totalS / 60)} min ${pad(totalS % 60, 2)} s`;
}

/**
 * ISO 8601 with microseconds (and the 100 ns digit when given) and an explicit offset:
 * "2026-11-23T19:33:12.1234567Z" in UTC (the default: exports and the engine), or
 * "2026-11-23T14:33:12.1234567-05:00" in another zone.
 */
export function formatIsoUs(us: TimeUs, tick?: number, zone: ZoneChoice = ZONE_UTC): string {
  const offset = zone === ZONE_UTC || !Number.isFinite(us) ? 0 : zoneOffsetMs(zone, Math.floor(us / US_PER_MS));
  return `${formatTimeUs(us, { tick, zone }).replace(' ', 'T')}${offsetSuffix(offset)}`;
}

/**
 * "2026-11-23 19:33:12.123456" (fraction and seconds optional, 'T' allowed) read as a wall clock
 * in `zone` (the display zone by default) → µs UTC; undefined when empty or unreadable.
 */
export function parseTimeUs(text: string, zone: ZoneChoice = displayZone()): TimeUs | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*$/.exec(text);
  if (!m) return undefined;
  const [mo, d, h, mi, s] = [+m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(+m[1], mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return undefined;
  const ms = zone === ZONE_UTC ? wall : wallToUtcMs(zone, wall);
  return ms * US_PER_MS + Number((m[7] ?? '').padEnd(6, '0'));
}

/**
 * A time given on the command line: ISO 8601 with "Z" or an offset is that instant; without one
 * (or a date alone) it is a wall clock in `zone`. Undefined when unreadable.
 */
export function parseTimeArg(text: string, zone: ZoneChoice = ZONE_UTC): TimeUs | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) {
    const frac = /\.(\d+)/.exec(t)?.[1] ?? '';
    const ms = Date.parse(t.replace(' ', 'T').replace(/\.\d+/, ''));
    return Number.isNaN(ms) ? undefined : ms * US_PER_MS + Number(frac.slice(0, 6).padEnd(6, '0'));
  }
  return parseTimeUs(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t} 00:00` : t, zone);
}
