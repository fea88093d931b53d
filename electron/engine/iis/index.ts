/**
 * The IIS-family engine: W3C extended logs (IIS, FTP, Azure App Service), the IIS native format,
 * HTTP.sys error logs and Failed Request Tracing files. Big logs are indexed in a worker thread.
 *
 * Other code uses `iisEngine` through the registry, and the query/link modules re-exported below
 * on the files it loaded (`IisLogFile.table`, `FrebFile`).
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FileFormat } from '../../../shared/model';
import { LoadCancelled, type FormatEngine, type LoadContext, type LoadedFile } from '../types';
import { workerScript } from '../worker-script';
import { loadFreb } from './freb';
import { IisLogFile, type LogFormat } from './log-file';
import { ParseStopped, parseIisFile } from './parse-file';
import type { ParseRequest, WorkerMessage } from './parse-protocol';
import { sniffIis } from './sniff';
import type { IisFileData } from './store';
import { summarizeFiles } from './summary';

export { IisIndex, type RowRef } from './iis-index';
export * from './queries';
export * from './links';
export { IisLogFile, statusText, levelOfStatus } from './log-file';
export { FrebFile, parseFreb, type FrebSummary, type FrebEvent } from './freb';
export { IisTable } from './table';
export type { IisFamilySummary, IisSection, HttperrSection, FrebSection } from './summary';

/** Files up to this size are indexed on the calling thread: a worker's start-up costs more. */
export const INLINE_MAX_BYTES = 16 << 20;

const FORMATS: readonly FileFormat[] = ['iis-w3c', 'iis-native', 'httperr', 'freb'];

function parseInline(format: LogFormat, ctx: LoadContext): IisFileData {
  return parseIisFile(ctx.path, format, {
    size: ctx.size,
    onProgress: (b, r) => ctx.onProgress(b, r),
    shouldStop: () => ctx.signal.aborted,
  });
}

function parseInWorker(format: LogFormat, ctx: LoadContext, script: string): Promise<IisFileData> {
  return new Promise((resolve, reject) => {
    const req: ParseRequest = { path: ctx.path, format, size: ctx.size };
    const worker = new Worker(script, { workerData: req });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      void worker.terminate();
      finish(() => reject(new LoadCancelled()));
    };
    ctx.signal.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') ctx.onProgress(m.bytesRead, m.rows);
      else if (m.type === 'done') finish(() => resolve(m.data));
      else finish(() => reject(new Error(m.message)));
      if (m.type !== 'progress') void worker.terminate();
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`The parse worker stopped (exit code ${code}).`))));
  });
}

/** The worker's script, or null where it is not available (then the parse runs inline). */
function parseWorkerScript(): string | null {
  try {
    const p = workerScript(new URL('./iis-parse.worker.ts', import.meta.url));
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

async function load(format: FileFormat, ctx: LoadContext): Promise<LoadedFile> {
  if (ctx.signal.aborted) throw new LoadCancelled();
  if (format === 'freb') {
    const f = await loadFreb(ctx.fileId, ctx.path);
    ctx.onProgress(ctx.size, f.recordCount);
    return f;
  }
  if (format !== 'iis-w3c' && format !== 'iis-native' && format !== 'httperr') throw new Error(`The IIS engine does not read ${format} files.`);
  const script = ctx.size > INLINE_MAX_BYTES ? parseWorkerScript() : null;
  let data: IisFileData;
  try {
    data = script ? await parseInWorker(format, ctx, script) : parseInline(format, ctx);
  } catch (e) {
    if (e instanceof ParseStopped || ctx.signal.aborted) throw new LoadCancelled();
    throw e;
  }
  return new IisLogFile(format, ctx.fileId, ctx.path, data);
}

export const iisEngine: FormatEngine = {
  formats: FORMATS,
  sniff: sniffIis,
  load,
  summarize: (files: readonly LoadedFile[]) => ({ ...summarizeFiles(files) }),
};
