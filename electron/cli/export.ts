/**
 * `tracelens export FILES… --format F -o OUT`: the loaded traces or requests as CSV / JSON Lines,
 * or the correlated activities and messages as Perfetto trace-event JSON or OTLP/JSON spans,
 * skew-adjusted unless --raw-time.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { RecordLevel, RecordRow } from '../../shared/model';
import { buildOtlp, requestColumns, requestRows, TRACE_COLUMNS, traceRows, writePerfetto, writeTabular, type RowFilter } from '../engine/export';
import type { IisLogFile } from '../engine/iis';
import { skewInputFromSvclog, solveSkew } from '../engine/skew';
import { SvclogIndex, svclogFiles } from '../engine/svclog';
import { loadAll } from './load-all';
import { APP_VERSION } from './paths';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'perfetto', 'otlp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  output: string;
  what?: 'traces' | 'requests';
  levels?: RecordLevel[];
  fromUs?: number;
  toUs?: number;
  text?: string;
  rawTime?: boolean;
}

export interface ExportOutcome {
  written: number;
  /** Sentences about files that did not load or what could not be exported. */
  problems: string[];
}

function rowFilter(o: ExportOptions): RowFilter | undefined {
  if (!o.levels && o.fromUs === undefined && o.toUs === undefined && !o.text) return undefined;
  const text = o.text?.toLowerCase();
  return (r: RecordRow) =>
    (!o.levels || o.levels.includes(r.level)) &&
    (o.fromUs === undefined || r.timeUs >= o.fromUs) &&
    (o.toUs === undefined || r.timeUs <= o.toUs) &&
    (!text || `${r.kind} ${r.source} ${r.host} ${r.process} ${r.text}`.toLowerCase().includes(text));
}

export async function exportFiles(paths: readonly string[], o: ExportOptions): Promise<ExportOutcome> {
  const { infos, files } = await loadAll(paths);
  const problems = infos.filter((f) => f.state !== 'loaded').map((f) => `${f.path}: ${f.problems[0]?.message ?? f.state}`);
  const loaded = [...files.values()];
  const traces = svclogFiles(loaded);
  const requests = loaded.filter((f): f is IisLogFile => f.format === 'iis-w3c' || f.format === 'iis-native' || f.format === 'httperr');
  const index = traces.length > 0 && (o.format === 'perfetto' || o.format === 'otlp' || !o.rawTime) ? new SvclogIndex(traces) : undefined;
  const offsets = index && !o.rawTime ? new Map(solveSkew(skewInputFromSvclog(index)).hosts.map((h) => [h.computer, h.offsetUs])) : undefined;

  const out = createWriteStream(o.output);
  let written = 0;
  try {
    if (o.format === 'csv' || o.format === 'jsonl') {
      const what = o.what ?? (traces.length > 0 ? 'traces' : 'requests');
      const filter = rowFilter(o);
      if (what === 'traces') written = await writeTabular(traceRows(traces, offsets, filter), TRACE_COLUMNS, o.format, out);
      else written = await writeTabular(requestRows(requests, filter), requestColumns(requests), o.format, out);
      if (written === 0) problems.push(`No ${what} to export.`);
    } else if (!index) {
      problems.push('Perfetto and OTLP exports need WCF traces (.svclog); none loaded.');
    } else if (o.format === 'perfetto') {
      written = await writePerfetto(index, out, offsets);
    } else {
      const otlp = buildOtlp(index, offsets, APP_VERSION);
      written = otlp.resourceSpans.reduce((n, r) => n + r.scopeSpans.reduce((m, s) => m + s.spans.length, 0), 0);
      out.write(JSON.stringify(otlp));
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { written, problems };
}
