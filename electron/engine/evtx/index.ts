/**
 * The Windows Event Log engine (.evtx): recognised by its binary signature, read in a pooled worker
 * thread (inline for small files and where the worker script is not available), one record per
 * event with its System fields and EventData/UserData, the rendered XML on demand.
 */
import { closeSync, openSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { FileFormat } from '../../../shared/model';
import { LoadCancelled, type FormatEngine, type LoadContext, type LoadedFile } from '../types';
import { provided } from '../capabilities';
import { runPooled } from '../worker-pool';
import { availableWorkerScript, workerResourceLimits } from '../worker-script';
import type { EvtxParseRequest, EvtxWorkerMessage } from './evtx-parse.worker';
import { EvtxFile } from './evtx-file';
import { joinTexts, type EvtxPart } from './columns';
import { CHUNK_SIZE, ParseStopped, joinChunkParts, parseEvtxFile, readEvtxTexts, readHeader, type EvtxData, type EvtxHeader, type SummaryTexts } from './parse-file';
import { sniffEvtx } from './sniff';
import { summarizeEvtx } from './summary';

export { EvtxFile, levelOf, type EvtxColumns, type EventLogFacets } from './evtx-file';
export { eventMarkers, type EventMarker } from './markers';

/** Files up to this size are read on the calling thread: a worker's start-up costs more. */
const INLINE_MAX_BYTES = 4 << 20;

const parseScript = () => availableWorkerScript(new URL('./evtx-parse.worker.ts', import.meta.url));

/** Chunks a worker reads at least (smaller shares cost more in start-up and join than they save). */
const MIN_PART_CHUNKS = 128;

/** The chunk runs the file is read in: one per worker the machine can run at once. */
export function partRanges(blockSize: number, size: number, workers = availableParallelism()): [number, number][] {
  const chunks = Math.ceil(Math.max(0, size - blockSize) / CHUNK_SIZE);
  const n = Math.max(1, Math.min(workers, Math.floor(chunks / MIN_PART_CHUNKS)));
  const out: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    const from = blockSize + Math.floor((chunks * k) / n) * CHUNK_SIZE;
    const to = k === n - 1 ? size : blockSize + Math.floor((chunks * (k + 1)) / n) * CHUNK_SIZE;
    out.push([from, to]);
  }
  return out;
}

interface WorkerRead {
  path: string;
  size: number;
  /** Build the records' summary lines too. */
  text?: boolean;
  signal: AbortSignal;
  onProgress?(bytesRead: number, records: number): void;
}

/** Reads the chunk runs in pooled workers at once; a failed run stops the others. */
async function parseInWorkers(script: string, job: WorkerRead, header: EvtxHeader): Promise<EvtxPart[]> {
  const ranges = partRanges(header.blockSize, job.size);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  job.signal.addEventListener('abort', onAbort);
  const bytes = new Float64Array(ranges.length);
  const records = new Float64Array(ranges.length);
  const progress = () => job.onProgress?.(header.blockSize + bytes.reduce((a, b) => a + b, 0), records.reduce((a, b) => a + b, 0));
  try {
    return await Promise.all(
      ranges.map(([from, to], k) => {
        const req: EvtxParseRequest = { path: job.path, size: job.size, from, to, text: job.text };
        return runPooled<EvtxWorkerMessage, EvtxPart>(
          script,
          workerResourceLimits(),
          req,
          stop.signal,
          (m) => {
            if (m.type === 'progress') {
              bytes[k] = m.bytesRead;
              records[k] = m.records;
              progress();
            } else if (m.type === 'done') return { done: m.part };
            else return { fail: new Error(m.message) };
            return undefined;
          },
          () => new LoadCancelled(),
        ).catch((e: unknown) => {
          stop.abort();
          throw e;
        });
      }),
    );
  } finally {
    job.signal.removeEventListener('abort', onAbort);
  }
}

export async function loadEvtxFile(ctx: LoadContext): Promise<LoadedFile> {
  if (ctx.signal.aborted) throw new LoadCancelled();
  const script = ctx.size > INLINE_MAX_BYTES ? parseScript() : null;
  let data: EvtxData;
  try {
    if (script) {
      const { header, problems } = headerOf(ctx.path);
      const parts = await parseInWorkers(script, { path: ctx.path, size: ctx.size, signal: ctx.signal, onProgress: (b, r) => ctx.onProgress(b, r) }, header);
      parts[0].problems.unshift(...problems);
      parts[0].problemCount += problems.length;
      data = joinChunkParts(parts, header);
    } else data = parseEvtxFile(ctx.path, { size: ctx.size, onProgress: (b, r) => ctx.onProgress(b, r), shouldStop: () => ctx.signal.aborted });
  } catch (e) {
    if (e instanceof ParseStopped || ctx.signal.aborted) throw new LoadCancelled();
    throw e;
  }
  return new EvtxFile(ctx.fileId, ctx.path, data, () => readTexts(script, ctx.path, ctx.size, data.header));
}

/** Every record's summary line: read again with them, in the workers when the load used them. */
async function readTexts(script: string | null, path: string, size: number, header: EvtxHeader): Promise<SummaryTexts> {
  if (!script) return readEvtxTexts(path, size);
  return joinTexts(await parseInWorkers(script, { path, size, text: true, signal: new AbortController().signal }, header));
}

function headerOf(path: string): ReturnType<typeof readHeader> {
  const fd = openSync(path, 'r');
  try {
    return readHeader(fd);
  } finally {
    closeSync(fd);
  }
}

const FORMATS: readonly FileFormat[] = ['evtx'];

export const evtxEngine: FormatEngine = {
  formats: FORMATS,
  sniff: (head) => sniffEvtx(head.bytes),
  load: (_format, ctx) => loadEvtxFile(ctx),
  summarize: (files) => summarizeEvtx(provided(files, 'systemEvents')),
};
