/**
 * A split file's merge reuses the first part's tables when they have room for every row (data.ts),
 * and copies into new tables when they do not: both give exactly the columns of a one-part parse.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BENCH_GEN_DIR, describeBenchGen } from '../../support/corpus';
import { EVENT_SPEC, MESSAGE_SPEC, roomOf, type Columns, type TableSpec } from '../../../electron/engine/svclog/extraction/columns';
import { mergeParts, type SvclogData } from '../../../electron/engine/svclog/extraction/data';
import { parseRange } from '../../../electron/engine/svclog/extraction/parse';
import { planParts } from '../../../electron/engine/svclog/load';

function columns<S extends TableSpec>(spec: S, cols: Columns<S>, n: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const k of Object.keys(spec)) out[k] = Array.from((cols[k] as Uint8Array).subarray(0, n));
  return out;
}

function same(a: SvclogData, b: SvclogData): void {
  expect(a.eventCount).toBe(b.eventCount);
  expect(a.messageCount).toBe(b.messageCount);
  expect(a.strings).toEqual(b.strings);
  expect(columns(EVENT_SPEC, a.events, a.eventCount)).toEqual(columns(EVENT_SPEC, b.events, b.eventCount));
  expect(columns(MESSAGE_SPEC, a.messages, a.messageCount)).toEqual(columns(MESSAGE_SPEC, b.messages, b.messageCount));
}

describeBenchGen('merging the parts of a split svclog file', () => {
  let dir: string;
  let path: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-svclog-merge-'));
    path = join(dir, 'gen-12M.svclog');
    execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-svclog.mjs'), path, '12M'], { stdio: 'ignore' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reuses the first part’s tables when they have room, copies otherwise, and both equal a one-part parse', () => {
    const size = statSync(path).size;
    const whole = mergeParts([parseRange(planParts(size, 'utf8', 0, path, { splitAbove: Infinity })[0])]);
    const requests = planParts(size, 'utf8', 0, path, { splitAbove: 0, parts: 2, chunkBytes: 256 << 10 });
    expect(requests[0].tableBytes).toBe(size);

    const roomy = requests.map((r) => parseRange(r));
    expect(roomOf(EVENT_SPEC, roomy[0].events)).toBeGreaterThanOrEqual(whole.eventCount);
    const inPlace = mergeParts(roomy);
    // The first part's memory is the merged table's.
    expect(inPlace.events.timeUs.buffer).toBe(roomy[0].events.timeUs.buffer);
    expect(inPlace.messages.event.buffer).toBe(roomy[0].messages.event.buffer);
    same(inPlace, whole);

    // Tables sized for the first part's bytes only (fewer rows than the file has): a new table.
    const tight = requests.map((r) => parseRange({ ...r, tableBytes: undefined }));
    expect(roomOf(EVENT_SPEC, tight[0].events)).toBeLessThan(whole.eventCount);
    const copied = mergeParts(tight);
    expect(copied.events.timeUs.buffer).not.toBe(tight[0].events.timeUs.buffer);
    same(copied, whole);
  });
});
