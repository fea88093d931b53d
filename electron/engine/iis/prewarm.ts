/**
 * Warms the IIS engine at start-up (see ../warm-up-file.ts): indexes the synthetic W3C log of
 * warm-up.ts split across the parse workers, as a large log would be, merges and summarises it,
 * until the scanner and the merge are optimised.
 */
import { warmWithSample } from '../warm-up-file';
import { loadIisFile } from './index';
import { summarizeFiles } from './summary';
import { IIS_WARM_UP_SAMPLE_ROWS, iisWarmUpSample } from './warm-up';

/** Enough rows for V8 to optimise the scanner's hot functions in every worker. */
export const IIS_WARM_UP_ROWS = 60_000;

export function prewarmIisEngine(rows = IIS_WARM_UP_ROWS): Promise<void> {
  return warmWithSample('u_ex_warm_up.log', iisWarmUpSample(IIS_WARM_UP_SAMPLE_ROWS), Math.ceil(rows / IIS_WARM_UP_SAMPLE_ROWS), async (path, size) => {
    const f = await loadIisFile('iis-w3c', { path, size, fileId: 'warm-up', signal: new AbortController().signal, onProgress() {} }, { inlineMaxBytes: 0, minRangeBytes: 1 });
    summarizeFiles([f]);
  });
}
