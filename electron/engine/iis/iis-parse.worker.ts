/**
 * Worker thread that indexes an IIS-family log, or one byte range of it, so the main thread stays
 * responsive and big files use every core. Takes one request at a time (the worker is kept for
 * later loads, see ../worker-pool.ts), posts progress, then the columns. Split files' columns are
 * shared memory; the rest (dictionaries, a single range's columns) is copied, not transferred:
 * detaching a buffer would make V8 guard every typed-array access of the scanner from then on,
 * which measured a quarter slower (4.2 → 5.3 s of CPU per GB) than copying.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { findPrelude, parseIisRange } from './parse-file';
import type { ParseRequest, WorkerMessage } from './parse-protocol';

function run(port: MessagePort, req: ParseRequest): void {
  const post = (m: WorkerMessage) => port.postMessage(m);
  try {
    let prelude: string[] | undefined;
    if (req.start > 0) {
      const found = findPrelude(req.path, req.start);
      // Rows whose date comes from #Date (time-only logs) need the rows before them to roll over midnight.
      const fields = found?.at(-1)?.toLowerCase().split(/\s+/) ?? [];
      if (!found || !(fields.includes('date') || fields.includes('date-local'))) return post({ type: 'nosplit' });
      prelude = found;
    }
    const { data, lines, dicts, stats } = parseIisRange(req.path, req.format, {
      size: req.size,
      start: req.start,
      end: req.end,
      prelude,
      fields: req.fields,
      region: req.region,
      // Ranges are merged: dictionaries go as bytes, decoded once after the merge.
      rawDicts: req.region !== undefined,
      onProgress: (bytesRead, rows) => post({ type: 'progress', bytesRead, rows }),
    });
    post({ type: 'done', data, lines, dicts, stats });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

const port = parentPort;
if (port) port.on('message', (req: ParseRequest) => run(port, req));
