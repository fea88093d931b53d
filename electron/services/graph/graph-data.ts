/** The graph.data channel: the layout (columns, axis rows, marks, bundled arrows) of one window. */
import type { GraphColumnsBy, GraphData, GraphLayout } from '../../../shared/channels/skew';
import { GRAPH_DEFAULT_GAP_US } from '../../../shared/channels/skew';
import type { TraceFilter } from '../../../shared/channels/svclog';
import { clockService } from '../clock/service';
import type { Session } from '../session';
import type { ViewIndex } from '../svclog-views/view-index';
import { prepareAfterLoad, svclogViews } from '../svclog-views/views';
import { arrowSources, collectArrows, exchangesOf } from './arrows';
import { axisWindow, buildAxis, posOfTime, timeOfPos, type Axis } from './axis';
import { cellsOf, focusSet, layoutColumns, neighbours, type Cells, type ColumnLayout } from './columns';
import { collectMarks } from './marks';
import { traced } from '../trace-spans';

export interface GraphQuery {
  layout?: GraphLayout;
  columnsBy?: GraphColumnsBy;
  fromPos?: number;
  toPos?: number;
  fromUs?: number;
  toUs?: number;
  heightPx: number;
  collapsedHosts?: string[];
  collapsedProcesses?: string[];
  expanded?: number[];
  expandAround?: number;
  focus?: number;
  gapUs?: number;
  filter?: TraceFilter;
  locate?: { fileId: string; index: number; step?: -1 | 0 | 1 };
  anchor?: { fileId: string; index: number; pos: number };
}

/** Columns and axis of the last few request shapes per view: panning, zooming and switching back reuse them. */
interface Layout {
  key: string;
  timeUs: Float64Array;
  mask: Uint8Array | undefined;
  cells: Cells;
  columns: ColumnLayout;
  /** Global event → column, -1 when not drawn (focus, filter, omitted column); `hidden` of them. */
  columnOfEvent: Int32Array;
  hidden: number;
  /** The drawn traces when they are few (a focus): the axis passes over them, not every trace. */
  drawn?: Int32Array;
  columnOf: (g: number) => number;
  axis: Axis;
  /** The marks and arrows of the last few windows (a switch back to this layout asks the same window again). */
  windows?: KeptWindow[];
  /**
   * The window of the whole axis, kept apart from the last few: it is what a new shape asks first
   * (Focus off, Fit) and panning must not push it out (it is a pass over every drawn trace).
   */
  whole?: KeptWindow;
}
const LAYOUTS_KEPT = 8;
const layoutCache = new WeakMap<ViewIndex, Layout[]>();

function layoutOf(view: ViewIndex, q: GraphQuery, mask: Uint8Array | undefined, focus: number | undefined, expanded: Set<number> | undefined, hostOffsetUs: Float64Array): Layout {
  const layout = q.layout ?? 'sequence';
  const gapUs = q.gapUs ?? GRAPH_DEFAULT_GAP_US;
  const key = JSON.stringify([layout, q.columnsBy ?? 'activity', gapUs, q.collapsedHosts ?? [], q.collapsedProcesses ?? [], expanded ? [...expanded].sort((a, b) => a - b) : null, focus ?? null, [...hostOffsetUs]]);
  // Layouts of the other clock mode or filter stay kept (a switch back finds them), the most recent first.
  const kept = layoutCache.get(view) ?? [];
  const hit = kept.find((l) => l.key === key && l.timeUs === view.timeUs && l.mask === mask);
  if (hit) {
    layoutCache.set(view, [hit, ...kept.filter((l) => l !== hit)]);
    return hit;
  }
  // The same request in another clock mode has the same columns (they are ordered by raw time and
  // the solver's offsets): only the axis is made again.
  const twin = kept.find((l) => l.key === key && l.mask === mask);
  const made: Layout = twin ? { ...twin, timeUs: view.timeUs, windows: undefined, whole: undefined, axis: axisOf(view, twin, layout, gapUs) } : newLayout(view, q, key, mask, focus, expanded, hostOffsetUs);
  layoutCache.set(view, [made, ...kept].slice(0, LAYOUTS_KEPT));
  return made;
}

function newLayout(view: ViewIndex, q: GraphQuery, key: string, mask: Uint8Array | undefined, focus: number | undefined, expanded: Set<number> | undefined, hostOffsetUs: Float64Array): Layout {
  const cells = cellsOf(view, q.columnsBy ?? 'activity');
  const shown = focus === undefined ? undefined : focusSet(view, focus);
  const columns = layoutColumns(view, cells, { collapsedHosts: new Set(q.collapsedHosts ?? []), collapsedProcesses: new Set(q.collapsedProcesses ?? []), shown, expanded, hostOffsetUs });
  const focused = shown && focusedTraces(view, shown);
  const columnOfEvent = new Int32Array(view.total);
  let hidden = 0;
  let drawn: Int32Array | undefined;
  if (focused) {
    // A focus on a few activities: only their traces are visited (a pass over every trace took most of the switch).
    columnOfEvent.fill(-1);
    let n = 0;
    for (const g of focused) {
      const c = mask && !mask[g] ? -1 : columns.columnOfCell[cells.cellOf[g]];
      columnOfEvent[g] = c;
      if (c >= 0) focused[n++] = g;
    }
    drawn = focused.slice(0, n);
    hidden = view.total - n;
  } else {
    for (let g = 0; g < view.total; g++) {
      const c = (mask && !mask[g]) || (shown && !shown.has(view.activityOf[g])) ? -1 : columns.columnOfCell[cells.cellOf[g]];
      columnOfEvent[g] = c;
      if (c < 0) hidden++;
    }
  }
  const columnParts = { key, timeUs: view.timeUs, mask, cells, columns, columnOfEvent, columnOf: (g: number) => columnOfEvent[g], hidden, drawn };
  return { ...columnParts, axis: axisOf(view, columnParts, q.layout ?? 'sequence', q.gapUs ?? GRAPH_DEFAULT_GAP_US) };
}

/** A focus's traces (every trace of the shown activities) when they are at most an eighth of the view's; else undefined. */
function focusedTraces(view: ViewIndex, shown: ReadonlySet<number>): Int32Array | undefined {
  const most = view.total >> 3;
  const out: number[] = [];
  for (const a of shown) {
    // The same traces as the full pass keeps (shown.has(activityOf[g])), each once.
    for (const g of view.membersOf(a)) if (view.activityOf[g] === a) out.push(g);
    if (out.length > most) return undefined;
  }
  return Int32Array.from(out);
}

/** The axis of a layout's drawn traces in the view's current timing (the shared full one when every trace is drawn). */
function axisOf(view: ViewIndex, L: Pick<Layout, 'hidden' | 'columnOfEvent' | 'drawn'>, layout: GraphLayout, gapUs: number): Axis {
  if (!L.hidden) return fullAxis(view, layout, gapUs);
  // The drawn traces are put in time order for each timing (Raw and Adjusted order them differently).
  return buildAxis(view, L.columnOfEvent, layout, gapUs, L.drawn && view.sortByTime(L.drawn.slice()));
}

/**
 * Per view, the axes with every trace drawn (no filter, focus or omitted column: the graph's
 * opening and most layouts), per (layout, gap) and timing (Raw, Adjusted): expanding, collapsing
 * or switching the clock reuses them instead of a pass over every trace.
 */
const fullAxes = new WeakMap<ViewIndex, { key: string; timeUs: Float64Array; axis: Axis }[]>();
const FULL_AXES_KEPT = 6;
function fullAxis(view: ViewIndex, layout: GraphLayout, gapUs: number): Axis {
  const key = `${layout} ${gapUs}`;
  const kept = fullAxes.get(view) ?? [];
  const hit = kept.find((a) => a.key === key && a.timeUs === view.timeUs);
  if (hit) return hit.axis;
  const axis = buildAxis(view, undefined, layout, gapUs);
  fullAxes.set(view, [{ key, timeUs: view.timeUs, axis }, ...kept].slice(0, FULL_AXES_KEPT));
  return axis;
}

// What the graph's opening needs from every trace (the activity cells, the transfer targets, the
// links between activities, the request/reply exchanges, the default axis) is made after a load, not when the graph opens.
prepareAfterLoad(function graphCells(view) {
  cellsOf(view, 'activity');
});
prepareAfterLoad(function graphTransferCells(view) {
  transferCells(view, cellsOf(view, 'activity'));
});
prepareAfterLoad(exchangesOf);
prepareAfterLoad(arrowSources);
prepareAfterLoad(function graphAxis(view) {
  fullAxis(view, 'sequence', GRAPH_DEFAULT_GAP_US);
});
// The other clock mode's times and axis: the first switch of Raw/Adjusted finds them.
prepareAfterLoad(function graphOtherClockAxis(view, session) {
  view.withOffsets(clockService(session).otherModeOffsetsUs(view.index), () => fullAxis(view, 'sequence', GRAPH_DEFAULT_GAP_US));
});
prepareAfterLoad(function graphNeighbours(view) {
  neighbours(view, 0);
});
// Focus reads the focused activities' traces from the index's member lists (made on their first read).
prepareAfterLoad(function graphMembers(view) {
  if (view.index.activities.length) view.membersOf(0).next();
});

/** The graph takes the one filter value; its mask comes from the views' filter cache (custom filters scanned first). */
export async function graphData(session: Session, q: GraphQuery): Promise<GraphData> {
  // This request goes first: the other clock's preparation for the answer before it is dropped
  // (this answer prepares its own; a trace located for the selection does not, and leaves it).
  if (!q.locate) cancelOtherClock(session);
  const { view, result } = await svclogViews(session).filterResult(q.filter);
  const clock = clockService(session);
  const acts = view.index.activities.length;
  const valid = (a: number | undefined) => (a !== undefined && a < acts ? a : undefined);
  const focus = valid(q.focus);
  const around = valid(q.expandAround);
  const expandedList = around !== undefined ? [...neighbours(view, around), ...(q.expanded ?? [])].filter((a) => a < acts) : q.expanded?.filter((a) => a < acts);
  const expanded = expandedList && (q.columnsBy ?? 'activity') === 'activity' ? new Set(expandedList) : undefined;
  const mask = result.mask;
  const solved = new Map(clock.solve(view.index).result.hosts.map((h) => [h.computer, h.offsetUs]));
  const hostOffsetUs = Float64Array.from(view.hosts.names, (h) => solved.get(h) ?? 0);
  // A focus that reaches every activity (the root activity's often does) shows what the graph
  // shows without it: the same layout, already made, serves it.
  const shown = focus !== undefined ? focusSet(view, focus) : undefined;
  const focusAll = !!shown && shown.size >= acts;
  const layoutFocus = focusAll ? undefined : focus;
  const L = traced('graph layout', () => layoutOf(view, q, mask, layoutFocus, expanded, hostOffsetUs));
  const { axis, columnOf, cells } = L;
  const askedFrom = q.fromPos ?? (q.fromUs !== undefined ? posOfTime(axis, q.fromUs) : 0);
  const asked = { fromPos: askedFrom, toPos: Math.max(askedFrom, q.toPos ?? (q.toUs !== undefined ? posOfTime(axis, q.toUs) : axis.length)) };
  const { fromPos, toPos, value, shift } = traced('graph window', () => anchoredWindow(view, L, asked, q));
  const { marks, lod, traceCount, arrows } = value;
  // In the other clock: the layout (its axis), then the window's marks and arrows, each in a turn of its own.
  const otherLayout = () => layoutOf(view, q, mask, layoutFocus, expanded, hostOffsetUs);
  if (!q.locate && !mask) prepareOtherClock(session, view, [otherLayout, () => anchoredWindow(view, otherLayout(), asked, q)]);
  const located = locateTrace(view, axis, q.locate, columnOf);
  // What to fit: the focus, the activity opened around, or the located trace's activity.
  const fitSet = shown ?? (around !== undefined ? new Set([around]) : located ? new Set([located.activity]) : undefined);
  const fit = focusAll ? wholeAxis(axis) : fitSet ? fitOf(view, axis, fitSet) : null;
  return {
    version: view.version,
    clockVersion: clock.version,
    mode: clock.state.mode,
    layout: axis.layout,
    columnsBy: cells.by,
    axis: { layout: axis.layout, length: axis.length, rows: axis.times.length, gapUs: axis.gapUs, ...axisWindow(axis, fromPos, toPos, q.heightPx) },
    fromPos,
    toPos,
    fromUs: timeOfPos(axis, fromPos),
    toUs: timeOfPos(axis, toPos),
    extent: axis.times.length ? { firstUs: axis.times[0], lastUs: axis.times[axis.times.length - 1] } : null,
    fileIds: view.files.map((f) => f.fileId),
    columns: L.columns.columns,
    omittedColumns: L.columns.omitted,
    processes: view.processes.names.slice(0, 2000),
    marks,
    lod,
    traceCount,
    arrows: arrows.arrows,
    arrowTotal: arrows.total,
    transferTotal: arrows.transfers,
    backwardsTotal: arrows.backwards,
    focus: focus ?? null,
    expanded: expanded ? [...expanded] : null,
    fit,
    located,
    shift,
  };
}

/** Per view: global event → the activity cell its transfer points to, -1 when it is not a transfer or points nowhere; found once. */
const transferCellCache = new WeakMap<ViewIndex, Int32Array>();

function transferCells(view: ViewIndex, ac: Cells): Int32Array {
  const hit = transferCellCache.get(view);
  if (hit) return hit;
  // Per activity, its first cell (by raw time): -1 none.
  const firstCell = new Int32Array(view.index.activities.length).fill(-1);
  ac.cells.forEach((c, i) => {
    const f = firstCell[c.activity];
    if (f < 0 || c.firstRawUs < ac.cells[f].firstRawUs) firstCell[c.activity] = i;
  });
  const made = new Int32Array(view.total).fill(-1);
  for (const [g, to] of view.transferTo) made[g] = ac.ids.get(to * ac.procs + view.processes.of[g]) ?? (to < firstCell.length ? firstCell[to] : -1);
  transferCellCache.set(view, made);
  return made;
}

type WindowContent = ReturnType<typeof collectMarks> & { arrows: ReturnType<typeof collectArrows> };
interface KeptWindow {
  fromPos: number;
  toPos: number;
  heightPx: number;
  value: WindowContent;
}
const WINDOWS_KEPT = 4;

/**
 * The marks and bundled arrows of one window of a layout, kept per (window, height). A kept window
 * of the same span and height that covers the middle half of the one asked (the part the pane
 * shows; the rest is padding) serves too: it is what was prepared for a switch of the clock.
 */
function windowOf(view: ViewIndex, L: Layout, fromPos: number, toPos: number, heightPx: number): KeptWindow {
  const span = toPos - fromPos;
  const whole = fromPos <= 0 && toPos >= L.axis.length;
  if (whole && L.whole?.heightPx === heightPx && L.whole.fromPos === fromPos && L.whole.toPos === toPos) return L.whole;
  const hit = L.windows?.find((w) => w.heightPx === heightPx && Math.abs(w.toPos - w.fromPos - span) <= span * 1e-9 && w.fromPos <= fromPos + span / 4 && w.toPos >= toPos - span / 4);
  if (hit) return hit;
  const { axis, columnOf } = L;
  const value = { ...collectMarks(view, axis, { fromPos, toPos, heightPx, columnOf }), arrows: collectArrows(view, { fromPos, toPos, heightPx, axis, columnOf, transferTarget: transferTarget(view, L) }) };
  const made = { fromPos, toPos, heightPx, value };
  if (whole) L.whole = made;
  else L.windows = [made, ...(L.windows ?? [])].slice(0, WINDOWS_KEPT);
  return made;
}

/** The window asked, moved by as much as the anchor trace moved on this axis (a clock switch: the same traces stay in view). */
function anchoredWindow(view: ViewIndex, L: Layout, asked: { fromPos: number; toPos: number }, q: GraphQuery): ReturnType<typeof windowOf> & { shift: number } {
  const g = q.anchor ? view.global(q.anchor.fileId, q.anchor.index) : -1;
  const row = g >= 0 ? L.axis.rowOf[g] : -1;
  const shift = row >= 0 ? L.axis.pos[row] - q.anchor!.pos : 0;
  return { ...windowOf(view, L, asked.fromPos + shift, asked.toPos + shift, q.heightPx), shift };
}

/** Per session, the pending preparation of the other clock mode's window (one at a time, the latest). */
const otherClockJobs = new WeakMap<Session, { timer?: ReturnType<typeof setTimeout>; cancelled: boolean }>();
/** Quiet time after a graph answer before the other clock mode's window is prepared (panning asks again sooner). */
const PREPARE_OTHER_CLOCK_MS = 250;

function cancelOtherClock(session: Session): void {
  const job = otherClockJobs.get(session);
  if (!job) return;
  job.cancelled = true;
  clearTimeout(job.timer);
  otherClockJobs.delete(session);
}

/**
 * Once the graph rests, lays out the window just answered in the other clock mode (Raw ↔
 * Adjusted), so that switching finds it ready. Only unfiltered graphs: a filter's mask is made
 * again for each clock. Each step runs in a turn of the event loop of its own and the next graph
 * request drops the rest (graphData): a Focus asked meanwhile waits for one step at most, never
 * for the whole preparation.
 */
function prepareOtherClock(session: Session, view: ViewIndex, steps: (() => unknown)[]): void {
  cancelOtherClock(session);
  const clock = clockService(session);
  const version = clock.version;
  const job: { timer?: ReturnType<typeof setTimeout>; cancelled: boolean } = { cancelled: false };
  const run = (i: number) => {
    if (job.cancelled || i >= steps.length || clock.version !== version || svclogViews(session).view() !== view) {
      if (otherClockJobs.get(session) === job) otherClockJobs.delete(session);
      return;
    }
    traced(`graph other clock ${i + 1}/${steps.length}`, () => view.withOffsets(clock.otherModeOffsetsUs(view.index), steps[i]));
    setImmediate(() => run(i + 1)).unref?.();
  };
  job.timer = setTimeout(() => run(0), PREPARE_OTHER_CLOCK_MS);
  job.timer.unref?.();
  otherClockJobs.set(session, job);
}

/**
 * Where a transfer points in a layout (column × 2, +1 when the target has its own column; -1 none):
 * the target activity's column in the transfer's own process when it runs there, else its column
 * where it starts. Read per transfer in the window from the view's transfer cells (a table over
 * every trace per layout made each focus slow).
 */
function transferTarget(view: ViewIndex, L: Layout): (g: number) => number {
  const ac = cellsOf(view, 'activity');
  const cellOf = transferCells(view, ac);
  return (g) => {
    const id = cellOf[g];
    if (id < 0) return -1;
    const column = L.cells.by === 'activity' ? L.columns.columnOfCell[id] : L.columnOfEvent[ac.cells[id].first];
    if (column < 0) return -1;
    const level = L.columns.columns[column].level;
    return column * 2 + (level === 'activity' || level === 'thread' ? 1 : 0);
  };
}

/** Axis span of every drawn trace. */
const wholeAxis = (axis: Axis): GraphData['fit'] => (axis.pos.length ? { fromPos: axis.pos[0], toPos: axis.pos[axis.pos.length - 1] } : null);

/** Axis span of the drawn traces of `activities` (their first to last displayed time). */
function fitOf(view: ViewIndex, axis: Axis, activities: ReadonlySet<number>): GraphData['fit'] {
  let from = Infinity;
  let to = -Infinity;
  for (const a of activities) {
    const first = view.activityTimes.firstUs[a];
    const last = view.activityTimes.lastUs[a];
    if (Number.isNaN(first)) continue;
    from = Math.min(from, posOfTime(axis, first));
    to = Math.max(to, posOfTime(axis, last));
  }
  return from <= to ? { fromPos: from, toPos: to } : null;
}

/** The trace to place, or with `step` the previous/next drawn trace of its column in time order. */
function locateTrace(view: ViewIndex, axis: Axis, ref: GraphQuery['locate'], columnOf: (g: number) => number): GraphData['located'] {
  let g = ref ? view.global(ref.fileId, ref.index) : -1;
  if (g < 0) return null;
  if (ref?.step) {
    const column = columnOf(g);
    let r = view.rank[g] + ref.step;
    for (; r >= 0 && r < view.total; r += ref.step) {
      const h = view.order[r];
      if (axis.rowOf[h] >= 0 && columnOf(h) === column) break;
    }
    if (r >= 0 && r < view.total) g = view.order[r];
  }
  const { file, event } = view.eventOf(g);
  const row = axis.rowOf[g];
  return { fileId: file.fileId, index: event, pos: row >= 0 ? axis.pos[row] : posOfTime(axis, view.timeUs[g]), timeUs: view.timeUs[g], column: row >= 0 ? columnOf(g) : -1, activity: view.activityOf[g] };
}
