/**
 * The IIS triage channels through the dispatcher: on the bundled samples (always present), on the
 * corpus (FREB, HTTPERR, a real day of IIS) and on a generated log with 503.2 bursts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { IIS_SERIES } from '../../shared/channels/iis';
import { dispatch } from '../../electron/services/dispatch';
import { Session } from '../../electron/services/session';
import { BENCH_GEN_DIR, corpusFile, describeBenchGen, describeCorpus } from '../support/corpus';

const SAMPLES = resolve(__dirname, '../../assets/samples');
const IIS = join(SAMPLES, 'app01_u_ex261120.log');
const SVCLOGS = [join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog')];

async function open(paths: string[]) {
  const session = new Session();
  const raw = (channel: string, payload: unknown) => dispatch(channel, payload, { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' }, log: () => undefined });
  const call = async <C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = (await raw(channel, payload)) as Result<ResponseOf<C>>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  await call('files.open', { paths });
  await session.whenIdle();
  return { session, call, raw };
}

const sum = (a: readonly number[]) => a.reduce((n, x) => n + x, 0);
const S = (t: string) => Date.parse(`${t}Z`) * 1000;

describe('IIS views on the samples', () => {
  let c: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    c = await open([IIS, ...SVCLOGS]);
  });

  it('overview: requests, range and servers', async () => {
    const o = await c.call('iis.overview', {});
    expect(o.requests).toBe(364);
    expect(o.httperr).toBe(0);
    expect(o.servers).toContain('APP01');
    expect(o.fromUs).toBe(S('2026-11-20T01:50:00'));
  });

  it('timeline: every request in one bucket series, 503.x apart, widths from the range', async () => {
    const t = await c.call('iis.timeline', { maxBuckets: 100 });
    expect(IIS_SERIES.every((s) => t.series[s].length === t.slow.length)).toBe(true);
    expect(sum(IIS_SERIES.map((s) => sum(t.series[s])))).toBe(364);
    expect(sum(t.series['503'])).toBe(64);
    expect(t.widthUs).toBeGreaterThanOrEqual(1_000_000);
    const zoomed = await c.call('iis.timeline', { fromUs: S('2026-11-20T01:51:00'), toUs: S('2026-11-20T01:52:00'), maxBuckets: 60 });
    expect(zoomed.widthUs).toBe(1_000_000);
    expect(zoomed.startUs).toBe(S('2026-11-20T01:51:00'));
    expect(sum(zoomed.series['503'])).toBe(64);
    const only503 = await c.call('iis.timeline', { maxBuckets: 100, filter: { status: 503 } });
    expect(sum(only503.series['2xx'])).toBe(0);
  });

  it('503 bursts: one burst of 503.2 on APP01 at 01:51:10–01:51:38', async () => {
    const b = await c.call('iis.bursts', { limit: 100 });
    expect(b.total).toBe(1);
    expect(b.rows[0]).toMatchObject({ startUs: S('2026-11-20T01:51:10'), endUs: S('2026-11-20T01:51:38'), count: 64, substatus: { '2': 64 }, servers: ['APP01'] });
  });

  it('request pages: every field, sorted, filtered by status, substatus, URI, client, server, time-taken and time', async () => {
    const all = await c.call('iis.requests', { offset: 0, limit: 10 });
    expect(all.total).toBe(364);
    expect(all.rows[0]).toMatchObject({ server: 'APP01', site: 'W3SVC1', sIp: '10.1.0.30', port: 8080, method: 'GET', stem: '/health', client: '10.1.3.115', status: 200, substatus: 0, scBytes: 4319, csBytes: 410, timeTaken: 42, file: 'app01_u_ex261120.log' });
    const slow = await c.call('iis.requests', { sortBy: 'timeTaken', descending: true, offset: 0, limit: 1000 });
    const tt = slow.rows.map((r) => r.timeTaken ?? -1);
    expect(tt).toEqual([...tt].sort((a, b) => b - a));
    expect((await c.call('iis.requests', { filter: { status: 503 }, offset: 0, limit: 1 })).total).toBe(64);
    expect((await c.call('iis.requests', { filter: { status: 503, substatus: 2 }, offset: 0, limit: 1 })).total).toBe(64);
    expect((await c.call('iis.requests', { filter: { status: 503, substatus: 3 }, offset: 0, limit: 1 })).total).toBe(0);
    const svc = await c.call('iis.requests', { filter: { uri: 'orderservice' }, offset: 0, limit: 1000 });
    expect(svc.total).toBeGreaterThan(0);
    expect(svc.rows.every((r) => r.stem === '/OrderService.svc')).toBe(true);
    expect((await c.call('iis.requests', { filter: { stem: '/OrderService.svc' }, offset: 0, limit: 1 })).total).toBe(svc.total);
    expect((await c.call('iis.requests', { filter: { stem: '/orderservice.svc' }, offset: 0, limit: 1 })).total).toBe(0);
    const client = await c.call('iis.requests', { filter: { client: '10.1.0.21' }, offset: 0, limit: 1000 });
    expect(client.total).toBeGreaterThan(0);
    expect(client.rows.every((r) => r.client === '10.1.0.21')).toBe(true);
    expect((await c.call('iis.requests', { filter: { server: 'APP01' }, offset: 0, limit: 1 })).total).toBe(364);
    expect((await c.call('iis.requests', { filter: { server: 'WEB09' }, offset: 0, limit: 1 })).total).toBe(0);
    const tt1000 = await c.call('iis.requests', { filter: { minTimeTaken: 1000 }, offset: 0, limit: 1000 });
    expect(tt1000.rows.every((r) => (r.timeTaken ?? 0) >= 1000)).toBe(true);
    const win = await c.call('iis.requests', { filter: { fromUs: S('2026-11-20T01:51:10'), toUs: S('2026-11-20T01:51:39') }, offset: 0, limit: 1000 });
    expect(win.rows.every((r) => r.timeUs! >= S('2026-11-20T01:51:10') && r.timeUs! < S('2026-11-20T01:51:39'))).toBe(true);
    expect(win.rows.filter((r) => r.status === 503)).toHaveLength(64);
  });

  it('top URIs with count, errors and percentiles', async () => {
    const top = await c.call('iis.topUris', { limit: 10 });
    expect(sum(top.rows.map((r) => r.count))).toBe(364);
    const svc = top.rows.find((r) => r.stem === '/OrderService.svc')!;
    expect(svc.errors).toBeGreaterThanOrEqual(64);
    expect(svc.p50! <= svc.p95! && svc.p95! <= svc.p99!).toBe(true);
    // The client filter narrows the top URIs too: 10.1.0.21 (the WCF client) only calls the service.
    const byClient = await c.call('iis.topUris', { limit: 10, filter: { client: '10.1.0.21' } });
    const requests = await c.call('iis.requests', { filter: { client: '10.1.0.21' }, offset: 0, limit: 1 });
    expect(byClient.rows.map((r) => r.stem)).toEqual(['/OrderService.svc']);
    expect(byClient.rows[0].count).toBe(requests.total);
  });

  it('a request in the burst: its line, and the WCF activities of APP01 that served it with a reason', async () => {
    const rows = (await c.call('iis.requests', { filter: { uri: '/OrderService.svc', status: 200 }, sortBy: 'time', offset: 0, limit: 1000 })).rows;
    let linked = 0;
    for (const r of rows.slice(0, 40)) {
      const d = await c.call('iis.request', { fileId: r.fileId, row: r.row });
      expect(d.fields.some((f) => f.name === 'cs-uri-stem' && f.value === '/OrderService.svc')).toBe(true);
      expect(d.candidatesConsidered).toBeGreaterThan(0);
      for (const a of d.candidates) {
        expect(a.computer).toBe('APP01');
        expect(a.reason).toMatch(/same machine .*To header .*OrderService\.svc/);
        expect(a.first).not.toBeNull();
        linked++;
      }
    }
    expect(linked).toBeGreaterThan(0);
  });

  it('bounds every request', async () => {
    expect((await c.raw('iis.requests', { offset: 0, limit: 5000 })).ok).toBe(false);
    expect((await c.raw('iis.timeline', { maxBuckets: 100_000 })).ok).toBe(false);
    // A URI longer than any HTTP.sys accepts (shared/limits.ts); a legal long one is fine.
    expect((await c.raw('iis.requests', { offset: 0, limit: 10, filter: { uri: 'x'.repeat(70_000) } })).ok).toBe(false);
    expect((await c.raw('iis.requests', { offset: 0, limit: 10, filter: { uri: 'x'.repeat(4000) } })).ok).toBe(true);
    expect((await c.raw('iis.requests', { offset: 0, limit: 10, filter: { bogus: 1 } })).ok).toBe(false);
    expect((await c.raw('iis.request', { fileId: 'nope', row: 0 })).ok).toBe(false);
  });
});

describeCorpus('IIS views on the corpus', () => {
  it('a FREB file: url, status, failure reason, events and slowest steps', async () => {
    const c = await open([corpusFile('freb', 'alulab__fr000001.xml')]);
    const o = await c.call('iis.overview', {});
    expect(o.frebs).toHaveLength(1);
    const v = await c.call('iis.freb', { fileId: o.frebs[0].fileId });
    expect(v.url).toMatch(/^https?:\/\//);
    expect(v.status).toMatch(/^\d{3}/);
    expect(v.totalEvents).toBeGreaterThan(0);
    expect(v.events.length).toBe(Math.min(2000, v.totalEvents));
    expect(v.events[0].provider).not.toBe('');
    expect(v.slowest.length).toBeGreaterThan(0);
    expect(v.slowest.map((s) => s.durationUs)).toEqual([...v.slowest.map((s) => s.durationUs)].sort((a, b) => b - a));
    const t = await c.call('iis.timeline', { maxBuckets: 10, fromUs: v.events[0].timeUs! - 10_000_000, toUs: v.events[0].timeUs! + 10_000_000 });
    expect(t.frebs.map((f) => f.fileId)).toEqual([o.frebs[0].fileId]);
  });

  it('HTTPERR entries are their own series', async () => {
    const c = await open([corpusFile('httperr', 'learnpy__httperr1.log')]);
    const o = await c.call('iis.overview', {});
    expect(o.httperr).toBe(1018);
    const t = await c.call('iis.timeline', { maxBuckets: 500 });
    expect(sum(t.series.httperr)).toBe(1018);
    expect(sum(t.series['2xx']) + sum(t.series['503'])).toBe(0);
  });

  it('mrpinkzh: 10,485 requests, top URIs and bursts agree with the table', async () => {
    const c = await open([corpusFile('iis', 'mrpinkzh__IISLog.log')]);
    const t = await c.call('iis.timeline', { maxBuckets: 300 });
    expect(sum(IIS_SERIES.map((s) => sum(t.series[s])))).toBe(10_485);
    const b = await c.call('iis.bursts', { limit: 1000 });
    const n503 = (await c.call('iis.requests', { filter: { status: 503 }, offset: 0, limit: 1 })).total;
    expect(sum(b.rows.map((x) => x.count))).toBe(n503);
  });
});

describeBenchGen('IIS views on a generated log', () => {
  it('503 bursts and the 503 series match the generator manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-iis-gen-'));
    const out = join(dir, 'gen.log');
    execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-iislog.mjs'), out, '2M']);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { lines: number; byStatus: Record<string, number>; s503_2: number };
    const c = await open([out]);
    const t = await c.call('iis.timeline', { maxBuckets: 500 });
    expect(sum(IIS_SERIES.map((s) => sum(t.series[s])))).toBe(manifest.lines);
    expect(sum(t.series['503'])).toBe(manifest.byStatus['503']);
    expect(manifest.s503_2).toBe(manifest.byStatus['503']);
    const b = await c.call('iis.bursts', { limit: 1000 });
    expect(b.total).toBeGreaterThan(0);
    expect(sum(b.rows.map((x) => x.count))).toBe(manifest.byStatus['503']);
    expect(b.rows.every((x) => x.substatus['2'] === x.count)).toBe(true);
  }, 60_000);
});
