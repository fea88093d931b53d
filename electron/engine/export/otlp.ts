/**
 * OTLP/JSON (the OpenTelemetry protocol's JSON mapping of ExportTraceServiceRequest), so a web
 * farm's traces can go to Jaeger or Grafana Tempo. Each activity segment (an activity in one
 * process) is a span; activities joined by transfers share a trace; a transfer makes the target a
 * child of its source, a propagated activity's later segments children of its first, and every
 * matched message a link from the receiving span to the sending one. Times are skew-adjusted.
 */
import type { SvclogIndex } from '../svclog';
import type { HostOffsets } from './clock';
import { activitySegments, type ActivitySegment, type Segments } from './segments';

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
export interface KeyValue {
  key: string;
  value: AnyValue;
}
export interface OtlpLink {
  traceId: string;
  spanId: string;
  attributes: KeyValue[];
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  links: OtlpLink[];
  status: { code: number; message?: string };
}
export interface OtlpExport {
  resourceSpans: {
    resource: { attributes: KeyValue[] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

/** OTLP SpanKind values. */
const KIND = { internal: 1, server: 2, client: 3 } as const;
/** OTLP Status codes. */
const STATUS = { unset: 0, error: 2 } as const;

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(value) } });
const nanos = (us: number) => (BigInt(Math.round(us)) * 1000n).toString();

/** 64-bit FNV-1a as 16 hex digits: a stable span id from what the span is. */
function spanIdOf(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  // An all-zero id is invalid in OTLP.
  return (h === 0n ? 1n : h).toString(16).padStart(16, '0');
}

/** Activities joined by transfers (the root activity joins nothing: it is everyone's parent). */
function traceGroups(index: SvclogIndex): Int32Array {
  const parent = Int32Array.from({ length: index.activities.length }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const t of index.transfers) {
    if (t.to < 0 || index.activities[t.from].isRoot || index.activities[t.to].isRoot) continue;
    const a = find(t.from);
    const b = find(t.to);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  return parent.map((_, i) => find(i));
}

export function buildOtlp(index: SvclogIndex, offsets: HostOffsets | undefined, version: string): OtlpExport {
  const seg: Segments = activitySegments(index, offsets);
  const group = traceGroups(index);
  const traceIdOf = (activity: number) => {
    const hex = index.activities[group[activity]].id.replace(/-/g, '').toLowerCase();
    return /^[0-9a-f]{32}$/.test(hex) && !/^0+$/.test(hex) ? hex : spanIdOf(`trace:${hex}`).repeat(2);
  };
  const spanId = (s: ActivitySegment) => spanIdOf(`${index.activities[s.activity].id}|${seg.tracks[s.track].key}`);

  // Parent of each activity from the transfer into it (its first one), and in which process.
  const transferParent = new Map<number, { from: number; track: number }>();
  for (const t of index.transfers) {
    if (t.to < 0 || transferParent.has(t.to) || index.activities[t.from].isRoot) continue;
    transferParent.set(t.to, { from: t.from, track: seg.trackOf(t.file, t.event) });
  }
  const segmentIn = (activity: number, track: number) => seg.segmentsOf[activity].map((k) => seg.segments[k]).find((s) => s.track === track);

  // Messages become links from the receiving segment to the sending one.
  const links = new Map<ActivitySegment, OtlpLink[]>();
  const actionOf = new Map(index.messages.map((m) => [`${m.file}:${m.event}`, m.action]));
  for (const p of index.pairs) {
    if (p.kind !== 'send-receive') continue;
    const fromSeg = segmentIn(index.activityOf(p.from), seg.trackOf(p.from.file, p.from.event));
    const toSeg = segmentIn(index.activityOf(p.to), seg.trackOf(p.to.file, p.to.event));
    if (!fromSeg || !toSeg || fromSeg === toSeg) continue;
    const action = actionOf.get(`${p.from.file}:${p.from.event}`) ?? '';
    if (!links.has(toSeg)) links.set(toSeg, []);
    links.get(toSeg)!.push({ traceId: traceIdOf(fromSeg.activity), spanId: spanId(fromSeg), attributes: [str('tracelens.link', 'message'), str('wcf.action', action)] });
  }

  const byTrack = new Map<number, OtlpSpan[]>();
  for (const [a, list] of seg.segmentsOf.entries()) {
    const activity = index.activities[a];
    if (activity.isRoot) continue;
    list.forEach((k, order) => {
      const s = seg.segments[k];
      let parent: ActivitySegment | undefined;
      let kind: number = KIND.internal;
      if (order > 0) {
        parent = seg.segments[list[0]];
        kind = KIND.server;
      } else {
        const tp = transferParent.get(a);
        if (tp) parent = segmentIn(tp.from, tp.track) ?? seg.segmentsOf[tp.from].map((x) => seg.segments[x])[0];
        if (list.length > 1) kind = KIND.client;
      }
      const error = s.worstLevel <= 2;
      const span: OtlpSpan = {
        traceId: traceIdOf(a),
        spanId: spanId(s),
        ...(parent && parent !== s ? { parentSpanId: spanId(parent) } : {}),
        name: activity.name || `Activity ${activity.id}`,
        kind,
        startTimeUnixNano: nanos(s.firstUs),
        endTimeUnixNano: nanos(Math.max(s.lastUs, s.firstUs)),
        attributes: [str('wcf.activity_id', activity.id), int('wcf.trace_count', s.traces), ...(activity.unbalanced ? [str('wcf.unbalanced', 'true')] : [])],
        links: links.get(s) ?? [],
        status: error ? { code: STATUS.error, message: 'The activity has errors.' } : { code: STATUS.unset },
      };
      if (!byTrack.has(s.track)) byTrack.set(s.track, []);
      byTrack.get(s.track)!.push(span);
    });
  }

  return {
    resourceSpans: [...byTrack].map(([track, spans]) => {
      const t = seg.tracks[track];
      return {
        resource: { attributes: [str('service.name', t.name), str('host.name', t.host), int('process.pid', t.pid), str('process.executable.name', t.name)] },
        scopeSpans: [{ scope: { name: 'tracelens', version }, spans }],
      };
    }),
  };
}
