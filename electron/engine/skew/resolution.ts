/**
 * A computer's timestamp resolution, read off its own timestamps. Older Windows clocks tick every
 * 15.625 ms, so every timestamp of such a host falls on a few phases of that period; a fine clock
 * spreads them over the whole period. The solver widens each bound by both ends' resolution.
 */
export const COARSE_TICK_US = 15_625;
export const FINE_RESOLUTION_US = 1;

/** Resolution in µs from a host's timestamps (µs since epoch; sub-µs parts ignored). */
export function detectResolutionUs(timesUs: Iterable<number>): number {
  const phases = new Map<number, number>();
  let n = 0;
  for (const t of timesUs) {
    // Bucket the phase to 100 µs: rounding in the written timestamps must not split a phase.
    const phase = Math.round((((t % COARSE_TICK_US) + COARSE_TICK_US) % COARSE_TICK_US) / 100);
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
    n++;
  }
  if (n < 20) return FINE_RESOLUTION_US;
  const top = [...phases.values()].sort((a, b) => b - a);
  const inTopTwo = (top[0] ?? 0) + (top[1] ?? 0);
  return inTopTwo >= 0.9 * n ? COARSE_TICK_US : FINE_RESOLUTION_US;
}
