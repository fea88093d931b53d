/**
 * OTLP over the wire: the spans of `buildOtlp` sent to an OpenTelemetry Collector (or Jaeger,
 * Tempo…) as OTLP/HTTP protobuf — POST {endpoint}/v1/traces, `Content-Type: application/x-protobuf`,
 * gzip — in batches, retried with exponential back-off on 429, 502, 503, 504 and network errors
 * (a Retry-After the collector sends is honoured). Any other refusal stops at once with one
 * sentence naming the status and the collector's own message. Encoded with protobufjs and the
 * OpenTelemetry project's generated module of its .proto files (@opentelemetry/otlp-transformer).
 */
import { gzipSync } from 'node:zlib';
import { Reader } from 'protobufjs/minimal';
import * as generated from '@opentelemetry/otlp-transformer/build/src/generated/root';
import type { KeyValue, OtlpExport, OtlpSpan } from './otlp';

interface ProtoType {
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
}
const v1 = (generated as unknown as { opentelemetry: { proto: { collector: { trace: { v1: Record<'ExportTraceServiceRequest' | 'ExportTraceServiceResponse', ProtoType> } } } } }).opentelemetry.proto.collector.trace.v1;

export interface OtlpSendOptions {
  /** The collector: a base URL (`http://host:4318`, `/v1/traces` is added) or the full traces URL. */
  endpoint: string;
  /** Spans per request (default 1,000). */
  batchSpans?: number;
  /** Tries per batch before giving up (default 6). */
  attempts?: number;
  /** First back-off (ms, default 500), doubled each retry, at most `maxDelayMs`. */
  backoffMs?: number;
  /** Longest wait between tries, Retry-After included (ms, default 30 s). */
  maxDelayMs?: number;
  /** Per request (ms, default 30 s). */
  timeoutMs?: number;
  /** Waits between tries (tests pass a recording one). */
  sleep?: (ms: number) => Promise<void>;
}

export interface OtlpSendOutcome {
  /** Spans the collector accepted. */
  sent: number;
  requests: number;
  /** Sentences: spans the collector rejected in part (partial success). */
  problems: string[];
}

/** A refusal or a collector that could not be reached: the message is the one line to show. */
export class OtlpSendError extends Error {}

/** The traces URL of an endpoint, or a sentence saying what is wrong with it. */
export function tracesUrl(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new OtlpSendError(`The OTLP endpoint "${endpoint}" is not a URL; give one like http://localhost:4318.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OtlpSendError(`The OTLP endpoint "${endpoint}" must be an http:// or https:// URL (OTLP/HTTP), like http://localhost:4318.`);
  if (!/\/v1\/traces\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url;
}

// ---- OTLP/JSON mapping → protobuf message objects -------------------------------------------

const bytes = (hex: string) => Buffer.from(hex, 'hex');
/** A fixed64 as protobufjs's writer takes it without a Long library: {low, high}. */
function fixed64(decimal: string): { low: number; high: number } {
  const v = BigInt(decimal);
  return { low: Number(v & 0xffffffffn), high: Number((v >> 32n) & 0xffffffffn) };
}
function attributes(list: readonly KeyValue[]) {
  return list.map(({ key, value }) => ({ key, value: 'intValue' in value ? { intValue: Number(value.intValue) } : value }));
}
function protoSpan(s: OtlpSpan) {
  return {
    traceId: bytes(s.traceId),
    spanId: bytes(s.spanId),
    ...(s.parentSpanId ? { parentSpanId: bytes(s.parentSpanId) } : {}),
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: fixed64(s.startTimeUnixNano),
    endTimeUnixNano: fixed64(s.endTimeUnixNano),
    attributes: attributes(s.attributes),
    links: s.links.map((l) => ({ traceId: bytes(l.traceId), spanId: bytes(l.spanId), attributes: attributes(l.attributes) })),
    status: s.status,
  };
}

/** Splits the export into requests of at most `size` spans, each keeping its spans' resource and scope. */
export function* batches(otlp: OtlpExport, size: number): Generator<{ request: unknown; spans: number }> {
  let resources: unknown[] = [];
  let n = 0;
  for (const rs of otlp.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (let at = 0; at < ss.spans.length; ) {
        const take = ss.spans.slice(at, at + (size - n));
        resources.push({ resource: { attributes: attributes(rs.resource.attributes) }, scopeSpans: [{ scope: ss.scope, spans: take.map(protoSpan) }] });
        n += take.length;
        at += take.length;
        if (n >= size) {
          yield { request: { resourceSpans: resources }, spans: n };
          resources = [];
          n = 0;
        }
      }
    }
  }
  if (n > 0) yield { request: { resourceSpans: resources }, spans: n };
}

// ---- HTTP ---------------------------------------------------------------------------------------

const RETRYABLE = new Set([429, 502, 503, 504]);

/** Retry-After as ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The collector's message: google.rpc.Status (field 2, message) for protobuf, else the text's first line. */
export function collectorMessage(body: Uint8Array, contentType: string | null): string {
  let text = '';
  if (/protobuf/i.test(contentType ?? '')) {
    try {
      const r = Reader.create(body);
      while (r.pos < r.len) {
        const tag = r.uint32();
        if (tag >>> 3 === 2 && (tag & 7) === 2) {
          text = r.string();
          break;
        }
        r.skipType(tag & 7);
      }
    } catch {
      text = '';
    }
  } else text = Buffer.from(body).toString('utf8');
  // One line, no control characters, bounded: it is shown as it is.
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 300);
}

function partialRejection(body: Uint8Array): string | undefined {
  if (body.length === 0) return undefined;
  try {
    const res = v1.ExportTraceServiceResponse.decode(body) as { partialSuccess?: { rejectedSpans?: number | { toNumber(): number }; errorMessage?: string } };
    const p = res.partialSuccess;
    const rejected = typeof p?.rejectedSpans === 'object' ? p.rejectedSpans.toNumber() : Number(p?.rejectedSpans ?? 0);
    if (!rejected) return undefined;
    return `The collector rejected ${rejected} of the spans${p?.errorMessage ? `: ${collectorMessage(Buffer.from(p.errorMessage), 'text/plain')}` : ''}.`;
  } catch {
    return undefined;
  }
}

const statusLine = (res: Response) => `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;

/** Sends every span; resolves with what was accepted, or rejects with an OtlpSendError (one line). */
export async function sendOtlp(otlp: OtlpExport, o: OtlpSendOptions): Promise<OtlpSendOutcome> {
  const url = tracesUrl(o.endpoint);
  const attempts = o.attempts ?? 6;
  const maxDelay = o.maxDelayMs ?? 30_000;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const out: OtlpSendOutcome = { sent: 0, requests: 0, problems: [] };
  for (const batch of batches(otlp, o.batchSpans ?? 1000)) {
    const body = gzipSync(v1.ExportTraceServiceRequest.encode(batch.request).finish());
    let delay = o.backoffMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      let failure: string;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip', 'User-Agent': 'TraceLens' },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
        });
        const reply = new Uint8Array(await res.arrayBuffer());
        out.requests++;
        if (res.ok) {
          const partial = partialRejection(reply);
          if (partial) out.problems.push(partial);
          out.sent += batch.spans;
          break;
        }
        const said = collectorMessage(reply, res.headers.get('content-type'));
        failure = `${statusLine(res)}${said ? `: ${said}` : ''}`;
        if (!RETRYABLE.has(res.status)) throw new OtlpSendError(`The collector at ${url.href} refused the spans: ${failure}.`);
      } catch (e) {
        if (e instanceof OtlpSendError) throw e;
        const cause = (e as { cause?: { code?: string } }).cause?.code;
        failure = (e as Error).name === 'TimeoutError' ? 'no answer in time' : cause === 'ECONNREFUSED' ? 'connection refused' : cause ?? (e as Error).message;
      }
      if (attempt >= attempts) throw new OtlpSendError(`Could not send spans to ${url.href}: ${failure} (${attempts} tries${out.sent ? `; ${out.sent} spans were sent before` : ''}).`);
      const wait = Math.min(maxDelay, retryAfterMs(res?.headers.get('retry-after') ?? null) ?? delay);
      await sleep(wait);
      delay = Math.min(maxDelay, delay * 2);
    }
  }
  return out;
}
