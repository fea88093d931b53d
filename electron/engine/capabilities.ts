/**
 * What a loaded file provides beyond the generic record list (LoadedFile). The session, the views,
 * the clock service, the filter, the exports and the CLI ask a file for a capability
 * (`file.provides.requests`, `provided(files, 'activities')`) and never test its class, so a new
 * engine is used wherever it declares what it offers.
 */
import type { MachineNameSource } from '../../shared/channels/machines';
import type { ZoneChoice } from '../../shared/time-zone';
import type { EvtxFile } from './evtx';
import type { FrebFile, IisLogFile } from './iis';
import type { LoadedFile } from './types';
import type { WcfTraceFile } from './wcf-traces';

/** The names a file gives computers (distinct values, at most a bounded number per source). */
export interface MachineNames {
  names: readonly (readonly [string, MachineNameSource])[];
  /** Names one record puts together (an IIS row's s-computername and s-ip): the same machine. */
  together: readonly (readonly [string, string])[];
}

/**
 * Records that each belong to one computer, so that computer's clock offset can shift them
 * (adjusted = raw − offset) and each computer's records stay a run in time order.
 */
export interface ClockRuns {
  /** The computer run of record i: an id below `runs`. */
  readonly runOf: ArrayLike<number>;
  readonly runs: number;
  /** The computer's name of a run. */
  nameOf(run: number): string;
  /** The records' own times (µs), one per record. */
  readonly times: Float64Array;
}

/** One record as a flat export row (CSV, JSON Lines): column name → value. */
export type ExportRow = Record<string, string | number>;

/** A file's records as export rows with every field its format has. */
export interface ExportRows {
  /** What one row is, in a sentence's plural ("traces", "requests", "event-log records"). */
  readonly noun: string;
  /** The rows' columns, in order. */
  readonly columns: readonly string[];
  /** Record i as a row; `timeUs` is the time to show (clock-adjusted or raw), written in `zone`. */
  row(i: number, timeUs: number, zone: ZoneChoice): ExportRow;
}

/** A followed file as far as it has been read, and the way to read what is appended after that. */
export interface AppendTail {
  /** The records read so far (a half-written last record is left out until it is complete). */
  readonly file: LoadedFile;
  /** Reads what was appended now that the file is `size` bytes. Throws what reading throws. */
  append(size: number): Promise<AppendStep>;
}

export type AppendStep =
  | { kind: 'none' }
  /** `size`: the bytes the grown file now accounts for. */
  | { kind: 'grown'; tail: AppendTail; added: number; size: number }
  /** The new records cannot be read apart from the file's start; `reason` completes "… was read again: REASON." */
  | { kind: 'reload'; reason: string };

/** Files whose engine can read appended records without reading the file again. */
export interface Appendable {
  /** Starts following from the first `loadedSize` bytes; undefined when this file can only be read again whole. */
  start(loadedSize: number): Promise<AppendTail | undefined>;
}

export interface Capabilities {
  /** WCF traces: activities, transfers, messages and their events (the Service Trace Viewer views, skew, graph). */
  readonly activities?: WcfTraceFile;
  /** HTTP requests (IIS W3C / native logs, HTTPERR): the triage views and request export rows. */
  readonly requests?: IisLogFile;
  /** One request's failed-request trace (FREB). */
  readonly requestTrace?: FrebFile;
  /** Operating-system events (Windows event logs): timeline markers, providers and computers for the filter. */
  readonly systemEvents?: EvtxFile;
  /** Computer names its records carry, for the session's machine identities. */
  readonly machineNames?: MachineNames;
  /** Records grouped by computer: clock offsets can adjust their times. */
  readonly clockRuns?: ClockRuns;
  /** Rows with the format's own fields for CSV / JSON Lines (a file without it exports the generic record fields). */
  readonly exportRows?: ExportRows;
  /** Appended records are read on their own when the file grows (live follow); without it the file is read again whole. */
  readonly append?: Appendable;
}

/** The files among `files` that provide capability `key`, as that capability. */
export function provided<K extends keyof Capabilities>(files: readonly LoadedFile[], key: K): NonNullable<Capabilities[K]>[] {
  const out: NonNullable<Capabilities[K]>[] = [];
  for (const f of files) {
    const c = f.provides[key];
    if (c !== undefined) out.push(c as NonNullable<Capabilities[K]>);
  }
  return out;
}

/** Distinct names a source gives: at most this many (cs-host is whatever clients sent). */
export const NAMES_PER_SOURCE = 200;

/** The first NAMES_PER_SOURCE of `values`, each with its source. */
export function namesFrom(values: Iterable<string>, source: MachineNameSource, map: (v: string) => string = (v) => v): [string, MachineNameSource][] {
  const out: [string, MachineNameSource][] = [];
  for (const v of values) {
    if (out.length >= NAMES_PER_SOURCE) break;
    out.push([map(v), source]);
  }
  return out;
}
