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

/** Positions in axis.order of the window's rows: [start, end). Undrawn traces inside are skipped by rowOf < 0. */
function windowRange(axis: Axis, fromPos: number, toPos: number): [number, number] {
  return [axis.rowStart[rowAtOrAfter(axis, fromPos)], axis.rowStart[rowAtOrAfter(axis, toPos, true)]];
}

/** A boundary trace says what it is (Start, Stop, Transfer to …); the rest their description. */
function markText(view: ViewIndex, g: number): string {
  const row = traceRow(view, g);
  return row.boundary && !row.text.startsWith('Transfer') ? row.kind : row.text;
}

export function collectMarks(view: ViewIndex, axis: Axis, q: MarkQuery): { marks: GraphMarks; lod: boolean; traceCount: number } {
  const [start, end] = windowRange(axis, q.fromPos, q.toPos);
  const { order } = axis;
  const { rowOf, pos } = axis;
  let traceCount = 0;
  let columns = 0;
  for (let r = start; r < end; r++) {
    const g = order[r];
    if (rowOf[g] < 0) continue;
    traceCount++;
    columns = Math.max(columns, q.columnOf(g) + 1);
  }
  const max = q.maxMarks ?? GRAPH_MAX_MARKS;
  const marks: GraphMarks = { column: [], pos: [], timeUs: [], level: [], file: [], index: [], count: [] };
  const push = (g: number, column: number, count: number) => {
    const fi = view.fileOf[g];
    marks.column.push(column);
    marks.pos.push(pos[rowOf[g]]);
    marks.timeUs.push(view.timeUs[g]);
    marks.level.push(view.levelClass[g]);
    marks.file.push(fi);
    marks.index.push(g - view.base[fi]);
    marks.count.push(count);
  };
  if (traceCount <= max) {
    const texts: string[] | undefined = traceCount <= MAX_TEXTS ? (marks.text = []) : undefined;
    for (let r = start; r < end; r++) {
      const g = order[r];
      if (rowOf[g] < 0) continue;
      push(g, q.columnOf(g), 1);
      texts?.push(markText(view, g));
    }
    return { marks, lod: false, traceCount };
  }
  // Level of detail: one bucket per column per pixel row; rows double in height until they fit.
  // Buckets live in typed arrays indexed by column × row (a Map per trace cost 100 ms on 722k).
  const span = Math.max(1e-9, q.toPos - q.fromPos);
  for (let rows = q.heightPx; ; rows = Math.max(1, rows >> 1)) {
    const perRow = span / rows;
    const worst = new Int32Array(columns * rows).fill(-1);
    const count = new Int32Array(columns * rows);
    let buckets = 0;
    for (let r = start; r < end; r++) {
      const g = order[r];
      if (rowOf[g] < 0) continue;
      const row = Math.max(0, Math.min(rows - 1, Math.floor((pos[rowOf[g]] - q.fromPos) / perRow)));
      const key = q.columnOf(g) * rows + row;
      const b = worst[key];
      if (b < 0) {
        worst[key] = g;
        buckets++;
      } else if (view.levelClass[g] < view.levelClass[b]) worst[key] = g;
      count[key]++;
    }
    if (buckets <= max || rows === 1) {
      for (let key = 0; key < worst.length; key++) if (worst[key] >= 0) push(worst[key], Math.floor(key / rows), count[key]);
      return { marks, lod: true, traceCount };
    }
  }
}
