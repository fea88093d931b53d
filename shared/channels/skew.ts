/**
 * Clock skew and message-flow graph channels. The main side solves one clock offset per computer
 * from matched messages; the user may override offsets (ms, adjusted = raw − offset, as in the
 * workspace file) and pick the reference; every view shows adjusted time unless the mode is raw.
 * The graph channel answers one window of marks and arrows, bounded, with level of detail.
 */
import { z } from 'zod';
import { MAX_COMPUTER_CHARS, MAX_PROCESS_LABEL_CHARS } from '../limits';
import { traceFilterSchema } from './svclog';

const computer = z.string().min(1).max(MAX_COMPUTER_CHARS);
/** Offsets beyond a day are typos, not clocks. */
const offsetMs = z.number().finite().min(-86_400_000).max(86_400_000);
/** Hosts or "process on host" labels. */
const nameList = z.array(z.string().max(MAX_PROCESS_LABEL_CHARS)).max(2000);
const activityList = z.array(z.number().int().min(0)).max(2000);

export const CLOCK_MODES = ['adjusted', 'raw'] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

/**
 * Most marks (or buckets) and arrows (or bundles) one graph answer carries: beyond them rows are
 * merged further, so every trace and every message is still counted in some mark or bundle.
 */
export const GRAPH_MAX_MARKS = 20_000;
export const GRAPH_MAX_ARROWS = 4_000;
export const GRAPH_MAX_COLUMNS = 400;
export const GRAPH_LAYOUTS = ['sequence', 'time'] as const;
export type GraphLayout = (typeof GRAPH_LAYOUTS)[number];
export const GRAPH_COLUMNS_BY = ['activity', 'thread'] as const;
export type GraphColumnsBy = (typeof GRAPH_COLUMNS_BY)[number];
/** Gaps longer than this (µs) are drawn as a labelled break unless the request says otherwise. */
export const GRAPH_DEFAULT_GAP_US = 10_000_000;

export const skewSchemas = {
  'skew.report': z.object({}).strict(),
  'skew.setOverride': z.object({ computer, offsetMs }).strict(),
  'skew.resetOverride': z.object({ computer: computer.optional() }).strict(),
  /** Reference computer (offset 0); omitted = the host with the most events. */
  'skew.setReference': z.object({ computer: computer.optional() }).strict(),
  'skew.setMode': z.object({ mode: z.enum(CLOCK_MODES) }).strict(),
  /** Restores what a workspace saved (overrides in ms, reference). */
  'skew.restore': z
    .object({ reference: computer.optional(), overridesMs: z.record(computer, offsetMs).refine((r) => Object.keys(r).length <= 1000, 'too many overrides') })
    .strict(),
  'graph.data': z
    .object({
      /** Sequence: one row per distinct time in order (the default, as Service Trace Viewer); time: proportional. */
      layout: z.enum(GRAPH_LAYOUTS).optional(),
      /** What the innermost columns are: activities (default) or threads (Service Trace Viewer's thread mode). */
      columnsBy: z.enum(GRAPH_COLUMNS_BY).optional(),
      /** Window in positions of the layout's axis (GraphData.axis); omitted = everything. */
      fromPos: z.number().finite().optional(),
      toPos: z.number().finite().optional(),
      /** Or a window in displayed time (adjusted or raw, as the mode says). */
      fromUs: z.number().finite().optional(),
      toUs: z.number().finite().optional(),
      /** The canvas height in px: marks and arrows are bundled per pixel row of it. */
      heightPx: z.number().int().min(10).max(10_000),
      /** Collapsed hosts (names) and processes ("process on host" labels). */
      collapsedHosts: nameList.optional(),
      collapsedProcesses: nameList.optional(),
      /** Activities with a column of their own; the others of a process share its column. Omitted: every activity has one. */
      expanded: activityList.optional(),
      /** Expand this activity and what it transfers to or messages (the answer's `expanded` says which). */
      expandAround: z.number().int().min(0).optional(),
      /** Show only this activity and the activities it transfers (or sends messages) to. */
      focus: z.number().int().min(0).optional(),
      /** Longest gap between two rows drawn as it is; longer ones become a labelled break (µs, default 10 s). */
      gapUs: z.number().finite().min(1000).max(1e13).optional(),
      filter: traceFilterSchema.optional(),
      /** A trace to place (the selection in the other views); with `step` the previous (-1) or next (1) trace of its column. */
      locate: z.object({ fileId: z.string().min(1).max(64), index: z.number().int().min(0), step: z.union([z.literal(-1), z.literal(0), z.literal(1)]).optional() }).strict().optional(),
      /**
       * A trace the pane shows at axis position `pos` (of the answer it drew): when that trace is now
       * elsewhere (the clock was switched, files grew) the window asked is moved with it, so the
       * same traces stay in view; the answer's `shift` says by how much.
       */
      anchor: z.object({ fileId: z.string().min(1).max(64), index: z.number().int().min(0), pos: z.number().finite() }).strict().optional(),
    })
    .strict(),
} as const;

export interface HostClock {
  computer: string;
  /** The solver's offset, ms (adjusted time = raw − offset). */
  autoMs: number;
  /** The user's override, ms, or null. */
  overrideMs: number | null;
  /** What the views use in adjusted mode: the override when set, else the solver's offset. */
  effectiveMs: number;
  /** Feasible interval, ms (null: unbounded on that side). */
  lowMs: number | null;
  highMs: number | null;
  pairs: number;
  connected: boolean;
  events: number;
  /** Other trace Computer names the user joined to this machine: one clock, solved once. */
  alsoNamed?: string[];
}

export interface SkewReport {
  mode: ClockMode;
  /** Bumped on every change of mode, offsets or reference: cached pages are stale. */
  clockVersion: number;
  reference: string;
  /** Whether the reference was picked by the user. */
  referencePicked: boolean;
  consistent: boolean;
  hosts: HostClock[];
  conflicts: { cycle: string[]; messages: string[]; violationMs: number }[];
  /** In the workspace file's shape, for saving. */
  workspace: { reference?: string; overridesMs: Record<string, number> };
}

export type GraphLevel = 'host' | 'process' | 'activity' | 'thread';

export interface GraphColumn {
  /** What the column shows: a collapsed host, a collapsed process, one activity (or thread) in one process. */
  level: GraphLevel;
  host: string;
  /** "process on host" label; empty for a collapsed host. */
  process: string;
  /** Activity index, -1 for other columns. */
  activity: number;
  /** Thread id for thread columns, -1 otherwise. */
  thread: number;
  label: string;
  /** Traces of this column in the whole data (not only the window). */
  traces: number;
  /** Activities (or threads) sharing the column: 1 for an activity's own column. */
  members: number;
  /** Worst level among them. */
  severity: 'error' | 'warning' | 'none';
}

/**
 * Marks, columnar to keep the answer small. With `lod` each entry is a bucket of `count` traces in
 * one pixel row of one column; `file`/`index` name its worst trace and `pos`/`timeUs` are that trace's.
 */
export interface GraphMarks {
  column: number[];
  /** Position on the layout's axis (GraphData.axis). */
  pos: number[];
  timeUs: number[];
  /** FILTER_LEVELS index (0 critical … 5 boundaries) of the (worst) trace. */
  level: number[];
  file: number[];
  index: number[];
  count: number[];
  /** What each trace says (as the trace list's description), only without `lod` and when few. */
  text?: string[];
}

export interface GraphArrowEnd {
  column: number;
  pos: number;
  /** Displayed time. */
  timeUs: number;
  file: number;
  index: number;
}

/** One arrow, or a bundle of `count` arrows between the same two columns in the same pixel rows. */
export interface GraphArrow {
  kind: 'message' | 'transfer';
  from: GraphArrowEnd;
  to: GraphArrowEnd;
  /** The message's action (messages) or target activity name (transfers), of the bundle's first arrow. */
  label: string;
  /** Arrows of a request and of its reply share it; -1 when one-way or unmatched. */
  exchange: number;
  role: 'request' | 'reply' | 'one-way' | 'transfer';
  /** Received before it was sent on the raw clocks. */
  backwardsRaw: boolean;
  /** Received before it was sent in displayed time (what is drawn red): any of the bundle. */
  backwards: boolean;
  crossHost: boolean;
  /** Arrows in the bundle (1: a single arrow) and how many of them go backwards. */
  count: number;
  backwardsCount: number;
  /** Transfers: the target activity and whether it has its own column (+/− expands or collapses it). */
  target: number;
  targetExpanded: boolean;
}

/** The vertical axis: a row per distinct time (sequence) or time itself (time), with gaps cut out. */
export interface GraphAxis {
  layout: GraphLayout;
  /** Positions run from 0 to `length`; a sequence row is 1 long, a time position is 1 µs. */
  length: number;
  rows: number;
  gapUs: number;
  /** Labelled breaks in the answered window: where, how long on the axis, the time skipped. */
  breaks: { pos: number; length: number; fromUs: number; toUs: number }[];
  /** Positions and times for the ruler in the answered window, at most one per few pixels. */
  ticks: { pos: number[]; timeUs: number[] };
}

export interface GraphData {
  version: number;
  clockVersion: number;
  mode: ClockMode;
  layout: GraphLayout;
  columnsBy: GraphColumnsBy;
  axis: GraphAxis;
  /** Window answered (positions and displayed time) and the whole data's extent. */
  fromPos: number;
  toPos: number;
  fromUs: number;
  toUs: number;
  extent: { firstUs: number; lastUs: number } | null;
  fileIds: string[];
  columns: GraphColumn[];
  /** Columns left out beyond GRAPH_MAX_COLUMNS. */
  omittedColumns: number;
  /** Every process ("process on host") of the data, omitted columns included (at most 2,000). */
  processes: string[];
  marks: GraphMarks;
  lod: boolean;
  /** Traces in the window (before bucketing). */
  traceCount: number;
  arrows: GraphArrow[];
  /** Message pairs in the window (sum of the message bundles' counts), transfers, and backwards messages. */
  arrowTotal: number;
  transferTotal: number;
  backwardsTotal: number;
  focus: number | null;
  /** Activities with their own column (null: all of them). */
  expanded: number[] | null;
  /** Where the focused, expanded-around or located activities' traces are on the axis (to fit them), or null. */
  fit: { fromPos: number; toPos: number } | null;
  /** The `locate` trace (or the one `step` reached): where it is, or null. */
  located: { fileId: string; index: number; pos: number; timeUs: number; column: number; activity: number } | null;
  /** How far the window asked was moved to keep the `anchor` trace in place (0: not moved). */
  shift: number;
}

export interface SkewResponses {
  'skew.report': SkewReport;
  'skew.setOverride': SkewReport;
  'skew.resetOverride': SkewReport;
  'skew.setReference': SkewReport;
  'skew.setMode': SkewReport;
  'skew.restore': SkewReport;
  'graph.data': GraphData;
}
