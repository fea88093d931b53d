/** Parse workers are kept between loads (worker-pool.ts): reused ones give the same results, concurrent loads get their own. */
import { describe, expect, it } from 'vitest';
import { summarizeSvclog } from '../../../electron/engine/svclog';
import { fixture, load } from './helpers';

const WORKERS = { inThreadBelow: 0, splitAbove: 0, parts: 2, chunkBytes: 1 << 10 };

describe('parse worker pool', () => {
  it('gives the same results on consecutive and concurrent loads', async () => {
    const path = fixture('two-process-server.svclog');
    const first = summarizeSvclog([await load(path, WORKERS)]);
    for (let k = 0; k < 3; k++) expect(summarizeSvclog([await load(path, WORKERS)])).toEqual(first);
    const together = await Promise.all([load(path, WORKERS), load(fixture('utf16le.svclog'), WORKERS), load(path, WORKERS)]);
    expect(summarizeSvclog([together[0]])).toEqual(first);
    expect(summarizeSvclog([together[2]])).toEqual(first);
    expect(together[1].recordCount).toBe((await load(fixture('utf16le.svclog'))).recordCount);
  });
});
