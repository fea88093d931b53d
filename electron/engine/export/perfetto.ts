/**
 * Chrome / Perfetto trace-event JSON (the "JSON Array/Object" format Perfetto UI opens): one
 * process per computer, one thread track per OS process, activities as async slices on their
 * process, message records as 1 µs slices joined send → receive by flow arrows, errors and
 * warnings as instant events. Times are skew-adjusted microseconds.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { SvclogIndex } from '../svclog';
import { adjust, type HostOffsets } from './clock';
import { activitySegments, hostsOf } from './segments';

export interface TraceEvent {
  name: string;
  ph: 'M' | 'b' | 'e' | 'X' | 'i' | 's' | 'f';
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  id?: string;
  bp?: 'e';
  s?: 't' | 'p' | 'g';
  args?: Record<string, unknown>;
}

const LEVEL = { critical: 1, error: 2, warning: 4 } as const;

export function* perfettoEvents(index: SvclogIndex, offsets?: HostOffsets): Generator<TraceEvent> {
  const seg = activitySegments(index, offsets);
  const hosts = hostsOf(seg.tracks);
  const pidOf = (track: number) => hosts.indexOf(seg.tracks[track].host) + 1;
  const tidOf = (track: number) => track + 1;
  for (const [i, host] of hosts.entries()) {
    yield { name: 'process_name', ph: 'M', pid: i + 1, tid: 0, args: { name: host } };
    yield { name: 'process_sort_index', ph: 'M', pid: i + 1, tid: 0, args: { sort_index: i } };
  }
  for (let t = 0; t < seg.tracks.length; t++) yield { name: 'thread_name', ph: 'M', pid: pidOf(t), tid: tidOf(t), args: { name: seg.tracks[t].label } };

  for (const [k, s] of seg.segments.entries()) {
    const a = index.activities[s.activity];
    const name = a.name || (a.isRoot ? 'Root activity' : `Activity ${a.id}`);
    const common = { cat: 'activity', id: `seg${k}`, pid: pidOf(s.track), tid: tidOf(s.track) };
    yield { ...common, name, ph: 'b', ts: s.firstUs, args: { activityId: a.id, traces: s.traces, hosts: a.hosts.join(', ') } };
    yield { ...common, name, ph: 'e', ts: Math.max(s.lastUs, s.firstUs + 1) };
  }

  // Message records as short slices (so flows have something to bind to), then the flows.
  const markOf = new Map<string, { ts: number; pid: number; tid: number }>();
  for (const m of index.messages) {
    const track = seg.trackOf(m.file, m.event);
    const ts = adjust(offsets, m.host, m.timeUs);
    markOf.set(`${m.file}:${m.event}`, { ts, pid: pidOf(track), tid: tidOf(track) });
    yield { name: `${m.source} ${shortAction(m.action)}`.trim(), ph: 'X', ts, dur: 1, pid: pidOf(track), tid: tidOf(track), cat: 'message', args: { action: m.action, messageId: m.messageId, to: m.to } };
  }
  let flow = 0;
  for (const p of index.pairs) {
    if (p.kind !== 'send-receive') continue;
    const from = markOf.get(`${p.from.file}:${p.from.event}`);
    const to = markOf.get(`${p.to.file}:${p.to.event}`);
    if (!from || !to) continue;
    const id = `msg${flow++}`;
    yield { name: 'message', ph: 's', cat: 'message', id, ts: from.ts, pid: from.pid, tid: from.tid };
    yield { name: 'message', ph: 'f', bp: 'e', cat: 'message', id, ts: to.ts, pid: to.pid, tid: to.tid };
  }

  // Errors and warnings stand out as instant events on their process.
  for (const [slot, f] of index.files.entries()) {
    const ev = f.events;
    for (let i = 0; i < f.recordCount; i++) {
      const level = ev.level[i];
      if (level !== LEVEL.critical && level !== LEVEL.error && level !== LEVEL.warning) continue;
      const track = seg.trackOf(slot, i);
      const host = seg.tracks[track].host;
      yield { name: f.description(i) || f.str(ev.subType[i]), ph: 'i', s: 't', ts: adjust(offsets, host, ev.timeUs[i]), pid: pidOf(track), tid: tidOf(track), cat: level === LEVEL.warning ? 'warning' : 'error', args: { exception: f.str(ev.exceptionType[i]) || undefined } };
    }
  }
}

function shortAction(action: string): string {
  const slash = action.lastIndexOf('/');
  return slash >= 0 ? action.slice(slash + 1) : action;
}

/** Streams `{"traceEvents":[…],"displayTimeUnit":"ms"}`; resolves with the number of events. */
export async function writePerfetto(index: SvclogIndex, out: Writable, offsets?: HostOffsets): Promise<number> {
  let n = 0;
  out.write('{"displayTimeUnit":"ms","traceEvents":[\n');
  for (const e of perfettoEvents(index, offsets)) {
    if (!out.write(`${n ? ',\n' : ''}${JSON.stringify(e)}`)) await once(out, 'drain');
    n++;
  }
  out.write('\n]}\n');
  return n;
}
