/**
 * A large trace's parse started before the code that loads it (the CLI's one-shot commands, see
 * ../../cli/early-parse-start.ts): the parse workers start and read at once, while the process
 * still loads the command line parser and the command's bundle; the load (load.ts) then takes the
 * running workers over, with the replies they sent meanwhile, when it asks for exactly the parts
 * that were started. Anything else (another cut, a file that changed, a worker that failed) and the
 * early workers are ended and the load starts its own.
 *
 * The registry lives on globalThis: the CLI's entry and its command bundles are separate bundles,
 * each with its own copy of this module.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { decode, detectBom } from '../encoding';
import { workerResourceLimits, workerScript } from '../worker-script';
import type { ParseRequest } from './extraction/parse';
import { IN_THREAD_BELOW, planParts, workerRequests } from './load-plan';
import { looksLikeSvclog } from './sniff';
import type { WorkerReply } from './svclog.worker';
import { listenTo } from './worker-listeners';

const HEAD_BYTES = 4096;

interface EarlyParse {
  path: string;
  size: number;
  /** The requests posted, as load.ts posts them (workerRequests). */
  requests: ParseRequest[];
  workers: Worker[];
  /** Per worker, what it sent before the load took it over. */
  replies: WorkerReply[][];
  /** A worker failed or stopped: the parse is not taken over. */
  failed: boolean;
  unlisten: () => void;
}

/** Workers and their replies so far, for the load that takes the parse over. */
export interface ClaimedParse {
  workers: Worker[];
  replies: WorkerReply[][];
}

const REGISTRY = Symbol.for('tracelens.svclog.earlyParses');

function registry(): EarlyParse[] {
  const g = globalThis as { [REGISTRY]?: EarlyParse[] };
  return (g[REGISTRY] ??= []);
}

function readHeadSync(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Starts the parse of the file at `path` (absolute) when it is an svclog trace that a load would
 * parse in workers (at least IN_THREAD_BELOW bytes, at most `maxBytes`), cut as the load cuts it
 * by default; returns the number of workers started (0: none). Throws when the file cannot be read.
 */
export function startEarlyParseOf(path: string, maxBytes: number): number {
  const st = statSync(path);
  if (!st.isFile() || st.size < IN_THREAD_BELOW || st.size > maxBytes) return 0;
  const head = readHeadSync(path);
  const bom = detectBom(head);
  const text = decode(head.subarray(bom.length, bom.encoding === 'utf8' ? head.length : bom.length + ((head.length - bom.length) & ~1)), bom.encoding);
  if (!looksLikeSvclog(text)) return 0;
  const requests = workerRequests(planParts(st.size, bom.encoding, bom.length, path, {}));
  startEarlyParse(path, st.size, requests, workerScript(new URL('./svclog.worker.ts', import.meta.url)), workerResourceLimits());
  return requests.length;
}

/** Starts parsing `requests` of the file at `path` (absolute) of `size` bytes in new workers. */
function startEarlyParse(path: string, size: number, requests: ParseRequest[], script: string, limits: ResourceLimits | undefined): void {
  const workers = requests.map(() => new Worker(script, { resourceLimits: limits }));
  const offs: (() => void)[] = [];
  const entry: EarlyParse = { path, size, requests, workers, replies: requests.map(() => []), failed: false, unlisten: () => offs.forEach((off) => off()) };
  workers.forEach((w, k) => {
    const onMessage = (m: WorkerReply) => {
      entry.replies[k].push(m);
      if (m.type === 'error') entry.failed = true;
    };
    const onFail = () => {
      entry.failed = true;
    };
    offs.push(listenTo(w, { message: onMessage, error: onFail, exit: onFail }));
    // Until a load takes it over, a worker does not keep the process alive.
    w.unref();
    w.postMessage(requests[k]);
  });
  registry().push(entry);
}

/**
 * The early parse of this file when it was started with exactly these requests (the caller then
 * owns the workers: it listens to them and replays `replies` first), else null (any early parse of
 * the file is ended).
 */
export function claimEarlyParse(path: string, size: number, requests: readonly ParseRequest[]): ClaimedParse | null {
  const list = registry();
  const k = list.findIndex((e) => e.path === path);
  if (k < 0) return null;
  const [e] = list.splice(k, 1);
  e.unlisten();
  if (e.failed || e.size !== size || JSON.stringify(e.requests) !== JSON.stringify(requests)) {
    for (const w of e.workers) void w.terminate();
    return null;
  }
  for (const w of e.workers) w.ref();
  return { workers: e.workers, replies: e.replies };
}

/** Ends the early parses no load took over (the command loaded other files, or refused this one). */
export function endEarlyParses(): Promise<void> {
  const list = registry().splice(0);
  return Promise.all(
    list.flatMap((e) => {
      e.unlisten();
      return e.workers.map((w) => w.terminate());
    }),
  ).then(() => undefined);
}

/** Early parses not taken over yet (tests). */
export function pendingEarlyParses(): number {
  return registry().length;
}
