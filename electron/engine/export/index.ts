/** Exports of loaded data: CSV / JSON Lines rows, Perfetto trace-event JSON, OTLP/JSON spans. */
export { levelName, traceRow, requestRow, requestColumns, exportRowsOf, unionColumns, TRACE_COLUMNS, type ExportRow, type ExportRows, type RequestPlace, type RowFilter } from './trace-rows';
export { writeTabular, type TabularFormat } from './tabular';
export { perfettoEvents, writePerfetto, type TraceEvent } from './perfetto';
export { buildOtlp, type OtlpExport, type OtlpSpan } from './otlp';
export type { HostOffsets } from './clock';
export { OtlpSendError, sendOtlp } from './otlp-http';
export * from './parquet';
