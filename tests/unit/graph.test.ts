/**
 * The graph.data channel: columns grouped host → process → activity with collapsing, marks with
 * level of detail inside their bounds, message arrows with backwards flags in raw and adjusted time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { GRAPH_DEFAULT_GAP_US, GRAPH_MAX_MARKS } from '../../shared/channels/skew';
import { buildAxis } from '../../electron/services/graph/axis';
import { dispatch } from '../../electron/services/dispatch';
import { Session } from '../../electron/services/session';
import { ViewIndex } from '../../electron/services/svclog-views/view-index';
import { svclogViews } from '../../electron/services/svclog-views/views';
import { collectMarks } from '../../electron/services/graph/marks';
import { focusSet } from '../../electron/services/graph/columns';
import { writeScenario } from '../support/skew-scenario';

const APP_INFO = { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' } as const;

describe('graph data on a generated five-host scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracelens-graph-'));
  const scenario = writeScenario(dir);
  const session = new Session();
  session.open(scenario.files.map((path) => ({ path })));
  const call = async <C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = (await dispatch(channel, req, { session, appInfo: APP_INFO, log: () => undefined })) as Result<ResponseOf<C>>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  beforeAll(() => session.whenIdle());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('groups columns host → process → activity and collapses hosts and processes', async () => {
    const g = await call('graph.data', { heightPx: 800 });
    const hosts = [...new Set(g.columns.map((c) => c.host))];
    expect(hosts.sort()).toEqual(['APP01', 'DB01', 'EDGE01', 'LEGACY01', 'WEB01']);
    // Contiguous groups: a host's columns never interleave with another's.
    const order = g.columns.map((c) => c.host).filter((h, i, a) => i === 0 || a[i - 1] !== h);
    expect(order.length).toBe(hosts.length);
    expect(g.columns.every((c) => c.level === 'activity')).toBe(true);
    const web = await call('graph.data', { heightPx: 800, collapsedHosts: ['WEB01'] });
    expect(web.columns.filter((c) => c.host === 'WEB01')).toHaveLength(1);
    expect(web.columns.find((c) => c.host === 'WEB01')!.level).toBe('host');
    const proc = g.columns.find((c) => c.host === 'APP01')!.process;
    const p = await call('graph.data', { heightPx: 800, collapsedProcesses: [proc] });
    expect(p.columns.filter((c) => c.process === proc)).toHaveLength(1);
    expect(p.traceCount).toBe(g.traceCount);
  });

  it('draws cross-host message arrows; backwards ones in raw time vanish in adjusted time', async () => {
    await call('skew.setMode', { mode: 'raw' });
    const raw = await call('graph.data', { heightPx: 800 });
    expect(raw.mode).toBe('raw');
    expect(raw.arrows.some((a) => a.kind === 'message' && a.crossHost)).toBe(true);
    expect(raw.backwardsTotal).toBeGreaterThan(0);
    expect(raw.arrows.filter((a) => a.backwards).every((a) => a.backwardsRaw)).toBe(true);
    await call('skew.setMode', { mode: 'adjusted' });
    const adj = await call('graph.data', { heightPx: 800 });
    expect(adj.backwardsTotal).toBe(0);
    expect(adj.arrows.filter((a) => a.backwardsRaw).length).toBe(raw.backwardsTotal);
    // Request and reply share an exchange id; labels carry the action.
    const req = adj.arrows.find((a) => a.role === 'request')!;
    expect(adj.arrows.some((a) => a.role === 'reply' && a.exchange === req.exchange)).toBe(true);
    expect(req.label).toMatch(/^http:\/\/tracelens\.sample\//);
  });

  it('makes an override show as backwards arrows again', async () => {
    const r = await call('skew.report', {});
    const db = r.hosts.find((h) => h.computer === 'DB01')!;
    await call('skew.setOverride', { computer: 'DB01', offsetMs: db.autoMs + 5000 });
    const off = await call('graph.data', { heightPx: 800 });
    expect(off.backwardsTotal).toBeGreaterThan(0);
    await call('skew.resetOverride', { computer: 'DB01' });
    expect((await call('graph.data', { heightPx: 800 })).backwardsTotal).toBe(0);
  });

  it('answers a window only, and focus keeps the activity and what it leads to', async () => {
    const all = await call('graph.data', { heightPx: 800 });
    const mid = (all.extent!.firstUs + all.extent!.lastUs) / 2;
    const half = await call('graph.data', { heightPx: 800, fromUs: mid, toUs: all.extent!.lastUs });
    expect(half.traceCount).toBeLessThan(all.traceCount);
    expect(half.marks.timeUs.every((t) => t >= mid)).toBe(true);
    const sender = all.arrows.find((a) => a.kind === 'message' && a.crossHost)!;
    const act = all.columns[sender.from.column].activity;
    const f = await call('graph.data', { heightPx: 800, focus: act });
    expect(f.focus).toBe(act);
    expect(f.columns.length).toBeLessThan(all.columns.length);
    expect(f.columns.some((c) => c.activity === act)).toBe(true);
    expect(f.columns.some((c) => c.host !== all.columns[sender.from.column].host)).toBe(true);
  });

  it('a focus draws exactly its activities\' traces in time order; one that reaches every activity draws everything', async () => {
    const view = svclogViews(session).view();
    const all = await call('graph.data', { heightPx: 800 });
    const sender = all.arrows.find((a) => a.kind === 'message' && a.crossHost)!;
    const act = all.columns[sender.from.column].activity;
    const shown = focusSet(view, act);
    const expected: string[] = [];
    for (let r = 0; r < view.total; r++) {
      const g = view.order[r];
      if (shown.has(view.activityOf[g])) expected.push(`${view.fileOf[g]}:${g - view.base[view.fileOf[g]]}`);
    }
    expect(expected.length).toBeLessThan(view.total / 8); // the path that visits only the focused traces
    const f = await call('graph.data', { heightPx: 10_000, focus: act });
    expect(f.lod).toBe(false);
    expect(f.traceCount).toBe(expected.length);
    expect(f.marks.file.map((fi, i) => `${fi}:${f.marks.index[i]}`)).toEqual(expected);
    // In Raw the same traces, in Raw's order.
    await call('skew.setMode', { mode: 'raw' });
    const raw = await call('graph.data', { heightPx: 10_000, focus: act });
    expect(raw.traceCount).toBe(expected.length);
    expect(raw.marks.timeUs).toEqual([...raw.marks.timeUs].sort((a, b) => a - b));
    await call('skew.setMode', { mode: 'adjusted' });
    // A focus whose links reach every activity: the same answer as none.
    const reachesAll = view.index.activities.findIndex((_, a) => focusSet(view, a).size === view.index.activities.length);
    expect(reachesAll).toBeGreaterThanOrEqual(0); // the scenario's root activity
    const everything = await call('graph.data', { heightPx: 800, focus: reachesAll });
    expect(everything.traceCount).toBe(all.traceCount);
    expect(everything.columns).toEqual(all.columns);
    expect(everything.focus).toBe(reachesAll);
  });

  it('buckets marks per column and pixel row when there are too many, within the bound', () => {
    const view = svclogViews(session).view();
    const axis = buildAxis(view, undefined, 'sequence', GRAPH_DEFAULT_GAP_US);
    const exact = collectMarks(view, axis, { fromPos: 0, toPos: axis.length, heightPx: 100, columnOf: () => 0 });
    expect(exact.lod).toBe(false);
    expect(exact.marks.column.length).toBe(view.total);
    const lod = collectMarks(view, axis, { fromPos: 0, toPos: axis.length, heightPx: 100, columnOf: (g) => g % 3, maxMarks: 50 });
    expect(lod.lod).toBe(true);
    expect(lod.marks.column.length).toBeLessThanOrEqual(50);
    expect(lod.marks.count.reduce((a, b) => a + b, 0)).toBe(view.total);
    // The worst level of each bucket is kept (errors stand out when zoomed out).
    expect(Math.min(...lod.marks.level)).toBe(Math.min(...view.levelClass));
    expect(GRAPH_MAX_MARKS).toBeGreaterThanOrEqual(10_000);
  });

  it('lays out one row per distinct time in sequence, equal times sharing a row, and cuts long gaps', async () => {
    const g = await call('graph.data', { heightPx: 800 });
    expect(g.layout).toBe('sequence');
    const view = svclogViews(session).view();
    const distinct = new Set(Array.from(view.order, (e) => `${view.timeUs[e]}:${view.tick[e]}`)).size;
    expect(g.axis.rows).toBe(distinct);
    // Rows are one apart (breaks aside) and marks sit on them in time order.
    const pos = [...new Set(g.marks.pos)].sort((a, b) => a - b);
    expect(pos[1] - pos[0]).toBe(1);
    const cut = await call('graph.data', { heightPx: 800, gapUs: 250_000 });
    expect(cut.axis.breaks.length).toBeGreaterThan(0);
    expect(cut.axis.breaks.every((b) => b.toUs - b.fromUs > 250_000)).toBe(true);
    const time = await call('graph.data', { heightPx: 800, layout: 'time', gapUs: 250_000 });
    expect(time.axis.breaks.length).toBe(cut.axis.breaks.length);
    expect(time.traceCount).toBe(g.traceCount);
  });

  it('keeps the column order in raw and adjusted time', async () => {
    const adj = await call('graph.data', { heightPx: 800 });
    await call('skew.setMode', { mode: 'raw' });
    const raw = await call('graph.data', { heightPx: 800 });
    await call('skew.setMode', { mode: 'adjusted' });
    expect(raw.columns.map((c) => `${c.process}/${c.activity}`)).toEqual(adj.columns.map((c) => `${c.process}/${c.activity}`));
  });

  it('answers a Raw/Adjusted switch from what was prepared exactly as a session that never switched', async () => {
    // A second session on the same files, in raw time from the start: nothing prepared, nothing reused.
    const fresh = new Session();
    fresh.open(scenario.files.map((path) => ({ path })));
    await fresh.whenIdle();
    const freshCall = async <C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> => {
      const r = (await dispatch(channel, req, { session: fresh, appInfo: APP_INFO, log: () => undefined })) as Result<ResponseOf<C>>;
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    await freshCall('skew.setMode', { mode: 'raw' });
    const comparable = (g: ResponseOf<'graph.data'>) => ({ ...g, version: 0, clockVersion: 0, fileIds: [] });
    const all = await call('graph.data', { heightPx: 800 });
    for (const q of [{ heightPx: 800 }, { heightPx: 600, fromPos: all.axis.length / 4, toPos: all.axis.length / 2 }, { heightPx: 800, expanded: [] }]) {
      await call('graph.data', q);
      // The preparation of the other clock runs once the graph rests.
      await new Promise((r) => setTimeout(r, 400));
      const view = svclogViews(session).view();
      const order = view.order;
      await call('skew.setMode', { mode: 'raw' });
      const switched = await call('graph.data', q);
      expect(comparable(switched)).toEqual(comparable(await freshCall('graph.data', q)));
      await call('skew.setMode', { mode: 'adjusted' });
      expect(svclogViews(session).view().order).toBe(order);
    }
  });

  it('bundles arrows but counts every message pair of the window, at any height', async () => {
    const view = svclogViews(session).view();
    const pairs = view.index.pairs.filter((p) => p.kind === 'send-receive').length;
    for (const heightPx of [10, 60, 800]) {
      const g = await call('graph.data', { heightPx, expanded: [] });
      const msgs = g.arrows.filter((a) => a.kind === 'message');
      expect(msgs.reduce((n, a) => n + a.count, 0)).toBe(pairs);
      expect(g.arrowTotal).toBe(pairs);
      if (heightPx === 10) expect(msgs.some((a) => a.count > 1)).toBe(true);
    }
  });

  it('expands the selected activity and what it leads to; the rest share their process column', async () => {
    const all = await call('graph.data', { heightPx: 800 });
    const sender = all.arrows.find((a) => a.kind === 'message' && a.crossHost)!;
    const act = all.columns[sender.from.column].activity;
    const g = await call('graph.data', { heightPx: 800, expandAround: act });
    expect(g.expanded).toContain(act);
    expect([...new Set(g.columns.filter((c) => c.level === 'activity').map((c) => c.activity))].sort()).toEqual([...g.expanded!].sort());
    expect(g.columns.some((c) => c.level === 'process' && c.members > 1)).toBe(true);
    expect(g.traceCount).toBe(all.traceCount);
    expect(g.fit!.toPos).toBeGreaterThan(g.fit!.fromPos);
    // A collapsed transfer target can be expanded (+).
    const none = await call('graph.data', { heightPx: 800, expanded: [] });
    expect(none.arrows.some((a) => a.kind === 'transfer' && !a.targetExpanded)).toBe(true);
  });

  it('has thread columns, and steps to the next trace of a column', async () => {
    const g = await call('graph.data', { heightPx: 800, columnsBy: 'thread' });
    expect(g.columns.every((c) => c.level === 'thread')).toBe(true);
    const fileId = g.fileIds[g.marks.file[0]];
    const first = await call('graph.data', { heightPx: 800, locate: { fileId, index: g.marks.index[0] } });
    const next = await call('graph.data', { heightPx: 800, locate: { fileId, index: g.marks.index[0], step: 1 } });
    expect(next.located!.column).toBe(first.located!.column);
    expect(next.located!.pos).toBeGreaterThan(first.located!.pos);
  });

  it('refuses unbounded requests', async () => {
    await expect(call('graph.data', { heightPx: 1_000_000 })).rejects.toThrow(/Invalid request/);
    await expect(call('graph.data', { heightPx: 100, collapsedHosts: Array(3000).fill('x') })).rejects.toThrow(/Invalid request/);
  });

  it('prepares the other clock in steps after an answer, and the next graph request drops the steps left', async () => {
    await svclogViews(session).whenPrepared();
    const real = ViewIndex.prototype.withOffsets;
    let steps = 0;
    let stepsWhenAnswered = -1;
    let second: Promise<unknown> | undefined;
    const mine = svclogViews(session).view();
    const spy = vi.spyOn(ViewIndex.prototype, 'withOffsets').mockImplementation(function <T>(this: ViewIndex, offsets: ReadonlyMap<string, number>, fn: () => T): T {
      // Only this session's view (an earlier test's session may still prepare its own).
      if (this !== mine) return real.call(this, offsets, fn) as T;
      steps++;
      // A Focus (any graph request) arriving while the first step holds the event loop.
      second ??= call('graph.data', { heightPx: 701 }).then(() => (stepsWhenAnswered = steps));
      return real.call(this, offsets, fn) as T;
    });
    try {
      await call('graph.data', { heightPx: 700 });
      await vi.waitFor(() => expect(second).toBeDefined(), { timeout: 5000, interval: 20 });
      await second;
      // The first answer's second step (its window in the other clock) was dropped for the request
      // (read when it was answered: the test's own timers may run late on a busy machine).
      expect(stepsWhenAnswered).toBe(1);
      // The second answer's preparation, 250 ms later: its layout, then its window, each in a turn of its own.
      await vi.waitFor(() => expect(steps).toBe(3), { timeout: 5000, interval: 20 });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('graph data on the bundled samples (APP01 350 ms ahead of WEB01)', () => {
  const samples = resolve(__dirname, '../../assets/samples');
  const session = new Session();
  session.open(['web01_orderportal.svclog', 'app01_orderservice.svclog'].map((f) => ({ path: join(samples, f) })));
  const call = async <C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = (await dispatch(channel, req, { session, appInfo: APP_INFO, log: () => undefined })) as Result<ResponseOf<C>>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  beforeAll(() => session.whenIdle());

  it('draws transfers and paired request/reply arrows; backwards ones only in raw time', async () => {
    const adj = await call('graph.data', { heightPx: 800 });
    expect(adj.arrows.filter((a) => a.kind === 'transfer').length).toBeGreaterThan(0);
    const requests = adj.arrows.filter((a) => a.role === 'request');
    expect(requests.length).toBeGreaterThan(0);
    expect(adj.arrows.filter((a) => a.role === 'reply').length).toBe(requests.length);
    expect(adj.backwardsTotal).toBe(0);
    await call('skew.setMode', { mode: 'raw' });
    const raw = await call('graph.data', { heightPx: 800 });
    expect(raw.backwardsTotal).toBeGreaterThan(0);
    await call('skew.setMode', { mode: 'adjusted' });
  });
});
