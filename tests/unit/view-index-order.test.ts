/**
 * The STV views' time order (ViewIndex.order): a file already in time order skips the sort; the
 * order must still be exactly what sorting by (time, 100 ns tick, event) gives, for files in
 * order, files out of order, and several files together.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSvclog } from '../../electron/engine/svclog';
import type { SvclogFile } from '../../electron/engine/svclog/file';
import { ViewIndex } from '../../electron/services/svclog-views/view-index';

const SAMPLES = resolve(__dirname, '../../assets/samples');
const dir = mkdtempSync(join(tmpdir(), 'tl-view-order-'));

function load(path: string, fileId: string): Promise<SvclogFile> {
  return loadSvclog({ path, size: statSync(path).size, fileId, signal: new AbortController().signal, onProgress() {} });
}

/** The order a comparator sort gives (the definition the fast path must match). */
function sortedOrder(v: ViewIndex): number[] {
  const t = v.timeUs;
  const tick = v.tick;
  return Array.from({ length: v.total }, (_, g) => g).sort((a, b) => t[a] - t[b] || tick[a] - tick[b] || a - b);
}

/** A copy of a sample with its events in reverse order (events are one per line in the samples). */
function reversed(name: string): string {
  const lines = readFileSync(join(SAMPLES, name), 'utf8').split(/\r?\n/).filter((l) => l.includes('<E2ETraceEvent'));
  const path = join(dir, `reversed-${name}`);
  writeFileSync(path, lines.reverse().join('\r\n'));
  return path;
}

describe('ViewIndex time order', () => {
  it('matches a full sort for a file in order, one out of order, and both together', async () => {
    const inOrder = await load(join(SAMPLES, 'app01_orderservice.svclog'), 'a');
    const outOfOrder = await load(reversed('web01_orderportal.svclog'), 'b');
    const other = await load(join(SAMPLES, 'web01_orderportal.svclog'), 'c');
    expect(outOfOrder.recordCount).toBeGreaterThan(100);
    // Two files in order on two computers: with offsets, their runs are merged.
    const cases = [[inOrder], [outOfOrder], [inOrder, outOfOrder], [inOrder, other]];
    // Clock offsets move one computer's events past the other's (merged by runs, or sorted).
    const offsets = [new Map<string, number>(), new Map([['WEB01', 2_500_000], ['APP01', -1_700_000]]), new Map([['APP01', 40_000_000]])];
    for (const files of cases) {
      const v = new ViewIndex(files, 1);
      for (const o of offsets) {
        v.applyOffsets(o);
        expect([...v.order]).toEqual(sortedOrder(v));
        for (let r = 0; r < v.total; r++) expect(v.rank[v.order[r]]).toBe(r);
      }
    }
    // The sample in order takes the fast path: its order is the identity.
    const single = new ViewIndex([inOrder], 1);
    expect([...single.order]).toEqual(Array.from({ length: single.total }, (_, g) => g));
  });
});
