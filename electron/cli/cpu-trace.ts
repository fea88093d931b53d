/**
 * `TRACELENS_TRACE_STARTUP=1`: at exit, prints the CPU time of the main thread beside the whole
 * process's (all threads, parse workers included), so the bench shows how much of a load is still
 * serial on the main thread. The main thread's own time comes from Linux's per-thread schedstat;
 * elsewhere nothing is printed.
 */
import { readFileSync } from 'node:fs';

export function mainThreadCpuMs(): number | undefined {
  try {
    const ns = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

export function traceCpuAtExit(): void {
  if (process.env.TRACELENS_TRACE_STARTUP !== '1') return;
  process.once('exit', () => {
    const main = mainThreadCpuMs();
    if (main === undefined) return;
    const all = process.cpuUsage();
    process.stderr.write(`tracelens: cpu at exit: main thread ${main.toFixed(0)} ms of ${((all.user + all.system) / 1000).toFixed(0)} ms (all threads)\n`);
  });
}
