/**
 * Worker thread: parses byte ranges of svclog files, one request at a time (the worker is kept
 * for later loads, see worker-pool.ts), and sends each part back, buffers transferred; the first
 * part also sends early batches of rows when asked to.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { settleBufferDetaching } from '../jit-protectors';
import { buffersOf } from './columns';
import { memorySource, parseRange, type ParsePart, type ParseRequest } from './parse';
import { WARM_UP_SAMPLE_EVENTS, warmUpSample } from './warm-up';
import { BatchCutter, batchBuffers, type PartialBatch } from './partial';

/** A part of a file to parse, or (at app start) a run over the warm-up sample. */
export type WorkerRequest = ParseRequest | { type: 'warm-up'; events: number };

export type WorkerReply =
  | { type: 'warmed' }
  | { type: 'progress'; bytesRead: number; records: number }
  | { type: 'partial'; batch: PartialBatch }
  | { type: 'done'; part: ParsePart }
  | { type: 'error'; message: string };

function parseRequest(port: MessagePort, req: ParseRequest): void {
  try {
    const cutter = req.partial ? new BatchCutter(req.partial) : null;
    let last = 0;
    const part = parseRange(req, {
      onProgress(bytesRead, records) {
        const now = Date.now();
        if (now - last < 50) return;
        last = now;
        port.postMessage({ type: 'progress', bytesRead, records } satisfies WorkerReply);
      },
      onChunk: cutter
        ? (x, problems) => {
            const batch = cutter.next(x, problems);
            if (batch) port.postMessage({ type: 'partial', batch } satisfies WorkerReply, batchBuffers(batch));
          }
        : undefined,
    });
    port.postMessage({ type: 'done', part } satisfies WorkerReply, [...buffersOf(part.events), ...buffersOf(part.messages), ...(part.stringHashes ? [part.stringHashes.buffer as ArrayBuffer] : [])]);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}

/**
 * Runs the parser over the synthetic sample so V8 optimises it before the user's first file: as
 * the two kinds of part a split file has (the first, bounded; a later one, skipping to its first
 * event), so the code paths of both are warm.
 */
function warmUp(port: MessagePort, events: number): void {
  try {
    // A small sample parsed again and again: V8 needs the calls, not the variety.
    const sample = warmUpSample(Math.min(events, WARM_UP_SAMPLE_EVENTS));
    const source = memorySource(sample);
    const half = sample.length >> 1;
    const base = { path: '(warm-up sample)', encoding: 'utf8' as const };
    for (let done = 0; done < events; done += WARM_UP_SAMPLE_EVENTS) {
      parseRange({ ...base, from: 0, to: half, skipLeading: false }, { onProgress() {} }, source);
      parseRange({ ...base, from: half, to: Infinity, skipLeading: true }, { onProgress() {} }, source);
    }
  } finally {
    port.postMessage({ type: 'warmed' } satisfies WorkerReply);
  }
}

settleBufferDetaching();
const port = parentPort;
if (port) port.on('message', (req: WorkerRequest) => ('type' in req ? warmUp(port, req.events) : parseRequest(port, req)));
