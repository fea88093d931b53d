/**
 * Parse workers kept between loads. The app opens many files, and every new worker pays its
 * start-up (tens of ms) and the warm-up of the parser's code (the first tens of thousands of
 * events run before the code is optimised) again; a worker that parsed a file before parses the
 * next one at full speed. Idle workers are unref'd, so they never keep a process (the CLI, a test
 * run) alive, and they end after a while without work, which frees their memory. Any engine can
 * use it: a worker is only handed out again for the same script and resource limits.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** An idle worker ends after this long (the app keeps its warmed workers longer: see keepIdleWorkersFor). */
let idleMs = 20_000;

/**
 * Idle workers stay this long from now on. The app warms its workers at start-up
 * (../warm-up-file.ts) and keeps them through a triage session; they still end when the app sits
 * unused, which gives their memory back (about 40 MB each).
 */
export function keepIdleWorkersFor(ms: number): void {
  idleMs = Math.max(idleMs, ms);
}

interface IdleWorker {
  worker: Worker;
  /** Ends the worker after idleMs. */
  timer: NodeJS.Timeout;
}

/** Idle workers by script and resource limits (a worker is only reused with the options it was made with). */
const idle = new Map<string, IdleWorker[]>();
const keyOf = new WeakMap<Worker, string>();

function poolKey(script: string, limits: ResourceLimits | undefined): string {
  return `${script}\n${JSON.stringify(limits ?? null)}`;
}

/** An idle worker running `script`, or a new one. Give it back with `releaseWorker` or end it. */
export function takeWorker(script: string, limits: ResourceLimits | undefined): Worker {
  const key = poolKey(script, limits);
  const entry = idle.get(key)?.pop();
  if (entry) {
    clearTimeout(entry.timer);
    entry.worker.ref();
    return entry.worker;
  }
  const worker = new Worker(script, { resourceLimits: limits });
  keyOf.set(worker, key);
  // A worker that ends (idle timeout, crash) leaves the pool.
  worker.on('exit', () => drop(key, worker));
  // The pool owns the worker for its whole life: an error after its caller stopped listening (its
  // file already failed, e.g. out of memory in another part) must not crash the process.
  worker.on('error', () => undefined);
  return worker;
}

/** Returns a worker that finished its request (and has no listeners of the caller left) to the pool. */
export function releaseWorker(worker: Worker): void {
  const key = keyOf.get(worker);
  const list = key === undefined ? undefined : (idle.get(key) ?? []);
  if (key === undefined || !list || list.length >= availableParallelism()) {
    void worker.terminate();
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    drop(key, worker);
    void worker.terminate();
  }, idleMs);
  timer.unref();
  list.push({ worker, timer });
  idle.set(key, list);
}

function drop(key: string, worker: Worker): void {
  const list = idle.get(key);
  const k = list?.findIndex((e) => e.worker === worker) ?? -1;
  if (list && k >= 0) {
    clearTimeout(list[k].timer);
    list.splice(k, 1);
  }
}

/**
 * Ends every idle worker now. A one-shot command (the CLI) calls it once its files are loaded: the
 * workers' heaps and parser memory (about 100 MB each for a large trace) would otherwise stay
 * resident, beside the index, until their idle timeout.
 */
export function endIdleWorkers(): Promise<void> {
  const ending: Promise<number>[] = [];
  for (const [key, list] of idle) {
    for (const { worker, timer } of list) {
      clearTimeout(timer);
      ending.push(worker.terminate());
    }
    idle.delete(key);
  }
  return Promise.all(ending).then(() => undefined);
}

/** Idle workers in the pool (tests check that warmed workers are kept). */
export function idleWorkerCount(): number {
  let n = 0;
  for (const list of idle.values()) n += list.length;
  return n;
}

/** What a caller of `runPooled` makes of a worker's message: the answer, a failure, or keep listening (undefined). */
export type PooledReply<R> = { done: R } | { fail: Error } | undefined;

/**
 * Runs one request in a pooled worker. A worker that answered goes back to the pool; one that
 * reported a failure, was aborted, threw or died is ended.
 */
export function runPooled<M, R>(
  script: string,
  limits: ResourceLimits | undefined,
  request: unknown,
  signal: AbortSignal,
  onMessage: (m: M) => PooledReply<R>,
  aborted: () => Error,
  transfer?: ArrayBuffer[],
): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = takeWorker(script, limits);
    let settled = false;
    const finish = (answered: boolean, fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      worker.off('message', onMsg);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (answered) releaseWorker(worker);
      else void worker.terminate();
      fn();
    };
    const onAbort = () => finish(false, () => reject(aborted()));
    const onMsg = (m: M) => {
      const r = onMessage(m);
      if (!r) return;
      if ('done' in r) finish(true, () => resolve(r.done));
      else finish(false, () => reject(r.fail));
    };
    const onError = (e: Error) => finish(false, () => reject(e));
    const onExit = (code: number) => finish(false, () => reject(new Error(`The parse worker stopped (exit code ${code}).`)));
    if (signal.aborted) return finish(false, () => reject(aborted()));
    signal.addEventListener('abort', onAbort);
    worker.on('message', onMsg);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request, transfer);
  });
}
