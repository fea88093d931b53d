/**
 * The graph's arrows in a window: messages from the send mark to the receive mark (request and
 * reply sharing an exchange id) and transfers between activity columns, bundled per pixel row. "Backwards" means received
 * before sent by more than the two clocks' timestamp resolution (a 15.6 ms clock cannot say more).
 */
import type { GraphArrow, GraphArrowEnd } from '../../../shared/channels/skew';
import { GRAPH_MAX_ARROWS } from '../../../shared/channels/skew';
import { detectResolutionUs } from '../../engine/skew';
import type { Axis } from './axis';
import type { ViewIndex } from '../svclog-views/view-index';

interface Exchanges {
  /** Global message event → exchange id, and its role in it. */
  exchange: Map<number, number>;
  role: Map<number, 'request' | 'reply'>;
  /** Timestamp resolution (µs) per host id. */
  resolutionUs: Float64Array;
}

const exchangeCache = new WeakMap<ViewIndex, Exchanges>();

export function exchangesOf(view: ViewIndex): Exchanges {
  let x = exchangeCache.get(view);
  if (x) return x;
  const g = (e: { file: number; event: number }) => view.base[e.file] + e.event;
  const peer = new Map<number, number>();
  for (const p of view.index.pairs) {
    if (p.kind !== 'send-receive') continue;
    peer.set(g(p.from), g(p.to));
    peer.set(g(p.to), g(p.from));
  }
  const exchange = new Map<number, number>();
  const role = new Map<number, 'request' | 'reply'>();
  let next = 0;
  for (const p of view.index.pairs) {
    if (p.kind !== 'request-reply') continue;
    const id = next++;
    // Both records of the request (send and receive) and both of the reply.
    for (const [end, r] of [
      [g(p.from), 'request'],
      [g(p.to), 'reply'],
    ] as const) {
      for (const m of [end, peer.get(end)]) {
        if (m === undefined || exchange.has(m)) continue;
        exchange.set(m, id);
        role.set(m, r);
      }
    }
  }
  const samples = view.hosts.names.map(() => [] as number[]);
  for (let e = 0; e < view.total; e++) {
    const s = samples[view.hosts.of[e]];
    if (s.length < 5000) s.push(view.rawTimeUs[e]);
  }
  x = { exchange, role, resolutionUs: Float64Array.from(samples, (s) => detectResolutionUs(s)) };
  exchangeCache.set(view, x);
  return x;
}

/** Every message pair (send, receive) and transfer (trace, target activity) of a view as typed columns, made once: the window's loop reads arrays, not pair objects and a map. */
interface ArrowSources {
  send: Int32Array;
  receive: Int32Array;
  transfer: Int32Array;
  target: Int32Array;
}
const sourceCache = new WeakMap<ViewIndex, ArrowSources>();

export function arrowSources(view: ViewIndex): ArrowSources {
  const hit = sourceCache.get(view);
  if (hit) return hit;
  const pairs = view.index.pairs;
  let messages = 0;
  for (const p of pairs) if (p.kind === 'send-receive') messages++;
  const send = new Int32Array(messages);
  const receive = new Int32Array(messages);
  let k = 0;
  for (const p of pairs) {
    if (p.kind !== 'send-receive') continue;
    send[k] = view.base[p.from.file] + p.from.event;
    receive[k++] = view.base[p.to.file] + p.to.event;
  }
  const transfer = new Int32Array(view.transferTo.size);
  const target = new Int32Array(view.transferTo.size);
  k = 0;
  for (const [g, to] of view.transferTo) {
    transfer[k] = g;
    target[k++] = to;
  }
  const made = { send, receive, transfer, target };
  sourceCache.set(view, made);
  return made;
}

export interface ArrowQuery {
  fromPos: number;
  toPos: number;
  heightPx: number;
  axis: Axis;
  /** Global event → column (-1 when not drawn). */
  columnOf: (g: number) => number;
  /** A transfer trace's target column × 2 + 1 when the target activity has its own column; -1 when not drawn. */
  transferTarget: (g: number) => number;
  maxArrows?: number;
}

export interface ArrowResult {
  arrows: GraphArrow[];
  /** Message pairs and transfers in the window (every one is in some bundle), backwards messages. */
  total: number;
  transfers: number;
  backwards: number;
}

/** Arrow candidates of a window as parallel typed columns: objects are made only for bundles. */
interface Candidates {
  n: number;
  /** 0 message, 1 transfer. */
  kind: Uint8Array;
  /** Sending (or transfer) trace, and the receiving trace (messages) or target activity (transfers). */
  from: Int32Array;
  to: Int32Array;
  fromColumn: Int32Array;
  toColumn: Int32Array;
  fromPos: Float64Array;
  toPos: Float64Array;
  /** Bit 1 backwards, 2 backwards on the raw clocks, 4 across hosts, 8 the transfer's target has its own column. */
  flags: Uint8Array;
}

const BACK = 1;
const BACK_RAW = 2;
const CROSS = 4;
const OWN = 8;

/**
 * Every message pair and transfer touching the window, bundled: arrows between the same two columns
 * whose ends fall in the same pixel rows are one arrow with a count. Rows are merged in twos until
 * the bundles fit in `maxArrows`, so nothing is ever dropped, only bundled further.
 */
export function collectArrows(view: ViewIndex, q: ArrowQuery): ArrowResult {
  const x = exchangesOf(view);
  const axis = q.axis;
  const src = arrowSources(view);
  const cap = src.send.length + src.transfer.length;
  const c: Candidates = { n: 0, kind: new Uint8Array(cap), from: new Int32Array(cap), to: new Int32Array(cap), fromColumn: new Int32Array(cap), toColumn: new Int32Array(cap), fromPos: new Float64Array(cap), toPos: new Float64Array(cap), flags: new Uint8Array(cap) };
  const add = (kind: number, from: number, to: number, cf: number, ct: number, pf: number, pt: number, flags: number) => {
    const i = c.n++;
    c.kind[i] = kind;
    c.from[i] = from;
    c.to[i] = to;
    c.fromColumn[i] = cf;
    c.toColumn[i] = ct;
    c.fromPos[i] = pf;
    c.toPos[i] = pt;
    c.flags[i] = flags;
  };
  let total = 0;
  let transfers = 0;
  let backwards = 0;
  const { rowOf, pos } = axis;
  const { fromPos, toPos } = q;
  const hostOf = view.hosts.of;
  for (let k = 0; k < src.send.length; k++) {
    const s = src.send[k];
    const r = src.receive[k];
    const rs = rowOf[s];
    const rr = rowOf[r];
    if (rs < 0 || rr < 0) continue;
    const ps = pos[rs];
    const pr = pos[rr];
    // Outside the window unless an end is in it or the arrow crosses it.
    if ((ps < fromPos && pr < fromPos) || (ps > toPos && pr > toPos)) continue;
    const cs = q.columnOf(s);
    const cr = q.columnOf(r);
    if (cs < 0 || cr < 0) continue;
    const tolerance = x.resolutionUs[hostOf[s]] + x.resolutionUs[hostOf[r]];
    const back = view.timeUs[s] - view.timeUs[r] > tolerance;
    const backRaw = view.rawTimeUs[s] - view.rawTimeUs[r] > tolerance;
    total++;
    if (back) backwards++;
    add(0, s, r, cs, cr, ps, pr, (back ? BACK : 0) | (backRaw ? BACK_RAW : 0) | (hostOf[s] !== hostOf[r] ? CROSS : 0));
  }
  for (let k = 0; k < src.transfer.length; k++) {
    const g = src.transfer[k];
    const rg = rowOf[g];
    if (rg < 0) continue;
    const pf = pos[rg];
    if (pf < fromPos || pf > toPos) continue;
    const cf = q.columnOf(g);
    const target = q.transferTarget(g);
    const ct = target >> 1;
    const own = (target & 1) === 1;
    // A transfer within one column is only drawn when it can be expanded (+).
    if (cf < 0 || target < 0 || (ct === cf && own)) continue;
    transfers++;
    add(1, g, src.target[k], cf, ct, pf, pf, own ? OWN : 0);
  }
  let columns = 1;
  for (let i = 0; i < c.n; i++) columns = Math.max(columns, c.fromColumn[i] + 1, c.toColumn[i] + 1);
  const bundles = bundle(c, columns, q, q.maxArrows ?? GRAPH_MAX_ARROWS);
  const end = (g: number, column: number, pos: number): GraphArrowEnd => {
    const fi = view.fileOf[g];
    return { column, pos, timeUs: view.timeUs[g], file: fi, index: g - view.base[fi] };
  };
  const arrows = bundles.map(({ first: i, count, backwardsCount, flags }): GraphArrow => {
    const from = end(c.from[i], c.fromColumn[i], c.fromPos[i]);
    if (c.kind[i] === 1) {
      const act = view.index.activities[c.to[i]];
      return { kind: 'transfer', from, to: { ...from, column: c.toColumn[i] }, label: act.name || `{${act.id}}`, exchange: -1, role: 'transfer', backwardsRaw: false, backwards: false, crossHost: false, count, backwardsCount: 0, target: c.to[i], targetExpanded: (c.flags[i] & OWN) !== 0 };
    }
    const s = c.from[i];
    const { file, event } = view.eventOf(s);
    return {
      kind: 'message',
      from,
      to: end(c.to[i], c.toColumn[i], c.toPos[i]),
      label: file.str(file.messages.action[file.events.message[event]]) || '(no action)',
      exchange: x.exchange.get(s) ?? -1,
      role: x.role.get(s) ?? 'one-way',
      backwardsRaw: (flags & BACK_RAW) !== 0,
      backwards: (flags & BACK) !== 0,
      crossHost: (flags & CROSS) !== 0,
      count,
      backwardsCount,
      target: -1,
      targetExpanded: false,
    };
  });
  return { arrows, total, transfers, backwards };
}

/** Arrows closer than this many pixels (of the answer's height) at both ends share a bundle. */
export const BUNDLE_PX = 6;

interface Bundle {
  first: number;
  count: number;
  backwardsCount: number;
  /** OR of the members' flags. */
  flags: number;
}

/** Bundles candidates per (kind, columns, pixel rows of both ends), coarsening rows until they fit. */
function bundle(c: Candidates, columns: number, q: { fromPos: number; toPos: number; heightPx: number }, max: number): Bundle[] {
  const span = Math.max(1e-9, q.toPos - q.fromPos);
  const n = c.n;
  for (let rows = Math.max(1, Math.floor(q.heightPx / BUNDLE_PX)); ; rows = Math.max(1, rows >> 1)) {
    const perRow = span / rows;
    // Ends outside the window share the row just above or below it; keys are numbers (no strings per arrow).
    const rowOf = (p: number) => Math.max(-1, Math.min(rows, Math.floor((p - q.fromPos) / perRow))) + 1;
    const out = new Map<number, Bundle>();
    for (let i = 0; i < n; i++) {
      const key = (((c.kind[i] * columns + c.fromColumn[i]) * columns + c.toColumn[i]) * (rows + 2) + rowOf(c.fromPos[i])) * (rows + 2) + rowOf(c.toPos[i]);
      const b = out.get(key);
      const back = c.flags[i] & BACK ? 1 : 0;
      if (!b) out.set(key, { first: i, count: 1, backwardsCount: back, flags: c.flags[i] });
      else {
        b.count++;
        b.backwardsCount += back;
        b.flags |= c.flags[i];
      }
    }
    if (out.size <= max || rows === 1) return [...out.values()];
  }
}
