/**
 * Exports of loaded files, shared by the CLI (`tracelens export`) and the app (File › Export):
 * traces or requests as CSV / JSON Lines, activities and messages as Perfetto JSON or OTLP/JSON,
 * skew-adjusted unless raw time is asked for.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { RecordLevel, RecordRow } from '../../shared/model';
import { buildOtlp, requestColumns, requestRows, TRACE_COLUMNS, traceRows, writePerfetto, writeTabular, type RowFilter } from '../engine/export';
import type { IisLogFile } from '../engine/iis';
import { skewInputFromSvclog, solveSkew } from '../engine/skew';
import { SvclogIndex, svclogFiles } from '../engine/svclog';
import type { LoadedFile } from '../engine/types';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'perfetto', 'otlp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', perfetto: 'json', otlp: 'json' };

export interface ExportOptions {
  format: ExportFormat;
  output: string;
  what?: 'traces' | 'requests';
  levels?: RecordLevel[];
  fromUs?: number;
  toUs?: number;
  text?: string;
  rawTime?: boolean;
  /** Offsets to apply (computer → µs); computed from the traces when absent. */
  offsetsUs?: ReadonlyMap<string, number>;
  /** Written into OTLP's instrumentation scope. */
  version: string;
}

export interface ExportOutcome {
  written: number;
  /** Sentences about what could not be exported. */
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

/** Why nothing can be exported in this format from these files, before any file is touched. */
function refusal(o: ExportOptions, traces: number, requests: number): string | undefined {
  if (o.format === 'perfetto' || o.format === 'otlp') return traces === 0 ? 'Perfetto and OTLP exports need WCF traces (.svclog); none loaded.' : undefined;
  const what = o.what ?? (traces > 0 ? 'traces' : 'requests');
  if (what === 'traces' && traces === 0) return 'No WCF traces (.svclog) are loaded, so there are no traces to export.';
  if (what === 'requests' && requests === 0) return 'No IIS or HTTPERR logs are loaded, so there are no requests to export.';
  return undefined;
}

/**
 * Writes the export to a temporary file beside `o.output` and moves it into place only when
 * something was written: a refused or empty export leaves no empty file and never clobbers an
 * earlier one.
 */
export async function exportLoaded(loaded: readonly LoadedFile[], o: ExportOptions): Promise<ExportOutcome> {
  const traces = svclogFiles(loaded);
  const requests = loaded.filter((f): f is IisLogFile => f.format === 'iis-w3c' || f.format === 'iis-native' || f.format === 'httperr');
  const refused = refusal(o, traces.length, requests.length);
  if (refused) return { written: 0, problems: [refused] };
  const problems: string[] = [];
  const needIndex = traces.length > 0 && (o.format === 'perfetto' || o.format === 'otlp' || (!o.rawTime && !o.offsetsUs));
  const index = needIndex ? new SvclogIndex(traces) : undefined;
  const offsets = o.rawTime ? undefined : (o.offsetsUs ?? (index ? new Map(solveSkew(skewInputFromSvclog(index)).hosts.map((h) => [h.computer, h.offsetUs])) : undefined));

  const partial = `${o.output}.${randomBytes(6).toString('hex')}.partial`;
  const handle = await open(partial, 'wx').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`Cannot write ${o.output}: ${e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message.replace(basename(partial), basename(o.output))}.`);
  });
  const out = handle.createWriteStream();
  let written = 0;
  try {
    try {
      if (o.format === 'csv' || o.format === 'jsonl') {
        const what = o.what ?? (traces.length > 0 ? 'traces' : 'requests');
        const filter = rowFilter(o);
        if (what === 'traces') written = await writeTabular(traceRows(traces, offsets, filter), TRACE_COLUMNS, o.format, out);
        else written = await writeTabular(requestRows(requests, filter), requestColumns(requests), o.format, out);
        if (written === 0) problems.push(`No ${what} match the filter; nothing was written.`);
      } else if (o.format === 'perfetto') {
        written = await writePerfetto(index!, out, offsets);
      } else {
        const otlp = buildOtlp(index!, offsets, o.version);
        written = otlp.resourceSpans.reduce((n, r) => n + r.scopeSpans.reduce((m, s) => m + s.spans.length, 0), 0);
        out.write(JSON.stringify(otlp));
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    if (written > 0) await rename(partial, o.output);
    else if (problems.length === 0) problems.push('There was nothing to export; nothing was written.');
  } finally {
    await rm(partial, { force: true });
  }
  return { written, problems };
}
