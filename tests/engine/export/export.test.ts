/**
 * Exports on the bundled two-machine sample: CSV and JSON Lines parse back; the Perfetto output
 * follows the trace-event format (required fields, paired slices, flows that pair up and bind);
 * the OTLP output is checked against OpenTelemetry's own protobuf definitions.
 */
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportFiles } from '../../../electron/cli/export';
import { wasIncidentEvtx } from '../../support/was-incident';
// The OpenTelemetry project's generated protobuf module (from the official .proto files).
import * as otlpRoot from '@opentelemetry/otlp-transformer/build/src/generated/root';

const SAMPLES = resolve(__dirname, '../../../assets/samples');
const TRACES = [join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog')];
const IIS = join(SAMPLES, 'app01_u_ex261120.log');
const dir = mkdtempSync(join(tmpdir(), 'tl-export-'));
const EVTX = join(dir, 'System.evtx');
writeFileSync(EVTX, wasIncidentEvtx());

describe('CSV and JSON Lines', () => {
  it('exports every trace with its fields, skew-adjusted, and parses back', async () => {
    const out = join(dir, 'traces.csv');
    const r = await exportFiles(TRACES, { format: 'csv', output: out });
    expect(r).toEqual({ written: 569, problems: [] });
    const rows: Record<string, string>[] = parse(readFileSync(out), { columns: true });
    expect(rows).toHaveLength(569);
    expect(Object.keys(rows[0])).toContain('exceptionMessage');
    const err = rows.filter((x) => x.level === 'Error');
    expect(err).toHaveLength(4);
    expect(err[0].exceptionType).toMatch(/TimeoutException/);
    // WEB01 runs 350 ms behind APP01 (the reference): its adjusted times are ~350 ms later than raw.
    const web = rows.find((x) => x.computer === 'WEB01')!;
    const shift = Date.parse(web.time) - Date.parse(web.rawTime);
    expect(Math.abs(shift - 350)).toBeLessThan(3);
  });

  it('filters by level and text, and writes JSON Lines', async () => {
    const out = join(dir, 'errors.jsonl');
    const r = await exportFiles(TRACES, { format: 'jsonl', output: out, filter: { levels: ['error', 'warning'] } });
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(r.written).toBe(9);
    expect(lines.map((l) => l.level).sort()).toEqual([...Array(4).fill('Error'), ...Array(5).fill('Warning')]);
  });

  it('exports IIS requests with every column', async () => {
    const out = join(dir, 'requests.csv');
    const r = await exportFiles([IIS], { format: 'csv', output: out, filter: { text: '/OrderService.svc' } });
    const rows: Record<string, string>[] = parse(readFileSync(out), { columns: true });
    expect(rows.length).toBe(r.written);
    expect(rows.every((x) => x.stem === '/OrderService.svc')).toBe(true);
    expect(rows.filter((x) => x.status === '503' && x.substatus === '2')).toHaveLength(64);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['time', 'cIp', 'userAgent', 'timeTaken', 'scBytes']));
  });
});

describe('event-log records and All records', () => {
  it('exports an event log alone with its own fields, filtered by provider', async () => {
    const out = join(dir, 'events.csv');
    const r = await exportFiles([EVTX], { format: 'csv', output: out, filter: { sources: ['Microsoft-Windows-WAS'] } });
    const rows: Record<string, string>[] = parse(readFileSync(out), { columns: true });
    expect(r).toEqual({ written: 4, problems: [] });
    expect(rows.map((x) => `${x.provider} ${x.eventId}`)).toEqual(['5011', '5009', '5002', '5079'].map((id) => `Microsoft-Windows-WAS ${id}`));
    expect(rows[2]).toMatchObject({ level: 'Error', computer: 'APP01', channel: 'System', activityId: '{7A3C1E52-9B1D-4C1E-8F0A-2D5E6B7C8D90}', data: 'AppPoolID: OrderServicePool' });
  });

  it('exports every record of traces, an IIS log and an event log in one time order, each with its fields', async () => {
    const out = join(dir, 'records.jsonl');
    const r = await exportFiles([...TRACES, IIS, EVTX], { format: 'jsonl', output: out, what: 'records' });
    const rows: Record<string, string | number>[] = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(r.written).toBe(569 + 364 + 7);
    expect(rows).toHaveLength(r.written);
    const times = rows.map((x) => Date.parse(String(x.time)));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(rows.filter((x) => x.provider !== undefined)).toHaveLength(7);
    expect(rows.filter((x) => x.stem !== undefined)).toHaveLength(364);
    // Traces keep their skew adjustment here too: WEB01's displayed time is ~350 ms after its raw time.
    const web = rows.find((x) => x.computer === 'WEB01' && x.rawTime !== undefined)!;
    expect(Math.abs(Date.parse(String(web.time)) - Date.parse(String(web.rawTime)) - 350)).toBeLessThan(3);
  });
});

describe('Perfetto trace-event JSON', () => {
  type Ev = { name: string; ph: string; ts?: number; dur?: number; pid: number; tid: number; cat?: string; id?: string; bp?: string; args?: Record<string, unknown> };
  let events: Ev[];
  beforeAll(async () => {
    const out = join(dir, 'trace.json');
    await exportFiles(TRACES, { format: 'perfetto', output: out });
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.displayTimeUnit).toBe('ms');
    events = doc.traceEvents;
  });

  it('has the required fields on every event', () => {
    for (const e of events) {
      expect(typeof e.name).toBe('string');
      expect(['M', 'b', 'e', 'X', 'i', 's', 'f']).toContain(e.ph);
      expect(Number.isInteger(e.pid)).toBe(true);
      expect(Number.isInteger(e.tid)).toBe(true);
      if (e.ph !== 'M') expect(Number.isFinite(e.ts)).toBe(true);
      if (e.ph === 'X') expect(e.dur).toBeGreaterThan(0);
      if (e.ph === 'b' || e.ph === 'e' || e.ph === 's' || e.ph === 'f') expect(e.id).toBeTruthy();
    }
  });

  it('names one process per computer and one track per OS process', () => {
    const names = events.filter((e) => e.name === 'process_name').map((e) => e.args!.name);
    expect(names.sort()).toEqual(['APP01', 'WEB01']);
    expect(events.filter((e) => e.name === 'thread_name').map((e) => e.args!.name).sort()).toEqual(['OrderPortal (5120)', 'w3wp (3388)']);
  });

  it('pairs every async slice begin with one end, not before it', () => {
    const open = new Map<string, Ev>();
    for (const e of events.filter((x) => x.ph === 'b' || x.ph === 'e')) {
      const key = `${e.cat}/${e.id}`;
      if (e.ph === 'b') {
        expect(open.has(key)).toBe(false);
        open.set(key, e);
      } else {
        const b = open.get(key)!;
        expect(b).toBeDefined();
        expect(e.ts!).toBeGreaterThanOrEqual(b.ts!);
        open.delete(key);
      }
    }
    expect(open.size).toBe(0);
  });

  it('joins every message send to its receive with a flow whose ids pair up and bind to slices', () => {
    const starts = events.filter((e) => e.ph === 's');
    const finishes = events.filter((e) => e.ph === 'f');
    expect(starts).toHaveLength(80);
    expect(new Set(starts.map((e) => e.id)).size).toBe(80);
    expect(finishes.map((e) => e.id).sort()).toEqual(starts.map((e) => e.id).sort());
    const slices = events.filter((e) => e.ph === 'X');
    for (const s of starts) {
      const f = finishes.find((x) => x.id === s.id)!;
      expect(f.bp).toBe('e');
      expect(f.pid).not.toBe(s.pid); // across machines
      // With the skew correction applied, no message arrives before it was sent.
      expect(f.ts!).toBeGreaterThanOrEqual(s.ts!);
      for (const end of [s, f]) expect(slices.some((x) => x.pid === end.pid && x.tid === end.tid && x.ts! <= end.ts! && end.ts! <= x.ts! + x.dur!)).toBe(true);
    }
  });
});

describe('OTLP/JSON', () => {
  const Req = (otlpRoot as unknown as { opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoType } } } } } }).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
  interface ProtoType {
    fromObject(o: unknown): unknown;
    verify(m: unknown): string | null;
    encode(m: unknown): { finish(): Uint8Array };
    decode(b: Uint8Array): unknown;
    toObject(m: unknown, o: Record<string, unknown>): unknown;
  }
  const hexToB64 = (h: string) => Buffer.from(h, 'hex').toString('base64');
  const b64ToHex = (b: string) => Buffer.from(b, 'base64').toString('hex');
  /** Walks an OTLP object converting the id fields between hex (OTLP/JSON) and base64 (protobuf JSON). */
  function mapIds(o: unknown, f: (s: string) => string): unknown {
    if (Array.isArray(o)) return o.map((x) => mapIds(x, f));
    if (o && typeof o === 'object') {
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ['traceId', 'spanId', 'parentSpanId'].includes(k) && typeof v === 'string' ? f(v) : mapIds(v, f)]));
    }
    return o;
  }
  /** proto3 omits default values; drop them from ours before comparing. */
  function dropDefaults(o: unknown): unknown {
    if (Array.isArray(o)) return o.length ? o.map(dropDefaults) : undefined;
    if (o && typeof o === 'object') {
      const e = Object.entries(o).map(([k, v]) => [k, dropDefaults(v)] as const).filter(([, v]) => v !== undefined && v !== 0 && v !== '' && v !== '0');
      return e.length ? Object.fromEntries(e) : undefined;
    }
    return o;
  }

  it('decodes with the official protobuf definitions and round-trips without losing a field', async () => {
    const out = join(dir, 'spans.json');
    const r = await exportFiles(TRACES, { format: 'otlp', output: out });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.written).toBe(120);
    const msg = Req.fromObject(mapIds(json, hexToB64));
    expect(Req.verify(msg)).toBeNull();
    const back = Req.toObject(Req.decode(Req.encode(msg).finish()), { longs: String, enums: Number, bytes: String });
    expect(dropDefaults(mapIds(back, b64ToHex))).toEqual(dropDefaults(json));
  });

  it('makes valid ids, parents inside the export, and message links', async () => {
    const out = join(dir, 'spans2.json');
    await exportFiles(TRACES, { format: 'otlp', output: out });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    const spans = json.resourceSpans.flatMap((r: { scopeSpans: { spans: unknown[] }[] }) => r.scopeSpans.flatMap((s) => s.spans)) as {
      traceId: string; spanId: string; parentSpanId?: string; kind: number; startTimeUnixNano: string; endTimeUnixNano: string; links: { spanId: string }[]; status: { code: number };
    }[];
    const ids = new Set(spans.map((s) => s.spanId));
    expect(ids.size).toBe(spans.length);
    for (const s of spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      if (s.parentSpanId) expect(ids.has(s.parentSpanId)).toBe(true);
      expect(BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano)).toBe(true);
      for (const l of s.links) expect(ids.has(l.spanId)).toBe(true);
    }
    expect(spans.filter((s) => s.links.length > 0)).toHaveLength(80);
    expect(spans.filter((s) => s.status.code === 2)).toHaveLength(4);
    const resources = json.resourceSpans.map((r: { resource: { attributes: { key: string; value: { stringValue?: string } }[] } }) => r.resource.attributes.find((a) => a.key === 'host.name')!.value.stringValue);
    expect(resources.sort()).toEqual(['APP01', 'WEB01']);
  });
});
