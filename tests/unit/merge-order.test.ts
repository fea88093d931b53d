import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMergedOrder } from '../../electron/services/merge-order';

const source = (times: number[]) => ({ recordCount: times.length, timeUs: (i: number) => times[i] });

describe('merged time order', () => {
  it('interleaves sorted files by time, earlier file first on ties', () => {
    const m = buildMergedOrder([source([1, 3, 5]), source([2, 3, 6])]);
    expect([...m.source]).toEqual([0, 1, 0, 1, 0, 1]);
    expect([...m.index]).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('sorts a file whose records are out of order (stable)', () => {
    const m = buildMergedOrder([source([5, 1, 1, 0])]);
    expect([...m.index]).toEqual([3, 1, 2, 0]);
  });

  it('gives the same order from a time column as from calls per record (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(NaN)), { maxLength: 40 }), { maxLength: 4 }), (files) => {
        const byCall = buildMergedOrder(files.map(source));
        const byColumn = buildMergedOrder(files.map((f) => ({ ...source(f), times: Float64Array.from(f) })));
        expect([...byColumn.source]).toEqual([...byCall.source]);
        expect([...byColumn.index]).toEqual([...byCall.index]);
      }),
    );
  });

  it('merges the runs of a source (records of one computer keep their order) as a sort would (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ run: fc.nat({ max: 3 }), dt: fc.nat({ max: 3 }) }), { maxLength: 60 }), fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 4, maxLength: 4 }), (recs, shift) => {
        const clock = [0, 0, 0, 0];
        const times = recs.map((r) => (clock[r.run] += r.dt) + shift[r.run]);
        const runOf = recs.map((r) => r.run);
        const merged = buildMergedOrder([{ ...source(times), times: Float64Array.from(times), runOf, runs: 4 }, source([3, 7])]);
        const sorted = buildMergedOrder([source(times), source([3, 7])]);
        expect([...merged.source]).toEqual([...sorted.source]);
        expect([...merged.index]).toEqual([...sorted.index]);
      }),
    );
  });

  it('is a time-sorted permutation of all records (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), { maxLength: 6 }), (files) => {
        const m = buildMergedOrder(files.map(source));
        const total = files.reduce((s, f) => s + f.length, 0);
        expect(m.length).toBe(total);
        const seen = new Set<string>();
        let prev = -Infinity;
        for (let i = 0; i < m.length; i++) {
          const t = files[m.source[i]][m.index[i]];
          expect(t).toBeGreaterThanOrEqual(prev);
          prev = t;
          seen.add(`${m.source[i]}:${m.index[i]}`);
        }
        expect(seen.size).toBe(total);
      }),
    );
  });
});
