/**
 * Message pairs. A send and a receive of the same message (across files, processes and machines)
 * are matched by MessageID, or — for messages without one — by ActivityId header + Action +
 * exchange role; the same logging layer is preferred (ServiceLevel with ServiceLevel, Transport
 * with Transport), then a different process, then the nearest time. A reply is linked to its
 * request by RelatesTo. Both ends keep their raw timestamps: the clock-skew solver needs them.
 */
import type { PairableMessage } from './messages';

export interface PairEnd {
  file: number;
  event: number;
  message: number;
  timeUs: number;
  tick: number;
  host: string;
  process: string;
}

export interface MessagePair {
  /** send-receive: one message seen on both sides; request-reply: a reply and its request. */
  kind: 'send-receive' | 'request-reply';
  by: 'message-id' | 'activity-action' | 'relates-to';
  /** The send (send-receive) or the request (request-reply). */
  from: PairEnd;
  /** The receive (send-receive) or the reply (request-reply). */
  to: PairEnd;
}

function end(m: PairableMessage): PairEnd {
  return { file: m.file, event: m.event, message: m.message, timeUs: m.timeUs, tick: m.tick, host: m.host, process: m.process };
}

function sameProcess(a: PairableMessage, b: PairableMessage): boolean {
  return a.file === b.file && a.host === b.host && a.process === b.process;
}

/** Groups larger than this are matched in time order only (quadratic matching would stall). */
const MAX_GROUP = 64;
/** Scratch flags for matchGroup (its groups have at most MAX_GROUP members): no allocation per group. */
const taken = new Uint8Array(MAX_GROUP);
const sentDone = new Uint8Array(MAX_GROUP);

/** Greedy matching of sends to receives inside one key group. */
function matchGroup(sends: PairableMessage[], receives: PairableMessage[], by: MessagePair['by'], out: MessagePair[]): void {
  if (sends.length === 1 && receives.length === 1) {
    // The common case: every pass accepts the only candidate when their time gap is a number.
    if (Math.abs(receives[0].timeUs - sends[0].timeUs) < Infinity) out.push({ kind: 'send-receive', by, from: end(sends[0]), to: end(receives[0]) });
    return;
  }
  taken.fill(0, 0, receives.length);
  sentDone.fill(0, 0, sends.length);
  // Pass 0: same layer in another process; 1: same layer; 2: any layer in another process; 3: anything.
  for (let pass = 0; pass < 4; pass++) {
    for (let s = 0; s < sends.length; s++) {
      if (sentDone[s]) continue;
      const snd = sends[s];
      let best = -1;
      let bestGap = Infinity;
      for (let r = 0; r < receives.length; r++) {
        if (taken[r]) continue;
        const rcv = receives[r];
        if (pass < 2 && rcv.layer !== snd.layer) continue;
        if ((pass === 0 || pass === 2) && sameProcess(snd, rcv)) continue;
        const gap = Math.abs(rcv.timeUs - snd.timeUs);
        if (gap < bestGap) {
          bestGap = gap;
          best = r;
        }
      }
      if (best >= 0) {
        taken[best] = 1;
        sentDone[s] = 1;
        out.push({ kind: 'send-receive', by, from: end(snd), to: end(receives[best]) });
      }
    }
  }
}

export function pairMessages(messages: readonly PairableMessage[]): MessagePair[] {
  const out: MessagePair[] = [];
  // By MessageID, `all` keeps every record with that id in order: the requests RelatesTo looks up.
  const byId = new Map<string, { s: PairableMessage[]; r: PairableMessage[]; all: PairableMessage[] }>();
  const byActivity = new Map<string, { s: PairableMessage[]; r: PairableMessage[]; all: PairableMessage[] }>();
  for (const m of messages) {
    let key: string;
    let map: typeof byId;
    if (m.messageId) {
      key = m.messageId;
      map = byId;
    } else if (m.activityHeader && m.action) {
      key = `${m.activityHeader}|${m.action}|${m.role}`;
      map = byActivity;
    } else continue;
    let g = map.get(key);
    if (!g) map.set(key, (g = { s: [], r: [], all: [] }));
    (m.direction === 'send' ? g.s : g.r).push(m);
    if (map === byId) g.all.push(m);
  }
  for (const [map, by] of [
    [byId, 'message-id'],
    [byActivity, 'activity-action'],
  ] as const) {
    for (const g of map.values()) {
      if (g.s.length === 0 || g.r.length === 0) continue;
      if (g.s.length + g.r.length > MAX_GROUP) {
        const n = Math.min(g.s.length, g.r.length);
        for (let k = 0; k < n; k++) out.push({ kind: 'send-receive', by, from: end(g.s[k]), to: end(g.r[k]) });
      } else matchGroup(g.s, g.r, by, out);
    }
  }
  // Request ↔ reply: the reply's RelatesTo names the request's MessageID. Prefer the request seen
  // in the same process on the opposite direction (server: ReceiveRequest → SendReply).
  for (const reply of messages) {
    if (!reply.relatesTo) continue;
    const cands = byId.get(reply.relatesTo)?.all;
    if (!cands) continue;
    const pick =
      cands.find((c) => sameProcess(c, reply) && c.direction !== reply.direction && c.layer === reply.layer) ??
      cands.find((c) => sameProcess(c, reply) && c.direction !== reply.direction) ??
      cands.find((c) => c.direction !== reply.direction) ??
      cands[0];
    out.push({ kind: 'request-reply', by: 'relates-to', from: end(pick), to: end(reply) });
  }
  return out;
}
