/** Worker thread: parses one byte range of an svclog file and sends the part back, buffers transferred. */
import { parentPort, workerData } from 'node:worker_threads';
import { buffersOf } from './columns';
import { parseRange, type ParseRequest } from './parse';

export type WorkerReply =
  | { type: 'progress'; bytesRead: number; records: number }
  | { type: 'done'; part: import('./parse').ParsePart }
  | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  try {
    let last = 0;
    const part = parseRange(workerData as ParseRequest, {
      onProgress(bytesRead, records) {
        const now = Date.now();
        if (now - last < 50) return;
        last = now;
        port.postMessage({ type: 'progress', bytesRead, records } satisfies WorkerReply);
      },
    });
    port.postMessage({ type: 'done', part } satisfies WorkerReply, [...buffersOf(part.events), ...buffersOf(part.messages)]);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}
