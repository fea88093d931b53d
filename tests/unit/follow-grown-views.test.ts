/**
 * Views of followed files are extended, not rebuilt: after each growth the STV view index (its
 * per-event columns, time order, ranks and activity spans) and the All records order must be
 * exactly what a build from scratch of the same files gives — for two files growing out of time
 * order, with a clock offset on one computer and new computers appearing mid-way.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { svclogFiles } from '../../electron/engine/svclog';
import { clockService } from '../../electron/services/clock/service';
import { extendOrdered, mergeFresh, range } from '../../electron/services/follow/grown-order';
import { liveFollow } from '../../electron/services/follow/live-follow';
import { buildMergedOrder } from '../../electron/services/merge-order';
import { shiftedSource } from '../../electron/services/clock/record-times';
import { until, useGrowingSession } from '../support/growing-session';
import { svclogViews } from '../../electron/services/svclog-views/views';
import { ViewIndex } from '../../electron/services/svclog-views/view-index';
import { orderEvents } from '../support/growing-logs';

const T0 = Date.UTC(2024, 2, 1, 10);
const GUID = (n: number) => `${String(n).padStart(8, '0')}-1111-4222-a333-444455556666`;
/** Activities k…k+n-1, interleaved in time (each spans 50 ms, they start 7 ms apart, some before earlier ones), on `host`. */
const batch = (k: number, n: number, host: string) =>
  Array.from({ length: n }, (_, j) => orderEvents({ name: `Order ${k + j}`, act: GUID(k + j), t0Ms: T0 + ((k + j) * 7919) % 5000, traces: 3, stop: true }).replaceAll('<Computer>WEB01<', `<Computer>${host}<`)).join('');

const fixture = useGrowingSession('tl-grown-views-');


/** The grown view against one built from scratch, column by column (names, not dictionary ids). */
function expectSameView(grown: ViewIndex, offsets: ReadonlyMap<string, number>): void {
  const fresh = new ViewIndex(grown.files, 0);
  fresh.applyOffsets(offsets);
  expect(grown.total).toBe(fresh.total);
  expect([...grown.order]).toEqual([...fresh.order]);
  expect([...grown.rank]).toEqual([...fresh.rank]);
  expect([...grown.timeUs]).toEqual([...fresh.timeUs]);
  expect([...grown.levelClass]).toEqual([...fresh.levelClass]);
  for (const k of ['firstUs', 'lastUs', 'firstTick', 'lastTick'] as const) expect([...grown.activityTimes[k]]).toEqual([...fresh.activityTimes[k]]);
  for (const d of ['hosts', 'processes', 'sources'] as const) {
    const names = (v: ViewIndex) => Array.from(v[d].of, (id) => v[d].names[id]);
    expect(names(grown)).toEqual(names(fresh));
  }
}

describe('views of followed files are extended, as a rebuild would make them', () => {
  it('STV view index and All records order after each growth of two out-of-order files', async () => {
    const a = join(fixture.dir, 'web.svclog');
    const b = join(fixture.dir, 'app.svclog');
    writeFileSync(a, batch(0, 20, 'WEB01'));
    writeFileSync(b, batch(1000, 20, 'APP01'));
    fixture.session.open([{ path: a }, { path: b }]);
    await fixture.session.whenIdle();
    clockService(fixture.session).state.setOverride('APP01', 1234.567);
    liveFollow(fixture.session);
    const views = svclogViews(fixture.session);
    let first = views.view();
    expect(first.total).toBe(200);
    let total = 200;
    for (let round = 1; round <= 4; round++) {
      appendFileSync(a, batch(round * 100, 10, round === 3 ? 'WEB02' : 'WEB01'));
      if (round % 2 === 0) appendFileSync(b, batch(1000 + round * 100, 10, 'APP01'));
      total += round % 2 === 0 ? 100 : 50;
      await until(() => fixture.session.list().reduce((n, f) => n + f.records, 0) === total);
      const view = views.view();
      expect(view).not.toBe(first);
      expect(view.total).toBe(total);
      expect(view.extended).toBe(true);
      expectSameView(view, clockService(fixture.session).offsetsUs(view.index));
      first = view;
      // All records: the kept per-file orders extended, then merged.
      const { files, merged, offsets } = fixture.session.recordOrder();
      const fresh = buildMergedOrder(files.map((f) => shiftedSource(f, offsets)));
      expect([...merged.source]).toEqual([...fresh.source]);
      expect([...merged.index]).toEqual([...fresh.index]);
    }
    expect(svclogFiles(fixture.session.visible().map((v) => v.file))).toHaveLength(2);
  }, 60_000);
});

describe('mergeFresh', () => {
  it('equals a sort of all records by (time, number), for new records in order, out of order, before and among the old', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let round = 0; round < 200; round++) {
      const m = Math.floor(rand() * 60);
      const n = m + Math.floor(rand() * 40);
      const spread = rand() < 0.3 ? 5 : 1000; // few distinct times: ties broken by number
      const t = Array.from({ length: n }, () => Math.floor(rand() * spread));
      const before = (a: number, b: number) => t[a] < t[b] || (t[a] === t[b] && a < b);
      const all = range(Int32Array, 0, n).sort((a, b) => t[a] - t[b] || a - b);
      const old = range(Int32Array, 0, m).sort((a, b) => t[a] - t[b] || a - b);
      expect([...mergeFresh(old, range(Int32Array, m, n), before)]).toEqual([...all]);
    }
  });
});

describe('extendOrdered', () => {
  const before = (a: number, b: number) => a < b;
  it('appends in place in spare room; a list handed out before keeps what it held, and a second extension of it gets its own room', () => {
    let list: Uint32Array = range(Uint32Array, 0, 10);
    const handed: Uint32Array[] = [];
    for (let k = 1; k <= 20; k++) {
      handed.push(list);
      list = extendOrdered(list, range(Uint32Array, 10 * k, 10 * k + 10), before);
    }
    expect([...list]).toEqual([...range(Uint32Array, 0, 210)]);
    // Doubling: most extensions wrote into the same array.
    expect(new Set(handed.map((h) => h.buffer)).size).toBeLessThan(8);
    handed.forEach((h, k) => expect([...h]).toEqual([...range(Uint32Array, 0, 10 * k + 10)]));
    // The same earlier list extended again (another order kept from it): it must not write over the first extension.
    const other = extendOrdered(handed[5], Uint32Array.of(1000, 1001), before);
    expect([...other]).toEqual([...range(Uint32Array, 0, 60), 1000, 1001]);
    expect([...list]).toEqual([...range(Uint32Array, 0, 210)]);
  });

  it('merges when new records belong among the old', () => {
    expect([...extendOrdered(Uint32Array.of(1, 5, 9), Uint32Array.of(7, 2), before)]).toEqual([1, 2, 5, 7, 9]);
  });
});
