/** An IIS request (or HTTPERR entry) as a flat export row: the IIS engine's export-rows capability. */
import { formatIsoUs } from '../../../shared/time';
import { ZONE_UTC, type ZoneChoice } from '../../../shared/time-zone';
import type { ExportRow, ExportRows } from '../capabilities';
import { NUM_COLS, STR_COLS } from './fields';
import type { IisLogFile } from './log-file';

/** Where a log's rows were: its server's machine (names joined) and that machine's clock offset. */
export interface RequestPlace {
  /** µs to subtract from the log's times (adjusted = raw − offset). */
  offsetUs(file: IisLogFile): number;
  /** The machine a server name belongs to, by the name the views show. */
  machine(server: string): string;
}

/** The columns of `requestRow` over these files (the union of what each log had). */
export function requestColumns(files: readonly IisLogFile[], place?: RequestPlace): string[] {
  const cols = new Set<string>(['time', 'file', 'format', ...(place ? ['machine'] : [])]);
  for (const col of STR_COLS) if (files.some((f) => f.table.data.str[col])) cols.add(col);
  for (const col of NUM_COLS) if (files.some((f) => f.table.data.num[col])) cols.add(col);
  for (const f of files) for (const name of Object.keys(f.table.data.custom)) cols.add(name);
  return [...cols];
}

/** Row i with its time to show and, when known, its machine: the generic fields, then every column the log had (our column names). */
function requestFields(f: IisLogFile, i: number, timeUs: number, zone: ZoneChoice, machine?: string): ExportRow {
  const out: ExportRow = { time: formatIsoUs(timeUs, undefined, zone), file: f.path, format: f.format };
  if (machine !== undefined) out.machine = machine;
  for (const col of STR_COLS) if (f.table.data.str[col]) out[col] = f.table.str(col, i);
  for (const col of NUM_COLS) if (f.table.data.num[col]) out[col] = f.table.num(col, i) ?? '';
  for (const name of Object.keys(f.table.data.custom)) out[name] = f.table.custom(name, i);
  return out;
}

/** One IIS request (or HTTPERR entry); with `place`, its machine and adjusted time; the time in `zone`, with its offset. */
export function requestRow(f: IisLogFile, i: number, place?: RequestPlace, zone: ZoneChoice = ZONE_UTC): ExportRow {
  return requestFields(f, i, f.timeUs(i) - (place?.offsetUs(f) ?? 0), zone, place?.machine(f.table.server(i)));
}

export function requestExportRows(f: IisLogFile): ExportRows {
  return { noun: 'requests', columns: requestColumns([f]), row: (i, timeUs, zone) => requestFields(f, i, timeUs, zone) };
}
