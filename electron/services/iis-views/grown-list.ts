/**
 * The request table's lists (filtered rows, and those in time order) of a grown IIS set, made from
 * the previous set's lists and the new rows only: a growth appends rows to its logs (tallies.ts
 * says why those before stay as they were), so the old list, renumbered where an earlier log's
 * rows pushed a later log's, is still the list of the old rows, and the new rows that pass the
 * filter are merged in (extendOrdered: in place when they all come after the last, the usual case).
 */
import type { Before } from '../follow/grown-order';
import type { IisSet } from './iis-set';

/**
 * When `next` is `prev` grown (the same logs in the same order, each the same or grown from it,
 * with the same clock shifts): each log's row count in `prev`. Else null.
 */
export function grownFrom(prev: IisSet, next: IisSet): number[] | null {
  if (prev.logs.length !== next.logs.length || prev.frebs.length !== next.frebs.length) return null;
  const from: number[] = [];
  for (let f = 0; f < next.logs.length; f++) {
    const a = prev.logs[f];
    const b = next.logs[f];
    const same = a === b || (b.grown && b.lineage === a.lineage && b.fileId === a.fileId && b.recordCount >= a.recordCount);
    if (!same || prev.shiftsMs[f] !== next.shiftsMs[f]) return null;
    from.push(a.recordCount);
  }
  return from;
}

/** `list` (rows of `prev`) numbered as rows of `next`. */
export function renumbered(list: Uint32Array, prev: IisSet, next: IisSet): Uint32Array {
  const was = prev.ix.bases;
  const now = next.ix.bases;
  if (was.every((b, f) => b === now[f])) return list;
  const out = new Uint32Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const g = list[k];
    const f = prev.ix.fileOf(g);
    out[k] = g - was[f] + now[f];
  }
  return out;
}

/** Row order by number (file order). */
export const byRow: Before = (a, b) => a < b;

/**
 * Row order by time as the request table sorts it (sortRows: rows without a time last ascending,
 * first descending; ties by row number). Same order only for times in whole ms (the sort compares
 * whole ms): the caller checks.
 */
export function byTime(set: IisSet, descending: boolean): Before {
  const { bases, datas } = set.ix;
  const time = (g: number) => {
    const f = set.ix.fileOf(g);
    const v = datas[f].timeMs.at(g - bases[f]);
    return v === v ? v : Infinity;
  };
  return descending ? (a, b) => {
    const x = time(a);
    const y = time(b);
    return x > y || (x === y && a < b);
  } : (a, b) => {
    const x = time(a);
    const y = time(b);
    return x < y || (x === y && a < b);
  };
}
