/**
 * The filter bar's filter, applied on the main side to every view: one pass over the typed
 * columns gives a pass mask per event and the count of passing traces per activity.
 */
import { FILTER_LEVELS, type TraceFilter } from '../../../shared/channels/svclog';
import { textMatcher } from './text-match';
import type { Dictionary, ViewIndex } from './view-index';

export interface FilterResult {
  key: string;
  /** 1 where the event passes; undefined when the filter lets everything through. */
  mask?: Uint8Array;
  /** Passing traces per activity. */
  activityCounts: Int32Array;
  passing: number;
}

/** A canonical key: the same filter written in another order hits the same cache entry. */
export function filterKey(f: TraceFilter | undefined): string {
  if (!f) return '';
  const sorted = (l?: string[]) => (l && l.length ? [...l].sort() : undefined);
  const levels = f.levels && f.levels.length < FILTER_LEVELS.length ? sorted(f.levels) : undefined;
  const text = f.text?.trim() ? f.text.trim().toLowerCase() : undefined;
  const key = { l: levels, s: sorted(f.sources), p: sorted(f.processes), h: sorted(f.hosts), a: f.fromUs, b: f.toUs, t: text };
  const json = JSON.stringify(key);
  return json === '{}' ? '' : json;
}

function allowed(d: Dictionary, names: string[] | undefined): Uint8Array | undefined {
  if (!names || names.length === 0) return undefined;
  const wanted = new Set(names);
  return Uint8Array.from(d.names, (n) => (wanted.has(n) ? 1 : 0));
}

export function applyFilter(view: ViewIndex, f: TraceFilter | undefined): FilterResult {
  const key = filterKey(f);
  const counts = new Int32Array(view.index.activities.length);
  const n = view.total;
  if (!key || !f) {
    for (let g = 0; g < n; g++) counts[view.activityOf[g]]++;
    return { key, activityCounts: counts, passing: n };
  }
  const levels = f.levels && f.levels.length < FILTER_LEVELS.length ? Uint8Array.from(FILTER_LEVELS, (l) => (f.levels!.includes(l) ? 1 : 0)) : undefined;
  const sources = allowed(view.sources, f.sources);
  const processes = allowed(view.processes, f.processes);
  const hosts = allowed(view.hosts, f.hosts);
  const from = f.fromUs ?? -Infinity;
  const to = f.toUs ?? Infinity;
  const text = f.text?.trim() ? textMatcher(view, f.text.trim()) : undefined;
  const mask = new Uint8Array(n);
  let passing = 0;
  for (let g = 0; g < n; g++) {
    if (levels && !levels[view.levelClass[g]]) continue;
    if (sources && !sources[view.sources.of[g]]) continue;
    if (processes && !processes[view.processes.of[g]]) continue;
    if (hosts && !hosts[view.hosts.of[g]]) continue;
    const t = view.timeUs[g];
    if (t < from || t > to) continue;
    if (text && !text(g)) continue;
    mask[g] = 1;
    counts[view.activityOf[g]]++;
    passing++;
  }
  return { key, mask, activityCounts: counts, passing };
}
