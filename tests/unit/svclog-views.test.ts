/**
 * The STV view channels through the dispatcher: on the bundled samples (WEB01 + APP01, always
 * present) and on the bookstore corpus trace (counts from ../shared/corpus/MANIFEST.md).
 */
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { dispatch } from '../../electron/services/dispatch';
import { Session } from '../../electron/services/session';
import { corpusFile, describeCorpus } from '../support/corpus';

const SAMPLES = resolve(__dirname, '../../assets/samples');

function client(paths: string[]) {
  const session = new Session();
  session.open(paths.map((path) => ({ path })));
  const call = async <C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = (await dispatch(channel, req, { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' }, log: () => undefined })) as Result<ResponseOf<C>>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const raw = (channel: string, req: unknown) => dispatch(channel, req, { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' }, log: () => undefined });
  return { session, call, raw };
}

describe('svclog views on the samples', () => {
  const c = client([join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog')]);
  beforeAll(() => c.session.whenIdle());

  it('lists filter options: levels, sources, hosts, processes, time range', async () => {
    const o = await c.call('svclog.filterOptions', {});
    expect(o.hosts).toEqual(['APP01', 'WEB01']);
    expect(o.sources.map((s) => s.name)).toContain('System.ServiceModel');
    expect(o.processes.length).toBe(2);
    expect(o.firstUs).toBeLessThan(o.lastUs!);
    const sum = Object.values(o.levels).reduce((a, b) => a + b, 0);
    expect(sum).toBe(o.events);
    expect(o.levels.error).toBeGreaterThan(0);
  });

  it('sorts activities by every column, errors first on severity', async () => {
    const all = await c.call('svclog.activities', { offset: 0, limit: 1000 });
    expect(all.total).toBe(all.rows.length);
    const sorted = async (sortBy: RequestOf<'svclog.activities'>['sortBy'], descending = false) =>
      (await c.call('svclog.activities', { sortBy, descending, offset: 0, limit: 1000 })).rows;
    const sev = await sorted('severity');
    const firstNone = sev.findIndex((r) => r.severity === 'none');
    expect(sev[0].severity).toBe('error');
    expect(sev.slice(firstNone).every((r) => r.severity === 'none')).toBe(true);
    const byTraces = await sorted('traces', true);
    for (let i = 1; i < byTraces.length; i++) expect(byTraces[i - 1].traces).toBeGreaterThanOrEqual(byTraces[i].traces);
    const byDuration = await sorted('duration');
    for (let i = 1; i < byDuration.length; i++) expect(byDuration[i - 1].durationUs).toBeLessThanOrEqual(byDuration[i].durationUs);
    const byEnd = await sorted('end', true);
    for (let i = 1; i < byEnd.length; i++) expect(byEnd[i - 1].lastUs).toBeGreaterThanOrEqual(byEnd[i].lastUs);
    const byName = await sorted('name');
    for (let i = 1; i < byName.length; i++) expect(byName[i - 1].name.localeCompare(byName[i].name)).toBeLessThanOrEqual(0);
    const byHosts = await sorted('hosts');
    expect(byHosts[0].hosts <= byHosts[byHosts.length - 1].hosts).toBe(true);
    const start = await sorted('start');
    expect(start[0].type).toBe('root');
    expect(new Set(all.rows.map((r) => r.type))).toEqual(new Set(['root', 'processAction', 'receiveBytes']));
  });

  it('gives the traces of several activities merged in time order, and locates one', async () => {
    const acts = (await c.call('svclog.activities', { sortBy: 'traces', descending: true, offset: 0, limit: 3 })).rows;
    const traces = await c.call('svclog.traces', { activities: acts.map((a) => a.index), offset: 0, limit: 1000 });
    expect(traces.total).toBe(acts.reduce((n, a) => n + a.traces, 0));
    for (let i = 1; i < traces.rows.length; i++) {
      const [a, b] = [traces.rows[i - 1], traces.rows[i]];
      expect(a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.tick <= b.tick)).toBe(true);
    }
    const pick = traces.rows[7];
    const loc = await c.call('svclog.locate', { activities: acts.map((a) => a.index), fileId: pick.fileId, index: pick.index });
    expect(loc.position).toBe(7);
  });

  it('filters every view: errors only, by host, by text, by time', async () => {
    const errors = await c.call('svclog.activities', { filter: { levels: ['critical', 'error'] }, offset: 0, limit: 100 });
    const options = await c.call('svclog.filterOptions', {});
    expect(errors.rows.reduce((n, r) => n + r.traces, 0)).toBe(options.levels.error + options.levels.critical);
    expect(errors.rows.every((r) => r.severity === 'error')).toBe(true);
    const traces = await c.call('svclog.traces', { filter: { levels: ['critical', 'error'] }, activities: errors.rows.map((r) => r.index), offset: 0, limit: 100 });
    expect(traces.rows.every((t) => t.level === 'error' || t.level === 'critical')).toBe(true);
    const web = await c.call('svclog.messages', { filter: { hosts: ['WEB01'] }, offset: 0, limit: 1000 });
    const all = await c.call('svclog.messages', { offset: 0, limit: 1000 });
    expect(web.total).toBeGreaterThan(0);
    expect(web.total).toBeLessThan(all.total);
    expect(web.rows.every((m) => m.host === 'WEB01')).toBe(true);
    const mid = (options.firstUs! + options.lastUs!) / 2;
    const late = await c.call('svclog.messages', { filter: { fromUs: mid }, offset: 0, limit: 1000 });
    expect(late.rows.every((m) => m.timeUs >= mid)).toBe(true);
    const text = await c.call('svclog.activities', { filter: { text: 'GetOrderStatus' }, offset: 0, limit: 100 });
    expect(text.total).toBeGreaterThan(0);
    expect(text.total).toBeLessThan((await c.call('svclog.activities', { offset: 0, limit: 1 })).total);
  });

  it('pairs messages into from/to across machines and gives their activity', async () => {
    const m = await c.call('svclog.messages', { offset: 0, limit: 1000 });
    const send = m.rows.find((r) => r.direction === 'send' && r.host === 'WEB01')!;
    expect(send.from).toMatch(/on WEB01$/);
    expect(send.to).toMatch(/on APP01$/);
    const where = await c.call('svclog.activityOf', { fileId: send.fileId, index: send.index });
    expect(where.activity).toBe(send.activity);
    expect(where.position).toBeGreaterThanOrEqual(0);
  });

  it('finds text across all traces and in the selection, in time order with positions', async () => {
    const all = await c.call('svclog.find', { text: 'exception', scope: 'all', activities: [], offset: 0, limit: 100 });
    expect(all.total).toBeGreaterThan(0);
    const acts = [...new Set(all.rows.map((h) => h.activity))];
    const sel = await c.call('svclog.find', { text: 'exception', scope: 'selection', activities: acts, offset: 0, limit: 100 });
    expect(sel.total).toBe(all.total);
    const list = await c.call('svclog.traces', { activities: acts, offset: 0, limit: 1000 });
    for (const h of sel.rows) expect(list.rows[h.position]).toMatchObject({ fileId: h.fileId, index: h.index });
  });

  it('follows a transfer to its target activity and steps through an activity across processes', async () => {
    const root = (await c.call('svclog.activities', { sortBy: 'start', offset: 0, limit: 1 })).rows[0];
    const traces = await c.call('svclog.traces', { activities: [root.index], offset: 0, limit: 1000 });
    const transfer = traces.rows.find((t) => t.kind === 'Transfer' && t.transferTo >= 0)!;
    const follow = await c.call('svclog.followTransfer', { fileId: transfer.fileId, index: transfer.index });
    expect(follow.target?.activity).toBe(transfer.transferTo);
    const targetTraces = await c.call('svclog.traces', { activities: [transfer.transferTo], offset: 0, limit: 1000 });
    expect(targetTraces.rows.some((t) => t.fileId === follow.target?.fileId && t.index === follow.target.index)).toBe(true);
    const notTransfer = targetTraces.rows.find((t) => t.kind !== 'Transfer')!;
    expect((await c.call('svclog.followTransfer', { fileId: notTransfer.fileId, index: notTransfer.index })).target).toBeNull();
    // An activity joined across WEB01 and APP01 (propagated ActivityId): stepping crosses hosts.
    const acts = (await c.call('svclog.activities', { sortBy: 'hosts', descending: true, offset: 0, limit: 1000 })).rows;
    const joined = acts.find((a) => a.hosts.includes(',') && !a.id.startsWith('00000000'))!;
    expect(joined).toBeDefined();
    const list = (await c.call('svclog.traces', { activities: [joined.index], offset: 0, limit: 1000 })).rows;
    let at = list[0];
    const seenHosts = new Set([at.host]);
    for (let i = 1; i < list.length; i++) {
      const next = (await c.call('svclog.step', { fileId: at.fileId, index: at.index, direction: 'next' })).target!;
      expect(next).toMatchObject({ fileId: list[i].fileId, index: list[i].index, activity: joined.index });
      at = list[i];
      seenHosts.add(at.host);
    }
    expect(seenHosts.size).toBe(2);
    expect((await c.call('svclog.step', { fileId: at.fileId, index: at.index, direction: 'next' })).target).toBeNull();
    const back = (await c.call('svclog.step', { fileId: at.fileId, index: at.index, direction: 'previous' })).target!;
    expect(back).toMatchObject({ fileId: list[list.length - 2].fileId, index: list[list.length - 2].index });
  });

  it('refuses malformed requests with typed errors', async () => {
    const r = await c.raw('svclog.traces', { activities: [-1], offset: 0, limit: 10 });
    expect(r.ok).toBe(false);
    const big = await c.raw('svclog.activities', { offset: 0, limit: 100000 });
    expect(big.ok).toBe(false);
    const extra = await c.raw('svclog.find', { text: 'x', scope: 'all', activities: [], offset: 0, limit: 1, evil: true });
    expect(extra.ok).toBe(false);
  });

  it('reports files changed on disk', async () => {
    const status = await c.call('files.diskStatus', {});
    expect(status.length).toBe(2);
    expect(status.every((s) => s.changed === false)).toBe(true);
  });
});

describeCorpus('svclog views on bookstore__app_tracelog.svclog', () => {
  const c = client([corpusFile('svclog', 'bookstore__app_tracelog.svclog')]);
  beforeAll(() => c.session.whenIdle());

  it('counts levels and boundaries as the MANIFEST does', async () => {
    const o = await c.call('svclog.filterOptions', {});
    expect(o.events).toBe(3990);
    expect(o.levels.critical).toBe(4);
    expect(o.levels.error).toBe(24);
    expect(o.levels.warning).toBe(81);
  });

  it('shows the errors-and-warnings traces only when asked', async () => {
    const filter = { levels: ['critical' as const, 'error' as const, 'warning' as const] };
    const acts = await c.call('svclog.activities', { filter, offset: 0, limit: 1000 });
    expect(acts.rows.reduce((n, a) => n + a.traces, 0)).toBe(4 + 24 + 81);
    const traces = await c.call('svclog.traces', { filter, activities: acts.rows.map((a) => a.index), offset: 0, limit: 1000 });
    expect(traces.total).toBe(109);
  });

  it('types activities by their WCF names', async () => {
    const acts = (await c.call('svclog.activities', { offset: 0, limit: 1000 })).rows;
    const types = new Set(acts.map((a) => a.type));
    for (const t of ['root', 'construct', 'open', 'listenAt', 'close', 'receiveBytes', 'processAction', 'executeUserCode'] as const) expect(types).toContain(t);
  });
});
