/**
 * `TRACELENS_TRACE_STARTUP=1`: prints to stderr when each start-up step is reached, in ms since the
 * process started (process.uptime is process-wide, so worker threads' marks share the origin).
 * Shows how soon a one-shot CLI command starts parsing (the bench and the README quote it).
 */
const enabled = process.env.TRACELENS_TRACE_STARTUP === '1';

export function traceStartup(step: string): void {
  if (enabled) process.stderr.write(`tracelens: startup ${(process.uptime() * 1000).toFixed(1)} ms ${step}\n`);
}
