/**
 * Columns sized to what they hold (narrow.ts, ColumnBuilder.widenNum): every value reads back as
 * written, whatever its width and wherever in the file (and in which parallel range) it appears.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeParts } from '../../../electron/engine/iis/merge';
import { narrowColumns, narrowIds, narrowNums, narrowOffsets } from '../../../electron/engine/iis/narrow';
import { estimateRows, findPrelude, lineStartAfter, parseIisFile, parseIisRange } from '../../../electron/engine/iis/parse-file';
import { allocSharedColumns } from '../../../electron/engine/iis/shared-columns';
import { LineSteps } from '../../../electron/engine/iis/line-steps';
import { LAZY_ID } from '../../../electron/engine/iis/store';
import { IisTable } from '../../../electron/engine/iis/table';

const dir = mkdtempSync(join(tmpdir(), 'tl-narrow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whole numbers a log may hold: mostly small, some past 16, 31, 32 bits and up to 2^53. */
const logNumber = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 600 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x7fffffff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80000000, max: 0xffffffff }) },
  { weight: 1, arbitrary: fc.maxSafeInteger().map(Math.abs) },
);

describe('narrowing', () => {
  it('numbers keep every value (NO_NUM included) in the smallest signed type that holds them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(-1), logNumber), { maxLength: 200 }), (xs) => {
        const a = narrowNums(Float64Array.from(xs));
        expect(Array.from(a)).toEqual(xs);
        const max = Math.max(0, ...xs);
        const want = max <= 0x7f ? 1 : max <= 0x7fff ? 2 : max <= 0x7fffffff ? 4 : 8;
        expect(a.BYTES_PER_ELEMENT).toBe(want);
      }),
    );
  });

  it('a fraction keeps float64', () => {
    expect(narrowNums(Float64Array.from([1, 2.5, 3]))).toBeInstanceOf(Float64Array);
  });

  it('ids keep every id in 8 or 16 bits when they fit; lazy ids keep 32', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0x1ffff }), { maxLength: 200 }), fc.boolean(), (ids, lazy) => {
        const src = Uint32Array.from(lazy ? [...ids, LAZY_ID] : ids);
        const a = narrowIds(src);
        expect(Array.from(a)).toEqual(Array.from(src));
        const max = Math.max(0, ...src);
        expect(a.BYTES_PER_ELEMENT).toBe(lazy ? 4 : max <= 0xff ? 1 : max <= 0xffff ? 2 : 4);
      }),
    );
  });

  it('line numbers kept as steps read back every row\'s line, cut or joined again', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 9, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 5000 }) }), { minLength: 1, maxLength: 300 }), fc.nat(), (steps, cut) => {
        const lines: number[] = [];
        steps.forEach((d, i) => lines.push((i ? lines[i - 1] : 0) + d));
        const s = LineSteps.of(lines);
        if (!s) return; // steps on most rows: the column is kept
        expect(Array.from({ length: lines.length }, (_, i) => s.at(i))).toEqual(lines);
        expect(Array.from(s.toArray())).toEqual(lines);
        const n = cut % (lines.length + 1);
        expect(Array.from(s.subarray(0, n).toArray())).toEqual(lines.slice(0, n));
      }),
    );
  });

  it('byte offsets go to 32 bits below 4 GiB only', () => {
    expect(narrowOffsets(Float64Array.from([0, 0xffffffff]))).toBeInstanceOf(Uint32Array);
    const big = narrowOffsets(Float64Array.from([0, 2 ** 32, 5e9]));
    expect(Array.from(big)).toEqual([0, 2 ** 32, 5e9]);
  });
});

const FIELDS = 'date time cs-method cs-uri-stem sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken';
type Row = [status: number, sub: number, win32: number, sc: number, cs: number, taken: number];

function writeLog(rows: Row[]): string {
  const path = join(dir, `n${Math.random().toString(36).slice(2)}.log`);
  const lines = [`#Fields: ${FIELDS}`];
  rows.forEach((r, i) => lines.push(`2026-01-01 00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} GET /p${i % 7} ${r.join(' ')}`));
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

const COLS = ['status', 'substatus', 'win32', 'scBytes', 'csBytes', 'timeTaken'] as const;

function expectRows(t: IisTable, rows: Row[]): void {
  expect(t.rows).toBe(rows.length);
  rows.forEach((r, i) => COLS.forEach((c, k) => expect(t.num(c, i), `row ${i} ${c}`).toBe(r[k])));
  rows.forEach((_, i) => expect(t.line(i)).toBe(i + 2));
}

describe('numbers written narrow and widened while a file is read', () => {
  it('read whole, every value reads back as written', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(logNumber, logNumber, logNumber, logNumber, logNumber, logNumber), { minLength: 1, maxLength: 120 }), (rows) => {
        const path = writeLog(rows);
        expectRows(new IisTable(path, narrowColumns(parseIisFile(path, 'iis-w3c', { size: statSync(path).size }))), rows);
        rmSync(path);
      }),
      { numRuns: 40 },
    );
  });

  it('read in three ranges on shared columns, where one range widens and the others do not, the joined file reads the same', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(logNumber, logNumber, logNumber, logNumber, logNumber, logNumber), { minLength: 9, maxLength: 150 }), (rows) => {
        const path = writeLog(rows);
        const size = statSync(path).size;
        const cuts = [0, lineStartAfter(path, Math.floor(size / 3), size), lineStartAfter(path, Math.floor((2 * size) / 3), size), size];
        const caps = [0, 1, 2].map((k) => estimateRows(path, cuts[k], cuts[k + 1]));
        const bases = [0, caps[0], caps[0] + caps[1]];
        const shared = { cols: allocSharedColumns(caps[0] + caps[1] + caps[2], size), bases };
        const parts = [0, 1, 2].map((k) =>
          parseIisRange(path, 'iis-w3c', { size, start: cuts[k], end: cuts[k + 1], prelude: cuts[k] ? findPrelude(path, cuts[k])! : undefined, region: { cols: shared.cols, base: bases[k], capacity: caps[k] }, rawDicts: true }),
        );
        expectRows(new IisTable(path, narrowColumns(mergeParts(parts, shared))), rows);
        rmSync(path);
      }),
      { numRuns: 40 },
    );
  });
});
