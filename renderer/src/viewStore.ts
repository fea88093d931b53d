/**
 * State of the Service Trace Viewer views (zustand): filter, activity sort and selection, the
 * current trace, back/forward history, find, layout sizes. Lists themselves stay on the main side;
 * this holds only keys and positions, and the actions that ask the main side where things are.
 */
import { create } from 'zustand';
import type { CustomFilter } from '../../shared/channels/filter';
import type { ActivitySort, FilterLevel, FilterStatus, FindLookIn, HighlightRule, ListLayout, Settings, TraceFilter, TraceRef } from '../../shared/channels/svclog';
import { oneOf, TRACE_GROUPS } from '../../shared/lists';
import { getApi } from './api';
// timeZone.ts imports saveSettings from here; both only use each other inside functions.
import { useZoneStore } from './timeZone';
import { displayZone, resolveZone, ZONE_UTC } from '../../shared/time-zone';
import { useFormattedOptions } from './formattedOptions';

export type ListName = 'activity' | 'trace' | 'message';

/** A bookmarked trace; `timeUs` orders bookmarks for F2 / Shift+F2. */
export interface Bookmark {
  fileId: string;
  index: number;
  timeUs: number;
}

/** Each list's scroller, so a history entry can remember and restore where the lists were scrolled. */
export const listScrollers = new Map<string, HTMLElement>();
const scrollPositions = (): Record<string, number> => Object.fromEntries([...listScrollers].map(([k, el]) => [k, el.scrollTop]));

export type LeftTab = 'activities' | 'messages' | 'records' | 'graph';

/** The trace the detail pane shows (activity -1 for non-svclog records). */
export interface Current extends TraceRef {
  /** Position in the trace list, when known. */
  position?: number;
  /** Displayed time, when known (where F2 looks for the next bookmark). */
  timeUs?: number;
}

interface HistoryEntry {
  activities: number[];
  current?: Current;
  /** Scroll position of each list when this entry was left (Alt+← puts the lists back there). */
  scroll?: Record<string, number>;
}

export interface FindState {
  open: boolean;
  text: string;
  scope: 'all' | 'selection';
  /** STV's "Look in": the whole XML of each trace (default) or the indexed fields only. */
  lookIn: FindLookIn;
  /** STV's find options. */
  matchCase: boolean;
  wholeWord: boolean;
  regex: boolean;
  ignoreRoot: boolean;
  total: number;
  /** The whole-XML scan hit its time limit: hits further into the files are missing. */
  incomplete?: boolean;
  /** Index of the current hit, -1 before the first step, -2 when there is none. */
  at: number;
  /** A step is being answered (a whole-XML scan can take seconds on a big or busy machine). */
  searching?: boolean;
}

export const ALL_LEVELS: FilterLevel[] = ['critical', 'error', 'warning', 'info', 'verbose', 'boundaries'];
export const ERRORS_AND_WARNINGS: FilterLevel[] = ['critical', 'error', 'warning'];

interface ViewState {
  /** Bumped when the visible files change: every cached page is dropped. */
  dataVersion: number;
  leftTab: LeftTab;
  filter: TraceFilter;
  sort: { by: ActivitySort; descending: boolean };
  selected: number[];
  /** Position in the activity list of the last plain click (Shift+click extends from it). */
  anchor: number;
  /** Position in the activity list of the focused activity row. */
  activityCursor: number;
  current?: Current;
  history: HistoryEntry[];
  historyAt: number;
  find: FindState;
  panes: Record<string, number>;
  columns: Record<string, number>;
  recentFiles: string[];
  shortcutsOpen: boolean;
  /** What the filter keeps (the status bar), for the current filter and files. */
  filterStatus?: FilterStatus;
  /** A custom filter's scan in progress. */
  scan?: { name: string; done: number; total: number; matches: number };
  /** Bumped when a filter is restored (settings at start, a workspace): the time window is then checked against the files. */
  restored: number;
  /** The user's custom filter library (saved in the settings and the workspace). */
  customFilters: CustomFilter[];
  setCustomFilters(list: CustomFilter[]): void;
  /** Incremented to make a list scroll to its cursor (after jumps). */
  scrollTick: number;
  /** Set by Back/Forward: the lists' scroll positions to restore (instead of scrolling to the cursor). */
  scrollRestore?: { tick: number; scroll: Record<string, number> };
  /** Columns, Group By and sort of each list (saved in the settings). */
  lists: Partial<Record<ListName, ListLayout>>;
  setList(name: ListName, patch: ListLayout): void;
  /** Group keys shown collapsed per list (reset when the grouping changes). */
  collapsed: Partial<Record<ListName, string[]>>;
  toggleGroup(name: ListName, key: string): void;
  highlights: HighlightRule[];
  setHighlights(rules: HighlightRule[]): void;
  bookmarks: Bookmark[];
  toggleBookmark(b: Bookmark): void;
  setBookmarks(list: Bookmark[]): void;
  /** F2 / Shift+F2: the next / previous bookmark after the current trace, in time order (wraps). */
  stepBookmark(delta: 1 | -1): Promise<void>;
  /** Ctrl+F10 / Ctrl+F9: the next / previous Transfer in the trace list. */
  stepTransfer(direction: 'next' | 'previous'): Promise<void>;
  setLeftTab(tab: LeftTab): void;
  setFilter(patch: Partial<TraceFilter>): void;
  setSort(by: ActivitySort): void;
  selectActivities(list: number[], anchor?: number, cursor?: number): void;
  setCurrent(c: Current | undefined): void;
  goTo(target: TraceRef, opts?: { tab?: LeftTab; replace?: boolean }): Promise<void>;
  back(): void;
  forward(): void;
  setFind(patch: Partial<FindState>): void;
  stepFind(delta: 1 | -1): Promise<void>;
  followTransfer(): Promise<void>;
  step(direction: 'next' | 'previous'): Promise<void>;
  setPane(name: string, px: number): void;
  setColumn(key: string, px: number): void;
  loadSettings(): Promise<void>;
  setShortcutsOpen(open: boolean): void;
}

/**
 * Part of a list's key while a custom filter's scan runs: the lists answer from the events scanned
 * so far, so each new batch of matches (and the scan's end) makes them ask again.
 */
export function scanKey(s: { scan?: ViewState['scan'] }): string {
  return s.scan ? `|scan ${s.scan.matches}` : '';
}

/** The zone the queries' times are read in, as requests carry it: the display zone resolved ('local' is this machine's), none for UTC. */
export function queryZone(): string | undefined {
  const zone = resolveZone(displayZone());
  return zone === ZONE_UTC ? undefined : zone;
}

/** The filter as sent to the main side: empty parts dropped so equal filters share a cache key; a query carries the display zone. */
export function effectiveFilter(f: TraceFilter): TraceFilter | undefined {
  const out: TraceFilter = {};
  if (f.levels && f.levels.length < ALL_LEVELS.length) out.levels = f.levels;
  if (f.sources?.length) out.sources = f.sources;
  if (f.processes?.length) out.processes = f.processes;
  if (f.hosts?.length) out.hosts = f.hosts;
  if (f.fromUs !== undefined) out.fromUs = f.fromUs;
  if (f.toUs !== undefined) out.toUs = f.toUs;
  if (f.text?.trim()) out.text = f.text.trim();
  const zone = out.text ? queryZone() : undefined;
  if (zone) out.zone = zone;
  if (f.custom?.length) out.custom = f.custom;
  return Object.keys(out).length ? out : undefined;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let pendingPatch: Settings = {};
/** Settings are written on the main side, batched: dragging a splitter must not write a file per pixel. */
export function saveSettings(patch: Settings): void {
  pendingPatch = { ...pendingPatch, ...patch, panes: { ...pendingPatch.panes, ...patch.panes }, columns: { ...pendingPatch.columns, ...patch.columns } };
  if (!pendingPatch.panes || !Object.keys(pendingPatch.panes).length) delete pendingPatch.panes;
  if (!pendingPatch.columns || !Object.keys(pendingPatch.columns).length) delete pendingPatch.columns;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(flushSettings, 300);
}

/** Sends what is waiting to be saved now. */
function flushSettings(): void {
  clearTimeout(saveTimer);
  if (Object.keys(pendingPatch).length === 0) return;
  const p = pendingPatch;
  pendingPatch = {};
  void getApi()
    .call('settings.set', { patch: p })
    .catch(() => undefined);
}

// A choice made just before the window closes or reloads (the pause above) is still saved.
if (typeof window !== 'undefined') window.addEventListener('pagehide', flushSettings);

const MAX_HISTORY = 100;

export const useView = create<ViewState>((set, get) => {
  /** Counts find steps and changes of find's text/options: an answer is used only by the step that is still the newest. */
  let findTicket = 0;
  /** Records a new place in the history (dropping the forward part). */
  const push = (entry: HistoryEntry) => {
    const { history, historyAt } = get();
    const left = historyAt >= 0 ? [...history.slice(0, historyAt), { ...history[historyAt], scroll: scrollPositions() }] : [];
    const next = [...left, entry].slice(-MAX_HISTORY);
    set({ history: next, historyAt: next.length - 1 });
  };
  const restore = (at: number) => {
    const { history, historyAt, scrollTick } = get();
    const e = history[at];
    if (!e) return;
    const saved = [...history];
    saved[historyAt] = { ...saved[historyAt], scroll: scrollPositions() };
    set({ history: saved, historyAt: at, selected: e.activities, current: e.current, scrollTick: scrollTick + 1, scrollRestore: e.scroll && { tick: scrollTick + 1, scroll: e.scroll } });
  };
  const locate = async (activities: number[], target: TraceRef): Promise<number> => {
    const r = await getApi().call('svclog.locate', { filter: effectiveFilter(get().filter), activities, fileId: target.fileId, index: target.index, ...traceGrouping() });
    return r.position;
  };
  /** The trace list's Group By and collapsed groups, as its requests send them. */
  const traceGrouping = (): { groupBy?: (typeof TRACE_GROUPS)[number]; collapsed?: string[] } => {
    const { lists, collapsed } = get();
    const groupBy = oneOf(TRACE_GROUPS, lists.trace?.groupBy, 'none');
    return groupBy !== 'none' ? { groupBy, collapsed: collapsed.trace } : {};
  };
  return {
    dataVersion: 0,
    leftTab: 'activities',
    filter: {},
    sort: { by: 'start', descending: false },
    selected: [],
    anchor: -1,
    activityCursor: -1,
    history: [],
    historyAt: -1,
    find: { open: false, text: '', scope: 'all', lookIn: 'xml', matchCase: false, wholeWord: false, regex: false, ignoreRoot: false, total: 0, at: -1 },
    panes: {},
    columns: {},
    recentFiles: [],
    shortcutsOpen: false,
    customFilters: [],
    restored: 0,
    lists: {},
    collapsed: {},
    highlights: [],
    bookmarks: [],
    setList(name, patch) {
      const lists = { ...get().lists, [name]: { ...get().lists[name], ...patch } };
      set((s) => ({ lists, ...(patch.groupBy !== undefined ? { collapsed: { ...s.collapsed, [name]: [] } } : {}) }));
      saveSettings({ lists });
    },
    toggleGroup(name, key) {
      const now = get().collapsed[name] ?? [];
      set({ collapsed: { ...get().collapsed, [name]: now.includes(key) ? now.filter((k) => k !== key) : [...now, key].slice(-1000) } });
    },
    setHighlights(highlights) {
      set({ highlights });
      saveSettings({ highlights });
    },
    toggleBookmark(b) {
      const list = get().bookmarks;
      const on = list.some((x) => x.fileId === b.fileId && x.index === b.index);
      set({ bookmarks: on ? list.filter((x) => !(x.fileId === b.fileId && x.index === b.index)) : [...list, b].sort((x, y) => x.timeUs - y.timeUs).slice(-10_000) });
    },
    setBookmarks: (list) => set({ bookmarks: [...list].sort((x, y) => x.timeUs - y.timeUs) }),
    async stepBookmark(delta) {
      const { bookmarks, current } = get();
      if (!bookmarks.length) return;
      const at = current ? bookmarks.findIndex((b) => b.fileId === current.fileId && b.index === current.index) : -1;
      let to: number;
      if (at >= 0) to = (at + delta + bookmarks.length) % bookmarks.length;
      else {
        // Not on a bookmark: the first one after (or before) the current trace's time.
        const t = current?.timeUs ?? -Infinity;
        const after = bookmarks.findIndex((b) => b.timeUs > t);
        to = delta > 0 ? (after < 0 ? 0 : after) : (after < 0 ? bookmarks.length : after) - 1;
        if (to < 0) to = bookmarks.length - 1;
      }
      const b = bookmarks[to];
      const where = await getApi().call('svclog.activityOf', { fileId: b.fileId, index: b.index });
      await get().goTo({ fileId: b.fileId, index: b.index, activity: where.activity }, { replace: !get().selected.includes(where.activity) });
    },
    async stepTransfer(direction) {
      const s = get();
      const c = s.current;
      if (!s.selected.length) return;
      const r = await getApi().call('svclog.stepTransfer', { filter: effectiveFilter(s.filter), activities: s.selected, fileId: c?.fileId ?? '-', index: c?.index ?? 0, direction, ...traceGrouping() });
      if (r.target) await get().goTo(r.target);
    },
    setCustomFilters(customFilters) {
      set({ customFilters });
      saveSettings({ customFilters });
    },
    scrollTick: 0,
    setLeftTab: (leftTab) => set({ leftTab }),
    setFilter(patch) {
      const filter = { ...get().filter, ...patch };
      set({ filter, find: { ...get().find, total: 0, at: -1 } });
      saveSettings({ filter: effectiveFilter(filter) ?? {} });
    },
    setSort(by) {
      const cur = get().sort;
      const sort = { by, descending: cur.by === by ? !cur.descending : false };
      set({ sort, anchor: -1, activityCursor: -1 });
      saveSettings({ activitySort: sort });
    },
    selectActivities(list, anchor, cursor) {
      set((s) => ({ selected: list, anchor: anchor ?? s.anchor, activityCursor: cursor ?? s.activityCursor, current: undefined }));
      push({ activities: list });
    },
    setCurrent(current) {
      set({ current });
      // The history entry remembers the trace last looked at in this selection.
      const { history, historyAt } = get();
      if (historyAt >= 0 && current) {
        const next = [...history];
        next[historyAt] = { ...next[historyAt], current };
        set({ history: next });
      }
    },
    async goTo(target, opts = {}) {
      const s = get();
      const activities = target.activity >= 0 && (opts.replace || !s.selected.includes(target.activity)) ? [target.activity] : s.selected;
      const position = target.activity >= 0 ? await locate(activities, target) : undefined;
      let cursor = s.activityCursor;
      if (activities !== s.selected) {
        const where = await getApi().call('svclog.activityOf', { fileId: target.fileId, index: target.index, filter: effectiveFilter(s.filter), sortBy: s.sort.by, descending: s.sort.descending });
        cursor = where.position;
      }
      const current = { ...target, position: position !== undefined && position >= 0 ? position : undefined };
      set((st) => ({ selected: activities, current, activityCursor: cursor, anchor: activities !== s.selected ? cursor : st.anchor, leftTab: opts.tab ?? st.leftTab, scrollTick: st.scrollTick + 1 }));
      push({ activities, current });
    },
    back: () => restore(get().historyAt - 1),
    forward: () => restore(get().historyAt + 1),
    setFind: (patch) =>
      set((s) => {
        // A new text, scope or option makes any answer still on its way stale.
        const changed = Object.keys(patch).some((k) => k !== 'open' && k !== 'total' && k !== 'at' && k !== 'incomplete' && k !== 'searching');
        if (changed) findTicket++;
        return { find: { ...s.find, ...patch, ...(changed ? { total: 0, at: -1, searching: false } : {}) } };
      }),
    async stepFind(delta) {
      const s = get();
      const text = s.find.text.trim();
      if (!text) return;
      const { scope, lookIn, matchCase, wholeWord, regex, ignoreRoot } = s.find;
      const req = { filter: effectiveFilter(s.filter), text, scope, lookIn, matchCase, wholeWord, regex, ignoreRoot, activities: s.selected };
      // Only the newest step may answer: a slow scan for an older text or option must not overwrite it.
      const ticket = ++findTicket;
      const current = () => ticket === findTicket;
      set({ find: { ...get().find, searching: true } });
      try {
        const first = await getApi().call('svclog.find', { ...req, offset: 0, limit: 1 });
        if (!current()) return;
        if (first.total === 0) {
          set({ find: { ...get().find, total: 0, at: -2, searching: false } });
          return;
        }
        const at = (((s.find.at < 0 && delta < 0 ? 0 : s.find.at + delta) % first.total) + first.total) % first.total;
        const hit = at === 0 ? first.rows[0] : (await getApi().call('svclog.find', { ...req, offset: at, limit: 1 })).rows[0];
        if (!current()) return;
        set({ find: { ...get().find, total: first.total, at, incomplete: first.incomplete, searching: false } });
        if (hit) await get().goTo(hit);
      } catch (e) {
        if (current()) set({ find: { ...get().find, searching: false } });
        throw e;
      }
    },
    async followTransfer() {
      const c = get().current;
      if (!c || c.activity < 0) return;
      const r = await getApi().call('svclog.followTransfer', { fileId: c.fileId, index: c.index });
      if (r.target) {
        // Following a transfer replaces the selection with the target activity, as STV does.
        await get().goTo(r.target, { replace: true });
      }
    },
    async step(direction) {
      const c = get().current;
      if (!c || c.activity < 0) return;
      const r = await getApi().call('svclog.step', { filter: effectiveFilter(get().filter), fileId: c.fileId, index: c.index, direction });
      if (r.target) await get().goTo(r.target);
    },
    setPane(name, px) {
      set((s) => ({ panes: { ...s.panes, [name]: px } }));
      saveSettings({ panes: { [name]: px } });
    },
    setColumn(key, px) {
      set((s) => ({ columns: { ...s.columns, [key]: px } }));
      saveSettings({ columns: { [key]: px } });
    },
    async loadSettings() {
      const st = await getApi().call('settings.get', {});
      set((s) => ({
        panes: st.panes ?? {},
        columns: st.columns ?? {},
        filter: st.filter ?? {},
        sort: st.activitySort ?? s.sort,
        recentFiles: st.recentFiles ?? [],
        customFilters: st.customFilters ?? [],
        lists: st.lists ?? {},
        highlights: st.highlights ?? [],
        restored: s.restored + 1,
      }));
      if (st.timeZone) useZoneStore.getState().setZone(st.timeZone, false);
      if (st.formatted) useFormattedOptions.getState().set(st.formatted, false);
    },
    setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  };
});
