/**
 * The IIS view service of one session: answers the iis.* channels over the session's IIS set.
 * Filtered and sorted row lists are cached per (filter, sort), so paging through the request table
 * costs one slice and re-sorting costs one radix sort of the filtered rows.
 */
import type {
  IisBurst,
  IisFilter,
  IisOverview,
  IisRequestDetail,
  IisRequestPage,
  IisSortKey,
  IisTimeline,
  IisUriStat,
  FrebView,
} from '../../../shared/channels/iis';
import { DEFAULT_SLOW_MS, bursts503, linkRequestToWcf, requestSpan, sortRows, topUris, type Burst503 } from '../../engine/iis';
import { ServiceError } from '../errors';
import type { Session } from '../session';
import { Lru } from '../svclog-views/lru';
import { filterKey, selectRows, toRowFilter } from './filter';
import { frebRequests, frebView } from './freb-view';
import { buildIisSet, logPosition, type IisSet } from './iis-set';
import { requestRow } from './rows';
import { fullRange, timeline } from './timeline';
import { svclogViews } from '../svclog-views/views';
import { buildCandidates, type CandidateSet } from './wcf-candidates';

const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);

export class IisViews {
  private set?: IisSet;
  private lists = new Lru<Uint32Array>(8);
  private burstCache?: { set: IisSet; key: string; bursts: Burst503[] };
  private candidates?: CandidateSet;

  constructor(private readonly session: Session) {}

  /** The current IIS set (same object while the IIS files stay the same). */
  current(): IisSet {
    const next = buildIisSet(this.session.visible(), this.set);
    if (next !== this.set) {
      this.set = next;
      this.lists = new Lru(8);
    }
    return next;
  }

  overview(): IisOverview {
    const set = this.current();
    const http = [...set.httperr].reduce((n, f) => n + set.ix.datas[f].rows, 0);
    const range = fullRange(set);
    return {
      version: set.version,
      requests: set.ix.total - http,
      httperr: http,
      frebs: set.frebs.slice(0, 500).map((f) => ({ fileId: f.fileId, name: set.names.get(f.fileId) ?? f.path, url: f.request.url, status: String(f.request.statusCode), timeUs: f.span()?.startUs ?? null })),
      fromUs: range ? range.fromMs * 1000 : null,
      toUs: range ? range.toMs * 1000 : null,
      servers: set.ix.servers.values.filter(Boolean).slice(0, 500),
      slowMs: DEFAULT_SLOW_MS,
    };
  }

  timeline(q: { fromUs?: number; toUs?: number; maxBuckets: number; filter?: IisFilter; slowMs?: number }): IisTimeline {
    return timeline(this.current(), { ...q, slowMs: q.slowMs ?? DEFAULT_SLOW_MS });
  }

  /** Filtered rows in the requested order (cached). */
  private list(set: IisSet, filter: IisFilter | undefined, sortBy: IisSortKey | undefined, descending: boolean): Uint32Array {
    const fk = filterKey(filter);
    const rows = this.lists.get(`${fk}||`, () => selectRows(set, filter));
    if (!sortBy) return rows;
    return this.lists.get(`${fk}|${sortBy}|${descending}`, () => sortRows(set.ix, rows, sortBy, descending));
  }

  requests(q: { filter?: IisFilter; sortBy?: IisSortKey; descending?: boolean; offset: number; limit: number }): IisRequestPage {
    const set = this.current();
    const list = this.list(set, q.filter, q.sortBy ?? 'time', q.descending ?? false);
    const rows = [];
    for (let k = q.offset; k < Math.min(list.length, q.offset + q.limit); k++) rows.push(requestRow(set, set.ix.ref(list[k])));
    return { version: set.version, total: list.length, offset: q.offset, rows };
  }

  topUris(q: { filter?: IisFilter; by?: 'count' | 'errors' | 'p95'; limit: number }): { version: number; rows: IisUriStat[] } {
    const set = this.current();
    const rf = toRowFilter(set, q.filter);
    if (!rf) return { version: set.version, rows: [] };
    // A client (c-ip) filter is not an engine field: aggregate over the rows the view selected.
    const rows = q.filter?.client?.trim() ? selectRows(set, q.filter) : undefined;
    const stats = topUris(set.ix, { by: q.by, limit: q.limit, filter: rf, rows });
    return { version: set.version, rows: stats.map((s) => ({ ...s, p50: nullIfNaN(s.p50), p95: nullIfNaN(s.p95), p99: nullIfNaN(s.p99) })) };
  }

  bursts(q: { maxGapMs?: number; minCount?: number; limit: number }): { version: number; total: number; rows: IisBurst[] } {
    const set = this.current();
    const key = `${q.maxGapMs}|${q.minCount}`;
    if (this.burstCache?.set !== set || this.burstCache.key !== key) this.burstCache = { set, key, bursts: bursts503(set.ix, q) };
    const all = this.burstCache.bursts;
    return {
      version: set.version,
      total: all.length,
      rows: all.slice(0, q.limit).map((b) => ({ startUs: b.startMs * 1000, endUs: b.endMs * 1000, count: b.count, substatus: b.substatus, servers: b.servers })),
    };
  }

  async request(q: { fileId: string; row: number }): Promise<IisRequestDetail> {
    const set = this.current();
    const f = logPosition(set, q.fileId);
    if (f < 0 || q.row >= set.logs[f].recordCount) throw new ServiceError('not-found', 'That request is not loaded.');
    const ref = { file: f, row: q.row };
    const detail = await set.logs[f].detail(q.row);
    this.candidates = buildCandidates(svclogViews(this.session).view().index, this.candidates);
    const byCandidate = new Map(this.candidates.list.map((c) => [c.candidate, c]));
    const links = linkRequestToWcf(requestSpan(set.ix, ref), this.candidates.list.map((c) => c.candidate)).slice(0, 200);
    const frebs = set.frebs
      .filter((fr) => frebRequests(set, fr).some((r) => r.fileId === q.fileId && r.row === q.row))
      .map((fr) => ({ fileId: fr.fileId, name: set.names.get(fr.fileId) ?? fr.path, reason: frebRequests(set, fr).find((r) => r.fileId === q.fileId && r.row === q.row)!.reason }));
    return {
      version: set.version,
      request: requestRow(set, ref),
      fields: detail.fields.slice(0, 200),
      candidates: links.map((l) => {
        const info = byCandidate.get(l.activity)!;
        return { activityId: l.activity.activityId, name: info.name, computer: l.activity.computer, startUs: l.activity.startUs, endUs: l.activity.endUs, first: info.first, reason: l.reason };
      }),
      candidatesConsidered: this.candidates.list.length,
      frebs,
    };
  }

  freb(q: { fileId: string; eventLimit?: number }): FrebView {
    const set = this.current();
    const fr = set.frebs.find((x) => x.fileId === q.fileId);
    if (!fr) throw new ServiceError('not-found', 'That FREB file is not loaded.');
    return frebView(set, fr, q.eventLimit);
  }
}
