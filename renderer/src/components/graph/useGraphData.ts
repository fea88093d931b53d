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

/** Whole-axis answers kept for going back to a shape (they are a few hundred KB each). */
const WHOLE_ANSWERS_KEPT = 4;

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

/**
 * The trace that keeps its place when the answer's axis moves (a clock switch): the selected trace
 * when it is in view, else the trace nearest the middle of the pane.
 */
export function anchorOf(data: GraphData, view: View): { fileId: string; index: number; pos: number } | undefined {
  const { marks } = data;
  const bottom = view.topPos + view.height * view.posPerPx;
  const middle = (view.topPos + bottom) / 2;
  const current = useView.getState().current;
  let best = -1;
  for (let i = 0; i < marks.pos.length; i++) {
    const p = marks.pos[i];
    if (p < view.topPos || p > bottom) continue;
    if (current && data.fileIds[marks.file[i]] === current.fileId && marks.index[i] === current.index) return { fileId: current.fileId, index: current.index, pos: p };
    if (best < 0 || Math.abs(p - middle) < Math.abs(marks.pos[best] - middle)) best = i;
  }
  return best < 0 ? undefined : { fileId: data.fileIds[marks.file[best]], index: marks.index[best], pos: marks.pos[best] };
}

/** `view` undefined: nothing laid out yet, fetch everything once to learn the axis. */
export function useGraphData(view: View | undefined, req: GraphRequestState): { data?: GraphData; loading: boolean; error?: string } {
  const dataVersion = useView((s) => s.dataVersion);
  const filter = useView((s) => s.filter);
  const [fetched, setFetched] = useState<Fetched | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const seq = useRef(0);
  const failedKey = useRef<string | undefined>(undefined);
  const inFlight = useRef<(Omit<Fetched, 'data'> & { fromPos: number; toPos: number; length: number; coarse: boolean }) | undefined>(undefined);
  // The last few answers of a whole axis (a new shape's first answer), by key: going back to a
  // shape (Focus off, the same Focus again, a layout switched back) shows it at once.
  const wholeAnswers = useRef<{ dataVersion: number; byKey: Map<string, Fetched> }>({ dataVersion, byKey: new Map() });
  if (wholeAnswers.current.dataVersion !== dataVersion) wholeAnswers.current = { dataVersion, byKey: new Map() };
  const shape = graphShape(req);
  const shapeKey = JSON.stringify([shape, effectiveFilter(filter) ?? null]);
  const key = `${dataVersion}:${shapeKey}`;
  // A new shape (layout, columns, focus, filter) has a new axis: the view's positions mean nothing
  // on it, so the first answer covers everything; a new clock or load keeps the rows near enough.
  const windowed = view && (!fetched || fetched.shapeKey === shapeKey);

  /** Whether an answer (fetched or on its way) serves the view: same shape, window, resolution. */
  const serves = (f: Omit<Fetched, 'data'> & { fromPos: number; toPos: number; length: number; coarse: boolean }) => {
    if (f.key !== key) return false;
    if (!view) return true;
    const bottom = view.topPos + view.height * view.posPerPx;
    if ((view.topPos < f.fromPos && f.fromPos > 0) || (bottom > f.toPos && f.toPos < f.length)) return false;
    // Zoomed in past the buckets' resolution (or the bundles' rows): finer ones are wanted.
    return !(f.coarse && f.posPerPx / view.posPerPx > 2);
  };
  const answered = fetched && { ...fetched, fromPos: fetched.data.fromPos, toPos: fetched.data.toPos, length: fetched.data.axis.length, coarse: fetched.data.lod || fetched.data.arrows.some((a) => a.count > 1) || !fetched.data.marks.text };
  // A request refused for this key is not sent again and again (the graph stayed "loading…").
  const needed = failedKey.current !== key && !(answered && serves(answered)) && !(inFlight.current && serves(inFlight.current));

  // A new shape is asked for at once and its timer is never pushed back by re-renders (a busy page
  // re-rendering every few ms starved it); a moving window waits until the view rests 40 ms.
  const timer = useRef<{ id: ReturnType<typeof setTimeout>; key: string } | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current?.id), []);
  useEffect(() => {
    if (!needed) {
      // The view came back inside the answer (an answer's shift was applied) before the rest timer ran.
      if (timer.current && !timer.current.key) {
        clearTimeout(timer.current.id);
        timer.current = undefined;
      }
      return;
    }
    const reshaped = !!fetched && fetched.key !== key;
    if (reshaped && timer.current?.key === key) return;
    clearTimeout(timer.current?.id);
    timer.current = undefined;
    const kept = reshaped ? wholeAnswers.current.byKey.get(key) : undefined;
    if (kept) {
      // Orphans a request still on its way (of the shape left).
      seq.current++;
      inFlight.current = undefined;
      setLoading(false);
      setFetched(kept);
      return;
    }
    const send = () => {
      // The sequence number moves only when a request leaves: a re-render never orphans one on its way.
      const my = ++seq.current;
      setLoading(true);
      const span = view && windowed ? view.height * view.posPerPx : 0;
      const window = view && windowed ? { fromPos: view.topPos - span / 2, toPos: view.topPos + span * 1.5 } : undefined;
      const anchor = window && fetched ? anchorOf(fetched.data, view!) : undefined;
      // Finer buckets are asked for once this answer is in, not while it is on its way (each new
      // request orphans the one before: asking again at every render was a storm of them).
      inFlight.current = { key, shapeKey, posPerPx: window ? view!.posPerPx : Infinity, fromPos: window?.fromPos ?? -Infinity, toPos: window?.toPos ?? Infinity, length: Infinity, coarse: false };
      getApi()
        .call('graph.data', {
          ...shape,
          ...(window ?? {}),
          ...(anchor ? { anchor } : {}),
          heightPx: Math.max(10, Math.min(10_000, Math.round((view?.height ?? 600) * 2))),
          filter: effectiveFilter(filter),
        })
        .then((data) => {
          if (my !== seq.current) return;
          const made = { data, key, shapeKey, posPerPx: window ? view!.posPerPx : Infinity };
          if (!window) {
            const kept = wholeAnswers.current.byKey;
            kept.delete(key);
            kept.set(key, made);
            if (kept.size > WHOLE_ANSWERS_KEPT) kept.delete(kept.keys().next().value!);
          }
          setFetched(made);
          setError(undefined);
        })
        .catch((e: unknown) => {
          if (my !== seq.current) return;
          failedKey.current = key;
          setError(e instanceof Error ? e.message : String(e));
        })
        .finally(() => {
          if (my !== seq.current) return;
          inFlight.current = undefined;
          setLoading(false);
        });
    };
    // A new shape leaves at once (a timer's turn waited behind the page's rendering: hundreds of ms
    // on a busy machine); a moving window waits until the view rests.
    if (reshaped) send();
    else timer.current = { key: '', id: setTimeout(send, 40) };
  });
  return { data: fetched?.data, loading, error };
}
