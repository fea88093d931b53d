/**
 * OTLP over the wire against a local receiver that decodes every request with the OpenTelemetry
 * project's generated protobuf module (of opentelemetry-proto's .proto files): the HTTP shape
 * (POST /v1/traces, protobuf, gzip), then every span, parent, link and attribute against the
 * engine's own activities, transfers and message pairs; batching; the retry path (503 and 429,
 * Retry-After honoured, back-off doubling) and the refusal path (a 400's status and message in one
 * sentence, nothing retried).
 */
import * as otlpRoot from '@opentelemetry/otlp-transformer/build/src/generated/root';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportFiles } from '../../../electron/cli/export';
import { loadAll } from '../../../electron/cli/load-all';
import { buildOtlp } from '../../../electron/engine/export';
import { sendOtlp, tracesUrl } from '../../../electron/engine/export/otlp-http';
import { clockService } from '../../../electron/services/clock/service';
import { svclogViews } from '../../../electron/services/svclog-views/views';

const SAMPLES = resolve(__dirname, '../../../assets/samples');
const TRACES = [join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog')];

interface ProtoType {
  decode(b: Uint8Array): unknown;
  toObject(m: unknown, o: Record<string, unknown>): unknown;
}
const Req = (otlpRoot as unknown as { opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoType } } } } } }).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

type Attr = { key: string; value: { stringValue?: string; intValue?: string } };
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: Attr[];
  links?: { traceId: string; spanId: string; attributes?: Attr[] }[];
  resource: Record<string, string>;
}
const attr = (list: Attr[] | undefined, key: string) => {
  const v = list?.find((a) => a.key === key)?.value;
  return v?.stringValue ?? v?.intValue;
};

/** A collector: answers each request from `script` (then 200), recording what arrived, decoded. */
let server: Server;
let endpoint: string;
let script: ((res: ServerResponse) => void)[] = [];
let arrived: { path: string; method: string; type?: string; encoding?: string; spans: Span[] }[] = [];
function receive(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
    const msg = Req.toObject(Req.decode(body), { longs: String, enums: Number, bytes: String, defaults: false }) as {
      resourceSpans?: { resource?: { attributes?: Attr[] }; scopeSpans?: { spans?: Span[] }[] }[];
    };
    const hex = (b64: string | undefined) => (b64 === undefined ? undefined : Buffer.from(b64, 'base64').toString('hex'));
    const spans = (msg.resourceSpans ?? []).flatMap((rs) => {
      const resource = Object.fromEntries((rs.resource?.attributes ?? []).map((a) => [a.key, attr([a], a.key) ?? '']));
      return (rs.scopeSpans ?? []).flatMap((ss) =>
        (ss.spans ?? []).map((s) => ({
          ...s,
          traceId: hex(s.traceId)!,
          spanId: hex(s.spanId)!,
          parentSpanId: s.parentSpanId ? hex(s.parentSpanId) : undefined,
          links: (s.links ?? []).map((l) => ({ ...l, traceId: hex(l.traceId)!, spanId: hex(l.spanId)! })),
          resource,
        })),
      );
    });
    arrived.push({ path: req.url ?? '', method: req.method ?? '', type: req.headers['content-type'], encoding: req.headers['content-encoding'], spans });
    const next = script.shift();
    if (next) next(res);
    else res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
  });
}

beforeAll(async () => {
  server = createServer(receive);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script = [];
  arrived = [];
});

describe('OTLP/HTTP export to a collector', () => {
  it('posts gzip protobuf to /v1/traces, and every span, parent, link and attribute is what the engine found', async () => {
    const r = await exportFiles(TRACES, { format: 'otlp', output: '', endpoint });
    expect(r.problems).toEqual([]);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({ method: 'POST', path: '/v1/traces', type: 'application/x-protobuf', encoding: 'gzip' });
    const spans = arrived[0].spans;
    expect(r.written).toBe(spans.length);

    const { session } = await loadAll(TRACES);
    const view = svclogViews(session).view();
    const index = view.index;
    const offsets = clockService(session).offsetsUs(index);
    const byActivity = new Map<string, Span[]>();
    for (const s of spans) {
      const id = attr(s.attributes, 'wcf.activity_id')!;
      if (!byActivity.has(id)) byActivity.set(id, []);
      byActivity.get(id)!.push(s);
    }
    // One span per activity and process it ran in; root activities are no span.
    let expected = 0;
    index.activities.forEach((a, k) => {
      if (a.isRoot) return expect(byActivity.has(a.id)).toBe(false);
      const mine = byActivity.get(a.id)!;
      const processes = new Set(index.eventsOf(k).map((e) => `${e.file}|${index.files[e.file].events.pid[e.event]}`));
      expect(mine).toHaveLength(processes.size);
      expected += processes.size;
      for (const s of mine) {
        expect(s.name).toBe(a.name || `Activity ${a.id}`);
        expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(a.hosts).toContain(s.resource['host.name']);
      }
      // Trace counts add up to the activity's; start and end are its first and last trace, skew-adjusted.
      expect(mine.reduce((n, s) => n + Number(attr(s.attributes, 'wcf.trace_count')), 0)).toBe(a.traceCount);
      const start = mine.map((s) => BigInt(s.startTimeUnixNano)).reduce((x, y) => (y < x ? y : x));
      const end = mine.map((s) => BigInt(s.endTimeUnixNano)).reduce((x, y) => (y > x ? y : x));
      expect(start).toBe(BigInt(Math.round(view.activityTimes.firstUs[k])) * 1000n);
      expect(end).toBe(BigInt(Math.round(view.activityTimes.lastUs[k])) * 1000n);
    });
    expect(spans).toHaveLength(expected);
    expect(offsets.get('WEB01')).not.toBe(0);

    // A transfer makes the target's first span a child of a span of the source, in the same trace.
    const bySpanId = new Map(spans.map((s) => [s.spanId, s]));
    let transfers = 0;
    for (const t of index.transfers) {
      if (t.to < 0 || index.activities[t.from].isRoot || index.activities[t.to].isRoot) continue;
      const targets = byActivity.get(index.activities[t.to].id)!;
      const first = targets.reduce((x, y) => (BigInt(y.startTimeUnixNano) < BigInt(x.startTimeUnixNano) ? y : x));
      const parent = bySpanId.get(first.parentSpanId ?? '');
      expect(parent).toBeDefined();
      expect(first.traceId).toBe(parent!.traceId);
      transfers++;
    }
    expect(transfers).toBeGreaterThan(0);

    // Each send/receive pair across processes is a link from the receiving span to the sending one, naming the action.
    const links = spans.flatMap((s) => (s.links ?? []).map((l) => ({ from: s, to: bySpanId.get(l.spanId), l })));
    const actionOf = new Map(index.messages.map((m) => [`${m.file}:${m.event}`, m.action]));
    const expectedLinks = index.pairs.filter((p) => p.kind === 'send-receive' && p.from.file !== p.to.file);
    expect(links).toHaveLength(expectedLinks.length);
    for (const p of expectedLinks) {
      const sender = index.activities[index.activityOf(p.from)].id;
      const receiver = index.activities[index.activityOf(p.to)].id;
      const action = actionOf.get(`${p.from.file}:${p.from.event}`);
      const hit = links.find((x) => attr(x.from.attributes, 'wcf.activity_id') === receiver && attr(x.to?.attributes, 'wcf.activity_id') === sender && attr(x.l.attributes, 'wcf.action') === action);
      expect(hit, `link ${receiver} → ${sender}`).toBeDefined();
      expect(hit!.l.traceId).toBe(hit!.to!.traceId);
      expect(attr(hit!.l.attributes, 'tracelens.link')).toBe('message');
    }
    // Activities with errors carry an error status.
    const errored = index.activities.filter((a) => !a.isRoot && a.worstLevel <= 2);
    expect(errored.length).toBeGreaterThan(0);
    for (const a of errored) expect(byActivity.get(a.id)!.some((s) => (s as unknown as { status?: { code?: number } }).status?.code === 2)).toBe(true);
  });

  it('sends in batches, each request whole', async () => {
    const { session } = await loadAll(TRACES);
    const otlp = buildOtlp(svclogViews(session).view().index, undefined, 'test');
    const total = otlp.resourceSpans.reduce((n, r) => n + r.scopeSpans[0].spans.length, 0);
    const r = await sendOtlp(otlp, { endpoint, batchSpans: 25 });
    expect(r).toEqual({ sent: total, requests: Math.ceil(total / 25), problems: [] });
    expect(arrived.map((a) => a.spans.length)).toEqual([...Array(Math.floor(total / 25)).fill(25), ...(total % 25 ? [total % 25] : [])]);
    expect(new Set(arrived.flatMap((a) => a.spans.map((s) => s.spanId))).size).toBe(total);
  });

  it('retries 503 and 429 with back-off, honouring Retry-After, and then delivers', async () => {
    script = [
      (res) => res.writeHead(503, { 'Retry-After': '7' }).end(),
      (res) => res.writeHead(429).end(),
      (res) => res.writeHead(503).end(),
    ];
    const { session } = await loadAll(TRACES);
    const otlp = buildOtlp(svclogViews(session).view().index, undefined, 'test');
    const waits: number[] = [];
    const r = await sendOtlp(otlp, { endpoint, backoffMs: 100, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([7000, 200, 400]);
    expect(arrived).toHaveLength(4);
    expect(r.requests).toBe(4);
    expect(r.sent).toBe(arrived[3].spans.length);
  });

  it('gives up after its tries with one sentence, and says when the collector cannot be reached', async () => {
    script = [(res) => res.writeHead(503).end('overloaded'), (res) => res.writeHead(503).end('overloaded')];
    const { session } = await loadAll(TRACES);
    const otlp = buildOtlp(svclogViews(session).view().index, undefined, 'test');
    await expect(sendOtlp(otlp, { endpoint, attempts: 2, sleep: async () => {} })).rejects.toThrow(`Could not send spans to ${endpoint}/v1/traces: HTTP 503 Service Unavailable: overloaded (2 tries).`);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(sendOtlp(otlp, { endpoint: `http://127.0.0.1:${port}`, attempts: 2, sleep: async () => {} })).rejects.toThrow(`Could not send spans to http://127.0.0.1:${port}/v1/traces: connection refused (2 tries).`);
  });

  it('stops at a refusal (4xx) and names the status and the collector\'s own message, without retrying', async () => {
    // google.rpc.Status { code: 3, message: "invalid span: empty name" } as protobuf.
    const message = Buffer.from('invalid span: empty name\nsecond line');
    const status = Buffer.concat([Buffer.from([0x08, 0x03, 0x12, message.length]), message]);
    script = [(res) => res.writeHead(400, { 'Content-Type': 'application/x-protobuf' }).end(status)];
    const r = await exportFiles(TRACES, { format: 'otlp', output: '', endpoint });
    expect(r).toEqual({ written: 0, problems: [`The collector at ${endpoint}/v1/traces refused the spans: HTTP 400 Bad Request: invalid span: empty name second line.`] });
    expect(arrived).toHaveLength(1);
  });

  it('reports a partial success, and refuses an endpoint that is not an http URL', async () => {
    // ExportTraceServiceResponse { partial_success { rejected_spans: 3, error_message: "too old" } }.
    const msg = Buffer.from('too old');
    const partial = Buffer.concat([Buffer.from([0x08, 0x03, 0x12, msg.length]), msg]);
    script = [(res) => res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end(Buffer.concat([Buffer.from([0x0a, partial.length]), partial]))];
    const r = await exportFiles(TRACES, { format: 'otlp', output: '', endpoint: `${endpoint}/` });
    expect(r.problems).toEqual(['The collector rejected 3 of the spans: too old.']);
    expect(arrived[0].path).toBe('/v1/traces');
    expect(tracesUrl('http://tempo:4318/otlp/v1/traces').href).toBe('http://tempo:4318/otlp/v1/traces');
    const bad = await exportFiles(TRACES, { format: 'otlp', output: '', endpoint: 'grpc://localhost:4317' });
    expect(bad).toEqual({ written: 0, problems: ['The OTLP endpoint "grpc://localhost:4317" must be an http:// or https:// URL (OTLP/HTTP), like http://localhost:4318.'] });
  });
});
