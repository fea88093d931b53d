/**
 * What the graph draws, in pixels, independent of the surface: the live canvas and the SVG export
 * both render a Scene. Time flows top to bottom; columns are laid out left to right.
 */
import type { GraphArrow, GraphColumn, GraphData } from '../../../../shared/channels/skew';

export const COLUMN_WIDTH = 112;
export const RULER_WIDTH = 150;
/** Header rows: host, process, activity. */
export const HEADER_ROW = 22;
export const HEADER_HEIGHT = HEADER_ROW * 3;

/** Mark colours by FILTER_LEVELS index (critical, error, warning, info, verbose, boundaries). */
export const LEVEL_COLOURS = ['#8e0000', '#d32f2f', '#e08a00', '#1f5fa8', '#8a94a6', '#4b5563'];
export const BACKWARDS_COLOUR = '#e53935';
const EXCHANGE_COLOURS = ['#1f77b4', '#2ca02c', '#9467bd', '#17becf', '#8c564b', '#bcbd22', '#e377c2', '#d95f02'];

export interface View {
  /** Time at the top edge and µs per pixel. */
  topUs: number;
  usPerPx: number;
  /** Horizontal pan in px (≤ 0). */
  scrollX: number;
  width: number;
  height: number;
}

export const yOf = (v: View, t: number) => (t - v.topUs) / v.usPerPx;
export const timeAt = (v: View, y: number) => v.topUs + y * v.usPerPx;
export const xOfColumn = (v: View, c: number) => c * COLUMN_WIDTH + COLUMN_WIDTH / 2 + v.scrollX;

export interface SceneMark {
  x: number;
  y: number;
  level: number;
  count: number;
  file: number;
  index: number;
  column: number;
}

export interface SceneArrow {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  colour: string;
  dashed: boolean;
  width: number;
  label: string;
  arrow: GraphArrow;
}

export interface Scene {
  marks: SceneMark[];
  arrows: SceneArrow[];
}

/** Short label: the last segment of a SOAP action. */
export function shortAction(action: string): string {
  const cut = action.replace(/\/+$/, '').split(/[/#:]/);
  return cut[cut.length - 1] || action;
}

function arrowStyle(a: GraphArrow): { colour: string; dashed: boolean; width: number } {
  if (a.kind === 'transfer') return { colour: '#98a2b3', dashed: true, width: 1 };
  if (a.backwards) return { colour: BACKWARDS_COLOUR, dashed: a.role === 'reply', width: 2.5 };
  const colour = a.exchange >= 0 ? EXCHANGE_COLOURS[a.exchange % EXCHANGE_COLOURS.length] : '#475467';
  return { colour, dashed: a.role === 'reply', width: a.crossHost ? 1.8 : 1.2 };
}

/**
 * Pixels for the data under a view. `shiftPx` moves some columns' marks and arrow ends vertically
 * (a host's column being dragged to change its clock offset).
 */
export function buildScene(data: GraphData, v: View, shiftPx?: { columns: ReadonlySet<number>; px: number }): Scene {
  const dy = (c: number) => (shiftPx && shiftPx.columns.has(c) ? shiftPx.px : 0);
  const m = data.marks;
  const marks: SceneMark[] = [];
  for (let i = 0; i < m.column.length; i++) {
    const y = yOf(v, m.timeUs[i]) + dy(m.column[i]);
    const x = xOfColumn(v, m.column[i]);
    if (y < -10 || y > v.height + 10 || x < -COLUMN_WIDTH || x > v.width + COLUMN_WIDTH) continue;
    marks.push({ x, y, level: m.level[i], count: m.count[i], file: m.file[i], index: m.index[i], column: m.column[i] });
  }
  const arrows: SceneArrow[] = data.arrows.map((a) => ({
    x1: xOfColumn(v, a.from.column),
    y1: yOf(v, a.from.timeUs) + dy(a.from.column),
    x2: xOfColumn(v, a.to.column),
    y2: yOf(v, a.to.timeUs) + dy(a.to.column),
    ...arrowStyle(a),
    label: a.kind === 'message' ? shortAction(a.label) : `→ ${a.label}`,
    arrow: a,
  }));
  return { marks, arrows };
}

/** Header groups: consecutive columns of one host, and of one process. */
export function headerGroups(columns: readonly GraphColumn[]): { hosts: { host: string; from: number; to: number }[]; processes: { host: string; process: string; from: number; to: number }[] } {
  const hosts: { host: string; from: number; to: number }[] = [];
  const processes: { host: string; process: string; from: number; to: number }[] = [];
  columns.forEach((c, i) => {
    const h = hosts[hosts.length - 1];
    if (h && h.host === c.host) h.to = i;
    else hosts.push({ host: c.host, from: i, to: i });
    if (!c.process) return;
    const p = processes[processes.length - 1];
    if (p && p.process === c.process && p.to === i - 1) p.to = i;
    else processes.push({ host: c.host, process: c.process, from: i, to: i });
  });
  return { hosts, processes };
}
