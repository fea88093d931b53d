/**
 * Flat rows for CSV and JSON Lines: one per svclog event (traces) or IIS request (requests), with
 * every indexed field, in time order, optionally narrowed by a predicate on the generic row.
 */
import type { RecordRow } from '../../../shared/model';
import { formatIsoUs } from '../../../shared/time';
import { ZONE_UTC, type ZoneChoice } from '../../../shared/time-zone';
import type { IisLogFile } from '../iis';
import { NUM_COLS, STR_COLS } from '../iis/fields';
import { LEVEL_NAMES } from '../svclog/levels';
import type { SvclogFile } from '../svclog';
import { adjust, type HostOffsets } from './clock';

export type ExportRow = Record<string, string | number>;
export type RowFilter = (row: RecordRow) => boolean;

export const TRACE_COLUMNS = [
  'time', 'rawTime', 'file', 'record', 'computer', 'process', 'pid', 'thread', 'level', 'type', 'source', 'eventId',
  'activityId', 'relatedActivityId', 'activityName', 'description', 'exceptionType', 'exceptionMessage',
] as const;

/** A trace's Level as a name; 255 is what WCF writes for activity tracing (Start, Stop, Transfer…): no severity. */
export function levelName(level: number): string {
  return LEVEL_NAMES[level] ?? (level === 255 ? 'ActivityTracing' : String(level));
}

/**
 * One svclog event as an export row; `timeUs` is the time to show (clock-adjusted or raw). Times
 * are ISO 8601 in `zone` with its offset written out ("…-05:00"; UTC's is "Z").
 */
export function traceRow(f: SvclogFile, i: number, timeUs: number, zone: ZoneChoice = ZONE_UTC): ExportRow {
  const ev = f.data.events;
  return {
    time: formatIsoUs(timeUs, ev.tick[i], zone),
    rawTime: formatIsoUs(ev.timeUs[i], ev.tick[i], zone),
    file: f.path,
    // The event's number in its file (0-based), as the app's views count it.
    record: i,
    computer: f.str(ev.computer[i]),
    process: f.str(ev.processName[i]),
    pid: ev.pid[i],
    thread: ev.tid[i],
    level: levelName(ev.level[i]),
    type: f.str(ev.subType[i]),
    source: f.str(ev.source[i]),
    eventId: ev.eventId[i],
    activityId: f.str(ev.activity[i]),
    relatedActivityId: f.str(ev.related[i]),
    activityName: f.str(ev.activityName[i]),
    description: f.description(i),
    exceptionType: f.str(ev.exceptionType[i]),
    exceptionMessage: f.str(ev.exceptionMessage[i]),
  };
}

/** Every event of the files in file order, times adjusted by `offsets` (the engine-level export, without a session). */
export function* traceRows(files: readonly SvclogFile[], offsets?: HostOffsets): Generator<ExportRow> {
  for (const f of files) {
    const ev = f.data.events;
    for (let i = 0; i < f.recordCount; i++) yield traceRow(f, i, adjust(offsets, f.str(ev.computer[i]), ev.timeUs[i]));
  }
}

/** Where a log's rows were: its server's machine (names joined) and that machine's clock offset. */
export interface RequestPlace {
  /** µs to subtract from the log's times (adjusted = raw − offset). */
  offsetUs(file: IisLogFile): number;
  /** The machine a server name belongs to, by the name the views show. */
  machine(server: string): string;
}

/** The columns of `requestRows` over these files (the union of what each log had). */
export function requestColumns(files: readonly IisLogFile[], place?: RequestPlace): string[] {
  const cols = new Set<string>(['time', 'file', 'format', ...(place ? ['machine'] : [])]);
  for (const col of STR_COLS) if (files.some((f) => f.table.data.str[col])) cols.add(col);
  for (const col of NUM_COLS) if (files.some((f) => f.table.data.num[col])) cols.add(col);
  for (const f of files) for (const name of Object.keys(f.table.data.custom)) cols.add(name);
  return [...cols];
}

/** One IIS request (or HTTPERR entry): the generic fields plus every column the log had (our column names); with `place`, its machine and adjusted time; the time in `zone`, with its offset. */
export function requestRow(f: IisLogFile, i: number, place?: RequestPlace, zone: ZoneChoice = ZONE_UTC): ExportRow {
  const out: ExportRow = { time: formatIsoUs(f.timeUs(i) - (place?.offsetUs(f) ?? 0), undefined, zone), file: f.path, format: f.format };
  if (place) out.machine = place.machine(f.table.server(i));
  for (const col of STR_COLS) if (f.table.data.str[col]) out[col] = f.table.str(col, i);
  for (const col of NUM_COLS) if (f.table.data.num[col]) out[col] = f.table.num(col, i) ?? '';
  for (const name of Object.keys(f.table.data.custom)) out[name] = f.table.custom(name, i);
  return out;
}

/** Requests of the files in file order, optionally narrowed by a predicate on the generic row (in adjusted time with `place`). */
export function* requestRows(files: readonly IisLogFile[], filter?: RowFilter, place?: RequestPlace): Generator<ExportRow> {
  for (const f of files) {
    const offset = place?.offsetUs(f) ?? 0;
    for (let i = 0; i < f.recordCount; i++) {
      if (filter) {
        const raw = f.row(i);
        if (!filter(offset ? { ...raw, timeUs: raw.timeUs - offset } : raw)) continue;
      }
      yield requestRow(f, i, place);
    }
  }
}
