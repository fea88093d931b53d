/**
 * Warms the svclog parse workers when the app starts: starts as many as a large file uses, runs
 * each over the synthetic sample (warm-up.ts) and leaves them idle in the pool, kept for the
 * app's lifetime. The user's first file then skips the worker start-up and the parser's slow,
 * unoptimised first tens of thousands of events.
 */
import type { Worker } from 'node:worker_threads';
import { workerResourceLimits } from '../worker-script';
import { defaultParts, svclogWorkerScript } from './load';
import type { WorkerReply } from './svclog.worker';
import { keepIdleWorkers, releaseWorker, takeWorker } from '../worker-pool';

/** Enough events for V8 to optimise every hot function of the parser (about 40 MB of XML). */
export const WARM_UP_EVENTS = 40_000;

function warmOne(worker: Worker, events: number): Promise<void> {
  return new Promise((resolve) => {
    const finish = (keep: boolean) => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      if (keep) releaseWorker(worker);
      resolve();
    };
    const onMessage = (m: WorkerReply) => m.type === 'warmed' && finish(true);
    // A worker that died warming is simply not kept; loads start new ones.
    const onExit = () => finish(false);
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.postMessage({ type: 'warm-up', events });
  });
}

/** Resolves when every worker has run the sample (or died trying); never rejects. */
export async function prewarmSvclogWorkers(events = WARM_UP_EVENTS): Promise<void> {
  keepIdleWorkers();
  const script = svclogWorkerScript();
  const limits = workerResourceLimits();
  const workers = Array.from({ length: defaultParts() }, () => takeWorker(script, limits));
  await Promise.all(workers.map((w) => warmOne(w, events)));
}
