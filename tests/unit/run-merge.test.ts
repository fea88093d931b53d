import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeRuns } from '../../electron/services/run-merge';

describe('merging runs into time order', () => {
  // A few runs are merged by scanning their heads, many (over 16) through a heap: both are checked.
  it.each([5, 40])('gives the order a sort by (time, tick, index) gives, when each of %i runs is in order (property)', (runs) => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ run: fc.nat({ max: runs - 1 }), dt: fc.nat({ max: 3 }), tick: fc.nat({ max: 2 }) }), { maxLength: 200 }),
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: runs, maxLength: runs }),
        fc.boolean(),
        (recs, shift, withTick) => {
          // Each run's raw times climb (dt ≥ 0; ticks only rise within equal times), then each run moves by its shift.
          const last = new Map<number, { t: number; tick: number }>();
          const t: number[] = [];
          const tick: number[] = [];
          for (const r of recs) {
            const prev = last.get(r.run) ?? { t: 0, tick: 0 };
            const nt = prev.t + r.dt;
            const nk = r.dt === 0 ? Math.max(prev.tick, r.tick) : r.tick;
            last.set(r.run, { t: nt, tick: nk });
            t.push(nt + shift[r.run]);
            tick.push(nk);
          }
          const runOf = recs.map((r) => r.run);
          const got = mergeRuns(recs.length, runOf, runs, t, withTick ? tick : undefined);
          const want = recs.map((_, i) => i).sort((a, b) => t[a] - t[b] || (withTick ? tick[a] - tick[b] : 0) || a - b);
          expect(got && [...got]).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('says so when a run is out of order or holds a NaN time', () => {
    expect(mergeRuns(3, [0, 0, 1], 2, [2, 1, 0])).toBeNull();
    expect(mergeRuns(3, [0, 0, 1], 2, [1, NaN, 0])).toBeNull();
    expect([...mergeRuns(3, [0, 1, 0], 2, [1, 0, 2])!]).toEqual([1, 0, 2]);
  });
});
