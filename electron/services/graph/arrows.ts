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

function exchangesOf(view: ViewIndex): Exchanges {
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

export interface ArrowQuery {
  fromPos: number;
  toPos: number;
  heightPx: number;
  axis: Axis;
  /** Global event → column (-1 when not drawn). */
  columnOf: (g: number) => number;
  /** Column of an activity near a given process (transfer targets), and whether it is its own. */
  columnOfActivity: (activity: number, nearProcess: number) => { column: number; own: boolean };
  maxArrows?: number;
}

export interface ArrowResult {
  arrows: GraphArrow[];
  /** Message pairs and transfers in the window (every one is in some bundle), backwards messages. */
  total: number;
  transfers: number;
  backwards: number;
}

/**
 * Every message pair and transfer touching the window, bundled: arrows between the same two columns
 * whose ends fall in the same pixel rows are one arrow with a count. Rows are merged in twos until
 * the bundles fit in `maxArrows`, so nothing is ever dropped, only bundled further.
 */
export function collectArrows(view: ViewIndex, q: ArrowQuery): ArrowResult {
  const x = exchangesOf(view);
  const axis = q.axis;
  const max = q.maxArrows ?? GRAPH_MAX_ARROWS;
  const candidates: GraphArrow[] = [];
  let total = 0;
  let transfers = 0;
  let backwards = 0;
  const posOf = (g: number) => axis.pos[axis.rowOf[g]];
  const end = (g: number, column: number): GraphArrowEnd => {
    const fi = view.fileOf[g];
    return { column, pos: posOf(g), timeUs: view.timeUs[g], file: fi, index: g - view.base[fi] };
  };
  const inWindow = (p: number) => p >= q.fromPos && p <= q.toPos;
  for (const p of view.index.pairs) {
    if (p.kind !== 'send-receive') continue;
    const s = view.base[p.from.file] + p.from.event;
    const r = view.base[p.to.file] + p.to.event;
    if (axis.rowOf[s] < 0 || axis.rowOf[r] < 0) continue;
    const ps = posOf(s);
    const pr = posOf(r);
    if (!inWindow(ps) && !inWindow(pr) && !(Math.min(ps, pr) < q.fromPos && Math.max(ps, pr) > q.toPos)) continue;
    const cs = q.columnOf(s);
    const cr = q.columnOf(r);
    if (cs < 0 || cr < 0) continue;
    const tolerance = x.resolutionUs[view.hosts.of[s]] + x.resolutionUs[view.hosts.of[r]];
    const before = (sent: number, received: number) => sent - received > tolerance;
    const file = view.files[p.from.file];
    const back = before(view.timeUs[s], view.timeUs[r]);
    total++;
    if (back) backwards++;
    candidates.push({
      kind: 'message',
      from: end(s, cs),
      to: end(r, cr),
      label: file.str(file.data.messages.action[p.from.message]) || '(no action)',
      exchange: x.exchange.get(s) ?? -1,
      role: x.role.get(s) ?? 'one-way',
      backwardsRaw: before(view.rawTimeUs[s], view.rawTimeUs[r]),
      backwards: back,
      crossHost: view.hosts.of[s] !== view.hosts.of[r],
      count: 1,
      backwardsCount: back ? 1 : 0,
      target: -1,
      targetExpanded: false,
    });
  }
  for (const [g, to] of view.transferTo) {
    if (axis.rowOf[g] < 0 || !inWindow(posOf(g))) continue;
    const cf = q.columnOf(g);
    const target = q.columnOfActivity(to, view.processes.of[g]);
    // A transfer within one column is only drawn when it can be expanded (+).
    if (cf < 0 || target.column < 0 || (target.column === cf && target.own)) continue;
    const act = view.index.activities[to];
    const from = end(g, cf);
    transfers++;
    candidates.push({ kind: 'transfer', from, to: { ...from, column: target.column }, label: act.name || `{${act.id}}`, exchange: -1, role: 'transfer', backwardsRaw: false, backwards: false, crossHost: false, count: 1, backwardsCount: 0, target: to, targetExpanded: target.own });
  }
  return { arrows: bundle(candidates, q, max), total, transfers, backwards };
}

/** Arrows closer than this many pixels (of the answer's height) at both ends share a bundle. */
export const BUNDLE_PX = 6;

/** Bundles arrows per (kind, columns, pixel rows of both ends), coarsening rows until they fit. */
export function bundle(candidates: GraphArrow[], q: { fromPos: number; toPos: number; heightPx: number }, max: number): GraphArrow[] {
  const span = Math.max(1e-9, q.toPos - q.fromPos);
  for (let rows = Math.max(1, Math.floor(q.heightPx / BUNDLE_PX)); ; rows = Math.max(1, rows >> 1)) {
    const perRow = span / rows;
    // Ends outside the window share the row just above or below it.
    const rowOf = (p: number) => Math.max(-1, Math.min(rows, Math.floor((p - q.fromPos) / perRow))) + 1;
    const out = new Map<string, GraphArrow>();
    for (const a of candidates) {
      const key = `${a.kind === 'message' ? 'm' : 't'}${a.from.column},${a.to.column},${rowOf(a.from.pos)},${rowOf(a.to.pos)}`;
      const b = out.get(key);
      if (!b) out.set(key, { ...a });
      else {
        b.count++;
        b.backwardsCount += a.backwardsCount;
        b.backwards ||= a.backwards;
        b.backwardsRaw ||= a.backwardsRaw;
        b.crossHost ||= a.crossHost;
      }
    }
    if (out.size <= max || rows === 1) return [...out.values()];
  }
}
