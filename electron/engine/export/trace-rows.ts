/**
 * Flat rows for CSV and JSON Lines: one per svclog event (traces) or IIS request (requests), with
 * every indexed field, in time order, optionally narrowed by a predicate on the generic row.
 */
import type { RecordRow } from '../../../shared/model';
import { formatIsoUs } from '../../../shared/time';
import type { IisLogFile } from '../iis';
import { NUM_COLS, STR_COLS } from '../iis/fields';
import { LEVEL_NAMES } from '../svclog/levels';
import type { SvclogFile } from '../svclog';
import type { LoadedFile } from '../types';
import { adjust, type HostOffsets } from './clock';

export type ExportRow = Record<string, string | number>;
export type RowFilter = (row: RecordRow) => boolean;

export const TRACE_COLUMNS = [
  'time', 'rawTime', 'file', 'computer', 'process', 'pid', 'thread', 'level', 'type', 'source', 'eventId',
  'activityId', 'relatedActivityId', 'activityName', 'description', 'exceptionType', 'exceptionMessage',
] as const;

export function* traceRows(files: readonly SvclogFile[], offsets?: HostOffsets, filter?: RowFilter): Generator<ExportRow> {
  for (const f of files) {
    const ev = f.data.events;
    for (let i = 0; i < f.recordCount; i++) {
      if (filter && !filter(f.row(i))) continue;
      const computer = f.str(ev.computer[i]);
      const raw = ev.timeUs[i];
      yield {
        time: formatIsoUs(adjust(offsets, computer, raw)),
        rawTime: formatIsoUs(raw, ev.tick[i]),
        file: f.path,
        computer,
        process: f.str(ev.processName[i]),
        pid: ev.pid[i],
        thread: ev.tid[i],
        // 255 is what WCF writes for activity tracing (Start, Stop, Transfer…): no severity.
        level: LEVEL_NAMES[ev.level[i]] ?? (ev.level[i] === 255 ? 'ActivityTracing' : String(ev.level[i])),
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

/** IIS requests: the generic fields plus every column the log had (our column names). */
export function* requestRows(files: readonly IisLogFile[], filter?: RowFilter, place?: RequestPlace): Generator<ExportRow> {
  for (const f of files) {
    const offset = place?.offsetUs(f) ?? 0;
    for (let i = 0; i < f.recordCount; i++) {
      const raw = f.row(i);
      const row = offset ? { ...raw, timeUs: raw.timeUs - offset } : raw;
      if (filter && !filter(row)) continue;
      const out: ExportRow = { time: formatIsoUs(row.timeUs), file: f.path, format: f.format };
      if (place) out.machine = place.machine(f.table.server(i));
      for (const col of STR_COLS) if (f.table.data.str[col]) out[col] = f.table.str(col, i);
      for (const col of NUM_COLS) if (f.table.data.num[col]) out[col] = f.table.num(col, i) ?? '';
      for (const name of Object.keys(f.table.data.custom)) out[name] = f.table.custom(name, i);
      yield out;
    }
  }
}

export function isSvclog(f: LoadedFile): f is SvclogFile {
  return f.format === 'svclog';
}
