/**
 * The start-up warm-up of the IIS engine (prewarm.ts, warm-up.ts): the synthetic log is a clean
 * W3C log, indexing it split across the workers gives what the in-thread parse gives, and the
 * warmed workers stay in the pool.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIisFile } from '../../../electron/engine/iis';
import { prewarmIisEngine } from '../../../electron/engine/iis/prewarm';
import { summarizeFiles } from '../../../electron/engine/iis/summary';
import { iisWarmUpSample } from '../../../electron/engine/iis/warm-up';
import { idleWorkerCount } from '../../../electron/engine/worker-pool';
import { availableParallelism } from 'node:os';

const dir = mkdtempSync(join(tmpdir(), 'tl-iis-warm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = (path: string, size: number) => ({ path, size, fileId: 'w', signal: new AbortController().signal, onProgress() {} });

describe('IIS warm-up', () => {
  it('makes a clean W3C log that the workers index as the calling thread does', async () => {
    const sample = iisWarmUpSample(4_000);
    const path = join(dir, 'u_ex_warm.log');
    writeFileSync(path, sample);
    const inThread = await loadIisFile('iis-w3c', ctx(path, sample.length));
    const split = await loadIisFile('iis-w3c', ctx(path, sample.length), { inlineMaxBytes: 0, minRangeBytes: 1 });
    expect(inThread.problems).toEqual([]);
    const s = summarizeFiles([inThread]).iis!;
    expect(s.requests).toBe(4_000);
    expect(s.byStatus).toMatchObject({ '200': 1_000, '503.2': 500, '500.19': 500, '404': 500 });
    expect(s.servers).toEqual(['WEB00', 'WEB01', 'WEB02']);
    expect(summarizeFiles([split])).toEqual(summarizeFiles([inThread]));
  });

  it('keeps the warmed workers in the pool', async () => {
    await prewarmIisEngine(10_000);
    expect(idleWorkerCount()).toBe(Math.min(availableParallelism(), 4));
  });
});
