/**
 * Worker thread that reads one EVTX file into columns, so the main thread stays responsive. Takes
 * one request at a time (the worker is pooled, see ../worker-pool.ts), posts progress, then the
 * columns (copied: they are read once and kept).
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { parseEvtxFile, type EvtxData } from './parse-file';

export interface EvtxParseRequest {
  path: string;
  size: number;
}
export type EvtxWorkerMessage =
  | { type: 'progress'; bytesRead: number; records: number }
  | { type: 'done'; data: EvtxData }
  | { type: 'error'; message: string };

function run(port: MessagePort, req: EvtxParseRequest): void {
  const post = (m: EvtxWorkerMessage) => port.postMessage(m);
  try {
    const data = parseEvtxFile(req.path, { size: req.size, onProgress: (bytesRead, records) => post({ type: 'progress', bytesRead, records }) });
    post({ type: 'done', data });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

const port = parentPort;
if (port) port.on('message', (req: EvtxParseRequest) => run(port, req));
