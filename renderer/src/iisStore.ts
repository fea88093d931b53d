/**
 * State of the IIS triage view (zustand): which top-level view is shown, the chart's zoom, the
 * request filters and sort, the request and FREB file looked at. The selected time range is NOT
 * kept here: it is the svclog filter's fromUs/toUs in viewStore, so the WCF views and the IIS
 * view always show the same window (see `selectRange`).
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import type { TraceFilter } from '../../shared/channels/filter';
import type { IisFilter, IisSortKey } from '../../shared/channels/iis';
import { effectiveFilter, useView } from './viewStore';

export type MainView = 'traces' | 'iis';
export interface TimeRange {
  fromUs: number;
  toUs: number;
}
/** Filters of the request table other than time (time comes from the shared range). */
export type IisTableFilter = Omit<IisFilter, 'fromUs' | 'toUs'>;

interface IisState {
  view: MainView;
  /** Visible domain of the timeline; undefined = every request. */
  zoom?: TimeRange;
  filter: IisTableFilter;
  sort: { by: IisSortKey; descending: boolean };
  selected?: { fileId: string; row: number };
  /** FREB file shown in the FREB view. */
  freb?: string;
  setView(view: MainView): void;
  setZoom(zoom: TimeRange | undefined): void;
  setFilter(patch: Partial<IisTableFilter>): void;
  setSort(by: IisSortKey): void;
  select(ref: { fileId: string; row: number } | undefined): void;
  openFreb(fileId: string | undefined): void;
}

export const useIis = create<IisState>((set, get) => ({
  view: 'traces',
  filter: {},
  sort: { by: 'time', descending: false },
  setView: (view) => set({ view }),
  setZoom: (zoom) => set({ zoom }),
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  setSort(by) {
    const cur = get().sort;
    set({ sort: { by, descending: cur.by === by ? !cur.descending : by !== 'time' && by !== 'stem' && by !== 'server' && by !== 'file' } });
  },
  select: (selected) => set({ selected, freb: undefined }),
  openFreb: (freb) => set({ freb }),
}));

/**
 * Clearing the time window (from the chart, the filter bar, the status bar) shows every request
 * again: a zoom left on the old window would leave the chart on a slice the table no longer lists.
 * Called once at start (connectStore), not at import: the stores import each other.
 */
export function resetZoomWhenWindowClears(): void {
  useView.subscribe((s, prev) => {
    const had = prev.filter.fromUs !== undefined || prev.filter.toUs !== undefined;
    const has = s.filter.fromUs !== undefined || s.filter.toUs !== undefined;
    if (had && !has && useIis.getState().zoom) useIis.setState({ zoom: undefined });
  });
}

/** The shared time range: the STV filter's from/to (undefined when either is open). */
export function useSharedRange(): TimeRange | undefined {
  const fromUs = useView((s) => s.filter.fromUs);
  const toUs = useView((s) => s.filter.toUs);
  return fromUs !== undefined && toUs !== undefined ? { fromUs, toUs } : undefined;
}

/** Selects a time range for every view (IIS table and aggregates, activity and trace lists). */
export function selectRange(range: TimeRange | undefined): void {
  useView.getState().setFilter({ fromUs: range?.fromUs, toUs: range?.toUs });
}

/** The filter bar's parts that requests have fields for (levels, hosts, sources, processes, query); custom XPath filters read trace XML only. */
export function useSharedFilter(): TraceFilter | undefined {
  const filter = useView((s) => s.filter);
  // A stable value for the same filter, so list keys and effects do not churn.
  const key = JSON.stringify(effectiveFilter({ ...filter, fromUs: undefined, toUs: undefined, custom: undefined }) ?? null);
  return useMemo(() => (JSON.parse(key) as TraceFilter | null) ?? undefined, [key]);
}

/** The request filter as sent to the main side: table filters, the shared range and the filter bar's shared parts. */
export function requestFilter(f: IisTableFilter, range: TimeRange | undefined, shared?: TraceFilter): IisFilter | undefined {
  const out: IisFilter = shared ? { shared } : {};
  for (const [k, v] of Object.entries(f) as [keyof IisTableFilter, unknown][]) if (v !== undefined && v !== '') (out as Record<string, unknown>)[k] = v;
  if (range) {
    out.fromUs = range.fromUs;
    out.toUs = range.toUs;
  }
  return Object.keys(out).length ? out : undefined;
}
