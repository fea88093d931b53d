/**
 * Fetches the graph's window from the main side: only when the view leaves the window last
 * fetched (padded by half a screen each way) or zooms far enough to need finer buckets, and again
 * when the data, the clock, the collapsed groups or the focus change.
 */
import { useEffect, useRef, useState } from 'react';
import type { GraphData } from '../../../../shared/channels/skew';
import { getApi } from '../../api';
import { effectiveFilter, useView } from '../../viewStore';
import type { View } from './scene';

export interface GraphRequestState {
  collapsedHosts: string[];
  collapsedProcesses: string[];
  focus?: number;
}

interface Fetched {
  data: GraphData;
  key: string;
  usPerPx: number;
}

/** `view` undefined: nothing laid out yet, fetch everything once to learn the extent. */
export function useGraphData(view: View | undefined, req: GraphRequestState): { data?: GraphData; loading: boolean; error?: string } {
  const dataVersion = useView((s) => s.dataVersion);
  const filter = useView((s) => s.filter);
  const [fetched, setFetched] = useState<Fetched | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const seq = useRef(0);
  const failedKey = useRef<string | undefined>(undefined);
  const key = JSON.stringify([dataVersion, req.collapsedHosts, req.collapsedProcesses, req.focus ?? null, effectiveFilter(filter) ?? null]);

  const needed = (() => {
    // A request refused for this key is not sent again and again (the graph stayed "loading…").
    if (failedKey.current === key) return false;
    if (!fetched || fetched.key !== key) return true;
    if (!view) return false;
    const bottom = view.topUs + view.height * view.usPerPx;
    if (view.topUs < fetched.data.fromUs || bottom > fetched.data.toUs) return true;
    // Zoomed in far past the buckets' resolution: ask for finer ones.
    return fetched.data.lod && fetched.usPerPx / view.usPerPx > 2;
  })();

  useEffect(() => {
    if (!needed) return;
    const my = ++seq.current;
    const timer = setTimeout(() => {
      setLoading(true);
      const span = view ? view.height * view.usPerPx : 0;
      getApi()
        .call('graph.data', {
          ...(view ? { fromUs: view.topUs - span / 2, toUs: view.topUs + span * 1.5 } : {}),
          heightPx: Math.max(10, Math.min(10_000, Math.round((view?.height ?? 600) * 2))),
          collapsedHosts: req.collapsedHosts,
          collapsedProcesses: req.collapsedProcesses,
          ...(req.focus !== undefined ? { focus: req.focus } : {}),
          filter: effectiveFilter(filter),
        })
        .then((data) => {
          if (my !== seq.current) return;
          setFetched({ data, key, usPerPx: view?.usPerPx ?? Infinity });
          setError(undefined);
        })
        .catch((e: unknown) => {
          if (my !== seq.current) return;
          failedKey.current = key;
          setError(e instanceof Error ? e.message : String(e));
        })
        .finally(() => my === seq.current && setLoading(false));
    }, 60);
    return () => clearTimeout(timer);
  });
  return { data: fetched?.data, loading, error };
}
