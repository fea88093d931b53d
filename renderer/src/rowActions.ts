/**
 * What a list row's (or a graph mark's) context menu offers beyond Copy: filter by this value,
 * hide this process, find this, open in graph, bookmark. One place, so every list and the graph
 * say and do the same.
 */
import type { TraceRef } from '../../shared/channels/svclog';
import { getApi } from './api';
import type { MenuItem } from './menuStore';
import { useView } from './viewStore';

/** A filter-language term matching `value` in `field` (a phrase, quotes escaped). */
export function queryTerm(field: string, value: string): string {
  const phrase = `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  return field ? `${field}:${phrase}` : phrase;
}

/** Adds a term to the filter's query (and-ed with what is there). */
export function filterBy(term: string): void {
  const v = useView.getState();
  const now = v.filter.text?.trim();
  v.setFilter({ text: now ? `${now} ${term}` : term });
}

/** Hides one process ("name (pid) on host"): the filter keeps every other process. */
export async function hideProcess(label: string): Promise<void> {
  const v = useView.getState();
  const all = v.filter.processes?.length ? v.filter.processes : (await getApi().call('svclog.filterOptions', {})).processes;
  const keep = all.filter((p) => p !== label);
  if (keep.length) v.setFilter({ processes: keep });
}

export function findThis(text: string): void {
  const v = useView.getState();
  v.setFind({ open: true, text: text.slice(0, 500), scope: 'all' });
  void useView.getState().stepFind(1);
}

export async function openInGraph(t: TraceRef): Promise<void> {
  await useView.getState().goTo(t, { tab: 'graph' });
}

export interface RowTarget {
  trace?: TraceRef & { timeUs: number };
  /** The right-clicked value and the query field it belongs to ('' for plain text). */
  value?: { field: string; text: string };
  /** "name (pid) on host" of the row's process. */
  process?: string;
}

export function rowActions(t: RowTarget): MenuItem[] {
  const items: MenuItem[] = [];
  const value = t.value?.text;
  if (value) {
    items.push({ label: `Filter by "${short(value)}"`, separator: true, run: () => filterBy(queryTerm(t.value!.field, value)) });
    items.push({ label: `Find "${short(value)}"`, run: () => findThis(value) });
  }
  if (t.process) items.push({ label: `Hide process ${short(t.process)}`, separator: !value, run: () => void hideProcess(t.process!) });
  const trace = t.trace;
  if (trace && trace.activity >= 0) {
    items.push({ label: 'Open in graph', keys: 'F4', separator: true, run: () => void openInGraph(trace) });
    const marked = useView.getState().bookmarks.some((b) => b.fileId === trace.fileId && b.index === trace.index);
    items.push({ label: marked ? 'Remove bookmark' : 'Bookmark', keys: 'Ctrl+F2', run: () => useView.getState().toggleBookmark({ fileId: trace.fileId, index: trace.index, timeUs: trace.timeUs }) });
  }
  return items;
}

const short = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);
