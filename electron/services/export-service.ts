/**
 * Exports of loaded files, shared by the CLI (`tracelens export`) and the app (File › Export):
 * traces or requests as CSV / JSON Lines, activities and messages as Perfetto JSON or OTLP/JSON,
 * skew-adjusted unless raw time is asked for.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { RecordLevel, RecordRow } from '../../shared/model';
import { buildOtlp, requestColumns, requestRows, TRACE_COLUMNS, traceRows, writePerfetto, writeTabular, type RequestPlace, type RowFilter } from '../engine/export';
import { MachineJoiner } from '../../shared/machines';
import type { IisLogFile } from '../engine/iis';
import { skewInputFromSvclog, solveSkew } from '../engine/skew';
import { SvclogIndex, svclogFiles, type SvclogFile } from '../engine/svclog';
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
  /** The session's machine joins (the Machines panel); absent: names equal ignoring case and domain only. */
  machines?: MachineJoiner;
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

/** IIS rows' machines and offsets: a server takes the offset of the trace computer of its machine. */
function requestPlace(traces: readonly SvclogFile[], joiner: MachineJoiner, offsets: ReadonlyMap<string, number> | undefined): RequestPlace {
  const computers = new Map<string, string>();
  for (const f of traces) {
    const ids = new Set(f.data.events.computer.subarray(0, f.recordCount));
    for (const id of ids) computers.set(joiner.machineOf(f.str(id)), f.str(id));
  }
  const computerOf = (server: string) => computers.get(joiner.machineOf(server));
  return {
    offsetUs: (file) => {
      const c = file.recordCount ? computerOf(file.table.server(0)) : undefined;
      return c === undefined ? 0 : (offsets?.get(c) ?? 0);
    },
    machine: (server) => computerOf(server) ?? server,
  };
}

export async function exportLoaded(loaded: readonly LoadedFile[], o: ExportOptions): Promise<ExportOutcome> {
  const problems: string[] = [];
  const traces = svclogFiles(loaded);
  const requests = loaded.filter((f): f is IisLogFile => f.format === 'iis-w3c' || f.format === 'iis-native' || f.format === 'httperr');
  const needIndex = traces.length > 0 && (o.format === 'perfetto' || o.format === 'otlp' || (!o.rawTime && !o.offsetsUs));
  const index = needIndex ? new SvclogIndex(traces) : undefined;
  const offsets = o.rawTime ? undefined : (o.offsetsUs ?? (index ? new Map(solveSkew(skewInputFromSvclog(index)).hosts.map((h) => [h.computer, h.offsetUs])) : undefined));

  const out = createWriteStream(o.output);
  let written = 0;
  try {
    if (o.format === 'csv' || o.format === 'jsonl') {
      const what = o.what ?? (traces.length > 0 ? 'traces' : 'requests');
      const filter = rowFilter(o);
      if (what === 'traces') written = await writeTabular(traceRows(traces, offsets, filter), TRACE_COLUMNS, o.format, out);
      else {
        const place = requestPlace(traces, o.machines ?? new MachineJoiner([]), offsets);
        written = await writeTabular(requestRows(requests, filter, place), requestColumns(requests, place), o.format, out);
      }
      if (written === 0) problems.push(`No ${what} to export.`);
    } else if (!index) {
      problems.push('Perfetto and OTLP exports need WCF traces (.svclog); none loaded.');
    } else if (o.format === 'perfetto') {
      written = await writePerfetto(index, out, offsets);
    } else {
      const otlp = buildOtlp(index, offsets, o.version);
      written = otlp.resourceSpans.reduce((n, r) => n + r.scopeSpans.reduce((m, s) => m + s.spans.length, 0), 0);
      out.write(JSON.stringify(otlp));
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { written, problems };
}
