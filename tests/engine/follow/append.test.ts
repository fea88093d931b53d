/**
 * Following a growing file must end exactly where reading the whole file does: for random split
 * points (inside events and lines too), load(prefix) followed by appends gives the same records,
 * times, problems and — for svclog — the same activities (an activity's Stop arriving in a later
 * append) as one load of the whole file. Also: truncation and replacement ask for a reload.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../../electron/engine/load-file';
import { FileTail } from '../../../electron/engine/follow';
import { SvclogIndex } from '../../../electron/engine/svclog';
import type { SvclogFile } from '../../../electron/engine/svclog/file';
import type { LoadedFile } from '../../../electron/engine/types';
import { IisLogFile } from '../../../electron/engine/iis';
import { writeThreeMachines } from '../../support/three-machine';
import { iisLog } from '../../support/growing-logs';

let dir: string;
let svclog: Buffer;
let iis: Buffer;
let httperr: Buffer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-follow-'));
  const { files } = writeThreeMachines(join(dir, 'src'), 30, 7);
  svclog = readFileSync(files.find((f) => f.includes('APP01'))!);
  iis = Buffer.from(iisLog({ rows: 400, seed: 3, blocks: 2 }));
  httperr = readFileSync(join(__dirname, '../../fixtures/iis/httperr-all.log'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(path: string): Promise<{ file: LoadedFile; size: number }> {
  const out = await loadFile({ path, fileId: 'f', signal: new AbortController().signal, onProgress: () => undefined });
  if (!out.ok) throw new Error(out.problem.message);
  return { file: out.file, size: out.size };
}

/** What a user sees of a file: every row, its time, and the problems. */
function snapshot(f: LoadedFile) {
  const rows = [];
  const table = f instanceof IisLogFile ? f.table : undefined;
  for (let i = 0; i < f.recordCount; i++) rows.push({ ...f.row(i), t: f.timeUs(i), line: table?.line(i) });
  return { count: f.recordCount, rows, problems: f.problems.map((p) => p.message) };
}

function activities(f: LoadedFile) {
  return new SvclogIndex([f as SvclogFile]).activities.map((a) => ({ ...a }));
}

let n = 0;
/** Loads the first cut of `whole`, appends the rest in pieces at the other cuts, following after each. */
async function followInPieces(whole: Buffer, cuts: number[]): Promise<LoadedFile> {
  const path = join(dir, `grow-${n++}.log`);
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  writeFileSync(path, whole.subarray(0, points[0]));
  const first = await load(path);
  const tail = await FileTail.start(first.file, path, first.size);
  for (let k = 0; k < points.length; k++) {
    appendFileSync(path, whole.subarray(points[k], points[k + 1] ?? whole.length));
    const step = await tail.step();
    expect(['same', 'grown']).toContain(step.kind);
  }
  return tail.current;
}

async function wholeOf(buf: Buffer): Promise<LoadedFile> {
  const path = join(dir, `whole-${n++}.log`);
  writeFileSync(path, buf);
  return (await load(path)).file;
}

/** Cuts after the format's first bytes (the prefix must still be recognised as the format). */
const cutsFor = (size: number, min: number) => fc.array(fc.integer({ min, max: size - 1 }), { minLength: 1, maxLength: 5 });

describe('prefix + appends == whole', () => {
  it('svclog: events, problems and activities', async () => {
    const expected = await wholeOf(svclog);
    const want = snapshot(expected);
    const wantActs = activities(expected);
    await fc.assert(
      fc.asyncProperty(cutsFor(svclog.length, 600), async (cuts) => {
        const got = await followInPieces(svclog, cuts);
        expect(snapshot(got)).toEqual(want);
        expect(activities(got)).toEqual(wantActs);
      }),
      { numRuns: 15 },
    );
  });

  it('svclog grown in place: a file handed out before an append still shows what it showed', async () => {
    const path = join(dir, `grow-${n++}.svclog`);
    const cut = [Math.floor(svclog.length / 3), Math.floor((2 * svclog.length) / 3)];
    writeFileSync(path, svclog.subarray(0, cut[0]));
    const first = await load(path);
    const tail = await FileTail.start(first.file, path, first.size);
    appendFileSync(path, svclog.subarray(cut[0], cut[1]));
    expect((await tail.step()).kind).toBe('grown');
    const earlier = tail.current;
    const before = snapshot(earlier);
    // Several appends: the columns' capacity doubles at least once on the way.
    for (let at = cut[1]; at < svclog.length; at += 4000) {
      appendFileSync(path, svclog.subarray(at, Math.min(svclog.length, at + 4000)));
      await tail.step();
    }
    expect(tail.current.recordCount).toBeGreaterThan(earlier.recordCount);
    expect(snapshot(earlier)).toEqual(before);
    expect(snapshot(tail.current)).toEqual(snapshot(await wholeOf(svclog)));
  });

  it('svclog in UTF-16 (cuts anywhere, even inside a code unit)', async () => {
    const utf16 = readFileSync(join(__dirname, '../../fixtures/svclog/utf16le.svclog'));
    const want = snapshot(await wholeOf(utf16));
    await fc.assert(
      fc.asyncProperty(cutsFor(utf16.length, 1200), async (cuts) => {
        expect(snapshot(await followInPieces(utf16, cuts))).toEqual(want);
      }),
      { numRuns: 10 },
    );
  });

  it('IIS W3C across #Fields blocks', async () => {
    const want = snapshot(await wholeOf(iis));
    await fc.assert(
      fc.asyncProperty(cutsFor(iis.length, 400), async (cuts) => {
        expect(snapshot(await followInPieces(iis, cuts))).toEqual(want);
      }),
      { numRuns: 15 },
    );
  });

  it('IIS W3C followed from inside the next block\'s directives (the writer caught just after a "#")', async () => {
    const want = snapshot(await wholeOf(iis));
    const block = iis.indexOf('\n#Software', 1) + 1;
    const fields = iis.indexOf('\n#Fields', block) + 1;
    const date = iis.indexOf('\n#Date', block) + 1;
    for (const cut of [block + 1, block + 20, date + 1, date + 6, date + 7, date + 12, fields + 1, fields + 12]) expect(snapshot(await followInPieces(iis, [cut]))).toEqual(want);
  });

  it('HTTPERR', async () => {
    const want = snapshot(await wholeOf(httperr));
    await fc.assert(
      fc.asyncProperty(cutsFor(httperr.length, 300), async (cuts) => {
        expect(snapshot(await followInPieces(httperr, cuts))).toEqual(want);
      }),
      { numRuns: 15 },
    );
  });
});

describe('truncated or replaced files are read again', () => {
  it('a file that shrank', async () => {
    const path = join(dir, 'shrink.log');
    writeFileSync(path, iis);
    const first = await load(path);
    const tail = await FileTail.start(first.file, path, first.size);
    truncateSync(path, 500);
    expect(await tail.step()).toMatchObject({ kind: 'reload', reason: expect.stringContaining('shrank') });
  });

  it('a file renamed over the open one (rotation)', async () => {
    const path = join(dir, 'rotate.log');
    writeFileSync(path, iis);
    const first = await load(path);
    const tail = await FileTail.start(first.file, path, first.size);
    writeFileSync(join(dir, 'rotate.new'), iis.subarray(0, 800));
    renameSync(join(dir, 'rotate.new'), path);
    expect((await tail.step()).kind).toBe('reload');
  });

  it('a file rewritten in place with other first bytes', async () => {
    const path = join(dir, 'rewrite.log');
    writeFileSync(path, iis);
    const first = await load(path);
    const tail = await FileTail.start(first.file, path, first.size);
    const other = Buffer.from(iis);
    other.write('#Software: Something else', 0);
    writeFileSync(path, Buffer.concat([other, Buffer.from('\n')]));
    expect(await tail.step()).toMatchObject({ kind: 'reload', reason: expect.stringContaining('first bytes') });
  });

  it('a deleted file', async () => {
    const path = join(dir, 'gone.log');
    writeFileSync(path, iis);
    const first = await load(path);
    const tail = await FileTail.start(first.file, path, first.size);
    rmSync(path);
    expect((await tail.step()).kind).toBe('gone');
  });
});
