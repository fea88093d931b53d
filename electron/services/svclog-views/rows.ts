/** Turns global event numbers and index entries into the rows the contract sends. */
import type { ActivityRow, MessageRow, TraceListRow } from '../../../shared/channels/svclog';
import type { MessageInfo, MessagePair, PairEnd } from '../../engine/svclog';
import type { FilterResult } from './filter';
import { LEVEL_CLASS, type ViewIndex } from './view-index';

const LEVEL_OF_CLASS: TraceListRow['level'][] = ['critical', 'error', 'warning', 'info', 'verbose', 'verbose'];

export function traceRow(view: ViewIndex, g: number): TraceListRow {
  const { file, event } = view.eventOf(g);
  const ev = file.events;
  const cls = view.levelClass[g];
  return {
    fileId: file.fileId,
    index: event,
    activity: view.activityOf[g],
    timeUs: view.timeUs[g],
    rawTimeUs: view.rawTimeUs[g],
    tick: ev.tick[event],
    level: LEVEL_OF_CLASS[cls],
    kind: file.str(ev.subType[event]),
    boundary: cls === LEVEL_CLASS.boundaries,
    text: describe(view, g, file.description(event), file.str(ev.subType[event]), file.str(ev.activityName[event])),
    process: file.processLabel(event),
    host: file.str(ev.computer[event]),
    thread: ev.tid[event],
    source: file.str(ev.source[event]),
    transferTo: view.transferTo.get(g) ?? -1,
    isMessage: ev.message[event] >= 0,
    activityName: activityName(view, view.activityOf[g]),
    deltaUs: 0,
  };
}

function activityName(view: ViewIndex, a: number): string {
  const act = view.index.activities[a];
  return act ? act.name || `{${act.id}}` : '';
}

/** Errors (critical or error) red, warnings yellow: from an activity's worst level. */
function severityOf(worst: number): ActivityRow['severity'] {
  return worst === 1 || worst === 2 ? 'error' : worst === 4 ? 'warning' : 'none';
}

/** Boundary traces often carry no description: say what they do, as STV does. */
function describe(view: ViewIndex, g: number, text: string, kind: string, activityName: string): string {
  if (text) return text;
  if (kind === 'Transfer') {
    const to = view.transferTo.get(g);
    return to === undefined ? 'Transfer' : `Transfer to ${view.index.activities[to].name || `{${view.index.activities[to].id}}`}`;
  }
  return activityName ? `${kind} ${activityName}` : kind;
}

export function activityRow(view: ViewIndex, a: number, filtered: FilterResult): ActivityRow {
  const act = view.index.activities[a];
  const worst = act.worstLevel;
  // Displayed (clock-adjusted) span; the engine's own first/last are raw.
  const span = view.activityTimes;
  const known = !Number.isNaN(span.firstUs[a]);
  const firstUs = known ? span.firstUs[a] : act.firstUs;
  const lastUs = known ? span.lastUs[a] : act.lastUs;
  return {
    index: a,
    id: act.id,
    name: activityName(view, a),
    type: view.activityTypes[a],
    traces: filtered.activityCounts[a],
    allTraces: act.traceCount,
    firstUs,
    firstTick: known ? span.firstTick[a] : act.firstTick,
    lastUs,
    lastTick: known ? span.lastTick[a] : act.lastTick,
    durationUs: lastUs - firstUs,
    hosts: act.hosts.join(', '),
    severity: severityOf(worst),
  };
}

/** Send-receive partners: the other end of each message, to show where it came from or went. */
export function peersOf(view: ViewIndex, pairs: readonly MessagePair[]): Map<number, PairEnd> {
  const peers = new Map<number, PairEnd>();
  for (const p of pairs) {
    if (p.kind !== 'send-receive') continue;
    peers.set(view.base[p.from.file] + p.from.event, p.to);
    peers.set(view.base[p.to.file] + p.to.event, p.from);
  }
  return peers;
}

const where = (host: string, process: string) => (host ? `${process} on ${host}` : process);

export function messageRow(view: ViewIndex, m: MessageInfo, peer: PairEnd | undefined): MessageRow {
  const g = view.base[m.file] + m.event;
  const here = where(m.host, m.process);
  const there = peer ? where(peer.host, peer.process) : undefined;
  return {
    fileId: m.fileId,
    index: m.event,
    activity: view.activityOf[g],
    timeUs: view.timeUs[g],
    rawTimeUs: m.timeUs,
    tick: m.tick,
    action: m.action || [m.httpMethod, m.httpStatus].filter(Boolean).join(' '),
    from: m.direction === 'send' ? here : (there ?? (m.replyTo || '—')),
    to: m.direction === 'send' ? (there ?? m.to) : here,
    direction: m.direction,
    source: m.source,
    process: m.process,
    host: m.host,
    severity: severityOf(view.index.activities[view.activityOf[g]]?.worstLevel ?? 0),
    deltaUs: 0,
  };
}
