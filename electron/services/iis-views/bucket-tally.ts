/**
 * Timeline buckets of a grown log, kept across growth (tallies.ts): requests per bucket of one
 * width by series slot, and slow requests per bucket, counted on buckets numbered from the epoch
 * (bucket k holds times in [k·width, (k+1)·width)). Any query whose buckets are that width and start
 * at a multiple of it, as the timeline's do, reads its buckets off these without a pass over the
 * rows. Exact for times in whole ms (integer arithmetic; timeSpan tells).
 */
import type { IisIndex } from '../../engine/iis';
import { tally } from './tallies';

type Data = IisIndex['datas'][number];

export class BucketTally {
  /** Bucket number of slot 0. */
  private k0 = 0;
  private len = 0;
  private counts = new Uint32Array(0);
  private slowCounts = new Uint32Array(0);

  constructor(
    readonly width: number,
    /** Series slots per bucket. */
    private readonly slots: number,
  ) {}

  /** Makes bucket k countable: the buckets grow by doubling towards the side k is on. */
  private reach(k: number): void {
    if (this.len === 0) {
      this.k0 = k;
      this.grow(k, 64);
      return;
    }
    if (k >= this.k0 && k < this.k0 + this.len) return;
    const lo = Math.min(this.k0, k);
    const hi = Math.max(this.k0 + this.len, k + 1);
    const size = Math.max(hi - lo, this.len * 2);
    // New room goes on the side k is on (a writer appends later times, so mostly to the right).
    this.grow(k < this.k0 ? hi - size : lo, size);
  }

  private grow(newK0: number, size: number): void {
    const S = this.slots;
    const counts = new Uint32Array(size * S);
    const slow = new Uint32Array(size);
    const at = this.k0 - newK0;
    counts.set(this.counts, at * S);
    slow.set(this.slowCounts, at);
    this.counts = counts;
    this.slowCounts = slow;
    this.k0 = newK0;
    this.len = size;
  }

  add(v: number, slot: number, slow: boolean): void {
    const k = Math.floor(v / this.width);
    this.reach(k);
    const b = k - this.k0;
    this.counts[b * this.slots + slot]++;
    if (slow) this.slowCounts[b]++;
  }

  /** Adds buckets [k, k + n) into `counts` (slots per bucket) and `slow` from bucket `at` on. */
  readInto(k: number, n: number, counts: Uint32Array, slow: Uint32Array, at = 0): void {
    const S = this.slots;
    const from = Math.max(k, this.k0);
    const to = Math.min(k + n, this.k0 + this.len);
    for (let kk = from; kk < to; kk++) {
      const src = (kk - this.k0) * S;
      const b = at + kk - k;
      for (let s = 0; s < S; s++) counts[b * S + s] += this.counts[src + s];
      slow[b] += this.slowCounts[kk - this.k0];
    }
  }
}

/**
 * The buckets of a log's rows at `width`, tallied for its lineage; `slotOf(i)` is row i's series
 * slot, `isSlow(i)` whether it is slow. Rows without a valid time are not counted.
 */
export function bucketTally(lineage: object, key: string, data: Data, width: number, slots: number, slotOf: (d: Data, i: number) => number, isSlow: (d: Data, i: number) => boolean): BucketTally {
  return tally(
    lineage,
    `buckets|${key}|${width}`,
    data,
    () => new BucketTally(width, slots),
    (b, d, from, to) => {
      const t = d.timeMs;
      for (let i = from; i < to; i++) {
        const v = t.at(i);
        if (v === v) b.add(v, slotOf(d, i), isSlow(d, i));
      }
    },
  );
}
