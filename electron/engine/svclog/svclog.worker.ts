/**
 * Worker thread: parses byte ranges of svclog files, one request at a time (the worker is kept
 * for later loads, see ../worker-pool.ts), and sends each part back (its columns are shared
 * memory, see columns.ts); the first part also sends early batches of rows when asked to.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { parseRange, type ParsePart, type ParseRequest } from './extraction/parse';
import { BatchCutter, type PartialBatch } from './extraction/partial';

export type WorkerReply =
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
            if (batch) port.postMessage({ type: 'partial', batch } satisfies WorkerReply);
          }
        : undefined,
    });
    port.postMessage({ type: 'done', part } satisfies WorkerReply);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}

const port = parentPort;
if (port) port.on('message', (req: ParseRequest) => parseRequest(port, req));
