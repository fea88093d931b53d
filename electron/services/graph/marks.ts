/**
 * The graph's marks in a window of the axis: one per trace while they fit in GRAPH_MAX_MARKS,
 * otherwise buckets per column per pixel row (coarsened until they fit), each naming its worst
 * trace and counting every trace it stands for.
 */
import type { GraphMarks } from '../../../shared/channels/skew';
import { GRAPH_MAX_MARKS } from '../../../shared/channels/skew';
import type { ViewIndex } from '../svclog-views/view-index';
import { traceRow } from '../svclog-views/rows';
import { rowAtOrAfter, type Axis } from './axis';

/** Traces get their text in the answer while the window holds at most this many. */
const MAX_TEXTS = 1500;

export interface MarkQuery {
  fromPos: number;
  toPos: number;
  heightPx: number;
  /** Global event → column (only called for drawn events). */
  columnOf: (g: number) => number;
  maxMarks?: number;
}

/** Drawn traces (global numbers) whose rows lie in [fromPos, toPos], in time order. */
export function tracesInWindow(view: ViewIndex, axis: Axis, fromPos: number, toPos: number): number[] {
  const lo = rowAtOrAfter(axis, fromPos);
  const hi = rowAtOrAfter(axis, toPos, true);
  const out: number[] = [];
  for (let r = axis.rowStart[lo], end = axis.rowStart[hi]; r < end; r++) {
    const g = view.order[r];
    if (axis.rowOf[g] >= 0) out.push(g);
  }
  return out;
}

/** A boundary trace says what it is (Start, Stop, Transfer to …); the rest their description. */
function markText(view: ViewIndex, g: number): string {
  const row = traceRow(view, g);
  return row.boundary && !row.text.startsWith('Transfer') ? row.kind : row.text;
}

export function collectMarks(view: ViewIndex, axis: Axis, q: MarkQuery): { marks: GraphMarks; lod: boolean; traceCount: number } {
  const inWindow = tracesInWindow(view, axis, q.fromPos, q.toPos);
  const max = q.maxMarks ?? GRAPH_MAX_MARKS;
  const marks: GraphMarks = { column: [], pos: [], timeUs: [], level: [], file: [], index: [], count: [] };
  const push = (g: number, column: number, count: number) => {
    const fi = view.fileOf[g];
    marks.column.push(column);
    marks.pos.push(axis.pos[axis.rowOf[g]]);
    marks.timeUs.push(view.timeUs[g]);
    marks.level.push(view.levelClass[g]);
    marks.file.push(fi);
    marks.index.push(g - view.base[fi]);
    marks.count.push(count);
  };
  if (inWindow.length <= max) {
    for (const g of inWindow) push(g, q.columnOf(g), 1);
    if (inWindow.length <= MAX_TEXTS) marks.text = inWindow.map((g) => markText(view, g));
    return { marks, lod: false, traceCount: inWindow.length };
  }
  // Level of detail: one bucket per column per pixel row; rows double in height until they fit.
  const span = Math.max(1e-9, q.toPos - q.fromPos);
  for (let rows = q.heightPx; ; rows = Math.max(1, rows >> 1)) {
    const perRow = span / rows;
    const bucketOf = new Map<number, { g: number; count: number; column: number }>();
    for (const g of inWindow) {
      const column = q.columnOf(g);
      const row = Math.min(rows - 1, Math.floor((axis.pos[axis.rowOf[g]] - q.fromPos) / perRow));
      const key = column * rows + row;
      const b = bucketOf.get(key);
      if (!b) bucketOf.set(key, { g, count: 1, column });
      else {
        b.count++;
        if (view.levelClass[g] < view.levelClass[b.g]) b.g = g;
      }
    }
    if (bucketOf.size <= max || rows === 1) {
      for (const b of bucketOf.values()) push(b.g, b.column, b.count);
      return { marks, lod: true, traceCount: inWindow.length };
    }
  }
}
