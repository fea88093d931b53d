/**
 * Fetches the graph's window from the main side: only when the view leaves the window last
 * fetched (padded by half a screen each way) or zooms in far enough to need finer buckets, and
 * again when the data, the clock, the layout, the columns or the focus change.
 */
import { useEffect, useRef, useState } from 'react';
import type { GraphColumnsBy, GraphData, GraphLayout } from '../../../../shared/channels/skew';
import { getApi } from '../../api';
import { effectiveFilter, useView } from '../../viewStore';
import type { View } from './scene';

export interface GraphRequestState {
  layout: GraphLayout;
  columnsBy: GraphColumnsBy;
  collapsedHosts: string[];
  collapsedProcesses: string[];
  /** Activities with their own column; null: every activity. */
  expanded: number[] | null;
  /** Expand around this activity (the graph's opening): the answer says what was expanded. */
  expandAround?: number;
  focus?: number;
}

interface Fetched {
  data: GraphData;
  key: string;
  shapeKey: string;
  posPerPx: number;
}

/** The request's shape without the window: what the main side lays out. */
export function graphShape(req: GraphRequestState) {
  return {
    layout: req.layout,
    columnsBy: req.columnsBy,
    collapsedHosts: req.collapsedHosts,
    collapsedProcesses: req.collapsedProcesses,
    ...(req.expanded ? { expanded: req.expanded } : {}),
    ...(req.expandAround !== undefined ? { expandAround: req.expandAround } : {}),
    ...(req.focus !== undefined ? { focus: req.focus } : {}),
  };
}

/** `view` undefined: nothing laid out yet, fetch everything once to learn the axis. */
export function useGraphData(view: View | undefined, req: GraphRequestState): { data?: GraphData; loading: boolean; error?: string } {
  const dataVersion = useView((s) => s.dataVersion);
  const filter = useView((s) => s.filter);
  const [fetched, setFetched] = useState<Fetched | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const seq = useRef(0);
  const shape = graphShape(req);
  const shapeKey = JSON.stringify([shape, effectiveFilter(filter) ?? null]);
  const key = `${dataVersion}:${shapeKey}`;
  // A new shape (layout, columns, focus, filter) has a new axis: the view's positions mean nothing
  // on it, so the first answer covers everything; a new clock or load keeps the rows near enough.
  const windowed = view && (!fetched || fetched.shapeKey === shapeKey);

  const needed = (() => {
    if (!fetched || fetched.key !== key) return true;
    if (!view) return false;
    const bottom = view.topPos + view.height * view.posPerPx;
    const d = fetched.data;
    if ((view.topPos < d.fromPos && d.fromPos > 0) || (bottom > d.toPos && d.toPos < d.axis.length)) return true;
    // Zoomed in past the buckets' resolution (or the bundles' rows): ask for finer ones.
    return (d.lod || d.arrows.some((a) => a.count > 1) || !d.marks.text) && fetched.posPerPx / view.posPerPx > 2;
  })();

  useEffect(() => {
    if (!needed) return;
    const my = ++seq.current;
    const timer = setTimeout(
      () => {
        setLoading(true);
        const span = view && windowed ? view.height * view.posPerPx : 0;
        performance.mark('graph-request');
        getApi()
          .call('graph.data', {
            ...shape,
            ...(view && windowed ? { fromPos: view.topPos - span / 2, toPos: view.topPos + span * 1.5 } : {}),
            heightPx: Math.max(10, Math.min(10_000, Math.round((view?.height ?? 600) * 2))),
            filter: effectiveFilter(filter),
          })
          .then((data) => {
            if (my !== seq.current) return;
            setFetched({ data, key, shapeKey, posPerPx: view && windowed ? view.posPerPx : Infinity });
            setError(undefined);
          })
          .catch((e: unknown) => my === seq.current && setError(e instanceof Error ? e.message : String(e)))
          .finally(() => my === seq.current && setLoading(false));
      },
      fetched && fetched.key !== key ? 0 : 40,
    );
    return () => clearTimeout(timer);
  });
  return { data: fetched?.data, loading, error };
}
