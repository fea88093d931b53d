/**
 * `TRACELENS_TRACE_STARTUP=1`: prints to stderr when each start-up step is reached, in ms since the
 * process started (process.uptime is process-wide, so worker threads' marks share the origin), and
 * the CPU time the process had used by then (all its threads). Shows how soon a one-shot CLI
 * command starts parsing (the bench and the README quote it); on a loaded machine the wall time
 * mostly measures waiting for a core, the CPU time what the start-up costs.
 */
const enabled = process.env.TRACELENS_TRACE_STARTUP === '1';

export function traceStartup(step: string): void {
  if (!enabled) return;
  const cpu = process.cpuUsage();
  process.stderr.write(`tracelens: startup ${(process.uptime() * 1000).toFixed(1)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms) ${step}\n`);
}
