/**
 * The Parquet export read back by a real engine, DuckDB: every dataset's row count against the
 * engine's own summary (unfiltered and under a filter: the status bar's counts), times (adjusted
 * and raw, the clock offset between them, the first and last trace), the day/machine partitions,
 * and the joins an analyst writes — pairs to events, IIS requests to the WCF activities that
 * served them (as the app's request pane links them).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFiles } from '../../../electron/cli/export';
import { loadAll } from '../../../electron/cli/load-all';
import { summarize } from '../../../electron/cli/summary';

import { svclogViews } from '../../../electron/services/svclog-views/views';
import { wasIncidentEvtx } from '../../support/was-incident';

const SAMPLES = resolve(__dirname, '../../../assets/samples');
const FIXTURES = resolve(__dirname, '../../fixtures/iis');
const dir = mkdtempSync(join(tmpdir(), 'tl-parquet-'));
const EVTX = join(dir, 'System.evtx');
const FILES = [
  join(SAMPLES, 'web01_orderportal.svclog'),
  join(SAMPLES, 'app01_orderservice.svclog'),
  join(SAMPLES, 'app01_u_ex261120.log'),
  join(FIXTURES, 'httperr-all.log'),
  join(FIXTURES, 'fr000001.xml'),
  EVTX,
];

/** The parts of `tracelens summary --json` these checks read. */
interface Facts {
  svclog: { events: number; activities: number; messages: number; messagePairs: number; computers: string[] };
  iis: { requests: number };
  httperr: { entries: number };
  freb: { requests: { events: number }[] };
  evtx: { records: number; firstUs: number; lastUs: number };
  skew: { hosts: { computer: string; offsetMs: number }[] };
  filtered: { activities: number; traces: number; records: number };
}
const facts = async (filter?: Parameters<typeof summarize>[1]) => (await summarize(FILES, filter)) as unknown as Facts;

let db: DuckDBConnection;
let instance: DuckDBInstance;
/** Rows of a query as plain objects (BIGINT as number: our counts and µs fit). */
async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const r = await db.runAndReadAll(sql);
  return r.getRowObjectsJS().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}
const one = async (sql: string) => (await rows(sql))[0];
const ds = (out: string, name: string) => `read_parquet('${join(out, name)}/**/*.parquet', hive_partitioning = true)`;

beforeAll(async () => {
  writeFileSync(EVTX, wasIncidentEvtx());
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

describe('unfiltered export', () => {
  const out = join(dir, 'all');
  let summary: Facts;
  beforeAll(async () => {
    const r = await exportFiles(FILES, { format: 'parquet', output: out });
    expect(r.problems).toEqual([]);
    summary = await facts();
  });

  it('holds every record kind, counted as the summary counts them', async () => {
    const count = async (name: string) => (await one(`select count(*)::INTEGER n from ${ds(out, name)}`)).n;
    expect(await count('svclog_events')).toBe(summary.svclog.events);
    expect(await count('svclog_activities')).toBe(summary.svclog.activities);
    expect(await count('svclog_messages')).toBe(summary.svclog.messages);
    expect((await one(`select count(*)::INTEGER n from ${ds(out, 'svclog_pairs')} where kind = 'send-receive'`)).n).toBe(summary.svclog.messagePairs);
    expect(await count('iis_requests')).toBe(summary.iis.requests);
    expect(await count('httperr_entries')).toBe(summary.httperr.entries);
    expect(await count('freb_requests')).toBe(summary.freb.requests.length);
    expect(await count('freb_events')).toBe(summary.freb.requests.reduce((n, r) => n + r.events, 0));
    expect(await count('evtx_records')).toBe(summary.evtx.records);
    expect(readdirSync(out).sort()).toEqual(['evtx_records', 'freb_events', 'freb_requests', 'httperr_entries', 'iis_requests', 'svclog_activities', 'svclog_events', 'svclog_messages', 'svclog_pairs']);
  });

  it('partitions by day and machine, and keeps INT64 microsecond UTC timestamps', async () => {
    const parts = await rows(`select "day"::VARCHAR "day", machine, count(*)::INTEGER n from ${ds(out, 'svclog_events')} group by all order by machine`);
    expect(parts.map((p) => p.machine)).toEqual(summary.svclog.computers);
    expect(parts.every((p) => p.day === '2026-11-20')).toBe(true);
    const [file] = readdirSync(join(out, 'svclog_events', 'day=2026-11-20', 'machine=WEB01'));
    expect(file).toBe('part-0.parquet');
    const schema = await rows(`select name, type, logical_type from parquet_schema('${join(out, 'svclog_events', 'day=2026-11-20', 'machine=WEB01', file)}') where name in ('time', 'raw_time', 'host')`);
    for (const c of schema.filter((s) => s.name !== 'host')) {
      expect(c.type).toBe('INT64');
      expect(String(c.logical_type)).toMatch(/isAdjustedToUTC=1.*MICROS=MicroSeconds/);
    }
    const enc = await rows(`select distinct encodings from parquet_metadata('${join(out, 'svclog_events', 'day=2026-11-20', 'machine=WEB01', file)}') where path_in_schema in ('host', 'source', 'level')`);
    expect(enc.every((e) => String(e.encodings).includes('RLE_DICTIONARY'))).toBe(true);
  });

  it('has the adjusted and raw times the app shows: first and last trace, and each machine\'s clock offset', async () => {
    const { session } = await loadAll(FILES);
    const opts = svclogViews(session).filterOptions();
    const span = await one(`select epoch_us(min(time))::DOUBLE "first", epoch_us(max(time))::DOUBLE "last" from ${ds(out, 'svclog_events')}`);
    expect(span).toEqual({ first: Math.round(opts.firstUs!), last: Math.round(opts.lastUs!) });
    for (const h of summary.skew.hosts) {
      const shift = await one(`select min(epoch_us(time) - epoch_us(raw_time))::DOUBLE lo, max(epoch_us(time) - epoch_us(raw_time))::DOUBLE hi from ${ds(out, 'svclog_events')} where host = '${h.computer}'`);
      expect(Math.abs(shift.lo as number - -h.offsetMs * 1000)).toBeLessThan(2);
      expect(Math.abs(shift.hi as number - -h.offsetMs * 1000)).toBeLessThan(2);
    }
    const evtx = await one(`select epoch_us(min(raw_time))::DOUBLE "first", epoch_us(max(raw_time))::DOUBLE "last" from ${ds(out, 'evtx_records')}`);
    expect(evtx).toEqual({ first: summary.evtx.firstUs, last: summary.evtx.lastUs });
  });

  it('joins pairs to both of their events', async () => {
    const j = await one(`
      select count(*)::INTEGER pairs, count(s.record)::INTEGER sends, count(r.record)::INTEGER receives,
             count(*) filter (where s.host <> r.host)::INTEGER across
      from ${ds(out, 'svclog_pairs')} p
      left join ${ds(out, 'svclog_events')} s on s.file = p.from_file and s.record = p.from_record
      left join ${ds(out, 'svclog_events')} r on r.file = p.to_file and r.record = p.to_record`);
    expect(j).toEqual({ pairs: 160, sends: 160, receives: 160, across: expect.any(Number) });
    expect(j.across).toBeGreaterThan(0);
    // Every message pair joins the message records of the same two events.
    const m = await one(`select count(*)::INTEGER n from ${ds(out, 'svclog_pairs')} p join ${ds(out, 'svclog_messages')} m on m.file = p.from_file and m.record = p.from_record`);
    expect(m.n).toBe(160);
  });

  it('joins IIS requests to the WCF activities that served them, as the request pane links them', async () => {
    const joined = await rows(`
      select a.activity_id, count(*)::INTEGER requests
      from ${ds(out, 'iis_requests')} q join ${ds(out, 'svclog_activities')} a on a.activity_id = q.wcf_activity_id
      group by all order by a.activity_id`);
    const linked = await one(`select count(wcf_activity_id)::INTEGER n from ${ds(out, 'iis_requests')}`);
    expect(joined.reduce((n, r) => n + (r.requests as number), 0)).toBe(linked.n);
    expect(linked.n).toBeGreaterThan(0);
    // The app's own answer: each activity's requests (ActivityRequests in the request pane).
    const { session } = await loadAll(FILES);
    const index = svclogViews(session).view().index;
    const expected: { activity_id: string; requests: number }[] = [];
    index.activities.forEach((a, k) => {
      const [first] = index.eventsOf(k);
      if (!first) return;
      const n = session.services.iisViews.activityRequests({ fileId: index.files[first.file].fileId, index: first.event }).requests.length;
      if (n > 0) expected.push({ activity_id: a.id, requests: n });
    });
    expect(joined).toEqual(expected.sort((x, y) => (x.activity_id < y.activity_id ? -1 : 1)));
  });
});

describe('filtered export', () => {
  it('holds exactly what the filter keeps: the status bar\'s activities, traces and records', async () => {
    const out = join(dir, 'errors');
    const filter = { levels: ['error' as const, 'warning' as const] };
    const r = await exportFiles(FILES, { format: 'parquet', output: out, filter });
    expect(r.problems).toEqual([]);
    const f = (await facts(filter)).filtered;
    const n = async (name: string) => (await one(`select count(*)::INTEGER n from ${ds(out, name)}`)).n as number;
    expect(await n('svclog_events')).toBe(f.traces);
    expect(await n('svclog_activities')).toBe(f.activities);
    const others = (await Promise.all(['iis_requests', 'httperr_entries', 'freb_events', 'evtx_records'].map((d) => n(d).catch(() => 0)))).reduce((a, b) => a + b, 0);
    expect(others + f.traces).toBe(f.records);
    const levels = await rows(`select distinct level from ${ds(out, 'svclog_events')} order by level`);
    expect(levels.map((l) => l.level)).toEqual(['Error', 'Warning']);
    expect(r.datasets?.svclog_events).toBe(f.traces);
  });
});

describe('refusals', () => {
  it('never writes into a folder that has something in it, and says so', async () => {
    const out = join(dir, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const r = await exportFiles(FILES.slice(0, 2), { format: 'parquet', output: out });
    expect(r.written).toBe(0);
    expect(r.problems).toEqual([`${out} already exists and is not an empty folder; choose a new folder for the Parquet datasets.`]);
    expect(readdirSync(out)).toEqual(['keep.txt']);
    expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);
  });

  it('names a missing parent folder, and leaves nothing for a filter that keeps nothing', async () => {
    const r = await exportFiles(FILES.slice(0, 2), { format: 'parquet', output: join(dir, 'no', 'such') });
    expect(r.problems).toEqual([`Cannot write ${join(dir, 'no', 'such')}: its folder does not exist.`]);
    const empty = join(dir, 'empty');
    const e = await exportFiles(FILES.slice(0, 2), { format: 'parquet', output: empty, filter: { text: 'no-such-text-anywhere-7q' } });
    expect(e).toMatchObject({ written: 0, problems: ['Nothing matches the filter; nothing was written.'] });
    expect(readdirSync(dir)).not.toContain('empty');
  });
});
