/**
 * The request table's lists (filtered rows, and those in time order) of a grown IIS set, made from
 * the previous set's lists and the new rows only: a growth appends rows to its logs (tallies.ts
 * says why those before stay as they were), so the old list, renumbered where an earlier log's
 * rows pushed a later log's, is still the list of the old rows, and the new rows that pass the
 * filter are merged in. Most growths append after the last row of the list, which is done in
 * place in spare room (capacity doubling), so such a growth costs its own rows, not the list's.
 */
import { mergeFresh, type Before } from '../follow/grown-order';
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

/** Per buffer: how much of it a list uses (a list extends in place only if it ends there). */
const used = new WeakMap<ArrayBufferLike, number>();

/**
 * `ordered` with `fresh` merged in by `before` (a strict total order). When every fresh row comes
 * after the last ordered one, they are appended, in place when `ordered` ends where its buffer's
 * used part does and there is room: the lists handed out before keep what they held.
 */
export function extendOrdered(ordered: Uint32Array, fresh: Uint32Array, before: Before): Uint32Array {
  if (fresh.length === 0) return ordered;
  let sorted = true;
  for (let k = 1; k < fresh.length && sorted; k++) sorted = before(fresh[k - 1], fresh[k]);
  if (!sorted || (ordered.length > 0 && !before(ordered[ordered.length - 1], fresh[0]))) return mergeFresh(ordered, fresh, before);
  const n = ordered.length;
  const end = ordered.byteOffset / 4 + n;
  const buf = ordered.buffer;
  let out: Uint32Array;
  if ((used.get(buf) ?? -1) === end && end + fresh.length <= buf.byteLength / 4) out = new Uint32Array(buf, ordered.byteOffset, n + fresh.length);
  else {
    const room = new Uint32Array(Math.max(64, 2 * (n + fresh.length)));
    room.set(ordered);
    out = room.subarray(0, n + fresh.length);
  }
  out.set(fresh, n);
  used.set(out.buffer, out.byteOffset / 4 + out.length);
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
    const v = datas[f].timeMs[g - bases[f]];
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
