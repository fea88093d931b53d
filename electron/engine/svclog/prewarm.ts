/**
 * Warms the svclog engine at start-up (see ../warm-up-file.ts): loads the synthetic trace of
 * warm-up.ts, forced through the parse workers as a large file would be, then indexes and
 * summarises it, until the parser and the index code are optimised.
 */
import { warmWithSample } from '../warm-up-file';
import { loadSvclog } from './index';
import { summarizeSvclog } from './queries/summary';
import { SvclogIndex } from './indexing/svclog-index';
import { WARM_UP_SAMPLE_EVENTS, warmUpSample } from './warm-up';

/** Enough events for V8 to optimise every hot function of the parser and the index. */
export const WARM_UP_EVENTS = 40_000;
const INDEX_PASSES = 5;

export function prewarmSvclogEngine(events = WARM_UP_EVENTS): Promise<void> {
  return warmWithSample('warm-up.svclog', warmUpSample(WARM_UP_SAMPLE_EVENTS), Math.ceil(events / WARM_UP_SAMPLE_EVENTS), async (path, size) => {
    const f = await loadSvclog({ path, size, fileId: 'warm-up', signal: new AbortController().signal, onProgress() {} }, { inThreadBelow: 0, splitAbove: 0 });
    // The index runs on the main thread, once per load: a few more passes (a few ms each) to warm it as much as the parser.
    for (let k = 0; k < INDEX_PASSES; k++) summarizeSvclog([f], new SvclogIndex([f]));
  });
}
