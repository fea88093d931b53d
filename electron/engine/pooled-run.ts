/**
 * One request to a pooled parse worker (see worker-pool.ts), settled by the engine's own message
 * protocol. A worker that answered goes back to the pool; one that failed, was cancelled or died
 * is ended, so a stuck or broken parser never serves the next file.
 */
import { LoadCancelled } from './types';
import { releaseWorker, takeWorker } from './worker-pool';
import { workerResourceLimits } from './worker-script';

export type Settle<T> = (answered: boolean, outcome: { value: T } | { error: Error }) => void;

export function runInPooledWorker<M, T>(script: string, request: unknown, signal: AbortSignal, onMessage: (m: M, settle: Settle<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = takeWorker(script, workerResourceLimits());
    let settled = false;
    const settle: Settle<T> = (answered, outcome) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      worker.off('message', onWorkerMessage).off('error', onError).off('exit', onExit);
      if (answered) releaseWorker(worker);
      else void worker.terminate();
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    };
    const onAbort = () => settle(false, { error: new LoadCancelled() });
    const onWorkerMessage = (m: M) => onMessage(m, settle);
    const onError = (e: Error) => settle(false, { error: e });
    const onExit = (code: number) => settle(false, { error: new Error(`The parse worker stopped (exit code ${code}).`) });
    signal.addEventListener('abort', onAbort);
    worker.on('message', onWorkerMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(request);
  });
}
