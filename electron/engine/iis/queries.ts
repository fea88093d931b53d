/**
 * The queries the IIS views need, over an IisIndex (one or many files). Every query loops over the
 * typed arrays directly: on 3 M rows a re-bucket or a re-sort stays well under the 150 ms a view
 * can spend.
 */
import type { NumCol } from './fields';
import { OTHER, type IisIndex, type RowRef } from './iis-index';
import { sortByKeys } from './radix';
import { NO_NUM, type NumArray } from './store';

export type SeriesName = '2xx' | '3xx' | '4xx' | '503' | '5xx' | 'none';
export const SERIES: readonly SeriesName[] = ['2xx', '3xx', '4xx', '503', '5xx', 'none'];

/** Series of a status: 1xx counts with 2xx; 503.x has its own series apart from other 5xx. */
export function seriesOf(status: number): SeriesName {
  if (status < 0) return 'none';
  if (status < 300) return '2xx';
  if (status < 400) return '3xx';
  if (status < 500) return '4xx';
  return status === 503 ? '503' : '5xx';
}
const SERIES_INDEX: Record<SeriesName, number> = { '2xx': 0, '3xx': 1, '4xx': 2, '503': 3, '5xx': 4, none: 5 };

const NO_VALUES = new Int32Array(0);
function col(ix: IisIndex, f: number, c: NumCol): NumArray {
  return ix.datas[f].num[c] ?? NO_VALUES;
}
/** Value of a numeric column, NO_NUM when the file lacks the column. */
function at(a: NumArray, i: number): number {
  return i < a.length ? a[i] : NO_NUM;
}

// ---------------------------------------------------------------- filters

export interface RowFilter {
  fromMs?: number;
  /** Exclusive. */
  toMs?: number;
  series?: readonly SeriesName[];
  status?: number;
  substatus?: number;
  minTimeTaken?: number;
  servers?: readonly string[];
  stems?: readonly string[];
  methods?: readonly string[];
  /** Positions in the index's file list. */
  files?: readonly number[];
}

/** A filter compiled for one file: local-id lookup tables instead of strings. */
type RowTest = (i: number) => boolean;

function compile(ix: IisIndex, f: number, flt: RowFilter): RowTest | null {
  if (flt.files && !flt.files.includes(f)) return null;
  const d = ix.datas[f];
  const tests: RowTest[] = [];
  const time = d.timeMs;
  if (flt.fromMs !== undefined || flt.toMs !== undefined) {
    const from = flt.fromMs ?? -Infinity;
    const to = flt.toMs ?? Infinity;
    tests.push((i) => time.at(i) >= from && time.at(i) < to);
  }
  const status = col(ix, f, 'status');
  const sub = col(ix, f, 'substatus');
  if (flt.series) {
    const want = new Uint8Array(SERIES.length);
    for (const s of flt.series) want[SERIES_INDEX[s]] = 1;
    tests.push((i) => want[SERIES_INDEX[seriesOf(at(status, i))]] === 1);
  }
  if (flt.status !== undefined) tests.push((i) => at(status, i) === flt.status);
  if (flt.substatus !== undefined) tests.push((i) => at(sub, i) === flt.substatus);
  if (flt.minTimeTaken !== undefined) {
    const tt = col(ix, f, 'timeTaken');
    tests.push((i) => at(tt, i) >= flt.minTimeTaken!);
  }
  const byDict = (names: readonly string[] | undefined, dict: IisIndex['stems'], ids: ArrayLike<number>) => {
    if (!names) return;
    const wanted = new Set(names.map((n) => dict.idOf(n)));
    const map = dict.maps[f];
    const ok = new Uint8Array(map.length);
    for (let k = 0; k < map.length; k++) ok[k] = wanted.has(map[k]) ? 1 : 0;
    tests.push((i) => ok[i < ids.length ? ids[i] : 0] === 1);
  };
  byDict(flt.stems, ix.stems, ix.ids(f, 'stem'));
  byDict(flt.methods, ix.methods, ix.ids(f, 'method'));
  if (flt.servers) {
    const wanted = new Set(flt.servers.map((n) => ix.servers.idOf(n)));
    tests.push((i) => wanted.has(ix.server(f, i)));
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0];
  return (i) => {
    for (const t of tests) if (!t(i)) return false;
    return true;
  };
}

/**
 * Index row numbers of the rows passing the filter, in file order; with `from`, only each file's
 * rows from its `from[f]` on (the rows a growth added).
 */
export function filterRows(ix: IisIndex, flt: RowFilter = {}, from?: readonly number[]): Uint32Array {
  const out = new Uint32Array(from ? ix.datas.reduce((n, d, f) => n + Math.max(0, d.rows - from[f]), 0) : ix.total);
  let n = 0;
  for (let f = 0; f < ix.datas.length; f++) {
    const test = compile(ix, f, flt);
    if (!test) continue;
    const base = ix.bases[f];
    const rows = ix.datas[f].rows;
    for (let i = from?.[f] ?? 0; i < rows; i++) if (test(i)) out[n++] = base + i;
  }
  return out.subarray(0, n);
}

// ---------------------------------------------------------------- time buckets

export interface TimeBuckets {
  startMs: number;
  widthMs: number;
  /** Per series, requests per bucket. */
  series: Record<SeriesName, Uint32Array>;
}

const NICE_WIDTHS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
].map((s) => s * 1000);

/** The smallest "nice" bucket width giving at most `maxBuckets` buckets over the range. */
export function bucketWidth(rangeMs: number, maxBuckets: number): number {
  for (const w of NICE_WIDTHS_MS) if (rangeMs / w <= maxBuckets) return w;
  return Math.ceil(rangeMs / maxBuckets / 86_400_000) * 86_400_000;
}

/** First and last valid times of the index (ms), or null without any. */
export function timeRange(ix: IisIndex): { fromMs: number; toMs: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of ix.datas) {
    const t = d.timeMs;
    for (let i = 0; i < d.rows; i++) {
      const v = t.at(i);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? { fromMs: lo, toMs: hi } : null;
}

/**
 * Requests per time bucket, split by status series. The range defaults to the index's; the width is
 * the smallest nice one giving at most `maxBuckets` buckets. Buckets start at a multiple of the width.
 */
export function bucketize(ix: IisIndex, opts: { fromMs?: number; toMs?: number; maxBuckets?: number; filter?: RowFilter } = {}): TimeBuckets {
  const range = opts.fromMs !== undefined && opts.toMs !== undefined ? { fromMs: opts.fromMs, toMs: opts.toMs } : timeRange(ix);
  const series = {} as Record<SeriesName, Uint32Array>;
  if (!range) {
    for (const s of SERIES) series[s] = new Uint32Array(0);
    return { startMs: 0, widthMs: 1000, series };
  }
  const width = bucketWidth(Math.max(1, range.toMs - range.fromMs), opts.maxBuckets ?? 300);
  const start = Math.floor(range.fromMs / width) * width;
  const nb = Math.floor((range.toMs - start) / width) + 1;
  // One flat counts array: bucket * 6 + series.
  const counts = new Uint32Array(nb * SERIES.length);
  const { fromMs, toMs } = range;
  for (let f = 0; f < ix.datas.length; f++) {
    const d = ix.datas[f];
    const t = d.timeMs;
    const st = col(ix, f, 'status');
    const hasStatus = st.length > 0;
    const test = opts.filter ? compile(ix, f, opts.filter) : () => true;
    if (!test) continue;
    for (let i = 0; i < d.rows; i++) {
      const v = t.at(i);
      if (!(v >= fromMs && v <= toMs)) continue;
      if (opts.filter && !test(i)) continue;
      const s = hasStatus ? st[i] : -1;
      const k = s < 0 ? 5 : s < 300 ? 0 : s < 400 ? 1 : s < 500 ? 2 : s === 503 ? 3 : 4;
      counts[Math.floor((v - start) / width) * SERIES.length + k]++;
    }
  }
  SERIES.forEach((s, k) => {
    const a = new Uint32Array(nb);
    for (let b = 0; b < nb; b++) a[b] = counts[b * SERIES.length + k];
    series[s] = a;
  });
  return { startMs: start, widthMs: width, series };
}

// ---------------------------------------------------------------- slow requests

export const DEFAULT_SLOW_MS = 5000;

/** Requests with time-taken ≥ threshold (default 5 s), slowest first. */
export function slowRequests(ix: IisIndex, opts: { thresholdMs?: number; limit?: number } = {}): { count: number; rows: RowRef[] } {
  const threshold = opts.thresholdMs ?? DEFAULT_SLOW_MS;
  const rows = filterRows(ix, { minTimeTaken: threshold });
  const sorted = sortRows(ix, rows, 'timeTaken', true);
  const limit = Math.min(opts.limit ?? 1000, sorted.length);
  const out: RowRef[] = [];
  for (let k = 0; k < limit; k++) out.push(ix.ref(sorted[k]));
  return { count: rows.length, rows: out };
}

/** Count of requests with time-taken ≥ threshold, without listing them. */
export function countSlow(ix: IisIndex, thresholdMs = DEFAULT_SLOW_MS): number {
  let n = 0;
  for (let f = 0; f < ix.datas.length; f++) {
    const tt = col(ix, f, 'timeTaken');
    for (let i = 0; i < tt.length; i++) if (tt[i] >= thresholdMs) n++;
  }
  return n;
}

// ---------------------------------------------------------------- sorting and pages

export type SortKey = 'time' | 'timeTaken' | 'status' | 'scBytes' | 'csBytes' | 'stem' | 'server' | 'file';

/**
 * Calls `run` for each stretch of `rows` whose rows all lie in one file: rows usually come in file
 * order, so the key loops below index the file's columns directly instead of looking up each row.
 */
function forEachFileRun(ix: IisIndex, rows: Uint32Array, run: (f: number, from: number, to: number, base: number) => void): void {
  const bases = ix.bases;
  const nFiles = bases.length;
  let f = 0;
  for (let k = 0; k < rows.length; ) {
    const g = rows[k];
    while (f + 1 < nFiles && bases[f + 1] <= g) f++;
    while (bases[f] > g) f--;
    const end = f + 1 < nFiles ? bases[f + 1] : Infinity;
    const base = bases[f];
    let to = k + 1;
    while (to < rows.length && rows[to] >= base && rows[to] < end) to++;
    run(f, k, to, base);
    k = to;
  }
}

/** Sort key of a numeric column value: missing values last (ascending). */
const numKey = (x: number) => (x < 0 ? 0xfffffffe : Math.min(x, 0xfffffffd));

/** Orders index rows by a key (stable: ties keep their order in `rows`). */
export function sortRows(ix: IisIndex, rows: Uint32Array, key: SortKey, desc = false): Uint32Array {
  const n = rows.length;
  if (n === 0) return rows;
  const lo = new Uint32Array(n);
  let hi: Uint32Array | null = null;
  if (key === 'time') {
    let min = Infinity;
    let max = -Infinity;
    for (const d of ix.datas) {
      const t = d.timeMs;
      for (let i = 0; i < d.rows; i++) {
        const v = t.at(i);
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    // Times relative to the earliest fit 32 bits for ranges up to 49 days; beyond, a high half is added.
    const wide = !(max - min < 0xfffffffe);
    const h = wide ? (hi = new Uint32Array(n)) : null;
    forEachFileRun(ix, rows, (f, from, to, base) => {
      const t = ix.datas[f].timeMs;
      for (let k = from; k < to; k++) {
        const v = t.at(rows[k] - base);
        if (Number.isNaN(v)) {
          // No time: last when ascending.
          lo[k] = 0xffffffff;
          if (h) h[k] = 0xffffffff;
        } else if (h) {
          const x = v - min;
          h[k] = Math.floor(x / 4294967296);
          lo[k] = x >>> 0;
        } else lo[k] = v - min;
      }
    });
  } else if (key === 'stem' || key === 'server') {
    const dict = key === 'stem' ? ix.stems : ix.servers;
    const order = dict.values.map((_, k) => k).sort((a, b) => dict.values[a].localeCompare(dict.values[b]));
    const rank = new Uint32Array(dict.values.length);
    order.forEach((g, r) => (rank[g] = r));
    forEachFileRun(ix, rows, (f, from, to, base) => {
      const stemIds = ix.ids(f, 'stem');
      for (let k = from; k < to; k++) {
        const i = rows[k] - base;
        const id = key === 'stem' ? dict.global(f, stemIds[i] ?? 0) : ix.server(f, i);
        lo[k] = id === OTHER ? 0xfffffffe : rank[id];
      }
    });
  } else if (key === 'file') {
    forEachFileRun(ix, rows, (f, from, to) => lo.fill(f, from, to));
  } else if (key === 'status') {
    forEachFileRun(ix, rows, (f, from, to, base) => {
      const st = col(ix, f, 'status');
      const sub = col(ix, f, 'substatus');
      for (let k = from; k < to; k++) {
        const i = rows[k] - base;
        const s = at(st, i);
        lo[k] = s < 0 ? 0xfffffffe : s * 10000 + Math.max(0, Math.min(at(sub, i), 9999));
      }
    });
  } else {
    forEachFileRun(ix, rows, (f, from, to, base) => {
      const vals = col(ix, f, key);
      // A file without the column has no values: all missing.
      if (vals.length === 0) lo.fill(0xfffffffe, from, to);
      else for (let k = from; k < to; k++) lo[k] = numKey(vals[rows[k] - base]);
    });
  }
  if (desc) {
    for (let k = 0; k < n; k++) lo[k] = ~lo[k] >>> 0;
    if (hi) for (let k = 0; k < n; k++) hi[k] = ~hi[k] >>> 0;
  }
  return sortByKeys(rows, hi, lo);
}

export interface RowPage {
  total: number;
  offset: number;
  rows: RowRef[];
}

/** A filtered, sorted page of rows. */
export function pageRows(
  ix: IisIndex,
  opts: { filter?: RowFilter; sort?: SortKey; desc?: boolean; offset?: number; limit?: number } = {},
): RowPage {
  const rows = filterRows(ix, opts.filter);
  const sorted = opts.sort ? sortRows(ix, rows, opts.sort, opts.desc) : rows;
  const offset = Math.min(opts.offset ?? 0, sorted.length);
  const end = Math.min(sorted.length, offset + (opts.limit ?? 100));
  const out: RowRef[] = [];
  for (let k = offset; k < end; k++) out.push(ix.ref(sorted[k]));
  return { total: sorted.length, offset, rows: out };
}

// ---------------------------------------------------------------- top URIs

export interface UriStat {
  stem: string;
  count: number;
  /** Responses with status ≥ 400. */
  errors: number;
  /** Responses with status ≥ 500. */
  serverErrors: number;
  /** time-taken percentiles (ms, nearest rank) over the rows that have a time-taken. */
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Nearest-rank percentiles of unsorted values (same results as `percentile` on the sorted values),
 * by selection: linear time where a sort of millions of values is not. Reorders `values`.
 */
export function percentiles(values: Int32Array | Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => NaN);
  return ps.map((p) => {
    const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
    return select(values, rank - 1);
  });
}

/** The k-th smallest value (0-based), moving it to values[k] (Hoare quickselect, median of three). */
function select(a: Int32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot: sorted or all-equal runs stay linear.
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** URI stems ranked by request count, error count or p95 time-taken. */
/** `rows`: index rows already selected by the caller (e.g. with filters the engine has no field for); overrides `filter`. */
export function topUris(ix: IisIndex, opts: { by?: 'count' | 'errors' | 'p95'; limit?: number; filter?: RowFilter; rows?: Uint32Array } = {}): UriStat[] {
  const nStems = ix.stems.values.length + 1; // last slot: (other)
  const slot = (g: number) => (g === OTHER ? nStems - 1 : g);
  const count = new Uint32Array(nStems);
  const errors = new Uint32Array(nStems);
  const serverErrors = new Uint32Array(nStems);
  const timed = new Uint32Array(nStems);
  const rows = opts.rows ?? filterRows(ix, opts.filter ?? {});
  const stemOf = new Uint32Array(rows.length);
  forEachFileRun(ix, rows, (f, from, to, base) => {
    const ids = ix.ids(f, 'stem');
    const st = col(ix, f, 'status');
    const tt = col(ix, f, 'timeTaken');
    for (let k = from; k < to; k++) {
      const i = rows[k] - base;
      const s = slot(ix.stems.global(f, i < ids.length ? ids[i] : 0));
      stemOf[k] = s;
      count[s]++;
      const status = at(st, i);
      if (status >= 400) errors[s]++;
      if (status >= 500) serverErrors[s]++;
      if (at(tt, i) >= 0) timed[s]++;
    }
  });
  // Time-taken values grouped by stem (counting sort), then each group's percentiles selected.
  const start = new Uint32Array(nStems + 1);
  for (let s = 0; s < nStems; s++) start[s + 1] = start[s] + timed[s];
  const fill = start.slice(0, nStems);
  // 64-bit when a log's time-taken needs it (a value past 2^31 ms would wrap in 32 bits).
  const wide = ix.datas.some((d) => d.num.timeTaken instanceof Float64Array);
  const values = wide ? new Float64Array(start[nStems]) : new Int32Array(start[nStems]);
  forEachFileRun(ix, rows, (f, from, to, base) => {
    const tt = col(ix, f, 'timeTaken');
    for (let k = from; k < to; k++) {
      const v = at(tt, rows[k] - base);
      if (v >= 0) values[fill[stemOf[k]]++] = v;
    }
  });
  const stats: UriStat[] = [];
  for (let s = 0; s < nStems; s++) {
    if (count[s] === 0) continue;
    const [p50, p95, p99] = percentiles(values.subarray(start[s], start[s + 1]), [50, 95, 99]);
    stats.push({
      stem: s === nStems - 1 ? '(other)' : ix.stems.name(s),
      count: count[s],
      errors: errors[s],
      serverErrors: serverErrors[s],
      p50,
      p95,
      p99,
    });
  }
  return rankUris(stats, opts);
}

/** The first `limit` (default 50) stems by request count, error count or p95 time-taken; ties by count, then name. */
export function rankUris(stats: UriStat[], opts: { by?: 'count' | 'errors' | 'p95'; limit?: number }): UriStat[] {
  const by = opts.by ?? 'count';
  const keyOf = (u: UriStat) => (by === 'count' ? u.count : by === 'errors' ? u.errors : Number.isNaN(u.p95) ? -1 : u.p95);
  stats.sort((a, b) => keyOf(b) - keyOf(a) || b.count - a.count || a.stem.localeCompare(b.stem));
  return stats.slice(0, opts.limit ?? 50);
}

// ---------------------------------------------------------------- 503 bursts

export interface Burst503 {
  startMs: number;
  endMs: number;
  count: number;
  /** Requests per substatus ("2" for 503.2, "" when the log has no substatus). */
  substatus: Record<string, number>;
  servers: string[];
}

export const DEFAULT_BURST_GAP_MS = 10_000;

/**
 * Runs of 503 responses. A run (burst) is a maximal sequence of 503s, over all files and servers
 * ordered by time, in which each 503 follows the previous one by at most `maxGapMs` (default 10 s);
 * other responses in between do not break it. Runs with fewer than `minCount` (default 1) 503s are
 * dropped. Rows without a valid time are not counted.
 */
export function bursts503(ix: IisIndex, opts: { maxGapMs?: number; minCount?: number } = {}, timed503 = timed503Rows(ix), inTimeOrder = false): Burst503[] {
  const gap = opts.maxGapMs ?? DEFAULT_BURST_GAP_MS;
  const minCount = opts.minCount ?? 1;
  const sorted = inTimeOrder ? timed503 : sortRows(ix, timed503, 'time');
  const out: Burst503[] = [];
  let cur: { b: Burst503; servers: Set<number>; last: number } | null = null;
  const close = () => {
    if (cur && cur.b.count >= minCount) {
      cur.b.servers = [...cur.servers].map((s) => ix.servers.name(s)).filter(Boolean).sort();
      out.push(cur.b);
    }
  };
  for (let k = 0; k < sorted.length; k++) {
    const { file, row } = ix.ref(sorted[k]);
    const t = ix.datas[file].timeMs.at(row);
    if (!cur || t - cur.last > gap) {
      close();
      cur = { b: { startMs: t, endMs: t, count: 0, substatus: {}, servers: [] }, servers: new Set(), last: t };
    }
    const sub = at(col(ix, file, 'substatus'), row);
    const key = sub < 0 ? '' : String(sub);
    cur.b.substatus[key] = (cur.b.substatus[key] ?? 0) + 1;
    cur.b.count++;
    cur.b.endMs = t;
    cur.last = t;
    cur.servers.add(ix.server(file, row));
  }
  close();
  return out;
}

/** The 503 rows with a valid time, in index order: what `bursts503` groups (given by the caller when it kept them). */
export function timed503Rows(ix: IisIndex): Uint32Array {
  return filterRows(ix, { status: 503 }).filter((g) => {
    const { file, row } = ix.ref(g);
    return !Number.isNaN(ix.datas[file].timeMs.at(row));
  });
}

// ---------------------------------------------------------------- per server

export interface ServerStat {
  server: string;
  requests: number;
  /** Per status series. */
  series: Record<SeriesName, number>;
  s503: number;
  slow: number;
  /** Mean time-taken (ms) over rows that have one; NaN without. */
  meanTimeTaken: number;
  firstMs: number;
  lastMs: number;
}

export function perServer(ix: IisIndex, opts: { slowMs?: number; filter?: RowFilter } = {}): ServerStat[] {
  const slowMs = opts.slowMs ?? DEFAULT_SLOW_MS;
  const byId = new Map<number, ServerStat & { ttSum: number; ttN: number }>();
  const rows = filterRows(ix, opts.filter ?? {});
  let f = 0;
  for (let k = 0; k < rows.length; k++) {
    const g = rows[k];
    while (f + 1 < ix.bases.length && ix.bases[f + 1] <= g) f++;
    const i = g - ix.bases[f];
    const id = ix.server(f, i);
    let s = byId.get(id);
    if (!s) {
      s = {
        server: ix.servers.name(id),
        requests: 0,
        series: { '2xx': 0, '3xx': 0, '4xx': 0, '503': 0, '5xx': 0, none: 0 },
        s503: 0,
        slow: 0,
        meanTimeTaken: NaN,
        firstMs: Infinity,
        lastMs: -Infinity,
        ttSum: 0,
        ttN: 0,
      };
      byId.set(id, s);
    }
    s.requests++;
    const st = at(col(ix, f, 'status'), i);
    s.series[seriesOf(st)]++;
    if (st === 503) s.s503++;
    const tt = at(col(ix, f, 'timeTaken'), i);
    if (tt >= 0) {
      s.ttSum += tt;
      s.ttN++;
      if (tt >= slowMs) s.slow++;
    }
    const t = ix.datas[f].timeMs.at(i);
    if (t < s.firstMs) s.firstMs = t;
    if (t > s.lastMs) s.lastMs = t;
  }
  return [...byId.values()]
    .map(({ ttSum, ttN, ...s }) => ({ ...s, meanTimeTaken: ttN ? ttSum / ttN : NaN }))
    .sort((a, b) => b.requests - a.requests || a.server.localeCompare(b.server));
}
