/**
 * Exports of a session, shared by the CLI (`tracelens export`) and the app (File › Export):
 * traces, requests or all records (every loaded file's, the All records list) as CSV / JSON Lines —
 * exactly the records the one filter keeps in the views, in the views' time order — and
 * activities and messages as Perfetto JSON or OTLP/JSON, skew-adjusted unless raw time is asked for.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import type { TraceFilter } from '../../shared/channels/filter';
import type { IisFilter } from '../../shared/channels/iis';
import { buildOtlp, exportRowsOf, requestColumns, requestRow, TRACE_COLUMNS, traceRow, unionColumns, writePerfetto, writeTabular, type ExportRow, type RequestPlace } from '../engine/export';
import { machineClock } from './clock/machine-clock';
import { machines } from './machines/machines';
import { provided } from '../engine/capabilities';
import type { IisLogFile } from '../engine/iis';
import { readyForScan } from '../engine/types';
import { clockService } from './clock/service';
import { recordTest } from './filter/record-query';
import { passingRecords } from './filter/records';
import { offsetOfRecord } from './clock/record-times';
import { selectRows } from './iis-views/filter';
import type { Session } from './session';
import type { ViewIndex } from './svclog-views/view-index';
import { svclogViews } from './svclog-views/views';
import { exportParquet } from './export/parquet-export';
import { OtlpSendError, sendOtlp } from '../engine/export';
import { ZONE_UTC, type ZoneChoice } from '../../shared/time-zone';

import type { ExportFormat } from './export-formats';

export { EXPORT_FORMATS, EXPORT_EXTENSIONS, type ExportFormat } from './export-formats';

export interface ExportOptions {
  format: ExportFormat;
  /** The file to write (a folder for Parquet); unused when OTLP goes to `endpoint`. */
  output: string;
  /** OTLP only: send the spans to this collector (OTLP/HTTP protobuf) instead of writing OTLP/JSON. */
  endpoint?: string;
  /** CSV/JSONL rows: svclog traces, IIS requests, or every record the All records list keeps (each file's own fields). */
  what?: ExportWhat;
  /** The one filter (shared/channels/filter.ts): the rows exported are the rows the views keep. */
  filter?: TraceFilter;
  /** The IIS request table's own filter (status, URI, client…), for request exports. */
  iisFilter?: IisFilter;
  rawTime?: boolean;
  /** The zone of CSV/JSONL time columns (ISO 8601 with the offset written out); UTC by default. */
  timeZone?: ZoneChoice;
  /** Written into OTLP's instrumentation scope. */
  version: string;
}

export interface ExportOutcome {
  written: number;
  /** Parquet: rows per dataset written. */
  datasets?: Record<string, number>;
  /** Sentences about what could not be exported. */
  problems: string[];
}

export type ExportWhat = 'traces' | 'requests' | 'records';

/** What CSV/JSONL export when not told: traces when any are loaded, else requests, else all records. */
function defaultWhat(o: ExportOptions, hasTraces: boolean, hasRequests: boolean): ExportWhat {
  return o.what ?? (hasTraces ? 'traces' : hasRequests ? 'requests' : 'records');
}

/** The records All records keeps (`positions`, merged order; all when undefined) as each file's export rows, in displayed time. */
function* recordRowsOf(session: Session, positions: Int32Array | undefined, zone: ZoneChoice): Generator<ExportRow> {
  const { files, merged, offsets } = session.recordOrder();
  const rows = files.map(exportRowsOf);
  const shifts = files.map((f) => offsetOfRecord(f, offsets));
  const n = positions ? positions.length : merged.length;
  for (let k = 0; k < n; k++) {
    const p = positions ? positions[k] : k;
    const src = merged.source[p];
    const i = merged.index[p];
    yield rows[src].row(i, files[src].timeUs(i) - shifts[src](i), zone);
  }
}

/** The filter's svclog events in the views' displayed-time order. */
function* traceRowsOf(view: ViewIndex, events: Int32Array, rawTime: boolean | undefined, zone: ZoneChoice): Generator<ExportRow> {
  for (const g of events) {
    const { file, event } = view.eventOf(g);
    yield traceRow(file, event, rawTime ? view.rawTimeUs[g] : view.timeUs[g], zone);
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
  const zone = o.timeZone ?? ZONE_UTC;
  const test = recordTest(o.filter, machines(session).identity().machineOf);
  const name = (f: IisLogFile) => f.path.split(/[\\/]/).pop() ?? f.path;
  const keep = (f: IisLogFile, i: number) => {
    if (!test) return true;
    const raw = f.row(i);
    const offset = place.offsetUs(f);
    return test(offset ? { ...raw, timeUs: raw.timeUs - offset } : raw, name(f));
  };
  if (!o.iisFilter) {
    for (const f of logs) for (let i = 0; i < f.recordCount; i++) if (keep(f, i)) yield requestRow(f, i, place, zone);
    return;
  }
  const set = session.services.iisViews.current();
  for (const g of selectRows(set, o.iisFilter)) {
    const { file, row } = set.ix.ref(g);
    const log = set.logs[file];
    if (keep(log, row)) yield requestRow(log, row, place, zone);
  }
}

/** Why nothing can be exported in this format from these files, before any file is touched. */
function refusal(o: ExportOptions, hasTraces: boolean, hasRequests: boolean): string | undefined {
  if (o.format === 'parquet') return undefined;
  if (o.format === 'perfetto' || o.format === 'otlp') return hasTraces ? undefined : 'Perfetto and OTLP exports need WCF traces (.svclog); none loaded.';
  const what = defaultWhat(o, hasTraces, hasRequests);
  if (what === 'traces' && !hasTraces) return 'No WCF traces (.svclog) are loaded, so there are no traces to export.';
  if (what === 'requests' && !hasRequests) return 'No IIS or HTTPERR logs are loaded, so there are no requests to export.';
  return undefined;
}

/** OTLP over the wire: every activity's spans to the collector; a refusal is one sentence. */
async function sendToCollector(session: Session, o: ExportOptions, endpoint: string): Promise<ExportOutcome> {
  const index = svclogViews(session).view().index;
  const offsets = o.rawTime ? undefined : clockService(session).offsetsUs(index);
  try {
    const r = await sendOtlp(buildOtlp(index, offsets, o.version), { endpoint });
    return { written: r.sent, problems: r.problems };
  } catch (e) {
    if (e instanceof OtlpSendError) return { written: 0, problems: [e.message] };
    throw e;
  }
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
  const logs = provided(loaded, 'requests');
  const refused = refusal(o, hasTraces, logs.length > 0);
  if (refused) return { written: 0, problems: [refused] };
  const clock = clockService(session);
  if (o.rawTime !== undefined) clock.state.setMode(o.rawTime ? 'raw' : 'adjusted');
  if (o.format === 'parquet') return exportParquet(session, o);
  if (o.format === 'otlp' && o.endpoint !== undefined) return sendToCollector(session, o, o.endpoint);

  const partial = `${o.output}.${randomBytes(6).toString('hex')}.partial`;
  const handle = await open(partial, 'wx').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`Cannot write ${o.output}: ${e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message.replace(basename(partial), basename(o.output))}.`);
  });
  const out = handle.createWriteStream();
  let written = 0;
  try {
    try {
      if (o.format === 'csv' || o.format === 'jsonl') {
        const what = defaultWhat(o, hasTraces, logs.length > 0);
        if (what === 'traces') {
          const { view, events } = await views.passingInOrder(o.filter);
          written = await writeTabular(traceRowsOf(view, events, o.rawTime, o.timeZone ?? ZONE_UTC), TRACE_COLUMNS, o.format, out);
        } else if (what === 'records') {
          const positions = await passingRecords(session, o.filter);
          await readyForScan(session.recordOrder().files);
          written = await writeTabular(recordRowsOf(session, positions, o.timeZone ?? ZONE_UTC), unionColumns(session.recordOrder().files), o.format, out);
        } else {
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
