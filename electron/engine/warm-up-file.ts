/**
 * The app warms each engine at start-up by loading a synthetic file through the engine's real
 * path (workers, merge, index) until V8 has optimised that code, and keeps the parse workers (see
 * svclog/prewarm.ts, iis/prewarm.ts). This is the part they share: the temporary file, the
 * rounds, keeping the workers for a while, and never failing (warming only ever costs or saves time).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepIdleWorkersFor } from './worker-pool';

/** Warmed workers are kept this long without work (a triage session), then end and free their memory. */
const KEEP_WARM_MS = 10 * 60_000;

/** Writes `sample` to a temporary file named `name`, runs `round` on it `rounds` times, removes it. */
export async function warmWithSample(name: string, sample: Uint8Array, rounds: number, round: (path: string, size: number) => Promise<void>): Promise<void> {
  keepIdleWorkersFor(KEEP_WARM_MS);
  let dir: string | undefined;
  // The app may quit while it warms: the sample goes with it.
  const remove = () => dir && rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    dir = mkdtempSync(join(tmpdir(), 'tracelens-warm-up-'));
    const path = join(dir, name);
    writeFileSync(path, sample);
    for (let k = 0; k < rounds; k++) await round(path, sample.byteLength);
  } catch {
    // Best effort: the first real load warms the engine itself.
  } finally {
    process.off('exit', remove);
    remove();
  }
}
