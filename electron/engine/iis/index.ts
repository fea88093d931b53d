/**
 * The IIS-family engine: W3C extended logs (IIS, FTP, Azure App Service), the IIS native format,
 * HTTP.sys error logs and Failed Request Tracing files. Big logs are indexed in a worker thread.
 *
 * Other code uses `iisEngine` through the registry, and the query/link modules re-exported below
 * on the files it loaded (`IisLogFile.table`, `FrebFile`).
 */
import { availableParallelism } from 'node:os';
import type { FileFormat } from '../../../shared/model';
import { LoadCancelled, type FormatEngine, type LoadContext, type LoadedFile } from '../types';
import { runPooled } from '../worker-pool';
import { availableWorkerScript, workerResourceLimits } from '../worker-script';
import { loadFreb } from './freb';
import { IisLogFile, type LogFormat } from './log-file';
import { mergeParts, type RangePart, type SharedLayout } from './merge';
import { narrowColumns } from './narrow';
import { ParseStopped, estimateRows, fileEncoding, lineStartAfter, parseIisFile } from './parse-file';
import type { ParseRequest, WorkerMessage } from './parse-protocol';
import { allocSharedColumns } from './shared-columns';
import { prewarmIisEngine } from './prewarm';
import { sniffIis } from './sniff';
import type { IisFileData } from './store';
import { summarizeFiles } from './summary';
import { RowTimes } from './row-times';
import { traceStartup } from '../startup-trace';

export { IisIndex, OTHER, type RowRef } from './iis-index';
export * from './queries';
export * from './links';
export { IisLogFile, statusText, levelOfStatus } from './log-file';
export { FrebFile, parseFreb, type FrebSummary, type FrebEvent } from './freb';
export { IisTable } from './table';
export { RowTimes } from './row-times';
export type { IisFamilySummary, IisSection, HttperrSection, FrebSection } from './summary';

/** Files up to this size are indexed on the calling thread: a worker's start-up costs more. */
export const INLINE_MAX_BYTES = 16 << 20;
/** Each parallel range gets at least this much of the file. */
const MIN_RANGE_BYTES = 64 << 20;

/** When a load uses workers and how finely it splits (the start-up warm-up forces both on a small sample). */
export interface IisLoadTuning {
  inlineMaxBytes: number;
  minRangeBytes: number;
}
/**
 * TRACELENS_TEST_IIS_RANGE_BYTES: a smaller least range, so an end-to-end test's log of a few MB is
 * split across workers as a big one is (what a user sees must not depend on where the parts meet).
 */
const TEST_RANGE_BYTES = Number(process.env.TRACELENS_TEST_IIS_RANGE_BYTES) || 0;
const TUNING: IisLoadTuning = { inlineMaxBytes: INLINE_MAX_BYTES, minRangeBytes: TEST_RANGE_BYTES > 0 ? TEST_RANGE_BYTES : MIN_RANGE_BYTES };

/** How many ranges (workers) to index a file of `size` bytes with. */
export function rangeCount(size: number, minRangeBytes = MIN_RANGE_BYTES): number {
  return Math.max(1, Math.min(availableParallelism(), 4, Math.floor(size / minRangeBytes)));
}

const FORMATS: readonly FileFormat[] = ['iis-w3c', 'iis-native', 'httperr', 'freb'];

function parseInline(format: LogFormat, ctx: LoadContext): IisFileData {
  return parseIisFile(ctx.path, format, {
    size: ctx.size,
    fields: ctx.fields,
    onProgress: (b, r) => ctx.onProgress(b, r),
    shouldStop: () => ctx.signal.aborted,
  });
}

/** Runs a pooled worker over a byte range; resolves null when the range cannot be indexed on its own. */
function runWorker(
  script: string,
  req: ParseRequest,
  signal: AbortSignal,
  onProgress: (bytesRead: number, rows: number) => void,
): Promise<RangePart | null> {
  return runPooled<WorkerMessage, RangePart | null>(
    script,
    workerResourceLimits(),
    req,
    signal,
    (m) => {
      if (m.type === 'progress') onProgress(m.bytesRead, m.rows);
      else if (m.type === 'done') return { done: { data: { ...m.data, timeMs: RowTimes.revive(m.data.timeMs) }, lines: m.lines, dicts: m.dicts, stats: m.stats } };
      else if (m.type === 'nosplit') return { done: null };
      else return { fail: new Error(m.message) };
      return undefined;
    },
    () => new LoadCancelled(),
  );
}

/**
 * Indexes the file in `parts` byte ranges at once, one worker each, and merges the results. The
 * workers write into shared columns sized for the whole file, so the merge moves rows in place
 * rather than copying every column. Falls back to one worker when a range cannot be indexed apart
 * from the file's start.
 */
async function parseInWorkers(format: LogFormat, ctx: LoadContext, script: string, parts: number): Promise<IisFileData> {
  const cuts = [0];
  for (let k = 1; k < parts; k++) cuts.push(lineStartAfter(ctx.path, Math.floor((ctx.size * k) / parts), ctx.size));
  cuts.push(ctx.size);
  const ranges = cuts.slice(0, -1).map((start, k) => ({ start, end: cuts[k + 1] })).filter((r) => r.end > r.start || r.start === 0);
  const shared = ranges.length > 1 ? sharedLayout(ctx.path, ctx.size, ranges) : undefined;
  const read = ranges.map(() => 0);
  const rows = ranges.map(() => 0);
  let last = 0;
  const report = (k: number) => (b: number, r: number) => {
    read[k] = b;
    rows[k] = r;
    const now = Date.now();
    if (now - last < 50) return;
    last = now;
    ctx.onProgress(read.reduce((a, x) => a + x, 0), rows.reduce((a, x) => a + x, 0));
  };
  // One controller for the whole load, so a failed or refused range stops the others.
  const ac = new AbortController();
  let failure: unknown;
  const onAbort = () => ac.abort();
  ctx.signal.addEventListener('abort', onAbort);
  try {
    const results = await Promise.all(
      ranges.map((r, k) =>
        runWorker(script, { path: ctx.path, format, size: ctx.size, ...r, fields: ctx.fields, region: shared && { cols: shared.cols, base: shared.bases[k], capacity: shared.caps[k] } }, ac.signal, report(k)).then((res) => {
          if (!res) ac.abort();
          return res;
        }),
      ),
    ).catch((e: unknown) => {
      if (ctx.signal.aborted) throw e;
      failure = e;
      return null;
    });
    if (results && results.every((x): x is RangePart => x !== null)) {
      traceStartup('IIS ranges parsed');
      ctx.onProgress(ctx.size, rows.reduce((a, x) => a + x, 0));
      const merged = mergeParts(results, shared);
      traceStartup('IIS ranges joined');
      return merged;
    }
    if (ctx.signal.aborted) throw new LoadCancelled();
    if (parts === 1) throw failure instanceof Error ? failure : new Error('The parse worker failed.');
    return parseInWorkers(format, ctx, script, 1);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** Shared columns for the ranges: each range gets rows for an upper estimate of its lines. */
function sharedLayout(path: string, size: number, ranges: readonly { start: number; end: number }[]): SharedLayout & { caps: number[] } {
  const caps = ranges.map((r) => estimateRows(path, r.start, r.end));
  const bases: number[] = [];
  let total = 0;
  for (const c of caps) {
    bases.push(total);
    total += c;
  }
  return { cols: allocSharedColumns(total, size), bases, caps };
}

/** The worker's script, or null where it is not available (then the parse runs inline). */
const parseWorkerScript = () => availableWorkerScript(new URL('./iis-parse.worker.ts', import.meta.url));

/** Loads one IIS-family file (`tuning`: see IisLoadTuning). */
export async function loadIisFile(format: FileFormat, ctx: LoadContext, tuning = TUNING): Promise<LoadedFile> {
  if (ctx.signal.aborted) throw new LoadCancelled();
  if (format === 'freb') {
    const f = await loadFreb(ctx.fileId, ctx.path);
    ctx.onProgress(ctx.size, f.recordCount);
    return f;
  }
  if (format !== 'iis-w3c' && format !== 'iis-native' && format !== 'httperr') throw new Error(`The IIS engine does not read ${format} files.`);
  const script = ctx.size > tuning.inlineMaxBytes ? parseWorkerScript() : null;
  let data: IisFileData;
  try {
    // A UTF-16 file is transcoded from its start: it cannot be cut at byte positions.
    // The user's field names hold from the file's start: one range.
    const parts = fileEncoding(ctx.path) === 'utf8' && !ctx.fields?.length ? rangeCount(ctx.size, tuning.minRangeBytes) : 1;
    traceStartup('IIS load started');
    data = narrowColumns(script ? await parseInWorkers(format, ctx, script, parts) : parseInline(format, ctx));
    traceStartup('IIS columns narrowed');
  } catch (e) {
    if (e instanceof ParseStopped || ctx.signal.aborted) throw new LoadCancelled();
    throw e;
  }
  return new IisLogFile(format, ctx.fileId, ctx.path, data);
}

export const iisEngine: FormatEngine = {
  formats: FORMATS,
  sniff: (head) => {
    const text = head.text();
    return text === null ? null : sniffIis(text, head.name);
  },
  load: (format, ctx) => loadIisFile(format, ctx),
  summarize: (files: readonly LoadedFile[]) => ({ ...summarizeFiles(files) }),
  prewarm: () => prewarmIisEngine(),
};
export { appendIis, cursorAfterLoad, type IisCursor } from './append';
export { NUM_COLS, STR_COLS } from './fields';
export { requestColumns, requestRow, type RequestPlace } from './export-rows';
