/** The export formats and their file extensions, apart from the exporters so the CLI's argument parser can name them without loading them. */
export const EXPORT_FORMATS = ['csv', 'jsonl', 'perfetto', 'otlp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', perfetto: 'json', otlp: 'json' };
