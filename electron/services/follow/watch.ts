/**
 * Change notifications for one path (a file or a folder): `fs.watch` where the platform gives it,
 * plus a poll as the fallback (network shares, files replaced by rename, platforms where fs.watch
 * misses events). Bursts of events are coalesced: `onChange` runs at most every `minGapMs`, never
 * while its previous run is still going, and once more after a run if changes came in during it.
 */
import { watch, type FSWatcher } from 'node:fs';

export interface WatchOptions {
  /** Poll period (the fallback when no fs.watch event comes). */
  pollMs: number;
  /** Least time between two runs of onChange. */
  minGapMs: number;
}

export interface Watch {
  /** Asks for a run now (coalesced like any other change). */
  kick(): void;
  close(): void;
}

export function watchPath(path: string, onChange: () => Promise<void>, opts: WatchOptions): Watch {
  let closed = false;
  let running = false;
  let pending = false;
  let lastRun = 0;
  let timer: NodeJS.Timeout | undefined;

  const run = () => {
    timer = undefined;
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    running = true;
    pending = false;
    lastRun = Date.now();
    onChange()
      .catch((e: unknown) => console.error(`TraceLens: following ${path} failed`, e))
      .finally(() => {
        running = false;
        if (pending) kick();
      });
  };
  const kick = () => {
    if (closed || timer) return;
    timer = setTimeout(run, Math.max(0, lastRun + opts.minGapMs - Date.now()));
    timer.unref();
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path, { persistent: false }, () => kick());
    watcher.on('error', () => {
      // The path went away or the platform gave up: the poll goes on.
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined;
  }
  const poll = setInterval(kick, opts.pollMs);
  poll.unref();
  return {
    kick,
    close() {
      closed = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
