/**
 * `TRACELENS_TRACE_CALLS=1`: what holds the main side's event loop, on stderr, one line each, in
 * wall-clock ms (performance.timeOrigin + now: the page's clock on the same machine reads the
 * same), so a bench can put a slow answer beside what ran meanwhile:
 *   span <name> at <epoch ms> took <ms>
 * Off (the default) it costs one branch per span.
 */
export const tracing = process.env.TRACELENS_TRACE_CALLS === '1';

/** Wall-clock ms with sub-ms precision. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** Runs `fn` and, when tracing, logs how long it held the thread. */
export function traced<T>(name: string, fn: () => T): T {
  if (!tracing) return fn();
  const at = epochMs();
  try {
    return fn();
  } finally {
    process.stderr.write(`span ${name} at ${at.toFixed(1)} took ${(epochMs() - at).toFixed(1)}\n`);
  }
}

// Garbage collections hold the thread too: logged as spans when tracing.
if (tracing) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) process.stderr.write(`span gc at ${(performance.timeOrigin + e.startTime).toFixed(1)} took ${e.duration.toFixed(1)}\n`);
  }).observe({ entryTypes: ['gc'] });
}
