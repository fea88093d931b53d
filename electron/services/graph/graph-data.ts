/** The graph.data channel: columns, marks and arrows of one window, in displayed time. */
import type { GraphData } from '../../../shared/channels/skew';
import type { TraceFilter } from '../../../shared/channels/svclog';
import { clockService } from '../clock/service';
import type { Session } from '../session';
import type { ViewIndex } from '../svclog-views/view-index';
import { svclogViews } from '../svclog-views/views';
import { collectArrows } from './arrows';
import { cellsOf, focusSet, layoutColumns } from './columns';
import { collectMarks } from './marks';

export interface GraphQuery {
  fromUs?: number;
  toUs?: number;
  heightPx: number;
  collapsedHosts?: string[];
  collapsedProcesses?: string[];
  focus?: number;
  filter?: TraceFilter;
  locate?: { fileId: string; index: number };
}

/** The graph takes the one filter value; its mask comes from the views' filter cache (custom filters scanned first). */
export async function graphData(session: Session, q: GraphQuery): Promise<GraphData> {
  const { view, result } = await svclogViews(session).filterResult(q.filter);
  const clock = clockService(session);
  const extent = view.total ? { firstUs: view.timeUs[view.order[0]], lastUs: view.timeUs[view.order[view.total - 1]] } : null;
  const fromUs = q.fromUs ?? extent?.firstUs ?? 0;
  const toUs = Math.max(fromUs, q.toUs ?? extent?.lastUs ?? 0);
  const focus = q.focus !== undefined && q.focus < view.index.activities.length ? q.focus : undefined;
  const cells = cellsOf(view);
  const layout = layoutColumns(view, cells, {
    collapsedHosts: new Set(q.collapsedHosts ?? []),
    collapsedProcesses: new Set(q.collapsedProcesses ?? []),
    shown: focus === undefined ? undefined : focusSet(view, focus),
  });
  const columnOf = (g: number) => layout.columnOfCell[cells.cellOf[g]];
  // Transfer targets: the target activity's column in the same process when it has one there.
  const columnOfActivity = (activity: number, nearProcess: number) => {
    let any = -1;
    cells.cells.forEach((c, i) => {
      if (c.activity !== activity || layout.columnOfCell[i] < 0) return;
      if (c.process === nearProcess || any < 0) any = layout.columnOfCell[i];
    });
    return any;
  };
  const mask = result.mask;
  const { marks, lod, traceCount } = collectMarks(view, { fromUs, toUs, heightPx: q.heightPx, columnOf, mask });
  const arrows = collectArrows(view, { fromUs, toUs, columnOf, columnOfActivity, mask });
  return {
    version: view.version,
    clockVersion: clock.version,
    mode: clock.state.mode,
    fromUs,
    toUs,
    extent,
    fileIds: view.files.map((f) => f.fileId),
    columns: layout.columns,
    omittedColumns: layout.omitted,
    processes: view.processes.names.slice(0, 2000),
    marks,
    lod,
    traceCount,
    arrows: arrows.arrows,
    arrowTotal: arrows.total,
    backwardsTotal: arrows.backwards,
    focus: focus ?? null,
    located: locateTrace(view, q.locate, columnOf),
  };
}

function locateTrace(view: ViewIndex, ref: GraphQuery['locate'], columnOf: (g: number) => number): GraphData['located'] {
  const g = ref ? view.global(ref.fileId, ref.index) : -1;
  return g < 0 ? null : { timeUs: view.timeUs[g], column: columnOf(g), activity: view.activityOf[g] };
}
