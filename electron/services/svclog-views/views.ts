/**
 * The STV view service of one session: keeps a ViewIndex for the visible svclog files and answers
 * the svclog.* channels from it. Filtered and sorted results are cached per (filter, sort) or
 * (filter, selection) key, so scrolling pages through a list costs one slice.
 */
import type {
  ActivityRow,
  ActivitySort,
  FindHit,
  FilterStatus,
  GroupRow,
  MessageGroup,
  MessageRow,
  MessageSort,
  TraceGroup,
  PageOf,
  SvclogFilterOptions,
  TraceFilter,
  TraceListRow,
  TraceRef,
} from '../../../shared/channels/svclog';
import { FILTER_LEVELS } from '../../../shared/filter-levels';
import { svclogFiles, type PairEnd } from '../../engine/svclog';
import { clockService } from '../clock/service';
import type { Session } from '../session';
import { ServiceError } from '../errors';
import { withAnchors } from '../list-anchors';
import { CustomScans, type LiveScan } from '../filter/custom-scan';
import { prepareQueries } from '../filter/svclog-query';
import { traced } from '../trace-spans';
import { machines } from '../machines/machines';
import { applyFilter, resultKey, type FilterResult } from './filter';
import { Lru } from './lru';
import { activityRow, messageRow, peersOf, traceRow } from './rows';
import { compareActivities } from './sort';
import { findMatcher, type FindOptions } from './find';
import { collapsedKey, groupItems, ungrouped, type Grouped } from './groups';
import { compareMessages, directions, Highlighter, messageGroupKeys, traceGroupKeys } from './list-keys';
import { TraceIds } from './trace-ids';
import { ViewIndex } from './view-index';

/** While files are still loading, rebuild from partial snapshots at most this often (and never more than a fifth of the time). */
const PARTIAL_REBUILD_MS = 1000;
/**
 * A build that follows another loaded build this soon is a followed file growing: what text
 * queries and the graph read is prepared only once it held this long (each preparation is O(all
 * events) and would otherwise run after every growth, holding up the views' answers).
 */
const PREPARE_QUIET_MS = 2000;

interface Built {
  view: ViewIndex;
  filters: Lru<FilterResult>;
  activityOrders: Lru<Int32Array>;
  traceLists: Lru<Int32Array>;
  messageLists: Lru<Int32Array>;
  groupedLists: Lru<Grouped>;
  finds: Lru<FindHit[]>;
  highlighter: Highlighter;
  traceIds: TraceIds;
  directions?: Map<number, 'send' | 'receive'>;
  customs: CustomScans;
  /** The lists' result while a custom filter's scan runs (see listed). */
  partial?: { key: string; result: FilterResult };
  peers?: Map<number, PairEnd>;
  /** Clock version whose offsets `view` carries. */
  clockVersion: number;
}

/** A trace named by its file and event (a followed list's anchor). */
type EventAnchor = { fileId: string; index: number };

function pageOf<T>(version: number, list: ArrayLike<number>, offset: number, limit: number, row: (x: number, at: number) => T): PageOf<T> {
  const rows: T[] = [];
  const end = Math.min(list.length, offset + limit);
  for (let i = offset; i < end; i++) rows.push(row(list[i], i));
  return { version, total: list.length, offset, rows };
}

/** Time since the previous item row of a list (group headers, negative, skipped); 0 for the first. */
function deltaBefore(list: ArrayLike<number>, at: number, timeOf: (x: number) => number): number {
  for (let p = at - 1; p >= 0; p--) if (list[p] >= 0) return timeOf(list[at]) - timeOf(list[p]);
  return 0;
}

/** A cache key for a set of activities (sorted, so the selection order does not matter). */
function selectionKey(activities: readonly number[]): string {
  const s = [...new Set(activities)].sort((a, b) => a - b);
  if (s.length <= 64) return s.join(',');
  let h = 0;
  for (const a of s) h = (Math.imul(h, 31) + a) | 0;
  return `${s.length}:${s[0]}:${s[s.length - 1]}:${h}`;
}

/** Binary search of a time-ordered event list for the first position whose rank is >= `rank`. */
function lowerBound(view: ViewIndex, list: Int32Array, rank: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (view.rank[list[mid]] < rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What other services build from a view once its files are loaded (the graph's cells), registered by them. */
type Preparer = (view: ViewIndex, session: Session) => void;
const preparers: Preparer[] = [];
/** `first`: before the graph's (what the first filter after a load needs, the status bar's count, comes first). */
export function prepareAfterLoad(prepare: Preparer, first = false): void {
  if (first) preparers.unshift(prepare);
  else preparers.push(prepare);
}

/** Per view, traces per source and per level: the same in every clock mode, so counted once (every clock switch asks for the options again). */
const optionCountCache = new WeakMap<ViewIndex, { sourceCounts: Int32Array; levels: SvclogFilterOptions['levels'] }>();
function optionCounts(view: ViewIndex): { sourceCounts: Int32Array; levels: SvclogFilterOptions['levels'] } {
  const hit = optionCountCache.get(view);
  if (hit) return hit;
  const sourceCounts = new Int32Array(view.sources.names.length);
  const perLevel = new Int32Array(FILTER_LEVELS.length);
  for (let g = 0; g < view.total; g++) {
    sourceCounts[view.sources.of[g]]++;
    perLevel[view.levelClass[g]]++;
  }
  const levels = Object.fromEntries(FILTER_LEVELS.map((l, i) => [l, perLevel[i]])) as SvclogFilterOptions['levels'];
  const made = { sourceCounts, levels };
  optionCountCache.set(view, made);
  return made;
}

export class SvclogViews {
  private built?: Built;
  private builtAt = 0;
  private builtFrom = -1;
  /** Whether files were still loading when `built` was made. */
  private builtLoading = true;
  private builds = 0;
  private buildMs = 0;
  private preparing: Promise<void> = Promise.resolve();

  constructor(private readonly session: Session) {}

  /** The current build with the clock's offsets applied (see applyClock). */
  private current(): Built {
    return this.applyClock(this.build());
  }

  /** Re-times the build when the clock changed (mode, override, reference): caches keyed by time are dropped. */
  private applyClock(b: Built): Built {
    const clock = clockService(this.session);
    if (b.clockVersion === clock.version) return b;
    traced('views applyClock', () => b.view.applyOffsets(clock.offsetsUs(b.view.index)));
    b.clockVersion = clock.version;
    for (const cache of [b.filters, b.activityOrders, b.traceLists, b.messageLists, b.groupedLists, b.finds] as Lru<unknown>[]) cache.clear();
    return b;
  }

  /** Resolves when what is made after a load (prepareAfterLoad) is made, or given up for a newer build (benches wait for it). */
  async whenPrepared(): Promise<void> {
    this.build();
    // The preparation's timers do not keep the process alive; a caller waiting for them does.
    const alive = setInterval(() => {}, 1 << 30);
    await this.preparing.finally(() => clearInterval(alive));
  }

  /** The built view index (times as the clock says): the graph and the clock service read it. */
  view(): ViewIndex {
    return this.current().view;
  }

  /** The build, rebuilt when the session's visible files changed (throttled while loading). */
  private build(): Built {
    const version = this.session.version;
    if (this.built && this.builtFrom === version) return this.built;
    const loading = this.session.list().some((f) => f.state === 'loading' || f.state === 'queued');
    // A build that shows nothing yet is never kept: the first snapshot's rows are what the user waits
    // for, and when its load is held up no later change would ask for them again.
    const showsSomething = !!this.built && this.built.view.files.length > 0;
    if (this.built && showsSomething && loading && Date.now() - this.builtAt < Math.max(PARTIAL_REBUILD_MS, 4 * this.buildMs)) return this.built;
    const t0 = Date.now();
    const growing = !!this.built && !this.builtLoading && t0 - this.builtAt < PREPARE_QUIET_MS;
    const files = svclogFiles(this.session.visible().map((v) => v.file));
    // Followed files that grew: the previous build's columns and orders are extended (view-index.ts).
    const prev = this.built?.view;
    const grownFrom = prev && !loading && files.length === prev.files.length && files.every((f, i) => this.session.grewFrom(f, prev.files[i])) ? prev : undefined;
    this.built = {
      view: new ViewIndex(files, ++this.builds, grownFrom),
      filters: new Lru(8),
      activityOrders: new Lru(16),
      traceLists: new Lru(32),
      messageLists: new Lru(8),
      groupedLists: new Lru(16),
      finds: new Lru(8),
      traceIds: new TraceIds(),
      clockVersion: -1,
    } as Omit<Built, 'customs'> as Built;
    this.built.highlighter = new Highlighter(this.built.view);
    this.built.customs = new CustomScans(this.built.view, (p) => this.session.emit('filter.progress', p));
    this.builtAt = Date.now();
    this.buildMs = this.builtAt - t0;
    this.builtFrom = version;
    this.builtLoading = loading;
    // Once the files are loaded, what text queries read is built while the user looks (not on their first query).
    const built = this.built;
    // One after the other, each in a turn of its own (setImmediate: the event loop polls for I/O
    // between them, which timers due together would not), so a request arriving meanwhile waits
    // for one preparation at most.
    if (!loading) {
      const queue: Preparer[] = [prepareQueries, ...preparers];
      let done = () => {};
      this.preparing = new Promise<void>((resolve) => (done = resolve));
      const next = () => {
        const prepare = queue.shift();
        if (!prepare || this.built !== built) return done();
        traced(`prepareAfterLoad ${prepare.name || queue.length}`, () => prepare(built.view, this.session));
        setImmediate(next).unref();
      };
      setTimeout(next, growing ? PREPARE_QUIET_MS : 0).unref();
    }
    return this.built;
  }

  private filtered(b: Built, f: TraceFilter | undefined): FilterResult {
    const identity = machines(this.session).identity();
    return b.filters.get(resultKey(f, identity), () => {
      const custom = (f?.custom ?? []).map((c) => {
        const m = b.customs.finished(c);
        if (!m) throw new ServiceError('not-found', `The custom filter "${c.name}" has not been scanned yet.`);
        return m;
      });
      return applyFilter(b.view, f, custom, identity);
    });
  }

  /** Runs the custom (XPath) filters' scans the filter needs; every call that takes a filter awaits this first. */
  private async prepared(f: TraceFilter | undefined): Promise<Built> {
    for (;;) {
      const b = this.current();
      await Promise.all((f?.custom ?? []).map((c) => b.customs.get(c)));
      // Files changed during the scan: scan the new build (unchanged results are not cached across builds).
      if (this.current() === b) return b;
    }
  }

  /**
   * The filter's result for the lists (Activities, Trace list, Messages, All records) when they
   * ask `soFar`: while a custom filter's scan runs they answer from the events scanned so far, so
   * the first matches show before the scan ends (the renderer asks again on each filter.progress). Such a
   * result's key names the scan's progress, so nothing cached from it is taken for the final one.
   */
  private async listed(f: TraceFilter | undefined, soFar = false): Promise<{ b: Built; fr: FilterResult }> {
    const customs = f?.custom ?? [];
    if (customs.length && soFar) {
      const b = this.current();
      for (const c of customs) b.customs.get(c).catch(() => undefined); // started (its errors reach the status call)
      const parts = customs.map((c) => b.customs.finished(c) ?? b.customs.scanning(c));
      const live = parts.filter((m) => m && 'done' in m);
      if (live.length && parts.every(Boolean)) {
        const identity = machines(this.session).identity();
        const key = `${resultKey(f, identity)}|scanned ${live.map((m) => (m as LiveScan).done).join(',')}`;
        if (b.partial?.key !== key) {
          const masks = parts.map((m) => ({ mask: m!.mask, notes: 'notes' in m! ? m.notes : [] }));
          b.partial = { key, result: { ...applyFilter(b.view, f, masks, identity), key } };
        }
        return { b, fr: b.partial.result };
      }
    }
    const b = await this.prepared(f);
    return { b, fr: this.filtered(b, f) };
  }

  /** The filter's result for a list (All records): the events scanned so far while a custom filter's scan runs (see listed). */
  async listedResult(f: TraceFilter | undefined): Promise<{ view: ViewIndex; result: FilterResult }> {
    const { b, fr } = await this.listed(f, true);
    return { view: b.view, result: fr };
  }

  /** The filter's result over the current build (the graph, All records, exports and the status bar use this). */
  async filterResult(f: TraceFilter | undefined): Promise<{ view: ViewIndex; result: FilterResult }> {
    const b = await this.prepared(f);
    return { view: b.view, result: this.filtered(b, f) };
  }

  /** Global events passing the filter in displayed-time order (exports). */
  async passingInOrder(f: TraceFilter | undefined): Promise<{ view: ViewIndex; events: Int32Array }> {
    const { view, result } = await this.filterResult(f);
    if (!result.mask) return { view, events: view.order };
    const out = new Int32Array(result.passing);
    let k = 0;
    for (let r = 0; r < view.total; r++) if (result.mask[view.order[r]]) out[k++] = view.order[r];
    return { view, events: out };
  }

  /** What the status bar says: passing activities and records of how many, and notes on records the filter could not judge. */
  async status(f: TraceFilter | undefined): Promise<Omit<FilterStatus, 'records' | 'totalRecords'>> {
    const { view, result } = await this.filterResult(f);
    let activities = 0;
    for (let a = 0; a < result.activityCounts.length; a++) if (result.activityCounts[a] > 0) activities++;
    return { version: view.version, activities, totalActivities: view.index.activities.length, traces: result.passing, totalTraces: view.total, notes: result.notes };
  }

  /** Stops the custom filter scans in flight. */
  cancelScans(): { cancelled: number } {
    return { cancelled: this.built?.customs.cancel() ?? 0 };
  }

  private activityOrder(b: Built, fr: FilterResult, sortBy: ActivitySort = 'start', descending = false): Int32Array {
    return b.activityOrders.get(`${fr.key}|${sortBy}|${descending}`, () => {
      const acts = b.view.index.activities;
      const list: number[] = [];
      for (let a = 0; a < acts.length; a++) if (fr.activityCounts[a] > 0) list.push(a);
      const span = b.view.activityTimes;
      const cmp = compareActivities(sortBy, acts, fr.activityCounts, span);
      list.sort((x, y) => (descending ? -cmp(x, y) : cmp(x, y)) || span.firstUs[x] - span.firstUs[y] || x - y);
      return Int32Array.from(list);
    });
  }

  /** The selection's passing traces in time order. */
  private traceList(b: Built, fr: FilterResult, activities: readonly number[]): Int32Array {
    return b.traceLists.get(`${fr.key}|${selectionKey(activities)}`, () => {
      const view = b.view;
      const acts = [...new Set(activities)].filter((a) => a < view.index.activities.length);
      const size = acts.reduce((n, a) => n + fr.activityCounts[a], 0);
      const out = new Int32Array(size);
      let k = 0;
      if (size > view.total / 8) {
        // A big selection: one pass over the time order is cheaper than gathering and sorting.
        const chosen = new Uint8Array(view.index.activities.length);
        for (const a of acts) chosen[a] = 1;
        for (let r = 0; r < view.total; r++) {
          const g = view.order[r];
          if (chosen[view.activityOf[g]] && (!fr.mask || fr.mask[g])) out[k++] = g;
        }
        return out;
      }
      for (const a of acts) for (const g of view.membersOf(a)) if (!fr.mask || fr.mask[g]) out[k++] = g;
      return view.sortByTime(out);
    });
  }

  filterOptions(): SvclogFilterOptions {
    const { view } = this.current();
    const { sourceCounts, levels } = optionCounts(view);
    const sorted = (names: string[]) => names.filter(Boolean).sort((a, b) => a.localeCompare(b));
    return {
      version: view.version,
      sources: view.sources.names.map((name, i) => ({ name, count: sourceCounts[i] })).filter((s) => s.name).sort((a, b) => a.name.localeCompare(b.name)),
      hosts: sorted([...view.hosts.names]),
      processes: sorted([...view.processes.names]),
      firstUs: view.total ? view.timeUs[view.order[0]] : null,
      lastUs: view.total ? view.timeUs[view.order[view.total - 1]] : null,
      levels: { ...levels },
      events: view.total,
      activities: view.index.activities.length,
      messages: view.index.messages.length,
    };
  }

  async activities(q: { filter?: TraceFilter; soFar?: boolean; sortBy?: ActivitySort; descending?: boolean; offset: number; limit: number; anchors?: string[] }): Promise<PageOf<ActivityRow>> {
    const { b, fr } = await this.listed(q.filter, q.soFar);
    const order = this.activityOrder(b, fr, q.sortBy, q.descending);
    const page = pageOf(b.view.version, order, q.offset, q.limit, (a) => activityRow(b.view, a, fr));
    if (!q.anchors?.length) return page;
    // By GUID as the rows give it: a growing file before another renumbers the later file's activities.
    const acts = b.view.index.activities;
    return { ...page, anchorsAt: q.anchors.map((id) => order.findIndex((a) => acts[a].id === id)) };
  }

  /** The selection's trace list as grouped (time order within each group). */
  private groupedTraces(b: Built, fr: FilterResult, activities: readonly number[], groupBy: TraceGroup = 'none', collapsed?: readonly string[]): Grouped {
    const list = this.traceList(b, fr, activities);
    if (groupBy === 'none') return ungrouped(list);
    return b.groupedLists.get(`t|${fr.key}|${selectionKey(activities)}|${groupBy}|${collapsedKey(collapsed)}`, () => {
      b.directions ??= directions(b.view, b.view.index.messages);
      const k = traceGroupKeys(b.view, groupBy, b.directions);
      return groupItems(list, k.key, k.label, new Set(collapsed));
    });
  }

  /** The selection's traces in time order (no groups). */
  async traces(q: { filter?: TraceFilter; soFar?: boolean; activities: number[]; offset: number; limit: number }): Promise<PageOf<TraceListRow>> {
    return (await this.traceListPage({ ...q, groupBy: 'none' })) as PageOf<TraceListRow>;
  }

  async traceListPage(q: { filter?: TraceFilter; soFar?: boolean; activities: number[]; offset: number; limit: number; groupBy?: TraceGroup; collapsed?: string[]; highlights?: string[]; highlightZone?: string; identifiers?: boolean; anchors?: EventAnchor[] }): Promise<PageOf<TraceListRow | GroupRow>> {
    const { b, fr } = await this.listed(q.filter, q.soFar);
    const { view } = b;
    const grouped = this.groupedTraces(b, fr, q.activities, q.groupBy, q.collapsed);
    const page: PageOf<TraceListRow | GroupRow> = pageOf<TraceListRow | GroupRow>(view.version, grouped.list, q.offset, q.limit, (e, at) => {
      if (e < 0) return { group: grouped.headers[-e - 1] };
      const row = traceRow(view, e);
      row.deltaUs = deltaBefore(grouped.list, at, (x) => view.timeUs[x]);
      row.highlight = b.highlighter.first(q.highlights, e, q.highlightZone);
      return row;
    });
    if (q.identifiers) {
      const traces = page.rows.filter((r): r is TraceListRow => !('group' in r));
      const ids = await b.traceIds.of(traces.map((t) => ({ file: view.files[view.fileOf[view.global(t.fileId, t.index)]], event: t.index })));
      traces.forEach((t, i) => (t.traceId = ids[i]));
    }
    return withAnchors(page, grouped.list, q.anchors?.map((a) => view.global(a.fileId, a.index)));
  }

  /** Message numbers passing the filter, in displayed-time order or sorted by a column. */
  private messageList(b: Built, fr: FilterResult, sortBy: MessageSort = 'time', descending = false): Int32Array {
    const { view } = b;
    const timeOrdered = b.messageLists.get(fr.key, () => {
      const out: number[] = [];
      view.index.messages.forEach((m, i) => {
        if (!fr.mask || fr.mask[view.base[m.file] + m.event]) out.push(i);
      });
      // Displayed-time order: the engine lists messages by raw time.
      const rankOf = (i: number) => view.rank[view.base[view.index.messages[i].file] + view.index.messages[i].event];
      out.sort((x, y) => rankOf(x) - rankOf(y));
      return Int32Array.from(out);
    });
    if (sortBy === 'time' && !descending) return timeOrdered;
    return b.messageLists.get(`${fr.key}|${sortBy}|${descending}`, () => {
      const rows = new Map<number, MessageRow>();
      for (const i of timeOrdered) rows.set(i, this.messageRowOf(b, i));
      const cmp = compareMessages(sortBy);
      const position = new Map<number, number>();
      timeOrdered.forEach((i, p) => position.set(i, p));
      // Ties keep time order whichever way the column sorts.
      return Int32Array.from([...timeOrdered].sort((x, y) => (descending ? -cmp(rows.get(x)!, rows.get(y)!) : cmp(rows.get(x)!, rows.get(y)!)) || position.get(x)! - position.get(y)!));
    });
  }

  private messageRowOf(b: Built, i: number): MessageRow {
    const { view } = b;
    b.peers ??= peersOf(view, view.index.pairs);
    const m = view.index.messages[i];
    return messageRow(view, m, b.peers.get(view.base[m.file] + m.event));
  }

  /** Every message passing the filter in time order (no groups). */
  async messages(q: { filter?: TraceFilter; soFar?: boolean; offset: number; limit: number }): Promise<PageOf<MessageRow>> {
    return (await this.messageListPage({ ...q, groupBy: 'none' })) as PageOf<MessageRow>;
  }

  async messageListPage(q: { filter?: TraceFilter; soFar?: boolean; offset: number; limit: number; sortBy?: MessageSort; descending?: boolean; groupBy?: MessageGroup; collapsed?: string[]; highlights?: string[]; highlightZone?: string; anchors?: EventAnchor[] }): Promise<PageOf<MessageRow | GroupRow>> {
    const { b, fr } = await this.listed(q.filter, q.soFar);
    const { view } = b;
    const sorted = this.messageList(b, fr, q.sortBy, q.descending);
    const groupBy = q.groupBy ?? 'none';
    const grouped =
      groupBy === 'none'
        ? ungrouped(sorted)
        : b.groupedLists.get(`m|${fr.key}|${q.sortBy}|${q.descending}|${groupBy}|${collapsedKey(q.collapsed)}`, () => {
            const k = messageGroupKeys(view, groupBy);
            return groupItems(sorted, k.key, k.label, new Set(q.collapsed));
          });
    const globalOf = (i: number) => view.base[view.index.messages[i].file] + view.index.messages[i].event;
    const page = pageOf<MessageRow | GroupRow>(view.version, grouped.list, q.offset, q.limit, (i, at) => {
      if (i < 0) return { group: grouped.headers[-i - 1] };
      const row = this.messageRowOf(b, i);
      row.deltaUs = deltaBefore(grouped.list, at, (x) => view.timeUs[globalOf(x)]);
      row.highlight = b.highlighter.first(q.highlights, globalOf(i), q.highlightZone);
      return row;
    });
    if (!q.anchors?.length) return page;
    // The list holds message numbers: each anchored event's message, found once over the messages.
    const globals = q.anchors.map((a) => view.global(a.fileId, a.index));
    const messages = globals.map(() => -1);
    view.index.messages.forEach((_, i) => {
      const k = globals.indexOf(globalOf(i));
      if (k >= 0) messages[k] = i;
    });
    return withAnchors(page, grouped.list, messages);
  }

  async locate(q: { filter?: TraceFilter; activities: number[]; fileId: string; index: number; groupBy?: TraceGroup; collapsed?: string[] }): Promise<{ version: number; position: number }> {
    const { b, fr } = await this.listed(q.filter);
    const g = b.view.global(q.fileId, q.index);
    if (g < 0) return { version: b.view.version, position: -1 };
    if (q.groupBy && q.groupBy !== 'none') return { version: b.view.version, position: this.groupedTraces(b, fr, q.activities, q.groupBy, q.collapsed).list.indexOf(g) };
    const list = this.traceList(b, fr, q.activities);
    const at = lowerBound(b.view, list, b.view.rank[g]);
    return { version: b.view.version, position: list[at] === g ? at : -1 };
  }

  /** The next/previous Transfer trace of the (grouped) trace list after/before one trace. */
  async stepTransfer(q: { filter?: TraceFilter; activities: number[]; fileId: string; index: number; direction: 'next' | 'previous'; groupBy?: TraceGroup; collapsed?: string[] }): Promise<{ version: number; target: TraceRef | null }> {
    const { b, fr } = await this.listed(q.filter);
    const { view } = b;
    const list = this.groupedTraces(b, fr, q.activities, q.groupBy, q.collapsed).list;
    const g = view.global(q.fileId, q.index);
    const from = g < 0 ? -1 : list.indexOf(g);
    const isTransfer = (x: number) => {
      if (x < 0) return false;
      const { file, event } = view.eventOf(x);
      return file.str(file.events.subType[event]) === 'Transfer';
    };
    const step = q.direction === 'next' ? 1 : -1;
    for (let p = from < 0 && step < 0 ? list.length - 1 : from + step; p >= 0 && p < list.length; p += step) {
      if (!isTransfer(list[p])) continue;
      const { file, event } = view.eventOf(list[p]);
      return { version: view.version, target: { fileId: file.fileId, index: event, activity: view.activityOf[list[p]] } };
    }
    return { version: view.version, target: null };
  }

  async activityOf(q: { fileId: string; index: number; filter?: TraceFilter; sortBy?: ActivitySort; descending?: boolean }): Promise<{ version: number; activity: number; position: number }> {
    const { b, fr } = await this.listed(q.filter);
    const g = b.view.global(q.fileId, q.index);
    if (g < 0) return { version: b.view.version, activity: -1, position: -1 };
    const activity = b.view.activityOf[g];
    return { version: b.view.version, activity, position: this.activityOrder(b, fr, q.sortBy, q.descending).indexOf(activity) };
  }

  /** Hits in time order; with scope 'selection' only among the selection's (filtered) traces. Looks in the whole XML unless `lookIn` is 'fields' (find.ts). */
  async find(q: { filter?: TraceFilter; text: string; scope: 'all' | 'selection'; activities: number[]; offset: number; limit: number } & Partial<FindOptions>): Promise<PageOf<FindHit> & { incomplete?: boolean }> {
    let b = await this.prepared(q.filter);
    const options: FindOptions = { lookIn: q.lookIn ?? 'xml', matchCase: q.matchCase, wholeWord: q.wholeWord, regex: q.regex, ignoreRoot: q.ignoreRoot };
    let matcher = await findMatcher(b.view, q.text, options);
    // Files changed during the raw scan: match on the new build (scans of unchanged files are cached).
    if (this.current() !== b) matcher = await findMatcher((b = this.current()).view, q.text, options);
    const { view } = b;
    const fr = this.filtered(b, q.filter);
    const key = `${fr.key}|${q.scope}|${q.scope === 'selection' ? selectionKey(q.activities) : ''}|${JSON.stringify(options)}|${options.matchCase || options.regex ? q.text : q.text.toLowerCase()}`;
    const collect = () => {
      const match = matcher.test;
      const out: FindHit[] = [];
      const hit = (g: number, position: number) => {
        const { file, event } = view.eventOf(g);
        out.push({ fileId: file.fileId, index: event, activity: view.activityOf[g], position });
      };
      if (q.scope === 'selection') {
        const list = this.traceList(b, fr, q.activities);
        for (let p = 0; p < list.length; p++) if (match(list[p])) hit(list[p], p);
      } else {
        for (let r = 0; r < view.total; r++) {
          const g = view.order[r];
          if ((!fr.mask || fr.mask[g]) && match(g)) hit(g, -1);
        }
      }
      return out;
    };
    const hits = matcher.complete ? b.finds.get(key, collect) : collect();
    return { version: view.version, total: hits.length, offset: q.offset, rows: hits.slice(q.offset, q.offset + q.limit), ...(matcher.complete ? {} : { incomplete: true }) };
  }

  /** The trace a Transfer leads to: the target activity's first trace at or after the transfer. */
  followTransfer(q: { fileId: string; index: number }): { version: number; target: TraceRef | null } {
    const b = this.current();
    const { view } = b;
    const g = view.global(q.fileId, q.index);
    const to = g < 0 ? undefined : view.transferTo.get(g);
    if (to === undefined) return { version: view.version, target: null };
    const list = this.traceList(b, this.filtered(b, undefined), [to]);
    if (list.length === 0) return { version: view.version, target: null };
    const at = Math.min(list.length - 1, lowerBound(view, list, view.rank[g]));
    const { file, event } = view.eventOf(list[at]);
    return { version: view.version, target: { fileId: file.fileId, index: event, activity: to } };
  }

  /** The activity whose ActivityID is `activityId` (braces and case ignored) and its first trace. */
  activityById(q: { activityId: string }): { version: number; found: { name: string; traces: number; first: { fileId: string; index: number } } | null } {
    const { view } = this.current();
    const want = q.activityId.replace(/[{}]/g, '').toLowerCase();
    const a = view.index.activities.find((x) => x.id.replace(/[{}]/g, '').toLowerCase() === want);
    const first = a && view.index.eventsOf(a.index)[0];
    if (!a || !first) return { version: view.version, found: null };
    return { version: view.version, found: { name: a.name, traces: a.traceCount, first: { fileId: view.index.files[first.file].fileId, index: first.event } } };
  }

  /** The next/previous (filtered) trace of the same activity in time order, whichever process wrote it. */
  async step(q: { filter?: TraceFilter; fileId: string; index: number; direction: 'next' | 'previous' }): Promise<{ version: number; target: TraceRef | null }> {
    const { b, fr } = await this.listed(q.filter);
    const { view } = b;
    const g = view.global(q.fileId, q.index);
    if (g < 0) return { version: view.version, target: null };
    const activity = view.activityOf[g];
    const list = this.traceList(b, fr, [activity]);
    const at = lowerBound(view, list, view.rank[g]);
    const onIt = list[at] === g;
    const pos = q.direction === 'next' ? (onIt ? at + 1 : at) : at - 1;
    if (pos < 0 || pos >= list.length) return { version: view.version, target: null };
    const { file, event } = view.eventOf(list[pos]);
    return { version: view.version, target: { fileId: file.fileId, index: event, activity } };
  }
}

/** The view service of a session (one per window or browser host; see session-services.ts). */
export function svclogViews(session: Session): SvclogViews {
  return session.services.svclogViews;
}
