/**
 * Time values crossing the contract are microseconds since the Unix epoch, UTC, as plain numbers.
 * A float64 holds every integer microsecond exactly until the year 2255, which a JS Date (whole
 * milliseconds) cannot; svclog's 100 ns ticks are kept where needed as a separate 0..9 digit.
 */
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

/**
 * "2026-11-23 19:33:12.123456" (UTC). `tick` adds the seventh fractional digit (100 ns) when known.
 * `offsetUs` shifts the displayed time (e.g. a clock-skew correction) without touching the value.
 */
export function formatTimeUs(us: TimeUs, opts: { tick?: number; offsetUs?: number } = {}): string {
  if (!Number.isFinite(us)) return '';
  const { ms, micro } = split(us - (opts.offsetUs ?? 0));
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

/** ISO 8601 UTC with microseconds (and the 100 ns digit when given): "2026-11-23T19:33:12.1234567Z". */
export function formatIsoUs(us: TimeUs, tick?: number): string {
  return `${formatTimeUs(us, { tick }).replace(' ', 'T')}Z`;
}
