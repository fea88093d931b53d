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

export const CLOCK_MODES = ['adjusted', 'raw'] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

/** Most marks (or buckets) and arrows one graph answer carries. */
export const GRAPH_MAX_MARKS = 20_000;
export const GRAPH_MAX_ARROWS = 3_000;
export const GRAPH_MAX_COLUMNS = 400;

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
      /** Window in displayed time (adjusted or raw, as the mode says); omitted = everything. */
      fromUs: z.number().finite().optional(),
      toUs: z.number().finite().optional(),
      /** The canvas height in px: level of detail buckets marks per pixel row. */
      heightPx: z.number().int().min(10).max(10_000),
      /** Collapsed hosts (names) and processes ("process on host" labels). */
      collapsedHosts: nameList.optional(),
      collapsedProcesses: nameList.optional(),
      /** Show only this activity and the activities it transfers (or sends messages) to. */
      focus: z.number().int().min(0).optional(),
      filter: traceFilterSchema.optional(),
      /** A trace to place (the selection in the other views): its displayed time and column come back. */
      locate: z.object({ fileId: z.string().min(1).max(64), index: z.number().int().min(0) }).strict().optional(),
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

export type GraphLevel = 'host' | 'process' | 'activity';

export interface GraphColumn {
  /** What the column shows: a collapsed host, a collapsed process, or one activity in one process. */
  level: GraphLevel;
  host: string;
  /** "process on host" label; empty for a collapsed host. */
  process: string;
  /** Activity index, -1 for collapsed columns. */
  activity: number;
  label: string;
  /** Traces of this column in the whole data (not only the window). */
  traces: number;
  /** Worst level among them. */
  severity: 'error' | 'warning' | 'none';
}

/**
 * Marks, columnar to keep the answer small. With `lod` each entry is a bucket of `count` traces in
 * one pixel row (`rowUs` long) of one column; `file`/`index` name its worst trace.
 */
export interface GraphMarks {
  column: number[];
  timeUs: number[];
  /** FILTER_LEVELS index (0 critical … 5 boundaries) of the (worst) trace. */
  level: number[];
  file: number[];
  index: number[];
  count: number[];
}

export interface GraphArrowEnd {
  column: number;
  /** Displayed time. */
  timeUs: number;
  file: number;
  index: number;
}

export interface GraphArrow {
  kind: 'message' | 'transfer';
  from: GraphArrowEnd;
  to: GraphArrowEnd;
  /** The message's action (messages) or target activity name (transfers). */
  label: string;
  /** Arrows of a request and of its reply share it; -1 when one-way or unmatched. */
  exchange: number;
  role: 'request' | 'reply' | 'one-way' | 'transfer';
  /** Received before it was sent on the raw clocks. */
  backwardsRaw: boolean;
  /** Received before it was sent in displayed time (what is drawn red). */
  backwards: boolean;
  crossHost: boolean;
}

export interface GraphData {
  version: number;
  clockVersion: number;
  mode: ClockMode;
  /** Window answered (displayed time) and the whole data's extent. */
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
  /** Arrows in the window before the cap, and how many of them go backwards in displayed time. */
  arrowTotal: number;
  backwardsTotal: number;
  focus: number | null;
  /** Where the `locate` trace is: displayed time and column (-1 when not drawn), or null. */
  located: { timeUs: number; column: number; activity: number } | null;
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
