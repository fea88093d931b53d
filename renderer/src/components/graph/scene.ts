/**
 * What the graph draws, in pixels, independent of the surface: the live canvas and the SVG export
 * both render a Scene. The vertical axis is the main side's (a row per distinct time in the
 * sequence layout, time in the time layout, long gaps cut out as breaks); columns go left to right.
 */
import type { GraphArrow, GraphColumn, GraphData } from '../../../../shared/channels/skew';
import { formatDurationUs } from '../../../../shared/time';
import { placeLabels, type LabelRequest, type PlacedLabel } from './labels';

export const MIN_COLUMN_WIDTH = 120;
export const MAX_COLUMN_WIDTH = 260;
/** A collapsed process or host (many activities sharing one column) needs less room. */
export const COLLAPSED_COLUMN_WIDTH = 84;
export const RULER_WIDTH = 150;
/** Header rows: host, process, then activity (two lines). */
export const HEADER_ROW = 22;
export const HEADER_LAST_ROW = 32;
export const HEADER_HEIGHT = HEADER_ROW * 2 + HEADER_LAST_ROW;

/** Mark colours by FILTER_LEVELS index (critical, error, warning, info, verbose, boundaries). */
export const LEVEL_COLOURS = ['#8e0000', '#d32f2f', '#e08a00', '#1f5fa8', '#8a94a6', '#4b5563'];
export const BACKWARDS_COLOUR = '#e53935';
const BUNDLE_COLOUR = '#5b6b84';
const EXCHANGE_COLOURS = ['#1f77b4', '#2ca02c', '#9467bd', '#17becf', '#8c564b', '#bcbd22', '#e377c2', '#d95f02'];

export interface View {
  /** Axis position at the top edge and positions per pixel. */
  topPos: number;
  posPerPx: number;
  /** Horizontal pan in px (≤ 0). */
  scrollX: number;
  width: number;
  height: number;
  cols: ColumnGeometry;
}

/** Left edge and width of each column, and their total width. */
export interface ColumnGeometry {
  left: number[];
  width: number[];
  total: number;
}

/**
 * Columns share the pane's width: collapsed ones narrow, the others between a readable minimum
 * and a maximum, so a few columns fill the pane and many scroll sideways.
 */
export function columnGeometry(paneWidth: number, columns: readonly Pick<GraphColumn, 'level'>[]): ColumnGeometry {
  const collapsed = (c: Pick<GraphColumn, 'level'>) => c.level === 'host' || c.level === 'process';
  const room = paneWidth - 8;
  const clamp = (w: number) => Math.max(MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, Math.floor(w)));
  const narrow = columns.filter(collapsed).length;
  const wide = columns.length - narrow;
  // Equal shares while they are readable; else collapsed columns give up room to the others.
  const share = room / Math.max(1, columns.length);
  const [narrowW, wideW] = share >= MIN_COLUMN_WIDTH || !wide ? [clamp(share), clamp(share)] : [COLLAPSED_COLUMN_WIDTH, clamp((room - narrow * COLLAPSED_COLUMN_WIDTH) / wide)];
  const left: number[] = [];
  const width: number[] = [];
  let x = 0;
  for (const c of columns) {
    left.push(x);
    width.push(collapsed(c) ? narrowW : wideW);
    x += width[width.length - 1];
  }
  return { left, width, total: x };
}

export const yOf = (v: View, pos: number) => (pos - v.topPos) / v.posPerPx;
export const posAt = (v: View, y: number) => v.topPos + y * v.posPerPx;
export const xOfColumn = (v: View, c: number) => (v.cols.left[c] ?? 0) + (v.cols.width[c] ?? 0) / 2 + v.scrollX;
/** Left edge and width in px of columns from…to. */
export const spanOf = (v: View, from: number, to: number) => ({ left: (v.cols.left[from] ?? 0) + v.scrollX, width: (v.cols.left[to] ?? 0) + (v.cols.width[to] ?? 0) - (v.cols.left[from] ?? 0) });

export interface SceneMark {
  x: number;
  y: number;
  level: number;
  count: number;
  file: number;
  index: number;
  column: number;
  timeUs: number;
  text?: string;
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
  /** Transfers that can be expanded (+) or collapsed (−): the box's centre. */
  toggle?: { x: number; y: number; expand: boolean };
}

export interface SceneBreak {
  y: number;
  h: number;
  label: string;
}

export interface Scene {
  marks: SceneMark[];
  arrows: SceneArrow[];
  breaks: SceneBreak[];
  labels: PlacedLabel[];
}

/** URLs in a label cut to their last segment ("TransportSend SubmitOrder"); the tooltip keeps them whole. */
export function compactUrls(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (url) => shortAction(url));
}

/** Short label: the last segment of a SOAP action. */
export function shortAction(action: string): string {
  const cut = action.replace(/\/+$/, '').split(/[/#:]/);
  return cut[cut.length - 1] || action;
}

/** "… 12 min 04 s …", with hours and days for long silences. */
export function gapLabel(us: number): string {
  const s = Math.round(us / 1e6);
  const text = s < 3600 ? formatDurationUs(us) : s < 86_400 ? `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min` : `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  return `… ${text} …`;
}

function arrowStyle(a: GraphArrow): { colour: string; dashed: boolean; width: number } {
  const bundled = a.count > 1 ? Math.min(4, Math.log2(a.count)) : 0;
  if (a.kind === 'transfer') return { colour: '#98a2b3', dashed: true, width: 1 + bundled / 2 };
  if (a.backwards) return { colour: BACKWARDS_COLOUR, dashed: a.role === 'reply', width: 2.5 + bundled };
  // A bundle mixes exchanges: one neutral colour; a single request and its reply share theirs.
  const colour = a.count === 1 && a.exchange >= 0 ? EXCHANGE_COLOURS[a.exchange % EXCHANGE_COLOURS.length] : BUNDLE_COLOUR;
  return { colour, dashed: a.role === 'reply', width: (a.crossHost ? 1.8 : 1.2) + bundled };
}

export function arrowText(a: GraphArrow): string {
  const short = a.kind === 'message' ? shortAction(a.label) : a.label;
  return a.count > 1 ? `${short} ×${a.count}` : short;
}

/** The full description shown on hover. */
export function arrowTitle(a: GraphArrow): string {
  if (a.kind === 'transfer') return `Transfer to ${a.label}${a.count > 1 ? ` (and ${a.count - 1} more)` : ''}${a.targetExpanded ? ' — click − to collapse' : ' — click + to expand'}`;
  const role = a.role === 'one-way' ? 'one-way message' : a.role;
  const head = a.count > 1 ? `${a.count} messages bundled (${a.backwardsCount} backwards); first: ` : '';
  return `${head}${a.label} (${role}${a.backwards && a.count === 1 ? ', received before it was sent' : ''})`;
}

export interface SceneOptions {
  /** Columns of the selected activity: their labels come first. */
  selectedColumns?: ReadonlySet<number>;
  /** Columns of one activity or thread (not collapsed): their traces are labelled when there is room. */
  ownColumns?: ReadonlySet<number>;
  /** Moves some columns' marks and arrow ends vertically (a host's column being dragged). */
  shiftPx?: { columns: ReadonlySet<number>; px: number };
  /** Text width in px (the canvas's measureText; an estimate in tests). */
  measure?: (text: string) => number;
}

const estimate = (t: string) => t.length * 6.2;

/** Pixels for the data under a view. */
export function buildScene(data: GraphData, v: View, opts: SceneOptions = {}): Scene {
  const shift = opts.shiftPx;
  const dy = (c: number) => (shift && shift.columns.has(c) ? shift.px : 0);
  const m = data.marks;
  const marks: SceneMark[] = [];
  for (let i = 0; i < m.column.length; i++) {
    const y = yOf(v, m.pos[i]) + dy(m.column[i]);
    const x = xOfColumn(v, m.column[i]);
    if (y < -10 || y > v.height + 10 || x < -MAX_COLUMN_WIDTH || x > v.width + MAX_COLUMN_WIDTH) continue;
    marks.push({ x, y, level: m.level[i], count: m.count[i], file: m.file[i], index: m.index[i], column: m.column[i], timeUs: m.timeUs[i], text: m.text?.[i] });
  }
  const arrows: SceneArrow[] = [];
  const toggles = new Map<number, number[]>();
  for (const a of data.arrows) {
    const x1 = xOfColumn(v, a.from.column);
    const y1 = yOf(v, a.from.pos) + dy(a.from.column);
    let x2 = xOfColumn(v, a.to.column);
    const y2 = yOf(v, a.to.pos) + dy(a.to.column);
    if (Math.max(y1, y2) < -20 || Math.min(y1, y2) > v.height + 20) continue;
    // A transfer to a collapsed activity of the same column: a stub with its + box.
    if (a.kind === 'transfer' && x2 === x1) x2 = x1 + Math.min(34, (v.cols.width[a.from.column] ?? 0) * 0.35);
    const toggle = a.kind === 'transfer' && a.count === 1 && a.target >= 0 && (data.expanded !== null || a.targetExpanded) ? { x: x2 + (x2 >= x1 ? 8 : -8), y: y2 - 8, expand: !a.targetExpanded } : undefined;
    arrows.push({ x1, y1, x2, y2, ...arrowStyle(a), label: arrowText(a), arrow: a, toggle: toggle && toggleFits(toggles, toggle) ? toggle : undefined });
  }
  const breaks: SceneBreak[] = data.axis.breaks.map((b) => ({ y: yOf(v, b.pos), h: b.length / v.posPerPx, label: gapLabel(b.toUs - b.fromUs) }));
  return { marks, arrows, breaks, labels: placeLabels(labelRequests(marks, arrows, v, opts), v, opts.measure ?? estimate) };
}

/** A +/− box is only drawn clear of the others in its column (zoomed out, transfers crowd). */
function toggleFits(taken: Map<number, number[]>, t: { x: number; y: number }): boolean {
  const key = Math.round(t.x);
  const ys = taken.get(key) ?? [];
  if (ys.some((y) => Math.abs(y - t.y) < 14)) return false;
  ys.push(t.y);
  taken.set(key, ys);
  return true;
}

/** Labels wanted, by priority: the selected activity's, then errors and backwards messages, then messages. */
function labelRequests(marks: SceneMark[], arrows: SceneArrow[], v: View, opts: SceneOptions): LabelRequest[] {
  const sel = opts.selectedColumns;
  const out: LabelRequest[] = [];
  for (const mk of marks) {
    if (!mk.text || mk.count > 1) continue;
    const mine = sel?.has(mk.column) ?? false;
    // Traces of an activity's (or thread's) own column are labelled after messages; a collapsed column's only when they are errors.
    const own = opts.ownColumns?.has(mk.column) ?? false;
    if (!mine && mk.level > 2 && !own) continue;
    out.push({ priority: mine ? 0 : mk.level <= 2 ? 1 : 3, kind: 'mark', text: compactUrls(mk.text), colour: mk.level <= 2 ? '#8e1b1b' : '#1d2939', anchors: [{ x: mk.x + 8, y: mk.y - 6.5, align: 'left' }], maxWidth: (v.cols.width[mk.column] ?? 0) - 14, title: mk.text });
  }
  for (const a of arrows) {
    if (a.arrow.kind !== 'message' || Math.abs(a.x2 - a.x1) < 40) continue;
    const mine = sel ? sel.has(a.arrow.from.column) || sel.has(a.arrow.to.column) : false;
    const below = a.arrow.role === 'reply';
    const along = (f: number) => ({ x: a.x1 + (a.x2 - a.x1) * f, y: a.y1 + (a.y2 - a.y1) * f + (below ? 2 : -15), align: 'center' as const });
    out.push({ priority: mine ? 0 : a.arrow.backwards ? 1 : a.arrow.count > 1 ? 3 : 2, kind: 'arrow', text: a.label, colour: a.colour, anchors: [along(0.5), along(0.3), along(0.7)], maxWidth: Math.max(Math.abs(a.x2 - a.x1) - 16, 150), title: arrowTitle(a.arrow) });
  }
  return out;
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
