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
import { compileQuery } from '../filter/svclog-query';
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

function allSet(masks: Uint8Array[], g: number): boolean {
  for (let k = 0; k < masks.length; k++) if (masks[k][g] !== 1) return false;
  return true;
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
  // The query and the custom filters are masks already: one byte test each per event.
  const masks = custom.map((c) => c.mask);
  if (query.mask) masks.push(query.mask);
  const mask = new Uint8Array(n);
  let passing = 0;
  // Columns in locals: the loop is id tests against per-value tables, no string work.
  const { levelClass, timeUs, activityOf } = view;
  const sourceOf = view.sources.of;
  const processOf = view.processes.of;
  const hostOf = view.hosts.of;
  for (let g = 0; g < n; g++) {
    if (levels && !levels[levelClass[g]]) continue;
    if (sources && !sources[sourceOf[g]]) continue;
    if (processes && !processes[processOf[g]]) continue;
    if (hosts && !hosts[hostOf[g]]) continue;
    const t = timeUs[g];
    if (t < from || t > to) continue;
    if (masks.length && !allSet(masks, g)) continue;
    mask[g] = 1;
    counts[activityOf[g]]++;
    passing++;
  }
  return { key, mask, activityCounts: counts, passing, notes: [...query.notes, ...custom.flatMap((c) => c.notes)] };
}
