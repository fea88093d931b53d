/**
 * Model types shared by the main side and the renderer. Plain data only: everything here crosses
 * the IPC contract as JSON (no Node or DOM types).
 */
import type { TimeUs } from './time';

/** Formats the engine recognises. `unknown` is a file that is not a log it can read. */
export type FileFormat = 'svclog' | 'iis-w3c' | 'iis-native' | 'httperr' | 'freb' | 'evtx' | 'unknown';

export const FILE_FORMAT_LABELS: Record<FileFormat, string> = {
  svclog: 'WCF trace (svclog)',
  'iis-w3c': 'IIS W3C log',
  'iis-native': 'IIS native log',
  httperr: 'HTTP.sys error log',
  freb: 'IIS failed request trace',
  evtx: 'Windows event log (evtx)',
  unknown: 'not a log',
};

/** A problem found in a file: `offset` is a byte offset, `line` a 1-based line where known. */
export interface Problem {
  severity: 'warning' | 'error';
  message: string;
  offset?: number;
  line?: number;
}

export type FileState = 'queued' | 'loading' | 'loaded' | 'failed' | 'cancelled';

/** One loaded (or loading) file as the files panel shows it. */
export interface FileInfo {
  id: string;
  /** Absolute path on the main side's disk, or the original name for a browser upload. */
  path: string;
  name: string;
  format: FileFormat;
  size: number;
  state: FileState;
  bytesRead: number;
  records: number;
  warningCount: number;
  errorCount: number;
  /** The first problems (capped); the full list is paged with `files.problems`. */
  problems: Problem[];
  /** Index into the palette; stable per file for the session. */
  colour: number;
  /** Epoch ms when the load finished, for "changed on disk" checks. */
  loadedAt?: number;
  /**
   * Live follow: 'following' while records appended on disk are read as they come; 'paused' when
   * following is paused and the file changed since (its records stop where they were).
   */
  live?: 'following' | 'paused';
  /** What following last did that the user should know (the file was truncated and read again…). */
  note?: string;
  /** A log whose field names were not given by a #Fields directive: what they are and how they were known (the files pane lets the user correct them). */
  fields?: FieldNames;
}

export interface FieldNames {
  names: string[];
  source: 'guessed' | 'field line' | 'yours';
}

/** Severity of a record for colouring and filtering (svclog levels, IIS status classes map here). */
export type RecordLevel = 'critical' | 'error' | 'warning' | 'info' | 'verbose';

/** One row of the generic record list (svclog event, IIS request, HTTPERR entry, FREB event, Windows event). */
export interface RecordRow {
  fileId: string;
  /** Index of the record inside its file. */
  index: number;
  /** Displayed time (svclog: clock-adjusted unless the clock mode is raw). */
  timeUs: TimeUs;
  /** The time as written, when it differs from `timeUs`. */
  rawTimeUs?: TimeUs;
  /** The seventh fractional digit (100 ns) where the source has it. */
  tick?: number;
  level: RecordLevel;
  /** Short kind: "Start", "Transfer", "GET 200", "Timer_ConnectionIdle", … */
  kind: string;
  /** Where it came from: trace source, site, provider. */
  source: string;
  /** Machine (svclog Computer, IIS s-computername/s-ip). */
  host: string;
  /** Process name and id, where known. */
  process: string;
  /** One-line description. */
  text: string;
}

export interface RecordPage {
  total: number;
  offset: number;
  rows: RecordRow[];
  /** Position of each asked anchor in the list; -1 for one the list does not hold. */
  anchorsAt?: number[];
}

/** A tree of fields for the detail pane (XML elements, parsed values). */
export interface DetailNode {
  name: string;
  value?: string;
  children?: DetailNode[];
}

/** One fact of a record's detail. */
export interface DetailField {
  name: string;
  /** As text; a time is written in UTC here. */
  value: string;
  /** When the field is a time: the instant (µs UTC), so the views show it in the display zone. */
  timeUs?: TimeUs;
  /** svclog's 100 ns digit of `timeUs`. */
  tick?: number;
  /** Said after a time shown in the display zone, e.g. "(clock-adjusted)". */
  timeNote?: string;
}

/** The full detail of one record, read from its byte range on demand. */
export interface RecordDetail {
  fileId: string;
  index: number;
  title: string;
  /** Flat key facts (time, level, ids…), shown first. */
  fields: DetailField[];
  tree?: DetailNode;
  /** The record's bytes as text, exactly as in the file. */
  raw: string;
  /** Pretty-printed XML where the record is XML. */
  xml?: string;
  /** For message records: the SOAP envelope pretty-printed on its own. */
  message?: string;
}

export interface LoadProgress {
  fileId: string;
  bytesRead: number;
  totalBytes: number;
  records: number;
}
