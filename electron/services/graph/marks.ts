/**
 * The graph's marks in a time window: one per trace while they fit in GRAPH_MAX_MARKS, otherwise
 * buckets per column per pixel row (coarsened until they fit), each naming its worst trace.
 */
import type { GraphMarks } from '../../../shared/channels/skew';
import { GRAPH_MAX_MARKS } from '../../../shared/channels/skew';
import type { ViewIndex } from '../svclog-views/view-index';

/** First position in the time order whose displayed time is >= t (or > t when `after`). */
export function firstAtOrAfter(view: ViewIndex, t: number, after = false): number {
  let lo = 0;
  let hi = view.total;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = view.timeUs[view.order[mid]];
    if (v < t || (after && v === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface MarkQuery {
  fromUs: number;
  toUs: number;
  heightPx: number;
  /** Global event → column, -1 when not drawn. */
  columnOf: (g: number) => number;
  /** Filter mask (undefined: all pass). */
  mask?: Uint8Array;
  maxMarks?: number;
}

export function collectMarks(view: ViewIndex, q: MarkQuery): { marks: GraphMarks; lod: boolean; traceCount: number } {
  const lo = firstAtOrAfter(view, q.fromUs);
  const hi = firstAtOrAfter(view, q.toUs, true);
  const max = q.maxMarks ?? GRAPH_MAX_MARKS;
  const inWindow: number[] = [];
  for (let r = lo; r < hi; r++) {
    const g = view.order[r];
    if ((q.mask && !q.mask[g]) || q.columnOf(g) < 0) continue;
    inWindow.push(g);
  }
  const marks: GraphMarks = { column: [], timeUs: [], level: [], file: [], index: [], count: [] };
  const push = (g: number, column: number, t: number, count: number) => {
    const fi = view.fileOf[g];
    marks.column.push(column);
    marks.timeUs.push(t);
    marks.level.push(view.levelClass[g]);
    marks.file.push(fi);
    marks.index.push(g - view.base[fi]);
    marks.count.push(count);
  };
  if (inWindow.length <= max) {
    for (const g of inWindow) push(g, q.columnOf(g), view.timeUs[g], 1);
    return { marks, lod: false, traceCount: inWindow.length };
  }
  // Level of detail: one bucket per column per row; rows double in height until the buckets fit.
  const span = Math.max(1, q.toUs - q.fromUs);
  for (let rows = q.heightPx; ; rows = Math.max(1, rows >> 1)) {
    const rowUs = span / rows;
    const bucketOf = new Map<number, { g: number; count: number; row: number; column: number }>();
    for (const g of inWindow) {
      const column = q.columnOf(g);
      const row = Math.min(rows - 1, Math.floor((view.timeUs[g] - q.fromUs) / rowUs));
      const key = column * rows + row;
      const b = bucketOf.get(key);
      if (!b) bucketOf.set(key, { g, count: 1, row, column });
      else {
        b.count++;
        if (view.levelClass[g] < view.levelClass[b.g]) b.g = g;
      }
    }
    if (bucketOf.size <= max || rows === 1) {
      for (const b of bucketOf.values()) push(b.g, b.column, q.fromUs + (b.row + 0.5) * rowUs, b.count);
      return { marks, lod: true, traceCount: inWindow.length };
    }
  }
}
