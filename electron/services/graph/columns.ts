/**
 * The graph's columns: host → process → activity, each level collapsible. Every event belongs to
 * one (process, activity) cell, computed once per view build; a request only maps cells to columns.
 */
import type { GraphColumn } from '../../../shared/channels/skew';
import { GRAPH_MAX_COLUMNS } from '../../../shared/channels/skew';
import { LEVEL_CLASS, type ViewIndex } from '../svclog-views/view-index';

/** One process's share of one activity. */
interface Cell {
  host: number;
  process: number;
  activity: number;
  traces: number;
  /** Lowest FILTER_LEVELS index seen (0 = critical). */
  worst: number;
}

export interface Cells {
  cells: Cell[];
  /** Global event → cell. */
  cellOf: Int32Array;
}

const cellCache = new WeakMap<ViewIndex, Cells>();

export function cellsOf(view: ViewIndex): Cells {
  let c = cellCache.get(view);
  if (c) return c;
  const cells: Cell[] = [];
  const cellOf = new Int32Array(view.total);
  const ids = new Map<number, number>();
  const procs = view.processes.names.length + 1;
  for (let g = 0; g < view.total; g++) {
    const p = view.processes.of[g];
    const a = view.activityOf[g];
    const key = a * procs + p;
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = cells.length));
      cells.push({ host: view.hosts.of[g], process: p, activity: a, traces: 0, worst: LEVEL_CLASS.boundaries });
    }
    const cell = cells[id];
    cell.traces++;
    if (view.levelClass[g] < cell.worst) cell.worst = view.levelClass[g];
    cellOf[g] = id;
  }
  cellCache.set(view, (c = { cells, cellOf }));
  return c;
}

export interface ColumnLayout {
  columns: GraphColumn[];
  /** Cell → column, -1 when hidden (focus) or omitted. */
  columnOfCell: Int32Array;
  omitted: number;
}

const severity = (worst: number): GraphColumn['severity'] => (worst <= LEVEL_CLASS.error ? 'error' : worst === LEVEL_CLASS.warning ? 'warning' : 'none');

/**
 * Columns in order: hosts by their first displayed trace, processes likewise, then activities by
 * start. `shown` limits activities (focus mode). Beyond GRAPH_MAX_COLUMNS the rest is omitted.
 */
export function layoutColumns(view: ViewIndex, cells: Cells, opts: { collapsedHosts: ReadonlySet<string>; collapsedProcesses: ReadonlySet<string>; shown?: ReadonlySet<number> }): ColumnLayout {
  const span = view.activityTimes;
  const first = (c: Cell) => span.firstUs[c.activity];
  const hostFirst = new Map<number, number>();
  const procFirst = new Map<number, number>();
  const visible = cells.cells.map((c, i) => ({ c, i })).filter(({ c }) => !opts.shown || opts.shown.has(c.activity));
  for (const { c } of visible) {
    hostFirst.set(c.host, Math.min(hostFirst.get(c.host) ?? Infinity, first(c)));
    procFirst.set(c.process, Math.min(procFirst.get(c.process) ?? Infinity, first(c)));
  }
  visible.sort(
    (x, y) =>
      hostFirst.get(x.c.host)! - hostFirst.get(y.c.host)! ||
      x.c.host - y.c.host ||
      procFirst.get(x.c.process)! - procFirst.get(y.c.process)! ||
      x.c.process - y.c.process ||
      first(x.c) - first(y.c) ||
      x.c.activity - y.c.activity,
  );
  const columns: GraphColumn[] = [];
  const columnOfCell = new Int32Array(cells.cells.length).fill(-1);
  const byKey = new Map<string, number>();
  let omitted = 0;
  for (const { c, i } of visible) {
    const host = view.hosts.names[c.host];
    const process = view.processes.names[c.process];
    const act = view.index.activities[c.activity];
    const level = opts.collapsedHosts.has(host) ? 'host' : opts.collapsedProcesses.has(process) ? 'process' : 'activity';
    const key = level === 'host' ? `h${c.host}` : level === 'process' ? `p${c.process}` : `a${c.process}:${c.activity}`;
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
        label: level === 'host' ? host : level === 'process' ? process : act.name || `{${act.id}}`,
        traces: 0,
        severity: 'none',
      });
    }
    const column = columns[col];
    column.traces += c.traces;
    const sev = severity(c.worst);
    if (sev === 'error' || (sev === 'warning' && column.severity === 'none')) column.severity = sev;
    columnOfCell[i] = col;
  }
  return { columns, columnOfCell, omitted };
}

/** Focus mode: the activity and every activity it transfers to or sends a message to, transitively. */
export function focusSet(view: ViewIndex, activity: number): Set<number> {
  const next = new Map<number, Set<number>>();
  const link = (a: number, b: number) => {
    if (a === b || b < 0) return;
    let s = next.get(a);
    if (!s) next.set(a, (s = new Set()));
    s.add(b);
  };
  for (const [g, to] of view.transferTo) link(view.activityOf[g], to);
  for (const p of view.index.pairs) {
    if (p.kind !== 'send-receive') continue;
    link(view.activityOf[view.base[p.from.file] + p.from.event], view.activityOf[view.base[p.to.file] + p.to.event]);
  }
  const seen = new Set([activity]);
  const stack = [activity];
  while (stack.length) {
    for (const b of next.get(stack.pop()!) ?? []) {
      if (seen.has(b)) continue;
      seen.add(b);
      stack.push(b);
    }
  }
  return seen;
}
