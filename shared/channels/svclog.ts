/**
 * Service Trace Viewer channels: activities, the traces of selected activities, messages, filter
 * options, find, follow transfer, step across processes; plus the viewer's settings and the
 * "changed on disk" check. Every list is paged and filtered on the main side; the renderer never
 * gets more than a page.
 */
import { z } from 'zod';
import type { RecordLevel } from '../model';
import { boundedRecord } from '../untrusted';
import { fileId, rowAnchors } from './core';
import { customFilterSchema, soFarSchema, traceFilterSchema, zoneChoiceSchema, type FilterLevel } from './filter';
import { HIGHLIGHT_COLOURS, LIST_NAMES, MAX_HIGHLIGHTS, MESSAGE_GROUPS, MESSAGE_SORT_KEYS, TRACE_GROUPS, type GroupRow } from '../lists';

const PAGE_MAX = 1000;
/** Activity indexes of one SvclogIndex build (see `version`). Bounded: a Shift-select of everything is still one request. */
const activityList = z.array(z.number().int().min(0)).max(200_000);

export { FILTER_LEVELS, traceFilterSchema, zoneChoiceSchema, type FilterLevel, type TraceFilter } from './filter';

/** Where find looks, as STV's find targets: the whole XML of each trace (the default), the indexed fields, XML attributes only, logged messages only. */
export const FIND_LOOK_IN = ['xml', 'fields', 'attributes', 'messages'] as const;
export type FindLookIn = (typeof FIND_LOOK_IN)[number];

export const ACTIVITY_SORT_KEYS = ['severity', 'name', 'traces', 'duration', 'start', 'end', 'hosts'] as const;
export type ActivitySort = (typeof ACTIVITY_SORT_KEYS)[number];

export * from '../lists';
export const MAX_COLLAPSED = 1000;
const grouping = {
  /** Keys of the groups shown collapsed (their header stays, their rows are left out). */
  collapsed: z.array(z.string().max(300)).max(MAX_COLLAPSED).optional(),
  /** Highlight rules (queries); a row carries the index of the first one it matches. */
  highlights: z.array(z.string().max(2000)).max(MAX_HIGHLIGHTS).optional(),
  /** The zone the highlight queries' times are read in (the display zone); UTC when absent. */
  highlightZone: zoneChoiceSchema.optional(),
};

/** Icon kinds of the activity table, from the activity's name as WCF writes it. */
export type ActivityType = 'root' | 'listenAt' | 'receiveBytes' | 'processMessage' | 'processAction' | 'executeUserCode' | 'construct' | 'open' | 'close' | 'plain';

const page = { offset: z.number().int().min(0), limit: z.number().int().min(1).max(PAGE_MAX) };
const filter = traceFilterSchema.optional();

export const MAX_PANES = 50;
/** Pane sizes in px by pane name (bounded: each entry is applied and written back). */
export const paneSizesSchema = boundedRecord(z.string().max(40), z.number().min(40).max(10_000), MAX_PANES);
export const MAX_COLUMN_WIDTHS = 500;
/** Column widths in px by `table.column`. */
export const columnWidthsSchema = boundedRecord(z.string().max(60), z.number().min(20).max(4000), MAX_COLUMN_WIDTHS);
const columnId = z.string().regex(/^[a-zA-Z][\w-]{0,39}$/);
/** One list's columns (order and hidden ones), group-by and sort, by list name (`activity`, `trace`, `message`). */
export const listLayoutSchema = z
  .object({
    order: z.array(columnId).max(40).optional(),
    hidden: z.array(columnId).max(40).optional(),
    groupBy: z.string().max(20).optional(),
    sort: z.object({ by: z.string().max(20), descending: z.boolean() }).strict().optional(),
  })
  .strict();
export type ListLayout = z.infer<typeof listLayoutSchema>;
export const listLayoutsSchema = z.partialRecord(z.enum(LIST_NAMES), listLayoutSchema);
/** A highlight rule as lnav/LogJoint have: rows matching the query get the colour. */
export const highlightRuleSchema = z.object({ query: z.string().min(1).max(2000), colour: z.enum(HIGHLIGHT_COLOURS), on: z.boolean().optional() }).strict();
export type HighlightRule = z.infer<typeof highlightRuleSchema>;
export const highlightRulesSchema = z.array(highlightRuleSchema).max(MAX_HIGHLIGHTS);

/** Viewer settings kept by the main side (the browser host's origin changes every run). */
export const settingsSchema = z
  .object({
    window: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(200).max(20_000), height: z.number().int().min(200).max(20_000), maximized: z.boolean().optional() }).strict().optional(),
    panes: paneSizesSchema.optional(),
    columns: columnWidthsSchema.optional(),
    filter: traceFilterSchema.optional(),
    activitySort: z.object({ by: z.enum(ACTIVITY_SORT_KEYS), descending: z.boolean() }).strict().optional(),
    recentFiles: z.array(z.string().min(1).max(4096)).max(20).optional(),
    /** The user's library of custom (XPath) filters. */
    customFilters: z.array(customFilterSchema).max(200).optional(),
    /** The zone times are shown in (the toolbar's Time choice). */
    timeZone: zoneChoiceSchema.optional(),
    /** The Formatted tab's "show basic / diagnostics information" options. */
    formatted: z.object({ basic: z.boolean(), diagnostics: z.boolean() }).strict().optional(),
    lists: listLayoutsSchema.optional(),
    highlights: highlightRulesSchema.optional(),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export const svclogSchemas = {
  'svclog.filterOptions': z.object({}).strict(),
  /** `anchors`: activity IDs (GUIDs) whose positions are wanted too (`anchorsAt`). */
  'svclog.activities': z.object({ ...page, filter, ...soFarSchema, sortBy: z.enum(ACTIVITY_SORT_KEYS).optional(), descending: z.boolean().optional(), anchors: z.array(z.string().max(64)).max(4).optional() }).strict(),
  'svclog.traces': z.object({ ...page, filter, ...soFarSchema, activities: activityList }).strict(),
  'svclog.messages': z.object({ ...page, filter, ...soFarSchema }).strict(),
  /** The trace list as the view shows it: grouped (headers among the rows), highlighted; `identifiers`: read each row's TraceIdentifier (the column is shown). */
  'svclog.traceList': z.object({ ...page, filter, ...soFarSchema, activities: activityList, groupBy: z.enum(TRACE_GROUPS).optional(), ...grouping, identifiers: z.boolean().optional(), anchors: rowAnchors }).strict(),
  /** The Messages tab as shown: sorted by any column, grouped, highlighted. */
  'svclog.messageList': z.object({ ...page, filter, ...soFarSchema, sortBy: z.enum(MESSAGE_SORT_KEYS).optional(), descending: z.boolean().optional(), groupBy: z.enum(MESSAGE_GROUPS).optional(), ...grouping, anchors: rowAnchors }).strict(),
  /** Position of one trace in the trace list of `activities` as grouped (-1 when filtered out, collapsed or not there). */
  'svclog.locate': z.object({ filter, activities: activityList, fileId, index: z.number().int().min(0), groupBy: z.enum(TRACE_GROUPS).optional(), collapsed: grouping.collapsed }).strict(),
  /** The next/previous Transfer trace after/before one trace, in the list of `activities` (STV's Ctrl+F10 / Ctrl+F9). */
  'svclog.stepTransfer': z.object({ filter, activities: activityList, fileId, index: z.number().int().min(0), direction: z.enum(['next', 'previous']), groupBy: z.enum(TRACE_GROUPS).optional(), collapsed: grouping.collapsed }).strict(),
  /** The activity (and position in the activity list) of one trace. */
  'svclog.activityOf': z.object({ fileId, index: z.number().int().min(0), filter, sortBy: z.enum(ACTIVITY_SORT_KEYS).optional(), descending: z.boolean().optional() }).strict(),
  'svclog.find': z
    .object({ ...page, filter, text: z.string().min(1).max(500), scope: z.enum(['all', 'selection']), activities: activityList, lookIn: z.enum(FIND_LOOK_IN).optional(), matchCase: z.boolean().optional(), wholeWord: z.boolean().optional(), regex: z.boolean().optional(), ignoreRoot: z.boolean().optional() })
    .strict(),
  'svclog.followTransfer': z.object({ fileId, index: z.number().int().min(0) }).strict(),
  'svclog.step': z.object({ filter, fileId, index: z.number().int().min(0), direction: z.enum(['next', 'previous']) }).strict(),
  /** The WCF activity with this ActivityID (braces and case ignored), e.g. for an event-log record's Correlation. */
  'svclog.activityById': z.object({ activityId: z.string().min(1).max(64) }).strict(),
  /** How much the filter keeps (the status bar), with notes on records it could not judge. Runs custom filters' scans. */
  'filter.status': z.object({ filter }).strict(),
  /** Stops custom filter scans in flight. */
  'filter.cancel': z.object({}).strict(),
  'files.diskStatus': z.object({}).strict(),
  'settings.get': z.object({}).strict(),
  'settings.set': z.object({ patch: settingsSchema }).strict(),
  /** Puts paths first in the one recent list (merged main-side: the desktop menu and a workspace opened add to it too). */
  'settings.addRecent': z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(20) }).strict(),
} as const;

/** Rows carry `version`: activity indexes are only meaningful for the index build that gave them. */
export interface Versioned {
  version: number;
}

export interface PageOf<T> extends Versioned {
  total: number;
  offset: number;
  rows: T[];
  /** Position of each asked anchor in the list; -1 for one the list does not hold. */
  anchorsAt?: number[];
}

export interface ActivityRow {
  index: number;
  id: string;
  name: string;
  type: ActivityType;
  /** Traces that pass the filter. */
  traces: number;
  allTraces: number;
  firstUs: number;
  firstTick: number;
  lastUs: number;
  lastTick: number;
  durationUs: number;
  hosts: string;
  /** Worst level among all its traces: red rows for error, yellow for warning. */
  severity: 'error' | 'warning' | 'none';
}

/** Which trace a row is, its activity, and its time as displayed and as written. */
export interface TimedTraceRef {
  fileId: string;
  index: number;
  activity: number;
  /** Displayed time (clock-adjusted unless the clock mode is raw). */
  timeUs: number;
  /** As written by the trace's own computer. */
  rawTimeUs: number;
  tick: number;
}


export interface TraceListRow extends TimedTraceRef {
  level: RecordLevel;
  /** Start, Stop, Transfer, …, or '' for plain traces. */
  kind: string;
  boundary: boolean;
  text: string;
  process: string;
  host: string;
  thread: number;
  source: string;
  /** Target activity of a Transfer trace, -1 otherwise or when unknown. */
  transferTo: number;
  isMessage: boolean;
  /** The name of the trace's activity. */
  activityName: string;
  /** µs since the previous trace row of the list (0 for the first). */
  deltaUs: number;
  /** The TraceIdentifier (when asked for with `identifiers`). */
  traceId?: string;
  /** Index of the first highlight rule the row matches. */
  highlight?: number;
}

export interface MessageRow extends TimedTraceRef {
  action: string;
  from: string;
  to: string;
  direction: 'send' | 'receive';
  source: string;
  process: string;
  host: string;
  /** Worst level of the message's activity: red rows for errors, yellow for warnings. */
  severity: ActivityRow['severity'];
  /** µs since the previous message row of the list (0 for the first). */
  deltaUs: number;
  highlight?: number;
}

export interface SvclogFilterOptions extends Versioned {
  sources: { name: string; count: number }[];
  hosts: string[];
  processes: string[];
  firstUs: number | null;
  lastUs: number | null;
  levels: Record<FilterLevel, number>;
  events: number;
  activities: number;
  messages: number;
}

export interface TraceRef {
  fileId: string;
  index: number;
  activity: number;
}

export interface FindHit extends TraceRef {
  /** Position in the trace list of the request's activities, -1 when elsewhere (scope 'all'). */
  position: number;
}

export interface FilterStatus extends Versioned {
  activities: number;
  totalActivities: number;
  traces: number;
  totalTraces: number;
  /** All records (every format) the filter keeps. */
  records: number;
  totalRecords: number;
  /** Sentences about records the filter could not judge (a regex stopped, XML that could not be read). */
  notes: string[];
}

export interface SvclogResponses {
  'filter.status': FilterStatus;
  'filter.cancel': { cancelled: number };
  'svclog.filterOptions': SvclogFilterOptions;
  'svclog.activities': PageOf<ActivityRow>;
  'svclog.traces': PageOf<TraceListRow>;
  'svclog.messages': PageOf<MessageRow>;
  'svclog.traceList': PageOf<TraceListRow | GroupRow>;
  'svclog.messageList': PageOf<MessageRow | GroupRow>;
  'svclog.locate': Versioned & { position: number };
  'svclog.stepTransfer': Versioned & { target: TraceRef | null };
  'svclog.activityOf': Versioned & { activity: number; position: number };
  /** `incomplete`: a whole-XML scan stopped at its time limit, so hits further into the files are missing. */
  'svclog.find': PageOf<FindHit> & { incomplete?: boolean };
  'svclog.followTransfer': Versioned & { target: TraceRef | null };
  'svclog.step': Versioned & { target: TraceRef | null };
  'svclog.activityById': Versioned & { found: { name: string; traces: number; first: { fileId: string; index: number } } | null };
  'files.diskStatus': { fileId: string; changed: boolean }[];
  'settings.get': Settings;
  'settings.set': Settings;
  'settings.addRecent': Settings;
}
