/** Display helpers of the IIS view. */
import { formatTimeUs } from '../../../../shared/time';

/** "503.2", "200" (substatus 0 not shown), "" without status. */
export function statusLabel(status: number | null, substatus: number | null): string {
  if (status === null) return '';
  return substatus ? `${status}.${substatus}` : String(status);
}

/** Row class by status: errors red, client errors yellow. */
export function statusClass(status: number | null): string {
  if (status === null) return '';
  if (status === 503) return 'st-503';
  if (status >= 500) return 'st-5xx';
  if (status >= 400) return 'st-4xx';
  return '';
}

/** "01:51:10", with milliseconds only when the time has them (W3C logs have whole seconds). */
export const timeOfDay = (us: number | null): string => (us === null ? '' : formatTimeUs(us).slice(11, us % 1_000_000 ? 23 : 19));
/** "2026-06-30 00:31:48": the date with its year and the time, since a triage spans days' (or years') logs. */
export const dayTime = (us: number | null): string => (us === null ? '' : formatTimeUs(us).slice(0, us % 1_000_000 ? 23 : 19));
export const fullTime = (us: number | null): string => (us === null ? '(no valid time)' : formatTimeUs(us));
/** One formatter for every cell: `toLocaleString` builds a new one per call (the slowest part of a table update). */
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
export const ms = (v: number | null): string => (v === null ? '' : GROUPED.format(v));
