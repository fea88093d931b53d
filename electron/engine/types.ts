/**
 * The boundary between the format engines (svclog, IIS family, EVTX) and everything that uses them
 * (the session service, the CLI, tests). Engine code never imports `electron`.
 */
import type { FileFormat, Problem, RecordDetail, RecordRow, FieldNames } from '../../shared/model';
import type { Capabilities } from './capabilities';

export interface LoadContext {
  /** Absolute path of the file to read. */
  path: string;
  /** The file's size when the load started. */
  size: number;
  /** Id the session gave the file; rows carry it. */
  fileId: string;
  /** Aborted when the user cancels: the loader stops reading and rejects with an AbortError. */
  signal: AbortSignal;
  /** The user's field names for a log whose fields were guessed (IIS W3C logs; other engines ignore it). */
  fields?: readonly string[];
  /** Called now and then (at most every ~50 ms of work) with the load's progress. */
  onProgress(bytesRead: number, records: number): void;
  /**
   * Optional: a usable snapshot of what is loaded so far (its first records), so views can show
   * results while a large file still loads. Each call replaces the previous snapshot.
   */
  onPartial?(partial: LoadedFile): void;
}

/**
 * A loaded file as the rest of the app sees it. Format engines keep their own richer index
 * behind this and expose it through format-specific query modules.
 */
export interface LoadedFile {
  readonly format: FileFormat;
  /** Field names not given by the file's own header (a guess, or the user's), for the files pane. */
  readonly fieldNames?: FieldNames;
  /** Records in the generic list: events for svclog, requests/entries for IIS, events for FREB. */
  readonly recordCount: number;
  readonly problems: readonly Problem[];
  /** Time of record i (µs since epoch, UTC), for merging files into one time order. */
  timeUs(i: number): number;
  row(i: number): RecordRow;
  /** Reads record i's bytes again and parses them in full. */
  detail(i: number): Promise<RecordDetail>;
  /** Format-specific summary facts for `tracelens summary --json` (keys added by each engine). */
  readonly summary: Readonly<Record<string, unknown>>;
  /** What else the file offers (activities, requests, machine names, clock runs…): see capabilities.ts. */
  readonly provides: Capabilities;
  /**
   * For engines that build part of a row on demand (EVTX summary lines): builds it for every
   * record at once. A scan that reads every row's text (a text filter, an export) awaits it first.
   */
  readyForScan?(): Promise<void>;
  /**
   * For engines that find some problems only after the load (EVTX: a record's EventData, read when
   * its summary line is first built): such problems are appended to `problems`, then `onNew` runs.
   */
  watchProblems?(onNew: () => void): void;
}

/** Waits until every row of `files` can be read whole without reading the file again (see `readyForScan`). */
export async function readyForScan(files: readonly LoadedFile[]): Promise<void> {
  await Promise.all(files.map((f) => f.readyForScan?.()));
}

/** Result of sniffing a file's first bytes. */
export interface Sniffed {
  format: FileFormat;
  /** For `unknown`: a sentence saying what the file looks like instead. */
  reason?: string;
}

/** The start of a file as a sniffer sees it: its raw bytes, and a decoded text view on request. */
export interface FileHead {
  /** The raw first bytes (up to 64 KiB), before any decoding: binary formats look here. */
  readonly bytes: Uint8Array;
  /** The file's name, without its folder. */
  readonly name: string;
  /**
   * The bytes decoded as text (BOM removed, runs of NUL dropped), or null when they are not text
   * (binary data, only NULs). Decoded once, on the first call: binary sniffers never pay for it.
   */
  text(): string | null;
}

export interface FormatEngine {
  /** The formats this engine loads. */
  readonly formats: readonly FileFormat[];
  /**
   * Looks at the start of a file and says whether it is one of this engine's formats; null when
   * it is not. Engines are asked in the registry's order (binary formats first).
   */
  sniff(head: FileHead): FileFormat | null;
  /** Loads a file already sniffed as one of `formats`. Never throws for bad content: problems go in the result. */
  load(format: FileFormat, ctx: LoadContext): Promise<LoadedFile>;
  /**
   * Combines the loaded files of this engine's formats into the top-level summary sections
   * (e.g. `{svclog: {...}}` or `{iis: {...}, httperr: {...}, freb: {...}}`).
   */
  summarize(files: readonly LoadedFile[]): Record<string, unknown>;
  /**
   * Gets the engine's parse workers started and their code optimised before the first file (the
   * app calls it at start-up; see svclog/prewarm.ts). Workers warmed this way are kept. Never rejects.
   */
  prewarm?(): Promise<void>;
}

export class LoadCancelled extends Error {
  constructor() {
    super('Load cancelled');
    this.name = 'AbortError';
  }
}
