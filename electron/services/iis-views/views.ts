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
import {
  DEFAULT_SLOW_MS,
  IIS_CLOCK_RESOLUTION_US,
  bursts503,
  clientFailures,
  filterRows,
  linkRequestToWcf,
  rejectedBeforeService,
  requestSpan,
  sortRows,
  topUris,
  type Burst503,
  type LinkOptions,
  type RowRef,
  type WcfLink,
} from '../../engine/iis';
import type { ActivityRequests, CaptureConfig, WcfCandidate } from '../../../shared/channels/iis';
import { machineClock } from '../clock/machine-clock';
import { machines } from '../machines/machines';
import { captureConfig } from './capture';
import { ServiceError } from '../errors';
import { withAnchors } from '../list-anchors';
import type { Session } from '../session';
import { Lru } from '../svclog-views/lru';
import { filterKey, selectRows, toRowFilter } from './filter';
import { frebRequests, frebView } from './freb-view';
import { buildIisSet, logPosition, type IisSet } from './iis-set';
import type { IisLogFile } from '../../engine/iis';
import { requestRow } from './rows';
import { fullRange, timeline } from './timeline';
import { inTimeOrder, tallied, tallySpan, tallyTimed503 } from './set-tallies';
import { byRow, byTime, grownFrom, renumbered } from './grown-list';
import { extendOrdered, type Before } from '../follow/grown-order';
import { tallyTopUris } from './uri-tally';
import { svclogViews } from '../svclog-views/views';
import { buildCandidates, type CandidateInfo, type CandidateSet } from './wcf-candidates';
import { sentenceZone } from '../display-zone';

/** Requests end after the activities they ran: how far past an activity's end its request is looked for. */
const REQUEST_TAIL_MS = 120_000;

/** A 503's substatus, said as what rejected the request (IIS's documented substatuses). */
function rejection(sub: number | undefined): string {
  const why: Record<number, string> = {
    0: 'the application pool is unavailable (stopped, or rapid-fail protection disabled it)',
    2: 'the concurrent request limit was reached',
    3: 'the ASP.NET queue was full',
    4: 'FastCGI queue was full',
  };
  return why[sub ?? -1] ?? 'the server refused it';
}

const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);

export class IisViews {
  private set?: IisSet;
  private lists = new Lru<Uint32Array>(8);
  /** Per list key, the last list made and the set it is of: a growth extends it (grown-list.ts), however many sets ago. */
  private lastLists = new Map<string, { set: IisSet; list: Uint32Array }>();
  private burstCache?: { set: IisSet; key: string; bursts: Burst503[] };
  private candidates?: CandidateSet;
  private machinesVersion = -1;

  constructor(private readonly session: Session) {}

  /** The current IIS set (same object while the IIS files stay the same). */
  current(): IisSet {
    const identity = machines(this.session).identity();
    const clock = machineClock(this.session);
    // A log's server: the first row naming one (IIS writes one log per server).
    const serverOf = (log: IisLogFile) => {
      for (let i = 0; i < Math.min(log.table.rows, 100); i++) {
        const s = log.table.server(i);
        if (s) return s;
      }
      return '';
    };
    const next = buildIisSet(this.session.visible(), this.set, {
      logUs: (log) => clock.offsetUs(serverOf(log)),
      frebUs: (freb) => clock.offsetUs(freb.parsed.events.find((e) => e.computer)?.computer ?? ''),
    });
    if (next !== this.set || this.machinesVersion !== identity.version) {
      // Other machine joins: a server filter may mean other rows.
      if (this.machinesVersion !== identity.version) this.lastLists.clear();
      this.set = next;
      this.machinesVersion = identity.version;
      this.lists = new Lru(8);
    }
    next.sameMachine = identity.same;
    next.machineOf = identity.machineOf;
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
      frebs: set.frebs.slice(0, 500).map((f) => {
        const start = f.span()?.startUs;
        return { fileId: f.fileId, name: set.names.get(f.fileId) ?? f.path, url: f.request.url, status: String(f.request.statusCode), timeUs: start === undefined ? null : start - (set.frebShiftsUs.get(f.fileId) ?? 0) };
      }),
      fromUs: range ? range.fromMs * 1000 : null,
      toUs: range ? range.toMs * 1000 : null,
      servers: set.ix.servers.values.filter(Boolean).slice(0, 500),
      slowMs: DEFAULT_SLOW_MS,
    };
  }

  timeline(q: { fromUs?: number; toUs?: number; maxBuckets: number; filter?: IisFilter; slowMs?: number }): IisTimeline {
    return timeline(this.current(), { ...q, slowMs: q.slowMs ?? DEFAULT_SLOW_MS });
  }

  /** Filtered rows in the requested order (cached; after a growth, the last list extended). */
  private list(set: IisSet, filter: IisFilter | undefined, sortBy: IisSortKey | undefined, descending: boolean): Uint32Array {
    const fk = filterKey(filter);
    const make = (key: string, order: () => Before | undefined, build: () => Uint32Array) =>
      this.lists.get(key, () => {
        const last = this.lastLists.get(key);
        const from = last && grownFrom(last.set, set);
        const before = from && order();
        const list = before ? extendOrdered(renumbered(last.list, last.set, set), selectRows(set, filter, from), before) : build();
        this.lastLists.delete(key);
        this.lastLists.set(key, { set, list });
        if (this.lastLists.size > 8) this.lastLists.delete(this.lastLists.keys().next().value as string);
        return list;
      });
    const rows = make(`${fk}||`, () => byRow, () => selectRows(set, filter));
    if (!sortBy) return rows;
    // Time order is extended (for times in whole ms, as the sort compares them); other orders are sorted again.
    const byTimeToo = () => (sortBy === 'time' && tallySpan(set).whole ? byTime(set, descending) : undefined);
    return make(`${fk}|${sortBy}|${descending}`, byTimeToo, () => sortRows(set.ix, rows, sortBy, descending));
  }

  requests(q: { filter?: IisFilter; sortBy?: IisSortKey; descending?: boolean; offset: number; limit: number; anchors?: { fileId: string; index: number }[] }): IisRequestPage {
    const set = this.current();
    const list = this.list(set, q.filter, q.sortBy ?? 'time', q.descending ?? false);
    const rows = [];
    for (let k = q.offset; k < Math.min(list.length, q.offset + q.limit); k++) rows.push(requestRow(set, set.ix.ref(list[k])));
    const rowOf = (a: { fileId: string; index: number }) => {
      const f = logPosition(set, a.fileId);
      return f < 0 || a.index >= set.ix.datas[f].rows ? -1 : set.ix.bases[f] + a.index;
    };
    return withAnchors({ version: set.version, total: list.length, offset: q.offset, rows }, list, q.anchors?.map(rowOf));
  }

  topUris(q: { filter?: IisFilter; by?: 'count' | 'errors' | 'p95'; limit: number }): { version: number; rows: IisUriStat[] } {
    const set = this.current();
    const rf = toRowFilter(set, q.filter);
    if (!rf) return { version: set.version, rows: [] };
    // A client (c-ip) filter is not an engine field: aggregate over the rows the view selected.
    const rows = q.filter?.client?.trim() ? selectRows(set, q.filter) : undefined;
    // Every row of grown logs: from their tallies (extended by each growth's rows only).
    const all = !rows && Object.keys(rf).length === 0 && tallied(set);
    const stats = all ? tallyTopUris(set.ix, set.logs.map((l) => l.lineage), q) : topUris(set.ix, { by: q.by, limit: q.limit, filter: rf, rows });
    return { version: set.version, rows: stats.map((s) => ({ ...s, p50: nullIfNaN(s.p50), p95: nullIfNaN(s.p95), p99: nullIfNaN(s.p99) })) };
  }

  bursts(q: { maxGapMs?: number; minCount?: number; limit: number }): { version: number; total: number; rows: IisBurst[] } {
    const set = this.current();
    const key = `${q.maxGapMs}|${q.minCount}`;
    if (this.burstCache?.set !== set || this.burstCache.key !== key) this.burstCache = { set, key, bursts: tallied(set) ? bursts503(set.ix, q, tallyTimed503(set), inTimeOrder(set)) : bursts503(set.ix, q) };
    const all = this.burstCache.bursts;
    return {
      version: set.version,
      total: all.length,
      rows: all.slice(0, q.limit).map((b) => ({ startUs: b.startMs * 1000, endUs: b.endMs * 1000, count: b.count, substatus: b.substatus, servers: b.servers })),
    };
  }

  /** The WCF candidates and the options the linker needs (machine joins, clock offsets). */
  private linking(): { list: CandidateInfo[]; byActivity: CandidateSet['byActivity']; opts: LinkOptions; offsetUs: (name: string) => number } {
    this.candidates = buildCandidates(svclogViews(this.session).view().index, this.candidates);
    const identity = machines(this.session).identity();
    const clock = machineClock(this.session);
    return { list: this.candidates.list, byActivity: this.candidates.byActivity, opts: { sameMachine: identity.same, offsetUs: clock.offsetUs, skewUs: clock.skewUs }, offsetUs: clock.offsetUs };
  }

  private frebsOf(set: IisSet, fileId: string, row: number): { fileId: string; name: string; reason: string }[] {
    return set.frebs.flatMap((fr) => {
      const hit = frebRequests(set, fr).find((r) => r.fileId === fileId && r.row === row);
      return hit ? [{ fileId: fr.fileId, name: set.names.get(fr.fileId) ?? fr.path, reason: hit.reason }] : [];
    });
  }

  async request(q: { fileId: string; row: number }): Promise<IisRequestDetail> {
    const set = this.current();
    const f = logPosition(set, q.fileId);
    if (f < 0 || q.row >= set.logs[f].recordCount) throw new ServiceError('not-found', 'That request is not loaded.');
    const ref = { file: f, row: q.row };
    const detail = await set.logs[f].detail(q.row);
    const { list, opts: linkOpts, offsetUs } = this.linking();
    const opts = { ...linkOpts, zone: sentenceZone() };
    const byCandidate = new Map(list.map((c) => [c.candidate, c]));
    const toContract = (l: WcfLink): WcfCandidate => {
      const info = byCandidate.get(l.activity)!;
      const off = offsetUs(l.activity.computer);
      return { activityId: l.activity.activityId, name: info.name, computer: l.activity.computer, startUs: l.activity.startUs - off, endUs: l.activity.endUs - off, first: info.first, score: l.score, reason: l.reason };
    };
    const span = requestSpan(set.ix, ref);
    const candidates = list.map((c) => c.candidate);
    const rejected = rejectedBeforeService(span);
    // A 503.x never reached the service: activities running then served other requests.
    const links = rejected ? [] : linkRequestToWcf(span, candidates, opts).slice(0, 200);
    return {
      version: set.version,
      request: requestRow(set, ref),
      fields: detail.fields.slice(0, 200),
      candidates: links.map(toContract),
      candidatesConsidered: list.length,
      serviceNote: rejected
        ? `A ${span.status}${span.substatus !== undefined ? `.${span.substatus}` : ''} is answered by IIS or HTTP.sys before the service runs (${rejection(span.substatus)}): there is no service activity by design. The client activities that failed at that moment are the other side of it.`
        : null,
      clientFailures: rejected ? clientFailures(span, candidates, opts).slice(0, 200).map(toContract) : [],
      frebs: this.frebsOf(set, q.fileId, q.row),
    };
  }

  /** The IIS requests a WCF activity served (the reverse of the request's candidates), and their FREB traces. */
  activityRequests(q: { fileId: string; index: number }): ActivityRequests {
    const set = this.current();
    const index = svclogViews(this.session).view().index;
    const slot = index.fileSlot(q.fileId);
    if (slot < 0 || q.index >= index.files[slot].recordCount) throw new ServiceError('not-found', 'That trace is not loaded.');
    const a = index.activityOf({ file: slot, event: q.index });
    const act = index.activities[a];
    // No IIS log loaded, no request to find: the link candidates of every activity (seconds on a
    // 1 GB trace, on the first selected trace) are not made, and a graph switch does not wait behind them.
    if (!set.logs.length) return { activity: act?.name || act?.id || '', requests: [], frebs: [] };
    const linking = this.linking();
    const requests: ActivityRequests['requests'] = [];
    const seen = new Set<string>();
    for (const info of linking.byActivity.get(a) ?? []) {
      for (const { ref, link } of this.servedBy(set, info, linking)) {
        const key = `${ref.file}:${ref.row}`;
        if (seen.has(key)) continue;
        seen.add(key);
        requests.push({ ...requestRow(set, ref), reason: link.reason });
        if (requests.length >= 200) break;
      }
    }
    const frebs = requests.flatMap((r) => this.frebsOf(set, r.fileId, r.row));
    return { activity: act?.name || act?.id || '', requests, frebs };
  }

  /** The requests whose best-evidence link is this candidate (the reverse of the request pane's candidates). */
  private *servedBy(set: IisSet, info: CandidateInfo, linking: ReturnType<IisViews['linking']>): Generator<{ ref: RowRef; link: WcfLink }> {
    const { list, opts, offsetUs } = linking;
    const c = info.candidate;
    const tailUs = REQUEST_TAIL_MS * 1000 + IIS_CLOCK_RESOLUTION_US;
    // Only candidates near this one can outrank it for a request.
    const near = list.map((x) => x.candidate).filter((x) => x.startUs <= c.endUs + tailUs && x.endUs >= c.startUs - tailUs);
    const shift = offsetUs(c.computer);
    const rows = filterRows(set.ix, { fromMs: (c.startUs - shift - IIS_CLOCK_RESOLUTION_US) / 1000, toMs: (c.endUs - shift + IIS_CLOCK_RESOLUTION_US) / 1000 + REQUEST_TAIL_MS });
    for (const g of rows) {
      const ref = set.ix.ref(g);
      const span = requestSpan(set.ix, ref);
      if (rejectedBeforeService(span)) continue;
      // This activity must link to the request (cheap: one candidate), and be its best-evidence
      // link among all (concurrent calls overlap in time).
      if (linkRequestToWcf(span, [c], opts).length === 0) continue;
      const [link] = linkRequestToWcf(span, near, opts);
      if (link && link.activity === c) yield { ref, link };
    }
  }

  /** The WCF activity id that served each linked request, by log path and row (exports). */
  servingActivities(): Map<string, Map<number, string>> {
    const set = this.current();
    const linking = this.linking();
    const out = new Map<string, Map<number, string>>();
    for (const info of linking.list) {
      for (const { ref } of this.servedBy(set, info, linking)) {
        const path = set.logs[ref.file].path;
        if (!out.has(path)) out.set(path, new Map());
        out.get(path)!.set(ref.row, info.candidate.activityId);
      }
    }
    return out;
  }

  /** Capture next time for the request's URL: threshold = the URL's p99 time-taken unless given. */
  capture(q: { fileId: string; row: number; timeTakenMs?: number; dumpFolder?: string; maxDumps?: number }): CaptureConfig {
    const set = this.current();
    const f = logPosition(set, q.fileId);
    if (f < 0 || q.row >= set.logs[f].recordCount) throw new ServiceError('not-found', 'That request is not loaded.');
    const span = requestSpan(set.ix, { file: f, row: q.row });
    const stat = topUris(set.ix, { by: 'count', limit: 1, filter: { stems: [span.stem] } })[0];
    const p99 = stat && Number.isFinite(stat.p99) ? stat.p99 : span.timeTakenMs;
    // The failing statuses seen on this URL (status.substatus), the request's own first.
    const codes = new Set<string>();
    const own = span.status !== undefined && span.status >= 400 ? `${span.status}${span.substatus ? `.${span.substatus}` : ''}` : undefined;
    if (own) codes.add(own);
    for (const g of filterRows(set.ix, { stems: [span.stem] })) {
      if (codes.size >= 20) break;
      const r = requestSpan(set.ix, set.ix.ref(g));
      if (r.status !== undefined && r.status >= 500) codes.add(`${r.status}${r.substatus ? `.${r.substatus}` : ''}`);
    }
    return captureConfig({ stem: span.stem, timeTakenMs: q.timeTakenMs ?? Math.round(p99), statusCodes: [...codes], dumpFolder: q.dumpFolder, maxDumps: q.maxDumps });
  }

  freb(q: { fileId: string; eventLimit?: number }): FrebView {
    const set = this.current();
    const fr = set.frebs.find((x) => x.fileId === q.fileId);
    if (!fr) throw new ServiceError('not-found', 'That FREB file is not loaded.');
    return frebView(set, fr, q.eventLimit);
  }
}
