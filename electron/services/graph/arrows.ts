/**
 * The graph's arrows in a window: messages from the send mark to the receive mark (request and
 * reply sharing an exchange id) and transfers between activity columns. "Backwards" means received
 * before sent by more than the two clocks' timestamp resolution (a 15.6 ms clock cannot say more).
 */
import type { GraphArrow, GraphArrowEnd } from '../../../shared/channels/skew';
import { GRAPH_MAX_ARROWS } from '../../../shared/channels/skew';
import { detectResolutionUs } from '../../engine/skew';
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
  fromUs: number;
  toUs: number;
  columnOf: (g: number) => number;
  /** Column of an activity near a given process's column (transfer targets). */
  columnOfActivity: (activity: number, nearProcess: number) => number;
  mask?: Uint8Array;
  maxArrows?: number;
}

export interface ArrowResult {
  arrows: GraphArrow[];
  total: number;
  backwards: number;
}

export function collectArrows(view: ViewIndex, q: ArrowQuery): ArrowResult {
  const x = exchangesOf(view);
  const max = q.maxArrows ?? GRAPH_MAX_ARROWS;
  const out: GraphArrow[] = [];
  let total = 0;
  let backwards = 0;
  const end = (g: number, column: number): GraphArrowEnd => {
    const fi = view.fileOf[g];
    return { column, timeUs: view.timeUs[g], file: fi, index: g - view.base[fi] };
  };
  const inWindow = (t: number) => t >= q.fromUs && t <= q.toUs;
  const add = (a: GraphArrow) => {
    total++;
    if (a.backwards) backwards++;
    if (out.length < max) out.push(a);
  };
  for (const p of view.index.pairs) {
    if (p.kind !== 'send-receive') continue;
    const s = view.base[p.from.file] + p.from.event;
    const r = view.base[p.to.file] + p.to.event;
    if (q.mask && !(q.mask[s] && q.mask[r])) continue;
    const ts = view.timeUs[s];
    const tr = view.timeUs[r];
    if (!inWindow(ts) && !inWindow(tr) && !(Math.min(ts, tr) < q.fromUs && Math.max(ts, tr) > q.toUs)) continue;
    const cs = q.columnOf(s);
    const cr = q.columnOf(r);
    if (cs < 0 || cr < 0) continue;
    const tolerance = x.resolutionUs[view.hosts.of[s]] + x.resolutionUs[view.hosts.of[r]];
    const before = (sent: number, received: number) => sent - received > tolerance;
    const file = view.files[p.from.file];
    const action = file.str(file.data.messages.action[p.from.message]);
    add({
      kind: 'message',
      from: end(s, cs),
      to: end(r, cr),
      label: action || '(no action)',
      exchange: x.exchange.get(s) ?? -1,
      role: x.role.get(s) ?? 'one-way',
      backwardsRaw: before(view.rawTimeUs[s], view.rawTimeUs[r]),
      backwards: before(ts, tr),
      crossHost: view.hosts.of[s] !== view.hosts.of[r],
    });
  }
  for (const [g, to] of view.transferTo) {
    const t = view.timeUs[g];
    if (!inWindow(t) || (q.mask && !q.mask[g])) continue;
    const cf = q.columnOf(g);
    const ct = q.columnOfActivity(to, view.processes.of[g]);
    if (cf < 0 || ct < 0 || cf === ct) continue;
    const act = view.index.activities[to];
    const from = end(g, cf);
    add({ kind: 'transfer', from, to: { ...from, column: ct }, label: act.name || `{${act.id}}`, exchange: -1, role: 'transfer', backwardsRaw: false, backwards: false, crossHost: false });
  }
  return { arrows: out, total, backwards };
}
