/**
 * Worker thread that reads one run of an EVTX file's chunks into columns, so the main thread stays
 * responsive and both cores read. Takes one request at a time (the worker is pooled, see
 * ../worker-pool.ts), posts progress, then the part, whose typed arrays are moved, not copied.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { partBuffers, type EvtxPart } from './columns';
import { parseEvtxRange } from './parse-file';

export interface EvtxParseRequest {
  path: string;
  size: number;
  /** The chunks from byte `from` up to `to`. */
  from: number;
  to: number;
  /** Build the records' summary lines too. */
  text?: boolean;
}
export type EvtxWorkerMessage =
  | { type: 'progress'; bytesRead: number; records: number }
  | { type: 'done'; part: EvtxPart }
  | { type: 'error'; message: string };

function run(port: MessagePort, req: EvtxParseRequest): void {
  const post = (m: EvtxWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
  try {
    const part = parseEvtxRange(req.path, { size: req.size, from: req.from, to: req.to, text: req.text, onProgress: (at, records) => post({ type: 'progress', bytesRead: at - req.from, records }) });
    post({ type: 'done', part }, partBuffers(part));
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

const port = parentPort;
if (port) port.on('message', (req: EvtxParseRequest) => run(port, req));
