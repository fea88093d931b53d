/**
 * The IIS set's views from its logs' tallies (tallies.ts) once a log in it has grown: the set's
 * time range and the timed 503s without a pass over every row (timeline.ts and views.ts ask here).
 */
import type { IisSet } from './iis-set';
import { timeSpan, timed503 } from './tallies';

/** Whether the set's views read tallies: some log in it was grown by a live follow. */
export const tallied = (set: IisSet): boolean => set.logs.some((l) => l.grown);

/** The set's first and last valid times (ms, null without any), and whether all are whole ms. */
export function tallySpan(set: IisSet): { range: { fromMs: number; toMs: number } | null; whole: boolean } {
  let lo = Infinity;
  let hi = -Infinity;
  let whole = true;
  set.ix.datas.forEach((d, f) => {
    const s = timeSpan(set.logs[f].lineage, set.shiftsMs[f], d);
    lo = Math.min(lo, s.lo);
    hi = Math.max(hi, s.hi);
    whole &&= s.whole;
  });
  return { range: lo <= hi ? { fromMs: lo, toMs: hi } : null, whole };
}

/** The set's timed 503 rows in index order (what bursts503 groups). */
export function tallyTimed503(set: IisSet): Uint32Array {
  const per = set.ix.datas.map((d, f) => timed503(set.logs[f].lineage, d));
  const out = new Uint32Array(per.reduce((n, a) => n + a.length, 0));
  let at = 0;
  per.forEach((a, f) => {
    const base = set.ix.bases[f];
    for (let k = 0; k < a.length; k++) out[at + k] = base + a[k];
    at += a.length;
  });
  return out;
}

/**
 * Whether the set's rows in index order are in time order as the sort makes it (ties by row): one
 * log, its rows in time order, times in whole ms (a log being written, the usual follow).
 */
export function inTimeOrder(set: IisSet): boolean {
  if (set.ix.datas.length !== 1) return false;
  const s = timeSpan(set.logs[0].lineage, set.shiftsMs[0], set.ix.datas[0]);
  return s.sorted && s.whole;
}
