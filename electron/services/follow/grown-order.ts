/**
 * Orders kept across live-follow growth. Records already read never change (engine/follow appends
 * after them), so an order of the records before a growth is still an order of those records: only
 * the appended ones (a few thousand per growth) are sorted, and merged in. O(n) per growth instead
 * of the O(n log n) comparator sort of all records that each growth cost before; O(new) when they
 * all come after the last (extendOrdered), as a writer's records do.
 */

/** A strict total order (ties broken by record number): true when `a` comes before `b`. */
export type Before = (a: number, b: number) => boolean;

/**
 * `ordered` (in order by `before`) with `fresh` merged in; `fresh` is sorted in place first unless
 * it already is (a writer appends in time order, usually).
 */
export function mergeFresh<T extends Int32Array | Uint32Array>(ordered: T, fresh: T, before: Before): T {
  let sorted = true;
  for (let k = 1; k < fresh.length && sorted; k++) sorted = before(fresh[k - 1], fresh[k]);
  if (!sorted) fresh.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  const out = new (ordered.constructor as new (n: number) => T)(ordered.length + fresh.length);
  // Each new record's place is found by binary search and the ordered records before it are copied
  // as one block: O(new × log n) comparisons (most land at the end), not one per record.
  let i = 0;
  let o = 0;
  for (let j = 0; j < fresh.length; j++) {
    const x = fresh[j];
    let lo = i;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(x, ordered[mid])) hi = mid;
      else lo = mid + 1;
    }
    out.set(ordered.subarray(i, lo), o);
    o += lo - i;
    i = lo;
    out[o++] = x;
  }
  out.set(ordered.subarray(i), o);
  return out;
}

/** Records `from`…`to - 1` as a list of their numbers. */
export function range<T extends Int32Array | Uint32Array>(make: new (n: number) => T, from: number, to: number): T {
  const out = new make(Math.max(0, to - from));
  for (let k = 0; k < out.length; k++) out[k] = from + k;
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
