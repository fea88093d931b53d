/**
 * The incident timeline: requests per bucket by status series, HTTPERR entries as their own series,
 * slow requests per bucket and the FREB requests in range. One pass over the time and status
 * columns (or over the filtered rows), so re-bucketing after a zoom or brush stays cheap on
 * millions of rows.
 */
import type { IisFilter, IisTimeline } from '../../../shared/channels/iis';
import { IIS_SERIES, type IisSeries } from '../../../shared/iis-series';
import { eventMarkers } from '../../engine/evtx';
import { bucketWidth, seriesOf, timeRange, type RowTimes } from '../../engine/iis';
import { selectRows } from './filter';
import type { IisSet } from './iis-set';
import { bucketTally } from './bucket-tally';
import { tallied, tallySpan } from './set-tallies';
import { timeSpan } from './tallies';

const HTTPERR = IIS_SERIES.indexOf('httperr');
const SERIES_AT = new Map<IisSeries, number>(IIS_SERIES.map((s, k) => [s, k]));
const NONE = new Int32Array(0);

export interface TimelineQuery {
  fromUs?: number;
  toUs?: number;
  maxBuckets: number;
  filter?: IisFilter;
  slowMs: number;
}

/** Series slot of a status: the engine's classes, in IIS_SERIES order. */
function slotOf(status: number): number {
  return SERIES_AT.get(seriesOf(status))!;
}

/** Whether the filter does more than restrict time (then only its rows are counted). */
function narrows(f: IisFilter | undefined): boolean {
  return !!f && Object.entries(f).some(([k, v]) => k !== 'fromUs' && k !== 'toUs' && v !== undefined && v !== '');
}

const rangeCache = new WeakMap<IisSet, { fromMs: number; toMs: number } | null>();

/** First and last request times of the set (ms), or null without any; computed once per set. */
export function fullRange(set: IisSet): { fromMs: number; toMs: number } | null {
  let full = rangeCache.get(set);
  if (full === undefined) rangeCache.set(set, (full = tallied(set) ? tallySpan(set).range : timeRange(set.ix)));
  return full;
}

/**
 * The buckets from the grown logs' tallies (bucket-tally.ts) when they give the same counts: no
 * filter beyond time and times in whole ms. A log whose rows all lie in the range is read off its
 * tally; one in time order (a log being written) too, but for the two edge buckets the range cuts,
 * whose rows in range are found by binary search and counted. Else (undefined) a pass over the rows.
 */
function fromTallies(set: IisSet, q: TimelineQuery, fromMs: number, toMs: number, width: number, start: number, nb: number): { counts: Uint32Array; slow: Uint32Array } | undefined {
  if (!tallied(set) || narrows(q.filter)) return undefined;
  const spans = set.ix.datas.map((d, f) => timeSpan(set.logs[f].lineage, set.shiftsMs[f], d));
  if (!spans.every((s) => s.whole && (s.sorted || (s.lo >= fromMs && s.hi <= toMs) || s.lo > s.hi))) return undefined;
  const S = IIS_SERIES.length;
  const counts = new Uint32Array(nb * S);
  const slow = new Uint32Array(nb);
  set.ix.datas.forEach((d, f) => {
    const span = spans[f];
    if (span.lo > span.hi) return;
    const http = set.httperr.has(f);
    const slotAt = (i: number) => (http ? HTTPERR : slotOf(valueAt(d.num.status, i)));
    const isSlow = (i: number) => {
      const tt = d.num.timeTaken;
      return !!tt && i < tt.length && tt[i] >= q.slowMs;
    };
    const tally = bucketTally(set.logs[f].lineage, `${set.shiftsMs[f]}|${q.slowMs}|${http}`, d, width, S, (_, i) => slotAt(i), (_, i) => isSlow(i));
    const k = start / width;
    if (span.lo >= fromMs && span.hi <= toMs) return tally.readInto(k, nb, counts, slow);
    // In time order: inner buckets from the tally, the edge ones from their rows in range.
    if (nb > 2) tally.readInto(k + 1, nb - 2, counts, slow, 1);
    const t = d.timeMs;
    for (const b of nb > 1 ? [0, nb - 1] : [0]) {
      const end = start + (b + 1) * width;
      for (let i = firstAtLeast(t, d.rows, Math.max(start + b * width, fromMs)); i < d.rows && t.at(i) < end && t.at(i) <= toMs; i++) {
        counts[b * S + slotAt(i)]++;
        if (isSlow(i)) slow[b]++;
      }
    }
  });
  return { counts, slow };
}

/** The first of the `n` ascending times at or after x. */
function firstAtLeast(t: RowTimes, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.at(mid) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const valueAt = (a: ArrayLike<number> | undefined, i: number) => (a && i < a.length ? a[i] : -1);

export function timeline(set: IisSet, q: TimelineQuery): IisTimeline {
  const { ix } = set;
  const full = fullRange(set);
  const fromMs = q.fromUs !== undefined ? q.fromUs / 1000 : full?.fromMs;
  const toMs = q.toUs !== undefined ? q.toUs / 1000 : full?.toMs;
  const series = Object.fromEntries(IIS_SERIES.map((s) => [s, [] as number[]])) as Record<IisSeries, number[]>;
  if (fromMs === undefined || toMs === undefined || !(toMs >= fromMs)) return { version: set.version, startUs: 0, widthUs: 1_000_000, series, slow: [], slowMs: q.slowMs, frebs: [], events: [] };
  const width = bucketWidth(Math.max(1, toMs - fromMs), q.maxBuckets);
  const start = Math.floor(fromMs / width) * width;
  const nb = Math.floor((toMs - start) / width) + 1;
  const S = IIS_SERIES.length;
  const tallies = fromTallies(set, q, fromMs, toMs, width, start, nb);
  const counts = tallies?.counts ?? new Uint32Array(nb * S);
  const slow = tallies?.slow ?? new Uint32Array(nb);
  const count = (i: number, status: ArrayLike<number>, tt: ArrayLike<number>, http: boolean, v: number) => {
    const b = Math.floor((v - start) / width);
    counts[b * S + (http ? HTTPERR : slotOf(i < status.length ? status[i] : -1))]++;
    if (i < tt.length && tt[i] >= q.slowMs) slow[b]++;
  };
  if (tallies) {
    // Counted from the tallies.
  } else if (narrows(q.filter)) {
    const rows = selectRows(set, { ...q.filter, fromUs: undefined, toUs: undefined });
    let f = 0;
    for (let k = 0; k < rows.length; k++) {
      const g = rows[k];
      while (f + 1 < ix.bases.length && ix.bases[f + 1] <= g) f++;
      const d = ix.datas[f];
      const i = g - ix.bases[f];
      const v = d.timeMs.at(i);
      if (v >= fromMs && v <= toMs) count(i, d.num.status ?? NONE, d.num.timeTaken ?? NONE, set.httperr.has(f), v);
    }
  } else {
    for (let f = 0; f < ix.datas.length; f++) {
      const d = ix.datas[f];
      const t = d.timeMs;
      const st = d.num.status ?? NONE;
      const tt = d.num.timeTaken ?? NONE;
      const http = set.httperr.has(f);
      for (let i = 0; i < d.rows; i++) {
        const v = t.at(i);
        if (v >= fromMs && v <= toMs) count(i, st, tt, http, v);
      }
    }
  }
  IIS_SERIES.forEach((s, k) => {
    const a = new Array<number>(nb);
    for (let b = 0; b < nb; b++) a[b] = counts[b * S + k];
    series[s] = a;
  });
  const frebs = set.frebs.flatMap((fr) => {
    const raw = fr.span();
    const shift = set.frebShiftsUs.get(fr.fileId) ?? 0;
    const span = raw && { startUs: raw.startUs - shift };
    if (!span || span.startUs < fromMs * 1000 || span.startUs > toMs * 1000 + 999_999) return [];
    const r = fr.request;
    return [{ fileId: fr.fileId, timeUs: span.startUs, url: r.url, status: String(r.statusCode) + (fr.parsed.attributes.subStatus ? `.${fr.parsed.attributes.subStatus}` : '') }];
  });
  return { version: set.version, startUs: start * 1000, widthUs: width * 1000, series, slow: Array.from(slow), slowMs: q.slowMs, frebs: frebs.slice(0, 500), events: eventMarkers(set.eventLogs, fromMs * 1000, toMs * 1000 + 999) };
}
