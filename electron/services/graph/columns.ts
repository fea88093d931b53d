/**
 * The graph's columns: host → process → activity (or → thread, Service Trace Viewer's thread
 * mode), each level collapsible. Every event belongs to one (process, activity or thread) cell,
 * computed once per view build; a request only maps cells to columns. Columns are ordered by raw
 * time (host, then process, then cell by its first trace), so switching Raw/Adjusted or moving a
 * clock never moves a column.
 */
import type { GraphColumn, GraphColumnsBy } from '../../../shared/channels/skew';
import { GRAPH_MAX_COLUMNS } from '../../../shared/channels/skew';
import { LEVEL_CLASS, type ViewIndex } from '../svclog-views/view-index';

/** One process's share of one activity (or one thread of a process). */
interface Cell {
  host: number;
  process: number;
  /** The activity (activity cells) or -1. */
  activity: number;
  /** The thread id (thread cells) or -1. */
  thread: number;
  traces: number;
  /** Lowest FILTER_LEVELS index seen (0 = critical). */
  worst: number;
  /** Raw time of its first trace: the column order, the same in Raw and Adjusted. */
  firstRawUs: number;
  /** Its first trace (global event number). */
  first: number;
}

export interface Cells {
  by: GraphColumnsBy;
  cells: Cell[];
  /** Global event → cell. */
  cellOf: Int32Array;
  /** (activity or thread) × processes + process → cell. */
  ids: Map<number, number>;
  procs: number;
}

const cellCache = new WeakMap<ViewIndex, Partial<Record<GraphColumnsBy, Cells>>>();

export function cellsOf(view: ViewIndex, by: GraphColumnsBy = 'activity'): Cells {
  let perView = cellCache.get(view);
  if (!perView) cellCache.set(view, (perView = {}));
  const hit = perView[by];
  if (hit) return hit;
  const cells: Cell[] = [];
  const cellOf = new Int32Array(view.total);
  const ids = new Map<number, number>();
  const procs = view.processes.names.length + 1;
  // Activity cells: (activity, process) → cell + 1 in a typed table (no map lookup per event);
  // thread ids can be anything, so thread cells keep the map.
  const slots = by === 'activity' && view.index.activities.length * procs <= 1 << 24 ? new Int32Array(view.index.activities.length * procs) : undefined;
  const { activityOf, levelClass, rawTimeUs } = view;
  const processOf = view.processes.of;
  view.files.forEach((file, fi) => {
    const tid = file.events.tid;
    for (let e = 0, g = view.base[fi]; e < file.recordCount; e++, g++) {
      const p = processOf[g];
      const sub = by === 'activity' ? activityOf[g] : tid[e];
      const key = sub * procs + p;
      let id = slots ? slots[key] - 1 : (ids.get(key) ?? -1);
      if (id < 0) {
        id = cells.length;
        if (slots) slots[key] = id + 1;
        else ids.set(key, id);
        cells.push({ host: view.hosts.of[g], process: p, activity: by === 'activity' ? sub : -1, thread: by === 'thread' ? sub : -1, traces: 0, worst: LEVEL_CLASS.boundaries, firstRawUs: Infinity, first: g });
      }
      const cell = cells[id];
      cell.traces++;
      if (levelClass[g] < cell.worst) cell.worst = levelClass[g];
      if (rawTimeUs[g] < cell.firstRawUs) {
        cell.firstRawUs = rawTimeUs[g];
        cell.first = g;
      }
      cellOf[g] = id;
    }
  });
  // The (activity or thread, process) → cell map callers look up by key (transfer targets).
  if (slots) cells.forEach((c, i) => ids.set(c.activity * procs + c.process, i));
  return (perView[by] = { by, cells, cellOf, ids, procs });
}

export interface ColumnLayout {
  columns: GraphColumn[];
  /** Cell → column, -1 when hidden (focus) or omitted. */
  columnOfCell: Int32Array;
  omitted: number;
}

export interface ColumnOptions {
  collapsedHosts: ReadonlySet<string>;
  collapsedProcesses: ReadonlySet<string>;
  /** Activities shown at all (focus); undefined: all. */
  shown?: ReadonlySet<number>;
  /** Activities with their own column; the rest of a process share one. Undefined: all. */
  expanded?: ReadonlySet<number>;
  /** Per host id, the solver's clock offset (µs): hosts are ordered by corrected start whatever the mode. */
  hostOffsetUs?: Float64Array;
}

const severity = (worst: number): GraphColumn['severity'] => (worst <= LEVEL_CLASS.error ? 'error' : worst === LEVEL_CLASS.warning ? 'warning' : 'none');

function activityLabel(view: ViewIndex, a: number): string {
  const act = view.index.activities[a];
  return act.name || `{${act.id}}`;
}

/** A key per set object (focusSet answers the same set for the same focus): a big focus is not sorted and joined per request. */
const setKeys = new WeakMap<ReadonlySet<number>, number>();
let nextSetKey = 0;
const setKey = (set: ReadonlySet<number>) => {
  let k = setKeys.get(set);
  if (k === undefined) setKeys.set(set, (k = nextSetKey++));
  return `set ${k}`;
};

/** Sorted visible cells per cells table, kept per (host offsets, shown set): a layout or clock switch does not sort again. */
const sortCache = new WeakMap<Cells, { key: string; order: number[] }[]>();

/** The visible cells in column order (see layoutColumns). */
function sortedCells(view: ViewIndex, cells: Cells, opts: ColumnOptions): number[] {
  const key = `${opts.hostOffsetUs ? opts.hostOffsetUs.join(',') : ''}|${opts.shown && cells.by === 'activity' ? setKey(opts.shown) : '*'}`;
  const kept = sortCache.get(cells) ?? [];
  const hit = kept.find((k) => k.key === key);
  if (hit) return hit.order;
  // First (corrected) time per host and first raw time per process, by id: the sort compares numbers.
  const hostFirst = new Float64Array(view.hosts.names.length).fill(Infinity);
  const procFirst = new Float64Array(view.processes.names.length).fill(Infinity);
  const visible: number[] = [];
  const see = (i: number) => {
    const c = cells.cells[i];
    visible.push(i);
    hostFirst[c.host] = Math.min(hostFirst[c.host], c.firstRawUs - (opts.hostOffsetUs?.[c.host] ?? 0));
    procFirst[c.process] = Math.min(procFirst[c.process], c.firstRawUs);
  };
  if (opts.shown && cells.by === 'activity') {
    // A focus: the shown activities' cells, looked up per process (not a pass over every cell).
    for (const a of opts.shown) {
      for (let p = 0; p < cells.procs; p++) {
        const i = cells.ids.get(a * cells.procs + p);
        if (i !== undefined) see(i);
      }
    }
  } else cells.cells.forEach((_, i) => see(i));
  const cs = cells.cells;
  visible.sort((i, j) => {
    const x = cs[i];
    const y = cs[j];
    return hostFirst[x.host] - hostFirst[y.host] || x.host - y.host || procFirst[x.process] - procFirst[y.process] || x.process - y.process || x.firstRawUs - y.firstRawUs || i - j;
  });
  sortCache.set(cells, [{ key, order: visible }, ...kept].slice(0, 4));
  return visible;
}

/**
 * Columns in order: hosts by their first trace corrected by the solver's offset (so the same in Raw
 * and Adjusted, and not moved by an override being dragged), processes by their first raw trace,
 * then cells. Beyond GRAPH_MAX_COLUMNS the rest is omitted.
 */
export function layoutColumns(view: ViewIndex, cells: Cells, opts: ColumnOptions): ColumnLayout {
  const visible = sortedCells(view, cells, opts);
  const cs = cells.cells;
  const columns: GraphColumn[] = [];
  const columnOfCell = new Int32Array(cs.length).fill(-1);
  const byKey = new Map<string, number>();
  let omitted = 0;
  for (const i of visible) {
    const c = cs[i];
    const host = view.hosts.names[c.host];
    const process = view.processes.names[c.process];
    const level: GraphColumn['level'] = opts.collapsedHosts.has(host)
      ? 'host'
      : opts.collapsedProcesses.has(process) || (cells.by === 'activity' && opts.expanded && !opts.expanded.has(c.activity))
        ? 'process'
        : cells.by;
    const key = level === 'host' ? `h${c.host}` : level === 'process' ? `p${c.process}` : `c${i}`;
    let col = byKey.get(key);
    if (col === undefined) {
      if (columns.length >= GRAPH_MAX_COLUMNS) {
        omitted++;
        continue;
      }
      byKey.set(key, (col = columns.length));
      columns.push({
        level,
        host,
        process: level === 'host' ? '' : process,
        activity: level === 'activity' ? c.activity : -1,
        thread: level === 'thread' ? c.thread : -1,
        label: level === 'host' ? host : level === 'process' ? process : level === 'thread' ? `thread ${c.thread}` : activityLabel(view, c.activity),
        traces: 0,
        members: 0,
        severity: 'none',
      });
    }
    const column = columns[col];
    column.traces += c.traces;
    column.members++;
    const sev = severity(c.worst);
    if (sev === 'error' || (sev === 'warning' && column.severity === 'none')) column.severity = sev;
    columnOfCell[i] = col;
  }
  return { columns, columnOfCell, omitted };
}

/**
 * Activities each activity transfers to or exchanges messages with, built once per view as one
 * compressed table (activity a's links are `to[start[a]..start[a + 1])`, duplicates allowed): a
 * map of sets per activity cost most of a second on the 1 GB trace.
 */
interface Links {
  start: Int32Array;
  to: Int32Array;
}
const linkCache = new WeakMap<ViewIndex, Links>();

function linksOf(view: ViewIndex): Links {
  const hit = linkCache.get(view);
  if (hit) return hit;
  const acts = view.index.activities.length;
  const from: number[] = [];
  const to: number[] = [];
  const link = (a: number, b: number) => {
    if (a === b || b < 0 || a < 0 || a >= acts || b >= acts) return;
    from.push(a);
    to.push(b);
  };
  for (const [g, t] of view.transferTo) link(view.activityOf[g], t);
  for (const p of view.index.pairs) {
    if (p.kind !== 'send-receive') continue;
    link(view.activityOf[view.base[p.from.file] + p.from.event], view.activityOf[view.base[p.to.file] + p.to.event]);
  }
  const start = new Int32Array(acts + 1);
  for (const a of from) start[a + 1]++;
  for (let a = 0; a < acts; a++) start[a + 1] += start[a];
  const fill = start.slice(0, acts);
  const out = new Int32Array(to.length);
  for (let k = 0; k < from.length; k++) out[fill[from[k]]++] = to[k];
  const made = { start, to: out };
  linkCache.set(view, made);
  return made;
}

const linked = (l: Links, a: number) => (a >= 0 && a + 1 < l.start.length ? l.to.subarray(l.start[a], l.start[a + 1]) : new Int32Array(0));

/** What opening the graph expands: the activity and what it transfers to or sends messages to (one step). */
export function neighbours(view: ViewIndex, activity: number): Set<number> {
  return new Set([activity, ...linked(linksOf(view), activity)]);
}

/** The last few focus sets per view: every request of a focused graph asks for its set again. */
const focusCache = new WeakMap<ViewIndex, Map<number, ReadonlySet<number>>>();
const FOCUS_SETS_KEPT = 4;

/** Focus mode: the activity and every activity it transfers to or sends a message to, transitively. */
export function focusSet(view: ViewIndex, activity: number): ReadonlySet<number> {
  let kept = focusCache.get(view);
  if (!kept) focusCache.set(view, (kept = new Map()));
  const hit = kept.get(activity);
  if (hit) return hit;
  const made = reachable(view, activity);
  kept.set(activity, made);
  if (kept.size > FOCUS_SETS_KEPT) kept.delete(kept.keys().next().value!);
  return made;
}

function reachable(view: ViewIndex, activity: number): Set<number> {
  const next = linksOf(view);
  const seen = new Set([activity]);
  const stack = [activity];
  while (stack.length) {
    for (const b of linked(next, stack.pop()!)) {
      if (seen.has(b)) continue;
      seen.add(b);
      stack.push(b);
    }
  }
  return seen;
}
