/** Small display helpers shared by the views. */
import type { DetailField, RecordLevel } from '../../shared/model';
import { formatTimeUs } from '../../shared/time';
import { displayZone, resolveZone, zoneShortLabel } from '../../shared/time-zone';

export { formatBytes } from '../../shared/format';

/** A detail field's label: a time's "(UTC)" goes, as it is shown in the display zone. */
export const fieldName = (f: DetailField): string => (f.timeUs === undefined ? f.name : f.name.replace(/\s*\(UTC\)$/, ''));

/** A detail field's text: a time in the display zone, named ("… America/New_York"). */
export function fieldValue(f: DetailField): string {
  if (f.timeUs === undefined) return f.value;
  return `${formatTimeUs(f.timeUs, { tick: f.tick })} ${resolveZone(displayZone())}${f.timeNote ? ` ${f.timeNote}` : ''}`;
}

/** A time column's header, naming the display zone: "Time (UTC)", "Time (local)", "Time (Asia/Tokyo)". */
export const timeHeader = (): string => `Time (${zoneShortLabel(displayZone())})`;

// One formatter for every count: toLocaleString builds a new one per call (it was most of a graph header render).
const COUNT = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => COUNT.format(n);

/** Level icons are drawn by components/LevelIcon.tsx (SVG): font glyphs were missing on Linux. */
export const LEVEL_LABEL: Record<RecordLevel, string> = {
  critical: 'Critical',
  error: 'Error',
  warning: 'Warning',
  info: 'Information',
  verbose: 'Verbose',
};
