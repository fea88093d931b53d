/**
 * IIS views of followed logs come from tallies extended by each growth's rows (services/iis-views/
 * tallies.ts) and request lists extended, not rebuilt: after every growth each view must answer
 * exactly what a fresh load of the same bytes answers — the timeline (whole range, padded as the
 * view asks, other widths, a zoom, a filter), Top URIs by count, errors and p95, the 503 bursts,
 * the request list in time order both ways (first and last pages, a filter), the overview — for two
 * logs growing out of time order with a clock offset on one server, a new #Fields block mid-way and
 * wide values (status 999, time-taken past 2^31, a 70 KiB URI) arriving in a later growth.
 */
import { appendFileSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { dispatch } from '../../electron/services/dispatch';
import { liveFollow } from '../../electron/services/follow/live-follow';
import { Session } from '../../electron/services/session';
import { until, useGrowingSession } from '../support/growing-session';
import { iisHeader, iisRow, orderEvents } from '../support/growing-logs';

const T0 = Date.UTC(2024, 2, 1, 10);

function client(session: Session) {
  return async <C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = (await dispatch(channel, payload, { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' }, log: () => undefined })) as Result<ResponseOf<C>>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
}

let seed = 11;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);

/** Rows k…k+n-1 of a log on `server`, `stepMs` apart from `t0`, with 503.2s in runs, 404s, and time-taken spread. */
function rows(k: number, n: number, server: string, t0: number, stepMs: number, wide = false): string {
  let out = '';
  for (let i = k; i < k + n; i++) {
    const r = rand();
    const burst = Math.floor(i / 40) % 3 === 0 && r < 0.4;
    out += iisRow({
      at: new Date(t0 + i * stepMs),
      server,
      status: wide && i === k + 1 ? 999 : burst ? 503 : r < 0.5 ? 404 : 200,
      substatus: burst ? 2 : 0,
      uri: wide && i === k + 2 ? `/big/${'x'.repeat(70 * 1024)}` : `/api/item/${Math.floor(rand() * 23)}`,
      timeTaken: wide && i === k + 3 ? 4_294_967_295 : Math.floor(rand() * rand() * 4000),
    });
  }
  return out;
}

const fixture = useGrowingSession('tl-grown-iis-');


/** Every view the IIS triage asks for, as a user would compare them (versions and file ids left out). */
async function views(call: ReturnType<typeof client>) {
  const o = await call('iis.overview', {});
  const full = { fromUs: o.fromUs!, toUs: o.toUs! };
  const pad = Math.max(1_000_000, (full.toUs - full.fromUs) * 0.02);
  const timelines = [];
  for (const q of [
    { maxBuckets: 300 },
    { fromUs: full.fromUs - pad, toUs: full.toUs + pad, maxBuckets: 287 },
    { fromUs: full.fromUs - pad, toUs: full.toUs + pad, maxBuckets: 12 },
    { fromUs: full.fromUs + 30_000_000, toUs: full.fromUs + 90_000_000, maxBuckets: 60 },
    // A window the log has grown past (the view asks with the range it knew), cut inside buckets.
    { fromUs: full.fromUs + 1_234_000, toUs: full.toUs - 7_300_000, maxBuckets: 97 },
    { fromUs: full.fromUs - pad, toUs: full.toUs - 7_300_000, maxBuckets: 1 },
    { fromUs: full.fromUs - pad, toUs: full.toUs + pad, maxBuckets: 287, filter: { status: 503 } },
    { maxBuckets: 300, slowMs: 1000 },
  ]) {
    const { version: _v, ...t } = await call('iis.timeline', q);
    timelines.push(t);
  }
  const top = [];
  for (const by of ['count', 'errors', 'p95'] as const) top.push((await call('iis.topUris', { by, limit: 50 })).rows);
  top.push((await call('iis.topUris', { by: 'count', limit: 50, filter: { status: 503 } })).rows);
  const { version: _b, ...bursts } = await call('iis.bursts', { limit: 500 });
  const pages = [];
  for (const q of [
    { sortBy: 'time' as const, descending: false },
    { sortBy: 'time' as const, descending: true },
    { sortBy: 'time' as const, descending: false, filter: { status: 503 } },
    { sortBy: 'timeTaken' as const, descending: true },
  ]) {
    const first = await call('iis.requests', { ...q, offset: 0, limit: 40 });
    const last = await call('iis.requests', { ...q, offset: Math.max(0, first.total - 40), limit: 40 });
    const strip = (p: typeof first) => ({ total: p.total, rows: p.rows.map(({ fileId: _f, ...r }) => r) });
    pages.push(strip(first), strip(last));
  }
  const { version: _o, ...overview } = o;
  return { overview, timelines, top, bursts, pages };
}

/** A fresh session of copies of `paths` (same names, same bytes), with the same clock override. */
async function freshViews(paths: string[], override: [string, number]) {
  const copy = join(fixture.dir, `fresh-${Math.floor(rand() * 1e9)}`);
  mkdirSync(copy);
  const s = new Session();
  const call = client(s);
  const copies = paths.map((p) => join(copy, basename(p)));
  paths.forEach((p, k) => copyFileSync(p, copies[k]));
  await call('files.open', { paths: copies });
  await s.whenIdle();
  await call('skew.setOverride', { computer: override[0], offsetMs: override[1] });
  return views(call);
}

describe('IIS views of followed logs equal a fresh load after each growth', () => {
  for (const [offsetMs, inOrder] of [
    [1500, true],
    [1500, false],
    [1234.5678, false],
] as const) {
    it(`two logs growing ${inOrder ? 'in' : 'out of'} time order, server clock offset ${offsetMs} ms`, async () => {
      const a = join(fixture.dir, 'u_ex240301.log');
      const b = join(fixture.dir, 'u_ex240301_b.log');
      writeFileSync(a, iisHeader(new Date(T0)) + rows(0, 300, 'WEB01', T0, 200));
      writeFileSync(b, iisHeader(new Date(T0)) + rows(0, 100, 'WEB02', T0 + 45_000, 700));
      // WEB02's traces: what gives its machine a clock to shift its log by.
      const traces = join(fixture.dir, 'web02.svclog');
      writeFileSync(traces, orderEvents({ name: 'Order 1', act: '00000001-1111-4222-a333-444455556666', t0Ms: T0, traces: 2, stop: true }).replaceAll('<Computer>WEB01<', '<Computer>WEB02<'));
      const call = client(fixture.session);
      await call('files.open', { paths: [a, b, traces] });
      await fixture.session.whenIdle();
      await call('skew.setOverride', { computer: 'WEB02', offsetMs });
      const first = await call('iis.requests', { filter: { server: 'WEB02' }, sortBy: 'time', offset: 0, limit: 1 });
      // The shift is applied (rows are written on whole seconds).
      expect(first.rows[0].timeUs! % 1_000_000).toBe(1_000_000 - (Math.round(offsetMs * 1000) % 1_000_000));
      liveFollow(fixture.session);
      await views(call); // the views of the loaded logs, asked before any growth
      let total = 400;
      let ka = 300;
      let kb = 100;
      for (let round = 1; round <= 5; round++) {
        const n = 150 + round * 40;
        // Round 3: a new header block (IIS restarted), and wide values; b grows in rounds 2 and 4.
        appendFileSync(a, (round === 3 ? iisHeader(new Date(T0 + ka * 200)) : '') + rows(ka, n, 'WEB01', T0, 200, round === 3));
        ka += n;
        total += n;
        if (round % 2 === 0) {
          appendFileSync(b, inOrder ? rows(kb, 60, 'WEB02', T0 + 45_000, 700) : rows(kb, 60, 'WEB02', T0 - 20_000, 900));
          kb += 60;
          total += 60;
        }
        await until(() => fixture.session.list().reduce((x, f) => x + (f.name.endsWith('.log') ? f.records : 0), 0) === total);
        const grown = await views(call);
        expect(grown.overview.requests).toBe(total);
        expect(grown).toEqual(await freshViews([a, b, traces], ['WEB02', offsetMs]));
      }
    }, 60_000);
  }

  it('one log growing in time order (bursts read in row order, lists appended in place)', async () => {
    const a = join(fixture.dir, 'u_ex240302.log');
    writeFileSync(a, iisHeader(new Date(T0)) + rows(0, 300, 'WEB01', T0, 150));
    const call = client(fixture.session);
    await call('files.open', { paths: [a] });
    await fixture.session.whenIdle();
    liveFollow(fixture.session);
    await views(call);
    let k = 300;
    for (let round = 1; round <= 4; round++) {
      appendFileSync(a, rows(k, 250, 'WEB01', T0, 150, round === 2));
      k += 250;
      await until(() => fixture.session.list()[0].records === k);
      const grown = await views(call);
      expect(grown.bursts.total).toBeGreaterThan(1);
      expect(grown).toEqual(await freshViews([a], ['WEB01', 0]));
    }
  }, 60_000);
});
