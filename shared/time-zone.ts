/**
 * Time zones for display: UTC, the local zone, or a named IANA zone ("America/New_York"), through
 * Intl (no DOM, no Node). Values stay microseconds since the epoch, UTC; only the wall clock shown
 * moves. Zone offsets are whole seconds at most, so the microseconds (and svclog's 100 ns digit)
 * survive unchanged. The zone name comes from settings and workspaces, untrusted: `isZoneChoice`
 * checks it before anything uses it, and an unknown name falls back to UTC, never throws.
 */

/** What the user picks: 'UTC', 'local' (the zone of the machine showing the times) or an IANA name. */
export type ZoneChoice = string;
export const ZONE_UTC = 'UTC';
export const ZONE_LOCAL = 'local';

const MAX_ZONE_NAME = 64;
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const MS_PER_HOUR = 3_600_000;
const MAX_CACHED_HOURS = 8192;

interface ZoneData {
  fmt: Intl.DateTimeFormat;
  /** Offset in ms of every instant of an hour, by the hour's number since the epoch (hours without a transition only). */
  hours: Map<number, number>;
}
const zones = new Map<string, ZoneData | null>();

function zoneData(id: string): ZoneData | null {
  let z = zones.get(id);
  if (z !== undefined) return z;
  try {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: id, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
    z = { fmt, hours: new Map() };
  } catch {
    z = null;
  }
  if (zones.size < 256) zones.set(id, z);
  return z;
}

/** Whether `name` is a zone choice we can show: 'UTC', 'local' or an IANA name Intl knows. */
export function isZoneChoice(name: unknown): name is ZoneChoice {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_ZONE_NAME) return false;
  if (name === ZONE_UTC || name === ZONE_LOCAL) return true;
  return ZONE_NAME.test(name) && zoneData(name) !== null;
}

/** The IANA name (or 'UTC') a choice stands for here; an unknown name is UTC. */
export function resolveZone(choice: ZoneChoice): string {
  if (choice === ZONE_LOCAL) {
    try {
      return new Intl.DateTimeFormat().resolvedOptions().timeZone || ZONE_UTC;
    } catch {
      return ZONE_UTC;
    }
  }
  return choice !== ZONE_UTC && isZoneChoice(choice) ? choice : ZONE_UTC;
}

const isUtc = (id: string) => id === ZONE_UTC || id === 'Etc/UTC' || id === 'Etc/GMT' || id === 'GMT' || id === 'UCT' || id === 'Etc/UCT';

/** The zone's offset from UTC at `utcMs`, in ms (New York in winter: -18 000 000). */
export function zoneOffsetMs(choice: ZoneChoice, utcMs: number): number {
  const id = resolveZone(choice);
  if (isUtc(id) || !Number.isFinite(utcMs)) return 0;
  const z = zoneData(id);
  if (!z) return 0;
  const hour = Math.floor(utcMs / MS_PER_HOUR);
  const cached = z.hours.get(hour);
  if (cached !== undefined) return cached;
  const start = offsetAt(z.fmt, hour * MS_PER_HOUR);
  const end = offsetAt(z.fmt, hour * MS_PER_HOUR + MS_PER_HOUR - 1000);
  // An hour with a transition in it (at most one) is computed per instant, never cached.
  if (start !== end) return offsetAt(z.fmt, utcMs);
  if (z.hours.size >= MAX_CACHED_HOURS) z.hours.clear();
  z.hours.set(hour, start);
  return start;
}

function offsetAt(fmt: Intl.DateTimeFormat, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(new Date(whole))) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') year = 1 - year;
  const wall = Date.UTC(year, Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  const wallFixed = year >= 0 && year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
  return wallFixed - whole;
}

/** A wall-clock time in the zone (its fields read as if UTC, in ms) → the UTC instant. In a DST gap the later offset wins; in an overlap the earlier instant. */
export function wallToUtcMs(choice: ZoneChoice, wallMs: number): number {
  const first = wallMs - zoneOffsetMs(choice, wallMs);
  const second = wallMs - zoneOffsetMs(choice, first);
  if (second === first) {
    // An overlap: the same wall time one offset change earlier is also valid; prefer it.
    const earlier = wallMs - zoneOffsetMs(choice, first - MS_PER_HOUR);
    return earlier < first && earlier + zoneOffsetMs(choice, earlier) === wallMs ? earlier : first;
  }
  return second + zoneOffsetMs(choice, second) === wallMs ? second : Math.max(first, second);
}

/** "+05:30", "-04:00", "Z" for UTC (ISO 8601). */
export function offsetSuffix(offsetMs: number): string {
  if (offsetMs === 0) return 'Z';
  const a = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** How the choice is named to the user: "UTC", "America/New_York", "local (Europe/Berlin)". */
export function zoneLabel(choice: ZoneChoice): string {
  if (choice === ZONE_LOCAL) return `local (${resolveZone(choice)})`;
  return resolveZone(choice);
}

/** Short name for column headers: "UTC", "UTC-05:00"-style offsets vary, so the zone's own name. */
export function zoneShortLabel(choice: ZoneChoice): string {
  return choice === ZONE_LOCAL ? 'local' : resolveZone(choice);
}

let display: ZoneChoice = ZONE_UTC;

/** The zone every view formats times in (the renderer sets it from the toolbar's choice). */
export function setDisplayZone(choice: ZoneChoice): void {
  display = isZoneChoice(choice) ? choice : ZONE_UTC;
}

export function displayZone(): ZoneChoice {
  return display;
}

/** A short list of zones for the picker (every name Intl knows when it can list them). */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  } catch {
    return [];
  }
}
