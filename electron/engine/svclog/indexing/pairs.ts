/**
 * Message pairs. A send and a receive of the same message (across files, processes and machines)
 * are matched by the CorrelationId of the ActivityId header (WCF writes it so that tools can match
 * the two ends of a message across machines; it is there without WS-Addressing, as in
 * basicHttpBinding), then — for messages it left unpaired — by MessageID, then by ActivityId header +
 * Action + exchange role; inside a key the same logging layer is preferred (ServiceLevel with
 * ServiceLevel, Transport with Transport), then a different process, then the nearest time. A reply
 * is linked to its request by RelatesTo, or — without one (SOAP 1.1, no WS-Addressing) — to the
 * request the same process and activity handled just before it in the other direction. Both ends
 * keep their raw timestamps: the clock-skew solver needs them.
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
  by: 'correlation-id' | 'message-id' | 'activity-action' | 'relates-to' | 'exchange';
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
function matchGroup(messages: readonly PairableMessage[], s: number[], r: number[]): [number, number][] {
  const sends = s.map((k) => messages[k]);
  const receives = r.map((k) => messages[k]);
  if (sends.length === 1 && receives.length === 1) {
    // The common case: every pass accepts the only candidate when their time gap is a number.
    return Math.abs(receives[0].timeUs - sends[0].timeUs) < Infinity ? [[s[0], r[0]]] : [];
  }
  const out: [number, number][] = [];
  taken.fill(0, 0, receives.length);
  sentDone.fill(0, 0, sends.length);
  // Pass 0: same layer in another process; 1: same layer; 2: any layer in another process; 3: anything.
  for (let pass = 0; pass < 4; pass++) {
    for (let si = 0; si < sends.length; si++) {
      if (sentDone[si]) continue;
      const snd = sends[si];
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
        sentDone[si] = 1;
        out.push([s[si], r[best]]);
      }
    }
  }
  return out;
}

/**
 * Messages grouped by a string key without an array per group: members are chained through
 * typed arrays (in message order), and arrays are made only for groups that have both a send and
 * a receive. Groups keep the order their keys were first seen.
 */
class KeyGroups {
  private readonly ids = new Map<Key, number>();
  /** Group + 1 per numeric key below `space` (string ids): a typed array instead of hashing. */
  private readonly dense: Int32Array | null;
  private groups = 0;
  /** Per group: first and last member of its sends (0) and receives (1), -1 when none. */
  private readonly head: Int32Array[];
  private readonly tail: Int32Array[];
  private readonly count: Int32Array[];
  /** Per message: the next member of the same group and direction. */
  private readonly next: Int32Array;
  /** Every member of a group in message order (the requests RelatesTo looks up). */
  private readonly allHead: Int32Array;
  private readonly allTail: Int32Array;
  private readonly allNext: Int32Array;

  constructor(messages: number, space = 0) {
    this.dense = space > 0 ? new Int32Array(space) : null;
    const perGroup = () => new Int32Array(messages).fill(-1);
    this.head = [perGroup(), perGroup()];
    this.tail = [perGroup(), perGroup()];
    this.count = [new Int32Array(messages), new Int32Array(messages)];
    this.next = new Int32Array(messages).fill(-1);
    this.allHead = perGroup();
    this.allTail = perGroup();
    this.allNext = new Int32Array(messages).fill(-1);
  }

  /** The group of `key`, made when new (`make`), else undefined when it has none. */
  private group(key: Key, make: boolean): number | undefined {
    const dense = this.dense;
    if (dense && typeof key === 'number' && key < dense.length) {
      let g = dense[key] - 1;
      if (g < 0 && make) dense[key] = (g = this.groups++) + 1;
      return g < 0 ? undefined : g;
    }
    let g = this.ids.get(key);
    if (g === undefined && make) this.ids.set(key, (g = this.groups++));
    return g;
  }

  add(key: Key, m: number, receive: boolean): void {
    const g = this.group(key, true) as number;
    const side = receive ? 1 : 0;
    const last = this.tail[side][g];
    if (last < 0) this.head[side][g] = m;
    else this.next[last] = m;
    this.tail[side][g] = m;
    this.count[side][g]++;
    const lastAll = this.allTail[g];
    if (lastAll < 0) this.allHead[g] = m;
    else this.allNext[lastAll] = m;
    this.allTail[g] = m;
  }

  /** Calls `each(sends, receives)` for every group that has both, in key order. */
  forPaired(each: (sends: number[], receives: number[]) => void): void {
    for (let g = 0; g < this.groups; g++) {
      if (this.count[0][g] === 0 || this.count[1][g] === 0) continue;
      each(this.members(this.head[0][g], this.next), this.members(this.head[1][g], this.next));
    }
  }

  /** Every member of the group with this key, in message order (empty when none). */
  all(key: Key): number[] {
    const g = this.group(key, false);
    return g === undefined ? [] : this.members(this.allHead[g], this.allNext);
  }

  private members(first: number, next: Int32Array): number[] {
    const out: number[] = [];
    for (let m = first; m >= 0; m = next[m]) out.push(m);
    return out;
  }
}

/** A grouping key: a string, or the string's id where ids compare as strings ('' and 0: none). */
type Key = string | number;

/**
 * Per message (in the order given to pairMessages): the string ids of its CorrelationId, MessageID
 * and RelatesTo, when every message comes from one file whose string ids compare as its strings
 * (0: none). Grouping by ids hashes no string: strings a worker parsed are new to this thread, and
 * a Map hashes each of them again.
 */
export interface KeyIds {
  correlationId: ArrayLike<number>;
  messageId: ArrayLike<number>;
  relatesTo: ArrayLike<number>;
  /** Every id is below this (the string table's size): groups are then found in a typed array. */
  space?: number;
}

/** Keys of the send-receive rules, strongest first; '' = the rule does not apply to the message. */
const RULES: readonly [MessagePair['by'], (m: PairableMessage, k: number, ids?: KeyIds) => Key][] = [
  ['correlation-id', (m, k, ids) => (ids ? ids.correlationId[k] : m.correlationId)],
  ['message-id', (m, k, ids) => (ids ? ids.messageId[k] : m.messageId)],
  ['activity-action', (m) => (m.activityHeader && m.action ? `${m.activityHeader}|${m.action}|${m.role}` : '')],
];

export function pairMessages(messages: readonly PairableMessage[], ids?: KeyIds): MessagePair[] {
  const out: MessagePair[] = [];
  // Messages a stronger rule paired are left out of the weaker ones.
  const paired = new Uint8Array(messages.length);
  for (const [by, keyOf] of RULES) {
    // Most traces pair everything by the first rule: the others then cost one pass, no grouping.
    const first = messages.findIndex((m, k) => !paired[k] && keyOf(m, k, ids));
    if (first < 0) continue;
    const groups = new KeyGroups(messages.length, ids?.space);
    for (let k = first; k < messages.length; k++) {
      const key = paired[k] ? '' : keyOf(messages[k], k, ids);
      if (key) groups.add(key, k, messages[k].direction !== 'send');
    }
    groups.forPaired((s, r) => {
      const pairs =
        s.length + r.length > MAX_GROUP
          ? Array.from({ length: Math.min(s.length, r.length) }, (_, k): [number, number] => [s[k], r[k]])
          : matchGroup(messages, s, r);
      for (const [snd, rcv] of pairs) {
        paired[snd] = paired[rcv] = 1;
        out.push({ kind: 'send-receive', by, from: end(messages[snd]), to: end(messages[rcv]) });
      }
    });
  }
  linkReplies(messages, out, ids);
  return out;
}

/**
 * Request ↔ reply. With RelatesTo the reply names the request's MessageID: the request seen in the
 * same process on the opposite direction is preferred (server: ReceiveRequest → SendReply). Without
 * it (basicHttpBinding) the reply answers the last request of its process, layer and activity in
 * the other direction: HTTP request-reply is one exchange at a time per activity.
 */
function linkReplies(messages: readonly PairableMessage[], out: MessagePair[], ids?: KeyIds): void {
  const messageId = (k: number): Key => (ids ? ids.messageId[k] : messages[k].messageId);
  const relatesTo = (k: number): Key => (ids ? ids.relatesTo[k] : messages[k].relatesTo);
  // Only the MessageIDs some reply names are grouped.
  const named = new Set<Key>();
  for (let k = 0; k < messages.length; k++) if (messages[k].relatesTo) named.add(relatesTo(k));
  const byId = new KeyGroups(named.size ? messages.length : 0, named.size ? ids?.space : 0);
  if (named.size) messages.forEach((m, k) => m.messageId && named.has(messageId(k)) && byId.add(messageId(k), k, m.direction !== 'send'));
  const open = new Map<string, PairableMessage>();
  const exchangeKey = (m: PairableMessage, direction: string) => `${m.file}|${m.host}|${m.process}|${m.layer}|${m.activityId}|${direction}`;
  for (let k = 0; k < messages.length; k++) {
    const reply = messages[k];
    if (reply.role === 'request' && !reply.messageId) open.set(exchangeKey(reply, reply.direction), reply);
    if (reply.relatesTo) {
      const cands = byId.all(relatesTo(k)).map((c) => messages[c]);
      if (cands.length === 0) continue;
      const pick =
        cands.find((c) => sameProcess(c, reply) && c.direction !== reply.direction && c.layer === reply.layer) ??
        cands.find((c) => sameProcess(c, reply) && c.direction !== reply.direction) ??
        cands.find((c) => c.direction !== reply.direction) ??
        cands[0];
      out.push({ kind: 'request-reply', by: 'relates-to', from: end(pick), to: end(reply) });
    } else if (reply.role === 'reply' && !reply.messageId) {
      const key = exchangeKey(reply, reply.direction === 'send' ? 'receive' : 'send');
      const request = open.get(key);
      if (!request || !(request.timeUs <= reply.timeUs)) continue;
      open.delete(key);
      out.push({ kind: 'request-reply', by: 'exchange', from: end(request), to: end(reply) });
    }
  }
}
