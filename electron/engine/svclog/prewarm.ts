/**
 * Warms the svclog engine when the app starts: loads a synthetic trace (warm-up.ts), written to a
 * temporary file, through the same path a user's file takes (split across the parse workers,
 * merged, indexed, summarised) until V8 has optimised that code, and keeps the workers for the
 * app's lifetime. The user's first file then skips the workers' start-up and the slow,
 * unoptimised first tens of thousands of events, on the workers and on the main thread.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepIdleWorkers } from '../worker-pool';
import { loadSvclog } from './index';
import { summarizeSvclog } from './summary';
import { SvclogIndex } from './svclog-index';
import { WARM_UP_SAMPLE_EVENTS, warmUpSample } from './warm-up';

/** Enough events for V8 to optimise every hot function of the parser and the index. */
export const WARM_UP_EVENTS = 40_000;

/** Resolves when warm; never rejects (warming is an optimisation, a failure only costs speed). */
export async function prewarmSvclogWorkers(events = WARM_UP_EVENTS): Promise<void> {
  keepIdleWorkers();
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'tracelens-warm-up-'));
    const path = join(dir, 'warm-up.svclog');
    writeFileSync(path, warmUpSample(WARM_UP_SAMPLE_EVENTS));
    const size = statSync(path).size;
    // The sample is small: forced through the workers, as a large file would be.
    for (let done = 0; done < events; done += WARM_UP_SAMPLE_EVENTS) {
      const f = await loadSvclog({ path, size, fileId: 'warm-up', signal: new AbortController().signal, onProgress() {} }, { inThreadBelow: 0, splitAbove: 0 });
      summarizeSvclog([f], new SvclogIndex([f]));
    }
  } catch {
    // Best effort: the first real load warms the engine itself.
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
