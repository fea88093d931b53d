/**
 * Exports of a session, shared by the CLI (`tracelens export`) and the app (File › Export):
 * traces or requests as CSV / JSON Lines — exactly the records the one filter keeps in the views,
 * in the views' time order — and activities and messages as Perfetto JSON or OTLP/JSON,
 * skew-adjusted unless raw time is asked for.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { TraceFilter } from '../../shared/channels/filter';
import type { IisFilter } from '../../shared/channels/iis';
import { buildOtlp, requestColumns, requestRow, TRACE_COLUMNS, traceRow, writePerfetto, writeTabular, type ExportRow, type RequestPlace } from '../engine/export';
import { machineClock } from './clock/machine-clock';
import { machines } from './machines/machines';
import type { IisLogFile } from '../engine/iis';
import { clockService } from './clock/service';
import { recordTest } from './filter/record-query';
import { iisViews } from './handlers/iis';
import { selectRows } from './iis-views/filter';
import type { Session } from './session';
import type { ViewIndex } from './svclog-views/view-index';
import { svclogViews } from './svclog-views/views';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'perfetto', 'otlp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', perfetto: 'json', otlp: 'json' };

export interface ExportOptions {
  format: ExportFormat;
  output: string;
  what?: 'traces' | 'requests';
  /** The one filter (shared/channels/filter.ts): the rows exported are the rows the views keep. */
  filter?: TraceFilter;
  /** The IIS request table's own filter (status, URI, client…), for request exports. */
  iisFilter?: IisFilter;
  rawTime?: boolean;
  /** Written into OTLP's instrumentation scope. */
  version: string;
}

export interface ExportOutcome {
  written: number;
  /** Sentences about what could not be exported. */
  problems: string[];
}

/** The filter's svclog events in the views' displayed-time order. */
function* traceRowsOf(view: ViewIndex, events: Int32Array, rawTime: boolean | undefined): Generator<ExportRow> {
  for (const g of events) {
    const { file, event } = view.eventOf(g);
    yield traceRow(file, event, rawTime ? view.rawTimeUs[g] : view.timeUs[g]);
  }
}

/** Where a log's rows were: its server's machine (names joined, see machines.ts) and that machine's clock offset (none in raw mode). */
function requestPlace(session: Session): RequestPlace {
  const identity = machines(session).identity();
  const clock = machineClock(session);
  return {
    offsetUs: (f) => clock.offsetUs(f.recordCount ? f.table.server(0) : ''),
    machine: (server) => identity.displayName(server),
  };
}

/** The IIS requests the filter keeps (the request table's filter too, when given), in file order, in displayed time. */
function* filteredRequests(logs: readonly IisLogFile[], session: Session, o: ExportOptions, place: RequestPlace): Generator<ExportRow> {
  const test = recordTest(o.filter, machines(session).identity().machineOf);
  const name = (f: IisLogFile) => f.path.split(/[\\/]/).pop() ?? f.path;
  const keep = (f: IisLogFile, i: number) => {
    if (!test) return true;
    const raw = f.row(i);
    const offset = place.offsetUs(f);
    return test(offset ? { ...raw, timeUs: raw.timeUs - offset } : raw, name(f));
  };
  if (!o.iisFilter) {
    for (const f of logs) for (let i = 0; i < f.recordCount; i++) if (keep(f, i)) yield requestRow(f, i, place);
    return;
  }
  const set = iisViews(session).current();
  for (const g of selectRows(set, o.iisFilter)) {
    const { file, row } = set.ix.ref(g);
    const log = set.logs[file];
    if (keep(log, row)) yield requestRow(log, row, place);
  }
}

/** Why nothing can be exported in this format from these files, before any file is touched. */
function refusal(o: ExportOptions, hasTraces: boolean, hasRequests: boolean): string | undefined {
  if (o.format === 'perfetto' || o.format === 'otlp') return hasTraces ? undefined : 'Perfetto and OTLP exports need WCF traces (.svclog); none loaded.';
  const what = o.what ?? (hasTraces ? 'traces' : 'requests');
  if (what === 'traces' && !hasTraces) return 'No WCF traces (.svclog) are loaded, so there are no traces to export.';
  if (what === 'requests' && !hasRequests) return 'No IIS or HTTPERR logs are loaded, so there are no requests to export.';
  return undefined;
}

/**
 * Writes the export to a temporary file beside `o.output` and moves it into place only when
 * something was written: a refused or empty export leaves no empty file and never clobbers an
 * earlier one.
 */
export async function exportSession(session: Session, o: ExportOptions): Promise<ExportOutcome> {
  const problems: string[] = [];
  const loaded = session.loaded().map((l) => l.file);
  const views = svclogViews(session);
  const hasTraces = views.view().total > 0;
  const logs = loaded.filter((f): f is IisLogFile => f.format === 'iis-w3c' || f.format === 'iis-native' || f.format === 'httperr');
  const refused = refusal(o, hasTraces, logs.length > 0);
  if (refused) return { written: 0, problems: [refused] };
  const clock = clockService(session);
  if (o.rawTime !== undefined) clock.state.setMode(o.rawTime ? 'raw' : 'adjusted');

  const partial = `${o.output}.${randomBytes(6).toString('hex')}.partial`;
  const handle = await open(partial, 'wx').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`Cannot write ${o.output}: ${e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message.replace(basename(partial), basename(o.output))}.`);
  });
  const out = handle.createWriteStream();
  let written = 0;
  try {
    try {
      if (o.format === 'csv' || o.format === 'jsonl') {
        const what = o.what ?? (hasTraces ? 'traces' : 'requests');
        if (what === 'traces') {
          const { view, events } = await views.passingInOrder(o.filter);
          written = await writeTabular(traceRowsOf(view, events, o.rawTime), TRACE_COLUMNS, o.format, out);
        }
        else {
          const place = requestPlace(session);
          written = await writeTabular(filteredRequests(logs, session, o, place), requestColumns(logs, place), o.format, out);
        }
        if (written === 0) problems.push(`No ${what} match the filter; nothing was written.`);
      } else {
        const index = views.view().index;
        const offsets = o.rawTime ? undefined : clock.offsetsUs(index);
        if (o.format === 'perfetto') written = await writePerfetto(index, out, offsets);
        else {
          const otlp = buildOtlp(index, offsets, o.version);
          written = otlp.resourceSpans.reduce((n, r) => n + r.scopeSpans.reduce((m, s) => m + s.spans.length, 0), 0);
          out.write(JSON.stringify(otlp));
        }
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
