/**
 * Which contract call runs first. The views' calls (a page of a list, a count, one record's
 * detail) answer what the user looks at; a few calls build whole-file aggregates on the main
 * thread (the clock-skew report, the machines, the filter bar's options) and hold the event loop
 * for as long as that takes — hundreds of ms while a large file loads. Those wait here until no
 * view call is waiting or running, so the first page of a list never queues behind them. A
 * renderer sends them together when the files change: the aggregates start after a short grace
 * (the page request is sent from the same refresh, a little later), and never wait longer than
 * `maxWaitMs` behind a stream of view calls.
 */
import type { Channel } from '../../shared/contract';

/** Calls that build or scan whole-file aggregates; every other call is a view's. */
export const AGGREGATE_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['skew.report', 'machines.list', 'svclog.filterOptions']);

export interface CallOrderOptions {
  /** Quiet time (no view call arrived) before an aggregate starts. */
  graceMs?: number;
  /** Longest wait of an aggregate behind view calls. */
  maxWaitMs?: number;
}

export interface CallOrder {
  /** Runs `call` now (a view's) or once the view calls are done (an aggregate's). */
  run<T>(channel: unknown, call: () => Promise<T>): Promise<T>;
}

/** One order per client (a socket, a window): one client's aggregates never wait for another's pages. */
export function createCallOrder(opts: CallOrderOptions = {}): CallOrder {
  const graceMs = opts.graceMs ?? 30;
  const maxWaitMs = opts.maxWaitMs ?? 2000;
  let running = 0;
  let lastViewAt = 0;
  const waiting: { since: number; start: () => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(drain, Math.max(1, ms));
  };

  const drain = () => {
    timer = undefined;
    if (waiting.length === 0) return;
    const now = Date.now();
    const quietFor = now - lastViewAt;
    const overdue = now - waiting[0].since >= maxWaitMs;
    if ((running === 0 && quietFor >= graceMs) || overdue) {
      // Every aggregate waiting starts: they are few, and each yields only when it is done.
      for (const w of waiting.splice(0)) w.start();
      return;
    }
    // Running view calls call drain when they end; the timer covers the grace and the longest wait.
    schedule(running === 0 ? graceMs - quietFor : maxWaitMs - (now - waiting[0].since));
  };

  return {
    run<T>(channel: unknown, call: () => Promise<T>): Promise<T> {
      if (!AGGREGATE_CHANNELS.has(channel as Channel)) {
        running++;
        lastViewAt = Date.now();
        return call().finally(() => {
          running--;
          if (running === 0 && waiting.length) schedule(graceMs);
        });
      }
      return new Promise<T>((resolve, reject) => {
        waiting.push({ since: Date.now(), start: () => call().then(resolve, reject) });
        if (!timer) schedule(graceMs);
      });
    },
  };
}
