/**
 * One filter value through every consumer on the main side — Activities, Trace list, Messages,
 * All records, Graph, Find's scope, the status counts, the CSV/JSONL export and `summary` — on two
 * machines' traces plus an IIS log: each must keep exactly the same records.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceFilter } from '../../shared/channels/filter';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { summarize } from '../../electron/cli/summary';
import { dispatch } from '../../electron/services/dispatch';
import { exportSession } from '../../electron/services/export-service';
import { Session } from '../../electron/services/session';
import { writeFilterScenario } from '../support/filter-scenario';

const IIS = resolve(__dirname, '../../assets/samples/app01_u_ex261120.log');
const dir = mkdtempSync(join(tmpdir(), 'tl-filter-consumers-'));
const scenario = writeFilterScenario(dir);
const session = new Session();
const ctx = { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser' as const, platform: 'linux' }, log: () => undefined };
async function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = (await dispatch(channel, req, ctx)) as Result<ResponseOf<C>>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function all<T>(page: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 1000) {
    const p = await page(offset, 1000);
    out.push(...p.rows);
    if (out.length >= p.total) return out;
  }
}

const FILTERS: [string, TraceFilter, number][] = [
  ['a host', { hosts: ['WEB01'] }, 144],
  ['levels', { levels: ['error', 'warning'] }, 12],
  ['a query with a phrase, a field and an exclusion', { text: '"timeout contacting" host:APP01 -retry' }, 6],
  ['or, parentheses and a comparison', { text: '(level>=warning or eventid=101) -host:WEB01' }, 12],
  ['a regex on one field', { text: 'description:/order (1|2)\\d? stored/i' }, 17],
  ['a custom XPath filter with a parameter', { custom: [{ name: 'customer', xpath: "//ns:CustomerId[.='{0}']", namespaces: { ns: 'urn:tracelens:orders' }, args: ['C-2'] }] }, 24],
];

describe('one filter, every consumer', () => {
  beforeAll(async () => {
    session.open([...scenario.files, IIS].map((path) => ({ path })));
    await session.whenIdle();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(FILTERS)('keeps the same records for %s', async (_name, filter, expected) => {
    const names = new Map(session.list().map((f) => [f.id, f.name]));
    const key = (r: { fileId: string; index: number }) => `${names.get(r.fileId)}:${r.index}`;

    const activities = await all((offset, limit) => call('svclog.activities', { filter, offset, limit }));
    const traces = (await all((offset, limit) => call('svclog.traces', { filter, activities: activities.map((a) => a.index), offset, limit }))).map(key).sort();
    expect(traces).toHaveLength(expected);
    expect(activities.reduce((n, a) => n + a.traces, 0)).toBe(expected);

    const messages = (await all((offset, limit) => call('svclog.messages', { filter, offset, limit }))).map(key);
    const messageTraces = (await all((offset, limit) => call('svclog.traces', { filter, activities: activities.map((a) => a.index), offset, limit }))).filter((t) => t.isMessage).map(key);
    expect(messages.sort()).toEqual(messageTraces.sort());

    const records = await all((offset, limit) => call('records.page', { filter, offset, limit }));
    const svclogRecords = records.filter((r) => names.get(r.fileId)!.endsWith('.svclog')).map(key).sort();
    expect(svclogRecords).toEqual(traces);

    const graph = await call('graph.data', { heightPx: 10_000, filter });
    expect(graph.lod).toBe(false);
    expect(graph.traceCount).toBe(expected);
    const graphKeys = graph.marks.index.map((index, i) => `${names.get(graph.fileIds[graph.marks.file[i]])}:${index}`).sort();
    expect(graphKeys).toEqual(traces);

    const status = await call('filter.status', { filter });
    expect(status).toMatchObject({ traces: expected, activities: activities.length, records: records.length });

    // Find's scope "all traces": hits only among what the filter keeps.
    const found = await all((offset, limit) => call('svclog.find', { filter, text: 'order', scope: 'all', activities: [], lookIn: 'fields', offset, limit }));
    for (const h of found) expect(traces).toContain(key(h));

    for (const format of ['csv', 'jsonl'] as const) {
      const output = join(dir, `out.${format}`);
      const r = await exportSession(session, { format, output, filter, what: 'traces', version: 't' });
      const text = readFileSync(output, 'utf8');
      const rows: { file: string; record: string | number }[] = format === 'csv' ? parse(text, { columns: true }) : text.trim().split('\n').map((l) => JSON.parse(l));
      expect(r.written).toBe(expected);
      expect(rows.map((x) => `${basename(x.file)}:${x.record}`).sort()).toEqual(traces);
    }
  });

  it('locates anchored records in All records, filtered or not (-1 for one the filter hides)', async () => {
    const filter: TraceFilter = { levels: ['error', 'warning'] };
    const kept = await all((offset, limit) => call('records.page', { filter, offset, limit }));
    const every = await all((offset, limit) => call('records.page', { offset, limit }));
    const hidden = every.find((r) => !kept.some((k) => k.fileId === r.fileId && k.index === r.index))!;
    const anchors = [kept[kept.length - 1], kept[0], hidden].map((r) => ({ fileId: r.fileId, index: r.index }));
    expect((await call('records.page', { filter, offset: 0, limit: 1, anchors })).anchorsAt).toEqual([kept.length - 1, 0, -1]);
    const at = (await call('records.page', { offset: 0, limit: 1, anchors })).anchorsAt!;
    expect(at.map((p) => every[p]).map((r) => ({ fileId: r.fileId, index: r.index }))).toEqual(anchors);
    expect((await call('records.page', { offset: 0, limit: 1, anchors: [{ fileId: 'nofile', index: 0 }] })).anchorsAt).toEqual([-1]);
  });

  it('locates anchored rows in Activities, the trace list, Messages and the IIS request table, filtered and sorted', async () => {
    const filter: TraceFilter = { levels: ['error', 'warning'] };
    const acts = await all((offset, limit) => call('svclog.activities', { filter, sortBy: 'name', descending: true, offset, limit }));
    const actAt = (await call('svclog.activities', { filter, sortBy: 'name', descending: true, offset: 0, limit: 1, anchors: [acts[acts.length - 1].id, 'no-such-activity'] })).anchorsAt;
    expect(actAt).toEqual([acts.length - 1, -1]);
    const activities = acts.map((a) => a.index);
    const traces = await all((offset, limit) => call('svclog.traceList', { filter, activities, offset, limit }));
    const t = traces[traces.length - 2] as { fileId: string; index: number };
    expect((await call('svclog.traceList', { filter, activities, offset: 0, limit: 1, anchors: [{ fileId: t.fileId, index: t.index }, { fileId: 'nofile', index: 0 }] })).anchorsAt).toEqual([traces.length - 2, -1]);
    const messages = await all((offset, limit) => call('svclog.messageList', { sortBy: 'action', offset, limit }));
    const m = messages[Math.floor(messages.length / 2)] as { fileId: string; index: number };
    const mAt = (await call('svclog.messageList', { sortBy: 'action', offset: 0, limit: 1, anchors: [{ fileId: m.fileId, index: m.index }] })).anchorsAt!;
    expect(messages[mAt[0]]).toEqual(m);
    const requests = await all((offset, limit) => call('iis.requests', { sortBy: 'time', descending: true, offset, limit }));
    const r = requests[17];
    expect((await call('iis.requests', { sortBy: 'time', descending: true, offset: 0, limit: 1, anchors: [{ fileId: r.fileId, index: r.row }, { fileId: r.fileId, index: 10_000_000 }] })).anchorsAt).toEqual([17, -1]);
  });

  it('narrows IIS rows in All records and request exports by the fields they have', async () => {
    const filter: TraceFilter = { text: 'status:503' };
    const records = await all((offset, limit) => call('records.page', { filter, offset, limit }));
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.kind.includes('503'))).toBe(true);
    const output = join(dir, 'requests.csv');
    const r = await exportSession(session, { format: 'csv', output, filter, what: 'requests', version: 't' });
    expect(r.written).toBe(records.length);
    // The IIS request table, timeline and its export take the same parts through `shared`.
    const table = await call('iis.requests', { filter: { shared: filter }, offset: 0, limit: 1000 });
    expect(table.total).toBe(records.length);
    const timeline = await call('iis.timeline', { maxBuckets: 50, filter: { shared: filter } });
    expect(Object.values(timeline.series).flat().reduce((a, b) => a + b, 0)).toBe(records.length);
    const fromTable = await exportSession(session, { format: 'csv', output, iisFilter: { shared: filter }, what: 'requests', version: 't' });
    expect(fromTable.written).toBe(records.length);
    // A custom XPath filter reads a trace's XML: no request passes it.
    const none = await call('filter.status', { filter: { custom: FILTERS[5][1].custom } });
    expect(none.records).toBe(none.traces);
  });

  it('finds with Service Trace Viewer\'s options and targets', async () => {
    const find = async (text: string, o: Partial<RequestOf<'svclog.find'>> = {}) => (await call('svclog.find', { text, scope: 'all', activities: [], offset: 0, limit: 1, lookIn: 'fields', ...o })).total;
    expect(await find('ORDER 4 FAILED')).toBe(1);
    expect(await find('ORDER 4 FAILED', { matchCase: true })).toBe(0);
    expect(await find('Order 4 failed', { matchCase: true })).toBe(1);
    expect(await find('stor')).toBeGreaterThan(0);
    expect(await find('stor', { wholeWord: true })).toBe(0);
    expect(await find('stored', { wholeWord: true })).toBe(24);
    expect(await find('Order \\d+ failed', { regex: true })).toBe(6);
    expect(await find('(', { regex: true }).catch((e: Error) => e.message)).toMatch(/Find: Invalid regular expression/);
    // Targets: attributes only (ProcessName="OrderPortal"), logged messages only (the payload in the SOAP body).
    expect(await find('OrderPortal', { lookIn: 'attributes' })).toBe(144);
    expect(await find('Submitting', { lookIn: 'attributes' })).toBe(0);
    expect(await find('CustomerId', { lookIn: 'messages' })).toBe(48);
    expect(await find('CustomerId', { lookIn: 'xml' })).toBe(72);
    expect(await find('customerid', { lookIn: 'xml', matchCase: true })).toBe(0);
    // The root activity's traces are the 24 transfers out of it.
    expect(await find('Transfer')).toBe(24);
    expect(await find('Transfer', { ignoreRoot: true })).toBe(0);
  });

  it('scans custom filters in the parse workers with progress, and cancels a scan', async () => {
    const big = writeFilterScenario(join(dir, 'big'), { orders: 3000, prefix: 'big_' });
    const s2 = new Session();
    s2.open(big.files.map((path) => ({ path })));
    await s2.whenIdle();
    const progress: { done: number; matches: number }[] = [];
    s2.onEvent((event, payload) => event === 'filter.progress' && progress.push(payload as { done: number; matches: number }));
    const c2 = (channel: Channel, req: unknown) => dispatch(channel, req, { ...ctx, session: s2 });
    const custom = [{ name: 'customer', xpath: "//o:CustomerId[.='{0}']", namespaces: { o: 'urn:tracelens:orders' }, args: ['C-1'] }];
    const pending = c2('filter.status', { filter: { custom } });
    await new Promise((r) => setTimeout(r, 30));
    expect(await c2('filter.cancel', {})).toMatchObject({ ok: true });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled', message: 'The custom filter "customer" was cancelled.' } });
    // Applied again, it scans to the end: 1,000 customers' payload traces and both message records of each.
    const done = (await c2('filter.status', { filter: { custom } })) as Result<ResponseOf<'filter.status'>>;
    expect(done.ok && done.value.traces).toBe(3000);
    // Progress counts the events scanned and the matches found so far, to the end.
    expect(progress.at(-1)).toEqual({ name: 'customer', done: done.ok ? done.value.totalTraces : -1, total: done.ok ? done.value.totalTraces : -1, matches: 3000 });
  });

  it('reports the events a custom filter could not evaluate', async () => {
    // One event over 1 MiB (a 1.5 MB attribute) among ordinary ones: it is counted, never parsed into a DOM.
    const small = readFileSync(scenario.files[0], 'utf8').split('\r\n').filter(Boolean);
    const huge = small[2].replace('<Execution ', `<Execution Blob="${'x'.repeat(1_500_000)}" `);
    const path = join(dir, 'huge.svclog');
    writeFileSync(path, [small[0], small[1], huge, small[3]].join('\r\n'));
    const s3 = new Session();
    s3.open([{ path }]);
    await s3.whenIdle();
    const r = (await dispatch('filter.status', { filter: { custom: [{ name: 'computer', xpath: '//System:Computer' }] } }, { ...ctx, session: s3 })) as Result<ResponseOf<'filter.status'>>;
    expect(r.ok && r.value.traces).toBe(3);
    expect(r.ok && r.value.notes).toEqual(['The custom filter "computer" could not evaluate 1 event(s) (XML that is not well-formed, has a DOCTYPE or is over 1 MiB); they are not shown.']);
  });

  it('reports a query mistake with its position', async () => {
    await expect(call('svclog.activities', { filter: { text: 'hots:x' }, offset: 0, limit: 10 })).rejects.toThrow(/character 1: unknown field "hots"; did you mean host:/);
  });

  it('gives summary the same counts with filter flags', async () => {
    const s = await summarize([...scenario.files, IIS], { hosts: ['WEB01'] });
    expect(s.filtered).toMatchObject({ traces: 144, ofTraces: 252, activities: 25 });
  });
});
