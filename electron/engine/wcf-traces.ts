/**
 * The activities capability: one loaded file of WCF traces as the session, the views, the filter,
 * the clock service, the graph, the exports and the CLI read it. Its columns are read-only and
 * typed by what a reader may rely on (one number per row), not by how the engine stores them: the
 * svclog engine can change its store (narrower columns, a growing file's table) without touching
 * its readers, and its own store (the file class and its data) stays private to electron/engine/svclog/.
 * Underneath they are the engine's typed arrays, so a read costs what an array read costs.
 */
import type { TextEncoding } from './encoding';
import type { LoadedFile } from './types';

/** A read-only column: one number per row; `subarray` is a window onto it (no copy). */
export interface Column {
  readonly [row: number]: number;
  readonly length: number;
  subarray(begin?: number, end?: number): Column;
}

/** Rows [from, to) of a column as a new array of their own (to hand to a worker). */
export function copyRows(col: Column, from: number, to: number): Float64Array {
  const out = new Float64Array(Math.max(0, to - from));
  // A typed array underneath: set() copies it as a block.
  out.set(col.subarray(from, to) as ArrayLike<number>);
  return out;
}

/** One row per event. String-valued fields are ids into the file's `strings` (0 or '' when absent). */
export interface TraceEventColumns {
  /** The event's bytes in the file: [start, end). */
  readonly start: Column;
  readonly end: Column;
  readonly timeUs: Column;
  /** The 7th fractional digit of the time (100 ns). */
  readonly tick: Column;
  /** The Level element (1 Critical, 2 Error, 4 Warning, 8 Information, 16 Verbose, 255 activity tracing); 0 when absent. */
  readonly level: Column;
  readonly eventId: Column;
  /** Process and thread id; -1 when absent. */
  readonly pid: Column;
  readonly tid: Column;
  /** Row in `messages`, or -1. */
  readonly message: Column;
  readonly subType: Column;
  readonly source: Column;
  readonly computer: Column;
  readonly processName: Column;
  readonly activity: Column;
  readonly related: Column;
  readonly description: Column;
  readonly activityName: Column;
  readonly exceptionType: Column;
  readonly exceptionMessage: Column;
}

/** One row per logged message (MessageLogTraceRecord). String-valued fields are ids into `strings`. */
export interface TraceMessageColumns {
  /** Row in `events`. */
  readonly event: Column;
  readonly source: Column;
  readonly type: Column;
  readonly action: Column;
  readonly messageId: Column;
  readonly relatesTo: Column;
  readonly to: Column;
  readonly replyTo: Column;
  readonly activityHeader: Column;
  readonly correlationId: Column;
  readonly httpMethod: Column;
  readonly httpStatus: Column;
}

/** The processes (computer + process name + pid) a file's events come from. */
export interface TraceProcesses {
  /** of[i]: the process of event i (index into the lists below). */
  readonly of: Column;
  /** String ids of each process's computer and name, and its pid. */
  readonly computer: readonly number[];
  readonly name: readonly number[];
  readonly pid: readonly number[];
  /** An event of each process (for labels). */
  readonly first: readonly number[];
}

export interface WcfTraceFile extends LoadedFile {
  readonly format: 'svclog';
  readonly path: string;
  readonly fileId: string;
  readonly size: number;
  readonly encoding: TextEncoding;
  readonly events: TraceEventColumns;
  readonly messages: TraceMessageColumns;
  /** The strings the columns' ids index (id 0 is ''). */
  readonly strings: readonly string[];
  /** strings[id], '' for an id it does not have. */
  str(id: number): string;
  /** "w3wp (4212)". */
  processLabel(i: number): string;
  /** processLabel of event i, one string per process. */
  processLabelOf(i: number): string;
  /** The one-line description: TraceRecord Description / ApplicationData text / message source + action. */
  description(i: number): string;
  /** The process of each event (computed once). */
  processes(): TraceProcesses;
}
