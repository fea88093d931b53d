/**
 * Change notifications for one path (a file or a folder): `fs.watch` where the platform gives it,
 * plus a poll as the fallback (network shares, files replaced by rename, platforms where fs.watch
 * misses events). Bursts of events are coalesced: `onChange` never runs while its previous run is
 * still going, runs once more after a run if changes came in during it, and leaves a pause after
 * each run of at least `minGapMs` and at least as long as the run took (a file growing faster than
 * it can be read gets half the thread, never all of it: requests are answered in between).
 */
import { watch, type FSWatcher } from 'node:fs';

export interface WatchOptions {
  /** Poll period (the fallback when no fs.watch event comes). */
  pollMs: number;
  /** Least pause between the end of one run of onChange and the start of the next. */
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
  /** When the last run ended, and how long it took. */
  let lastEnd = 0;
  let lastTook = 0;
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
    const began = Date.now();
    onChange()
      .catch((e: unknown) => console.error(`TraceLens: following ${path} failed`, e))
      .finally(() => {
        running = false;
        lastEnd = Date.now();
        lastTook = lastEnd - began;
        if (pending) kick();
      });
  };
  const kick = () => {
    if (closed || timer) return;
    timer = setTimeout(run, Math.max(0, lastEnd + Math.max(opts.minGapMs, lastTook) - Date.now()));
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
