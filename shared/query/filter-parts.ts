/** Facts about a filter value that the renderer needs too (no zod here: the renderer imports it). */
import { FILTER_LEVELS_COUNT } from './levels';
import type { TraceFilter } from '../channels/filter';

/** How many parts of a filter narrow it (the status bar's "3 filters"). */
export function filterPartCount(f: TraceFilter | undefined): number {
  if (!f) return 0;
  let n = 0;
  if (f.levels && f.levels.length < FILTER_LEVELS_COUNT) n++;
  if (f.sources?.length) n++;
  if (f.processes?.length) n++;
  if (f.hosts?.length) n++;
  if (f.fromUs !== undefined || f.toUs !== undefined) n++;
  if (f.text?.trim()) n++;
  n += f.custom?.length ?? 0;
  return n;
}
