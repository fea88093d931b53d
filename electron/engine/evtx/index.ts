/**
 * The Windows Event Log engine (.evtx): recognised by its binary signature, read in a pooled worker
 * thread (inline for small files and where the worker script is not available), one record per
 * event with its System fields and EventData/UserData, the rendered XML on demand.
 */
import type { FileFormat } from '../../../shared/model';
import { LoadCancelled, type FormatEngine, type LoadContext, type LoadedFile } from '../types';
import { provided } from '../capabilities';
import { runPooled } from '../worker-pool';
import { availableWorkerScript, workerResourceLimits } from '../worker-script';
import type { EvtxParseRequest, EvtxWorkerMessage } from './evtx-parse.worker';
import { EvtxFile } from './evtx-file';
import { ParseStopped, parseEvtxFile, type EvtxData } from './parse-file';
import { sniffEvtx } from './sniff';
import { summarizeEvtx } from './summary';

export { EvtxFile, levelOf, type EvtxColumns, type EventLogFacets } from './evtx-file';
export { eventMarkers, type EventMarker } from './markers';

/** Files up to this size are read on the calling thread: a worker's start-up costs more. */
const INLINE_MAX_BYTES = 4 << 20;

const parseScript = () => availableWorkerScript(new URL('./evtx-parse.worker.ts', import.meta.url));

function parseInWorker(script: string, ctx: LoadContext): Promise<EvtxData> {
  const req: EvtxParseRequest = { path: ctx.path, size: ctx.size };
  return runPooled<EvtxWorkerMessage, EvtxData>(
    script,
    workerResourceLimits(),
    req,
    ctx.signal,
    (m) => {
      if (m.type === 'progress') ctx.onProgress(m.bytesRead, m.records);
      else if (m.type === 'done') return { done: m.data };
      else return { fail: new Error(m.message) };
      return undefined;
    },
    () => new LoadCancelled(),
  );
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
  sniff: (head) => sniffEvtx(head.bytes),
  load: (_format, ctx) => loadEvtxFile(ctx),
  summarize: (files) => summarizeEvtx(provided(files, 'systemEvents')),
};
