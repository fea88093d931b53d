/**
 * The one filter (shared/channels/filter.ts) evaluated over a ViewIndex: one pass over the typed
 * columns gives a pass mask per event and the count of passing traces per activity. Every svclog
 * consumer (the views, the graph, find's scope, All records, exports, summary) goes through
 * `applyFilter` via the session's cache (views.ts `filtered`).
 */
import type { TraceFilter } from '../../../shared/channels/svclog';
import { FILTER_LEVELS } from '../../../shared/filter-levels';
import { parseQuery, QueryError } from '../../../shared/query/parse';
import { ServiceError } from '../errors';
import { combine, compileQuery } from '../filter/svclog-query';
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
  const key = { l: levels, s: sorted(f.sources), p: sorted(f.processes), h: sorted(f.hosts), a: f.fromUs, b: f.toUs, t: text, z: text ? f.zone : undefined, c: custom };
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

/** mask[g] &= table[of[g]] for every event. */
function andLookup(mask: Uint8Array, table: Uint8Array, of: ArrayLike<number>): void {
  for (let g = 0; g < mask.length; g++) mask[g] &= table[of[g]];
}

/** The query of a filter (its times read in `zone`) compiled over a view; a bad query is the caller's mistake, said in a sentence. */
export function queryMask(view: ViewIndex, text: string | undefined, zone?: string): { mask?: Uint8Array; notes: string[] } {
  const src = text?.trim();
  if (!src) return { notes: [] };
  let node;
  try {
    node = parseQuery(src, { zone });
  } catch (e) {
    if (e instanceof QueryError) throw new ServiceError('invalid-request', `The filter query has a mistake at character ${e.at + 1}: ${e.message}.`);
    throw e;
  }
  if (!node) return { notes: [] };
  const { mask, notes } = compileQuery(view, node);
  return { mask, notes: notes.regexStopped ? [`The regular expression ran too long on ${notes.regexStopped.toLocaleString('en-US')} text value(s) and was stopped there; those records are not shown.`] : [] };
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
  const query = queryMask(view, f.text, f.zone);
  // Column by column, branch-free: the query's mask (or all), ANDed with the custom filters'
  // masks and each field's per-value table, then one counting pass.
  const mask = query.mask ? query.mask.slice() : new Uint8Array(n).fill(1);
  for (const c of custom) combine(mask, c.mask, 'and');
  const { levelClass, timeUs, activityOf } = view;
  if (levels) andLookup(mask, levels, levelClass);
  if (sources) andLookup(mask, sources, view.sources.of);
  if (processes) andLookup(mask, processes, view.processes.of);
  if (hosts) andLookup(mask, hosts, view.hosts.of);
  // A NaN time passes a time range, as it always did.
  if (f.fromUs !== undefined || f.toUs !== undefined) for (let g = 0; g < n; g++) mask[g] &= timeUs[g] < from || timeUs[g] > to ? 0 : 1;
  let passing = 0;
  const words = new Uint32Array(mask.buffer, 0, n >> 2);
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    for (let g = w << 2, end = g + 4; g < end; g++)
      if (mask[g]) {
        counts[activityOf[g]]++;
        passing++;
      }
  }
  for (let g = words.length << 2; g < n; g++)
    if (mask[g]) {
      counts[activityOf[g]]++;
      passing++;
    }
  return { key, mask, activityCounts: counts, passing, notes: [...query.notes, ...custom.flatMap((c) => c.notes)] };
}
