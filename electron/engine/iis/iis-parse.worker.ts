/**
 * Worker thread that indexes one IIS-family log (or a byte range of it) so the main thread stays
 * responsive. Posts progress messages, then the columns with their buffers transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseIisFile } from './parse-file';
import { transferList, type ParseRequest, type WorkerMessage } from './parse-protocol';

const req = workerData as ParseRequest;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);
try {
  const data = parseIisFile(req.path, req.format, {
    size: req.size,
    onProgress: (bytesRead, rows) => post({ type: 'progress', bytesRead, rows }),
  });
  post({ type: 'done', data }, transferList(data));
} catch (e) {
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
