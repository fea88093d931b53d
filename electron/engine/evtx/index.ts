/**
 * The Windows Event Log engine (.evtx): recognised by its binary signature, read in a pooled worker
 * thread (inline for small files and where the worker script is not available), one record per
 * event with its System fields and EventData/UserData, the rendered XML on demand.
 */
import { existsSync } from 'node:fs';
import type { FileFormat } from '../../../shared/model';
import { LoadCancelled, type FormatEngine, type LoadContext, type LoadedFile } from '../types';
import { releaseWorker, takeWorker } from '../worker-pool';
import { workerResourceLimits, workerScript } from '../worker-script';
import type { EvtxParseRequest, EvtxWorkerMessage } from './evtx-parse.worker';
import { EvtxFile } from './evtx-file';
import { ParseStopped, parseEvtxFile, type EvtxData } from './parse-file';
import { sniffEvtx } from './sniff';
import { summarizeEvtx } from './summary';

export { EvtxFile, levelOf } from './evtx-file';
export { eventMarkers, type EventMarker } from './markers';

/** Files up to this size are read on the calling thread: a worker's start-up costs more. */
const INLINE_MAX_BYTES = 4 << 20;

function parseScript(): string | null {
  try {
    const p = workerScript(new URL('./evtx-parse.worker.ts', import.meta.url));
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function parseInWorker(script: string, ctx: LoadContext): Promise<EvtxData> {
  return new Promise((resolve, reject) => {
    const worker = takeWorker(script, workerResourceLimits());
    let settled = false;
    const finish = (answered: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (answered) releaseWorker(worker);
      else void worker.terminate();
      fn();
    };
    const onAbort = () => finish(false, () => reject(new LoadCancelled()));
    const onMessage = (m: EvtxWorkerMessage) => {
      if (m.type === 'progress') ctx.onProgress(m.bytesRead, m.records);
      else if (m.type === 'done') finish(true, () => resolve(m.data));
      else finish(true, () => reject(new Error(m.message)));
    };
    const onError = (e: Error) => finish(false, () => reject(e));
    const onExit = (code: number) => finish(false, () => reject(new Error(`The parse worker stopped (exit code ${code}).`)));
    ctx.signal.addEventListener('abort', onAbort);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    const req: EvtxParseRequest = { path: ctx.path, size: ctx.size };
    worker.postMessage(req);
  });
}

export async function loadEvtxFile(ctx: LoadContext): Promise<LoadedFile> {
  if (ctx.signal.aborted) throw new LoadCancelled();
  const script = ctx.size > INLINE_MAX_BYTES ? parseScript() : null;
  let data: EvtxData;
  try {
    data = script
      ? await parseInWorker(script, ctx)
      : parseEvtxFile(ctx.path, { size: ctx.size, onProgress: (b, r) => ctx.onProgress(b, r), shouldStop: () => ctx.signal.aborted });
  } catch (e) {
    if (e instanceof ParseStopped || ctx.signal.aborted) throw new LoadCancelled();
    throw e;
  }
  return new EvtxFile(ctx.fileId, ctx.path, data);
}

const FORMATS: readonly FileFormat[] = ['evtx'];

export const evtxEngine: FormatEngine = {
  formats: FORMATS,
  sniff: () => null,
  sniffBytes: (head) => sniffEvtx(head),
  load: (_format, ctx) => loadEvtxFile(ctx),
  summarize: (files) => summarizeEvtx(files.filter((f): f is EvtxFile => f instanceof EvtxFile)),
};
