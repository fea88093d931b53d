/**
 * The graph's vertical axis. Sequence (Service Trace Viewer's layout): every distinct displayed
 * time of a drawn trace is one row, in time order, so traces stay readable however the run is
 * spread over time. Time: positions are microseconds. In both, a gap longer than `gapUs` between
 * two rows is cut out and becomes a labelled break of fixed length, so a six-day trace with
 * hours of silence is not a few dots.
 */
import type { GraphAxis, GraphLayout } from '../../../shared/channels/skew';
import type { ViewIndex } from '../svclog-views/view-index';

/** A break is this many rows long in the sequence layout. */
export const BREAK_ROWS = 3;

export interface Axis {
  layout: GraphLayout;
  gapUs: number;
  /** Per row: displayed time and position (rows are 1 apart in sequence, centred on pos). */
  times: Float64Array;
  pos: Float64Array;
  /** The drawn traces' list the rows index: view.order, or only the drawn traces in time order (a focus). */
  order: Int32Array;
  /** Per row: its first position in `order`; `rowStart[rows]` is order's length. */
  rowStart: Int32Array;
  /** Global event → row, -1 when the trace is not drawn. */
  rowOf: Int32Array;
  breaks: GraphAxis['breaks'];
  length: number;
}

/**
 * `columnOf`: global event → column, the trace drawn when >= 0; undefined: every trace is drawn.
 * `drawn`: the drawn traces in time order when the caller has them (a focus on a few activities):
 * the pass is over them instead of every trace.
 */
export function buildAxis(view: ViewIndex, columnOf: Int32Array | undefined, layout: GraphLayout, gapUs: number, drawn?: Int32Array): Axis {
  const order = drawn ?? view.order;
  const n = order.length;
  const t = view.timeUs;
  const tick = view.tick;
  const rowOf = new Int32Array(view.total).fill(-1);
  // At most one row per event: typed arrays sized for that, cut to the rows found.
  const times = new Float64Array(n);
  const pos = new Float64Array(n);
  const rowStart = new Int32Array(n + 1);
  const breaks: GraphAxis['breaks'] = [];
  const sequence = layout === 'sequence';
  const breakLength = sequence ? BREAK_ROWS : gapUs;
  let rows = 0;
  let at = sequence ? 0.5 : 0;
  let lastT = NaN;
  let lastTick = -1;
  for (let r = 0; r < n; r++) {
    const g = order[r];
    if (!drawn && columnOf && columnOf[g] < 0) continue;
    const tg = t[g];
    if (tg !== lastT || tick[g] !== lastTick) {
      if (rows) {
        const gap = tg - lastT;
        if (gap > gapUs) {
          const from = sequence ? at + 0.5 : at;
          breaks.push({ pos: from, length: breakLength, fromUs: lastT, toUs: tg });
          at = from + breakLength + (sequence ? 0.5 : 0);
        } else at += sequence ? 1 : gap;
      }
      times[rows] = tg;
      pos[rows] = at;
      rowStart[rows] = r;
      rows++;
      lastT = tg;
      lastTick = tick[g];
    }
    rowOf[g] = rows - 1;
  }
  rowStart[rows] = n;
  const length = rows ? at + (sequence ? 0.5 : 0) : 0;
  return { layout, gapUs, times: times.slice(0, rows), pos: pos.slice(0, rows), order, rowStart: rowStart.slice(0, rows + 1), rowOf, breaks, length };
}

/** First row whose position is >= p, or > p when `after` (rows.length when none). */
export function rowAtOrAfter(axis: Axis, p: number, after = false): number {
  let lo = 0;
  let hi = axis.pos.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (axis.pos[mid] < p || (after && axis.pos[mid] === p)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position of displayed time `t`: its row's, or where it would fall between two rows. */
export function posOfTime(axis: Axis, t: number): number {
  const times = axis.times;
  if (!times.length) return 0;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= times.length) return axis.length;
  if (lo === 0 || times[lo] === t) return axis.pos[lo];
  // Between two rows: proportionally in time layout, at the later row in sequence.
  if (axis.layout === 'sequence') return axis.pos[lo] - 0.5;
  const f = (t - times[lo - 1]) / (times[lo] - times[lo - 1]);
  return axis.pos[lo - 1] + f * (axis.pos[lo] - axis.pos[lo - 1]);
}

/** Displayed time at a position (for windows asked in positions). */
export function timeOfPos(axis: Axis, p: number): number {
  if (!axis.times.length) return 0;
  const r = Math.min(axis.times.length - 1, rowAtOrAfter(axis, p));
  return axis.times[r];
}

/** Breaks and ruler ticks inside [from, to]: at most one tick per `minPx` pixels of `heightPx`. */
export function axisWindow(axis: Axis, from: number, to: number, heightPx: number, minPx = 18): Pick<GraphAxis, 'breaks' | 'ticks'> {
  const breaks = axis.breaks.filter((b) => b.pos + b.length >= from && b.pos <= to);
  const ticks = { pos: [] as number[], timeUs: [] as number[] };
  const spacing = ((to - from) / heightPx) * minPx;
  let r = rowAtOrAfter(axis, from);
  while (r < axis.pos.length && axis.pos[r] <= to) {
    ticks.pos.push(axis.pos[r]);
    ticks.timeUs.push(axis.times[r]);
    r = Math.max(r + 1, rowAtOrAfter(axis, axis.pos[r] + spacing));
  }
  return { breaks, ticks };
}
