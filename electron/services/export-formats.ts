/** The export formats and their file extensions, apart from the exporters so the CLI's argument parser can name them without loading them. */
export const EXPORT_FORMATS = ['csv', 'jsonl', 'perfetto', 'otlp', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File extensions of the single-file formats (Parquet writes a folder of datasets). */
export const EXPORT_EXTENSIONS: Record<Exclude<ExportFormat, 'parquet'>, string> = { csv: 'csv', jsonl: 'jsonl', perfetto: 'json', otlp: 'json' };
