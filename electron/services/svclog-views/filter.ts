/**
 * The one filter (shared/channels/filter.ts) evaluated over a ViewIndex: one pass over the typed
 * columns gives a pass mask per event and the count of passing traces per activity. Every svclog
 * consumer (the views, the graph, find's scope, All records, exports, summary) goes through
 * `applyFilter` via the session's cache (views.ts `filtered`).
 */
import { FILTER_LEVELS, type TraceFilter } from '../../../shared/channels/svclog';
import { parseQuery, QueryError } from '../../../shared/query/parse';
import { ServiceError } from '../errors';
import { compileQuery, type EventTest } from '../filter/svclog-query';
import type { Dictionary, ViewIndex } from './view-index';

export interface FilterResult {
  key: string;
  /** 1 where the event passes; undefined when the filter lets everything through. */
  mask?: Uint8Array;
  /** Passing traces per activity. */
  activityCounts: Int32Array;
  passing: number;
  /** Sentences about records the filter could not judge (a regex stopped on them, XML that could not be read). */
  notes: string[];
}

/** A canonical key: the same filter written in another order hits the same cache entry. */
export function filterKey(f: TraceFilter | undefined): string {
  if (!f) return '';
  const sorted = (l?: string[]) => (l && l.length ? [...l].sort() : undefined);
  const levels = f.levels && f.levels.length < FILTER_LEVELS.length ? sorted(f.levels) : undefined;
  const text = f.text?.trim() ? f.text.trim() : undefined;
  const custom = f.custom?.length ? f.custom.map(customKey) : undefined;
  const key = { l: levels, s: sorted(f.sources), p: sorted(f.processes), h: sorted(f.hosts), a: f.fromUs, b: f.toUs, t: text, c: custom };
  const json = JSON.stringify(key);
  return json === '{}' ? '' : json;
}

/** Resolves host names to machines (machines.ts's identity); its version changes on every join or split. */
export interface HostResolver {
  version: number;
  machineOf(name: string): string;
}

/** The key of a filter's result: a host filter's result also depends on the machine joins. */
export function resultKey(f: TraceFilter | undefined, hosts?: HostResolver): string {
  const key = filterKey(f);
  return hosts && f?.hosts?.length ? `${key}|machines ${hosts.version}` : key;
}

/** The cache key of one applied custom filter (its XPath, namespaces and arguments). */
export function customKey(c: NonNullable<TraceFilter['custom']>[number]): string {
  return JSON.stringify([c.xpath, Object.entries(c.namespaces ?? {}).sort(), c.args ?? []]);
}

/** 1 per dictionary entry that is one of `names` (after `resolve`: hosts compare as machines). */
function allowed(d: Dictionary, names: string[] | undefined, resolve: (n: string) => string = (n) => n): Uint8Array | undefined {
  if (!names || names.length === 0) return undefined;
  const wanted = new Set(names.map(resolve));
  return Uint8Array.from(d.names, (n) => (wanted.has(resolve(n)) ? 1 : 0));
}

/** The query of a filter compiled over a view; a bad query is the caller's mistake, said in a sentence. */
export function queryTest(view: ViewIndex, text: string | undefined): { test?: EventTest; notes: string[] } {
  const src = text?.trim();
  if (!src) return { notes: [] };
  let node;
  try {
    node = parseQuery(src);
  } catch (e) {
    if (e instanceof QueryError) throw new ServiceError('invalid-request', `The filter query has a mistake at character ${e.at + 1}: ${e.message}.`);
    throw e;
  }
  if (!node) return { notes: [] };
  const { test, notes } = compileQuery(view, node);
  return { test, notes: notes.regexStopped ? [`The regular expression ran too long on ${notes.regexStopped.toLocaleString('en-US')} text value(s) and was stopped there; those records are not shown.`] : [] };
}

/**
 * `custom` holds the pass mask of each custom filter over the view's global events (computed
 * beforehand by the XPath scan, see filter/custom-scan.ts), with its notes. `machinesOf` resolves a
 * host name to its machine, so a picked host keeps the traces of every computer joined to it.
 */
export function applyFilter(view: ViewIndex, f: TraceFilter | undefined, custom: { mask: Uint8Array; notes: string[] }[] = [], machinesOf?: HostResolver): FilterResult {
  const key = resultKey(f, machinesOf);
  const counts = new Int32Array(view.index.activities.length);
  const n = view.total;
  if (!key || !f) {
    for (let g = 0; g < n; g++) counts[view.activityOf[g]]++;
    return { key, activityCounts: counts, passing: n, notes: [] };
  }
  const levels = f.levels && f.levels.length < FILTER_LEVELS.length ? Uint8Array.from(FILTER_LEVELS, (l) => (f.levels!.includes(l) ? 1 : 0)) : undefined;
  const sources = allowed(view.sources, f.sources);
  const processes = allowed(view.processes, f.processes);
  const hosts = allowed(view.hosts, f.hosts, machinesOf && ((n) => machinesOf.machineOf(n)));
  const from = f.fromUs ?? -Infinity;
  const to = f.toUs ?? Infinity;
  const query = queryTest(view, f.text);
  const text = query.test;
  const masks = custom.map((c) => c.mask);
  const mask = new Uint8Array(n);
  let passing = 0;
  for (let g = 0; g < n; g++) {
    if (levels && !levels[view.levelClass[g]]) continue;
    if (sources && !sources[view.sources.of[g]]) continue;
    if (processes && !processes[view.processes.of[g]]) continue;
    if (hosts && !hosts[view.hosts.of[g]]) continue;
    const t = view.timeUs[g];
    if (t < from || t > to) continue;
    if (masks.length && !masks.every((m) => m[g] === 1)) continue;
    if (text && !text(g)) continue;
    mask[g] = 1;
    counts[view.activityOf[g]]++;
    passing++;
  }
  return { key, mask, activityCounts: counts, passing, notes: [...query.notes, ...custom.flatMap((c) => c.notes)] };
}
