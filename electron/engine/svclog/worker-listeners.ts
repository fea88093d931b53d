/** A parse worker's message, error and exit listeners, added together and removed together. */
import type { Worker } from 'node:worker_threads';
import type { WorkerReply } from './svclog.worker';

export interface WorkerListeners {
  message: (m: WorkerReply) => void;
  error: (e: Error) => void;
  exit: (code: number) => void;
}

/** Adds the listeners; returns what removes them (before the worker goes to its next owner). */
export function listenTo(w: Worker, on: WorkerListeners): () => void {
  w.on('message', on.message);
  w.on('error', on.error);
  w.on('exit', on.exit);
  return () => {
    w.off('message', on.message);
    w.off('error', on.error);
    w.off('exit', on.exit);
  };
}
