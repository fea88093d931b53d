/**
 * Orders kept across live-follow growth. Records already read never change (engine/follow appends
 * after them), so an order of the records before a growth is still an order of those records: only
 * the appended ones (a few thousand per growth) are sorted, and merged in. O(n) per growth instead
 * of the O(n log n) comparator sort of all records that each growth cost before.
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
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < ordered.length && j < fresh.length) out[o++] = before(fresh[j], ordered[i]) ? fresh[j++] : ordered[i++];
  while (i < ordered.length) out[o++] = ordered[i++];
  while (j < fresh.length) out[o++] = fresh[j++];
  return out;
}

/** Records `from`…`to - 1` as a list of their numbers. */
export function range<T extends Int32Array | Uint32Array>(make: new (n: number) => T, from: number, to: number): T {
  const out = new make(Math.max(0, to - from));
  for (let k = 0; k < out.length; k++) out[k] = from + k;
  return out;
}
