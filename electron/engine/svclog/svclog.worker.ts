/**
 * Worker thread: parses byte ranges of svclog files, one request at a time (the worker is kept
 * for later loads, see ../worker-pool.ts), and sends each part back (its columns are shared
 * memory, see columns.ts); the first part also sends early batches of rows when asked to. When a
 * file was split, the loader then sends each worker where its rows go in the merged tables, and
 * the worker copies them there (remapping string ids), in parallel with the other parts; once the
 * loader has joined the parts' groupings, it sends each worker the small tables with which the
 * worker renumbers its own events' activities and processes (part-groups.ts).
 */
import { existsSync } from 'node:fs';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { placePart, type PlaceOrder } from './extraction/data';
import { parseRange, type ParsePart, type ParseRequest } from './extraction/parse';
import { BatchCutter, type PartialBatch } from './extraction/partial';
import { groupPart, renumberPart, type PartGroups, type RenumberOrder } from './indexing/part-groups';

export type WorkerReply =
  | { type: 'progress'; bytesRead: number; records: number }
  | { type: 'partial'; batch: PartialBatch }
  | { type: 'done'; part: ParsePart }
  | { type: 'placed' }
  | { type: 'renumbered' }
  | { type: 'error'; message: string };

/** A byte range to parse, where to copy the part parsed last (see data.ts), or how to renumber its events. */
export type WorkerRequest = ParseRequest | { type: 'place'; order: PlaceOrder } | { type: 'renumber'; order: RenumberOrder };

/**
 * Test hook (end-to-end tests only): after its first early batch, the part waits until this file
 * exists (at most ten minutes), so a test sees a load's first rows before it ends on any machine.
 */
const HOLD_UNTIL = process.env.TRACELENS_TEST_HOLD_LOAD_UNTIL;
function hold(): void {
  const end = Date.now() + 600_000;
  while (HOLD_UNTIL && !existsSync(HOLD_UNTIL) && Date.now() < end) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/** The part this worker parsed last, kept until the loader has it placed. */
let lastPart: ParsePart | null = null;
/** Its grouping, kept until the loader has it renumbered (the join runs while the part is placed). */
let lastGroups: PartGroups | null = null;

function parseRequest(port: MessagePort, req: ParseRequest): void {
  lastGroups = null;
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
            if (!batch) return;
            port.postMessage({ type: 'partial', batch } satisfies WorkerReply);
            if (HOLD_UNTIL) hold();
          }
        : undefined,
    });
    // A split file's part is also grouped here, in parallel with the others (part-groups.ts).
    if (req.keepForPlacing) part.groups = groupPart(part);
    lastPart = req.keepForPlacing ? part : null;
    lastGroups = part.groups ?? null;
    port.postMessage({ type: 'done', part } satisfies WorkerReply);
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}

/** Runs one step on the part kept last and answers with its reply, or with the error it threw. */
function answer(port: MessagePort, step: () => WorkerReply): void {
  try {
    port.postMessage(step());
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
}

function placeRequest(port: MessagePort, order: PlaceOrder): void {
  const part = lastPart;
  lastPart = null;
  answer(port, () => {
    if (!part) throw new Error('The parser worker was asked to place a part it does not hold.');
    placePart(part, order);
    return { type: 'placed' };
  });
}

function renumberRequest(port: MessagePort, order: RenumberOrder): void {
  const groups = lastGroups;
  lastGroups = null;
  answer(port, () => {
    if (!groups) throw new Error('The parser worker was asked to renumber a part it does not hold.');
    renumberPart(groups, order);
    return { type: 'renumbered' };
  });
}

const port = parentPort;
if (port)
  port.on('message', (req: WorkerRequest) => {
    if (!('type' in req)) parseRequest(port, req);
    else if (req.type === 'place') placeRequest(port, req.order);
    else renumberRequest(port, req.order);
  });
