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
import { IisLogFile, NUM_COLS, STR_COLS } from '../../../electron/engine/iis';
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

  it('IIS grown in place: a log handed out before an append still shows what it showed; wide values arriving late widen their columns', async () => {
    // A later block with a field of its own (a custom column appears), then rows whose values need
    // wider columns: status 999, time-taken past 2^31, bytes past 2^32, a 70 KiB URI, many stems.
    const late =
      '#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-computername cs-method cs-uri-stem sc-status sc-substatus time-taken sc-bytes X-Tenant\r\n' +
      Array.from({ length: 600 }, (_, k) => {
        const wide = k === 450;
        const uri = k === 451 ? `/big/${'x'.repeat(70 * 1024)}` : `/late/${k % 300}`;
        return `2024-03-01 11:${String(10 + Math.floor(k / 60)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')} WEB0${k % 3} GET ${uri} ${wide ? 999 : 200} ${wide ? 65535 : 0} ${wide ? 4294967295 : k} ${wide ? 5000000000 : 100 + k} tenant-${k % 7}\r\n`;
      }).join('');
    const whole = Buffer.concat([iis, Buffer.from(late)]);
    const path = join(dir, `grow-${n++}.log`);
    writeFileSync(path, whole.subarray(0, 3000));
    const first = await load(path);
    const tail = await FileTail.start(first.file, path, first.size);
    const columns = (f: LoadedFile) => {
      const t = (f as IisLogFile).table;
      return Array.from({ length: f.recordCount }, (_, i) => [...NUM_COLS.map((c) => t.num(c, i)), ...STR_COLS.map((c) => t.str(c, i)), ...t.customNames.map((c) => t.custom(c, i)), t.offset(i)]);
    };
    const handedOut: { file: LoadedFile; rows: unknown; cols: unknown }[] = [];
    // Small appends: the columns' room doubles several times on the way, written in place.
    for (let at = 3000; at < whole.length; at += 2500) {
      appendFileSync(path, whole.subarray(at, Math.min(whole.length, at + 2500)));
      await tail.step();
      if (handedOut.length < 40 && tail.current.recordCount > 0) handedOut.push({ file: tail.current, rows: snapshot(tail.current), cols: columns(tail.current) });
    }
    const fresh = await wholeOf(whole);
    expect(snapshot(tail.current)).toEqual(snapshot(fresh));
    expect(columns(tail.current)).toEqual(columns(fresh));
    for (const h of handedOut) {
      expect(snapshot(h.file)).toEqual(h.rows);
      expect(columns(h.file)).toEqual(h.cols);
    }
    expect((tail.current as IisLogFile).table.num('timeTaken', tail.current.recordCount - 150)).toBe(4294967295);
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
