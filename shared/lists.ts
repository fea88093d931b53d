/**
 * The lists' choices as plain values (no zod, so the renderer may import them): Group By of the
 * trace list and Messages, Messages' sort keys, highlight colours, the lists that keep a layout.
 * shared/channels/svclog.ts builds its schemas from these.
 */

/** The trace list's Group By, as STV's: none, activity (boundaries), process/thread, send & receive, source file. */
export const TRACE_GROUPS = ['none', 'activity', 'process', 'message', 'file'] as const;
export type TraceGroup = (typeof TRACE_GROUPS)[number];
/** The Messages tab's Group By. */
export const MESSAGE_GROUPS = ['none', 'activity', 'process', 'message'] as const;
export type MessageGroup = (typeof MESSAGE_GROUPS)[number];
/** Every column of the Messages tab sorts (`severity`: its activity's worst level). */
export const MESSAGE_SORT_KEYS = ['time', 'severity', 'direction', 'action', 'from', 'to', 'source', 'process'] as const;
export type MessageSort = (typeof MESSAGE_SORT_KEYS)[number];

/** Highlight rules sent with a list request: queries of the filter language, at most this many. */
export const MAX_HIGHLIGHTS = 16;
export const HIGHLIGHT_COLOURS = ['yellow', 'green', 'blue', 'purple', 'orange', 'red'] as const;
/** Lists whose columns, Group By and sort are kept in the settings. */
export const LIST_NAMES = ['activity', 'trace', 'message', 'record'] as const;

/** A group header in a grouped list: its key (to collapse it), what it is, how many rows it holds. */
export interface GroupRow {
  group: { key: string; label: string; count: number; collapsed: boolean };
}
export const isGroupRow = (r: object): r is GroupRow => 'group' in r;

/** `value` when it is one of `options`, else `fallback`: a layout read from the settings may name anything. */
export function oneOf<T extends string>(options: readonly T[], value: string | undefined, fallback: T): T {
  return (options as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}
