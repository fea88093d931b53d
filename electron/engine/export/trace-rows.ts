/**
 * Flat rows for CSV and JSON Lines. Each engine gives its records' rows through the export-rows
 * capability (svclog traces, IIS requests, event-log records); a file without it exports the
 * generic record fields. The svclog and IIS row functions are re-exported for their callers.
 */
import type { RecordRow } from '../../../shared/model';
import { formatIsoUs } from '../../../shared/time';
import type { ExportRows } from '../capabilities';
import type { LoadedFile } from '../types';

export type { ExportRow, ExportRows } from '../capabilities';
export { levelName, traceRow, TRACE_COLUMNS } from '../svclog';
export { requestColumns, requestRow, type RequestPlace } from '../iis';
export type RowFilter = (row: RecordRow) => boolean;

const RECORD_COLUMNS = ['time', 'file', 'record', 'level', 'kind', 'source', 'host', 'process', 'text'] as const;

/** The generic record list's fields as rows (FREB events, any engine without its own export rows). */
function recordExportRows(file: LoadedFile & { path?: string }): ExportRows {
  return {
    noun: 'records',
    columns: RECORD_COLUMNS,
    row: (i, timeUs, zone) => {
      const r = file.row(i);
      return { time: formatIsoUs(timeUs, r.tick, zone), file: file.path ?? r.fileId, record: i, level: r.level, kind: r.kind, source: r.source, host: r.host, process: r.process, text: r.text };
    },
  };
}

const generic = new WeakMap<LoadedFile, ExportRows>();

/** A file's export rows: its engine's, or the generic record fields. */
export function exportRowsOf(file: LoadedFile): ExportRows {
  const own = file.provides.exportRows;
  if (own) return own;
  let rows = generic.get(file);
  if (!rows) generic.set(file, (rows = recordExportRows(file)));
  return rows;
}

/** The columns of rows from several files: each file's in order, a column shared by several once ('time' and 'file' first). */
export function unionColumns(files: readonly LoadedFile[]): string[] {
  const cols = new Set<string>(['time', 'file']);
  for (const f of files) for (const c of exportRowsOf(f).columns) cols.add(c);
  return [...cols];
}
