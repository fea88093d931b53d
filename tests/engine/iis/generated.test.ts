/**
 * Files from ../shared/bench/gen-iislog.mjs match the .manifest.json the generator writes:
 * lines, status counts, 503.2 count, slow requests, sum of time-taken, header lines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IisLogFile, type IisSection } from '../../../electron/engine/iis';
import { mergeParts } from '../../../electron/engine/iis/merge';
import { estimateRows, findPrelude, lineStartAfter, parseIisFile, parseIisRange } from '../../../electron/engine/iis/parse-file';
import { allocSharedColumns } from '../../../electron/engine/iis/shared-columns';
import type { IisFileData } from '../../../electron/engine/iis/store';
import { IisTable } from '../../../electron/engine/iis/table';
import { BENCH_GEN_DIR, describeBenchGen } from '../../support/corpus';
import { load } from './helpers';

interface Manifest {
  lines: number;
  headerLines: number;
  byStatus: Record<string, number>;
  s503_2: number;
  slowOver5s: number;
  timeTakenSum: number;
}

describeBenchGen('gen-iislog.mjs output matches its manifest', () => {
  let dir = '';
  let path = '';
  let manifest: Manifest;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-iis-gen-'));
    path = join(dir, 'iis-3M.log');
    execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-iislog.mjs'), path, '3M'], { stdio: 'ignore' });
    manifest = JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8')) as Manifest;
    // Making the input is not what is tested: a busy machine may take a while to write it.
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lines, statuses, 503.2, slow requests, time-taken sum, header lines', async () => {
    let progressCalls = 0;
    const { sniffed, file } = await load(path, () => progressCalls++);
    expect(sniffed.format).toBe('iis-w3c');
    const f = file as IisLogFile;
    const iis = (f.summary as { iis: IisSection }).iis;
    expect(iis.requests).toBe(manifest.lines);
    const byStatus: Record<string, number> = {};
    for (const [k, n] of Object.entries(iis.byStatus)) byStatus[k.split('.')[0]] = (byStatus[k.split('.')[0]] ?? 0) + n;
    expect(byStatus).toEqual(manifest.byStatus);
    expect(iis.byStatus['503.2']).toBe(manifest.s503_2);
    expect(iis.slow).toBe(manifest.slowOver5s);
    let sum = 0;
    const tt = f.table.data.num.timeTaken!;
    for (let i = 0; i < f.recordCount; i++) sum += tt[i];
    expect(sum).toBe(manifest.timeTakenSum);
    expect(f.table.data.directiveLines).toBe(manifest.headerLines);
    expect(f.problems).toHaveLength(0);
    expect(iis.servers).toEqual(['WEB01', 'WEB02']);
    expect(iis.bursts503.length).toBeGreaterThan(0);
    expect(progressCalls).toBeGreaterThan(0);
  });
});

/** Index of the first difference (or of the length mismatch), -1 when equal: cheap on 50,000 rows. */
function firstDiff(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

describeBenchGen('ranges indexed apart and merged equal one pass', () => {
  let dir = '';
  let path = '';
  let size = 0;
  let whole: IisFileData;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-iis-merge-'));
    path = join(dir, 'iis-16M.log');
    // A different seed from the other test. 16 MB: enough rows that the cookie column goes lazy
    // (32-bit ids) in every range, so both id widths are merged.
    execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-iislog.mjs'), path, '16M', '7'], { stdio: 'ignore' });
    size = statSync(path).size;
    whole = parseIisFile(path, 'iis-w3c', { size });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Private columns (copied when merged), shared columns (joined in place), and shared columns one
  // range outgrows (it moves to private columns mid-way, and the merge copies). The shared modes
  // merge the dictionaries on bytes, the private one on strings.
  it.each(['private', 'shared', 'shared, outgrown'] as const)('three ranges of a generated log give the same columns as the whole file (%s)', (mode) => {
    const cuts = [0, lineStartAfter(path, Math.floor(size / 3), size), lineStartAfter(path, Math.floor((2 * size) / 3), size), size];
    const caps = [0, 1, 2].map((k) => (mode === 'shared, outgrown' && k === 1 ? 100 : estimateRows(path, cuts[k], cuts[k + 1])));
    const bases = [0, caps[0], caps[0] + caps[1]];
    const shared = mode === 'private' ? undefined : { cols: allocSharedColumns(caps[0] + caps[1] + caps[2], size), bases };
    const parts = [0, 1, 2].map((k) =>
      parseIisRange(path, 'iis-w3c', {
        size,
        start: cuts[k],
        end: cuts[k + 1],
        prelude: cuts[k] ? findPrelude(path, cuts[k])! : undefined,
        region: shared && { cols: shared.cols, base: bases[k], capacity: caps[k] },
        rawDicts: mode !== 'private',
      }),
    );
    const merged = mergeParts(parts, shared);
    if (mode === 'shared') expect(merged.timeMs.toMs().buffer).toBe(shared!.cols.timeMs);
    expect(merged.rows).toBe(whole.rows);
    expect(merged.headerBlocks).toBe(whole.headerBlocks);
    expect(merged.directiveLines).toBe(whole.directiveLines);
    expect(firstDiff(merged.line as Uint32Array, whole.line as Uint32Array)).toBe(-1);
    expect(firstDiff(merged.offset, whole.offset)).toBe(-1);
    expect(firstDiff(merged.timeMs.toMs(), whole.timeMs.toMs())).toBe(-1);
    for (const c of ['status', 'substatus', 'win32', 'timeTaken', 'scBytes', 'csBytes', 'port'] as const) expect(firstDiff(merged.num[c]!, whole.num[c]!), c).toBe(-1);
    if (mode === 'shared') expect(merged.str.cookie!.ids.buffer).toBe(shared!.cols.str32.cookie);
    // Where a column went lazy differs between ranges and the whole file: compare values as read back.
    const [mt, wt] = [new IisTable(path, merged), new IisTable(path, whole)];
    for (let i = 0; i < merged.rows; i += 13) expect(mt.str('cookie', i)).toBe(wt.str('cookie', i));
    for (const c of ['site', 'stem', 'query', 'computer', 'sIp', 'method', 'userAgent', 'referer', 'host', 'cIp', 'version'] as const) {
      const m = merged.str[c]!;
      const w = whole.str[c]!;
      const vals = (x: typeof m) => Array.from(x.ids, (id) => (id === 0xffffffff ? '(lazy)' : x.values[id]));
      expect(firstDiff(vals(m), vals(w)), c).toBe(-1);
    }
    // Each row's block has the same fields as in the whole-file parse.
    for (let i = 0; i < merged.rows; i += 97) expect(merged.blocks[merged.block[i]].fields).toEqual(whole.blocks[whole.block[i]].fields);
  });
});
