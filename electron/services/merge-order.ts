/**
 * One time order over the records of several files, kept as two typed arrays (file slot, record
 * index) so a million rows cost 8 MB, not a million objects. Files whose records are already in
 * time order (the usual case) are merged in O(n log k); others are sorted first.
 */
import { extendOrdered, range } from './follow/grown-order';
import { mergeRuns } from './run-merge';

export interface TimedSource {
  readonly recordCount: number;
  timeUs(i: number): number;
  /** The same times as an array, when the source has them so (read instead of a call per record). */
  readonly times?: Float64Array;
  /** With `times`: records of one run keep their order (see run-merge.ts); `runOf[i]` < `runs`. */
  readonly runOf?: ArrayLike<number>;
  readonly runs?: number;
}

export interface MergedOrder {
  readonly length: number;
  /** Slot of the source (index into the array given to buildMergedOrder). */
  readonly source: Uint16Array;
  readonly index: Uint32Array;
}

/** The source's record numbers in time order (stable: equal times keep file order). */
export function sortedIndices(src: TimedSource): Uint32Array {
  const n = src.recordCount;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (isSorted(src)) return idx;
  const times = src.times ?? Float64Array.from({ length: n }, (_, i) => src.timeUs(i));
  const merged = src.runOf && src.runs !== undefined ? mergeRuns(n, src.runOf, src.runs, times) : null;
  if (merged) return new Uint32Array(merged.buffer);
  // Stable: equal times keep file order (Array.prototype.sort on typed arrays is stable).
  return idx.sort((a, b) => times[a] - times[b] || a - b);
}

/**
 * `sortedIndices` of a source that grew (live follow) from the records `prev` orders, whose times
 * did not change: only the new records are sorted and merged in. Null when a new time is NaN
 * (the whole source is sorted then, as before).
 */
export function grownIndices(src: TimedSource, prev: Uint32Array): Uint32Array | null {
  const n = src.recordCount;
  if (prev.length > n) return null;
  // Read through the source: the merge compares only the new records and a few old ones.
  const t = src.times;
  const time = t ? (i: number) => t[i] : (i: number) => src.timeUs(i);
  for (let i = prev.length; i < n; i++) if (Number.isNaN(time(i))) return null;
  // Appended in place when the new records come after the last (a writer appends in time order).
  return extendOrdered(prev, range(Uint32Array, prev.length, n), (a, b) => {
    const ta = time(a);
    const tb = time(b);
    return ta < tb || (ta === tb && a < b);
  });
}

function isSorted(src: TimedSource): boolean {
  const t = src.times;
  if (t) {
    for (let i = 1; i < src.recordCount; i++) if (t[i] < t[i - 1]) return false;
    return true;
  }
  let prev = -Infinity;
  for (let i = 0; i < src.recordCount; i++) {
    const x = src.timeUs(i);
    if (x < prev) return false;
    prev = x;
  }
  return true;
}

/** `lists`: each source's sortedIndices, when the caller has them (grownIndices). */
export function buildMergedOrder(sources: readonly TimedSource[], lists: readonly Uint32Array[] = sources.map((s) => sortedIndices(s))): MergedOrder {
  // One file (a common case, and a million records): its own order is the merged one.
  if (lists.length === 1) return { length: lists[0].length, source: new Uint16Array(lists[0].length), index: lists[0] };
  const total = lists.reduce((s, l) => s + l.length, 0);
  const source = new Uint16Array(total);
  const index = new Uint32Array(total);
  const pos = new Uint32Array(lists.length);
  // A binary heap of source slots keyed by the time of each source's next record.
  const heap: number[] = [];
  const key = (s: number) => sources[s].timeUs(lists[s][pos[s]]);
  const less = (a: number, b: number) => key(a) < key(b) || (key(a) === key(b) && a < b);
  const push = (s: number) => {
    heap.push(s);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const popTop = () => {
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  lists.forEach((l, s) => l.length > 0 && push(s));
  for (let out = 0; out < total; out++) {
    const s = heap[0];
    source[out] = s;
    index[out] = lists[s][pos[s]];
    pos[s]++;
    if (pos[s] < lists[s].length) {
      // The top's key grew: sift it down by re-inserting.
      popTop();
      push(s);
    } else popTop();
  }
  return { length: total, source, index };
}
