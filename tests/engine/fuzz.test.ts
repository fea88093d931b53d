/**
 * Property tests over every parser: random truncation, byte flips, inserted garbage, wrong
 * encodings and random #Fields. No exception escapes the engine, and the records away from the
 * damage are kept.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile, type LoadOutcome } from '../../electron/engine/load-file';
import { corpusFile, HAS_CORPUS } from '../support/corpus';

const SAMPLES = resolve(__dirname, '../../assets/samples');
const dir = mkdtempSync(join(tmpdir(), 'tl-fuzz-'));
let n = 0;

async function load(bytes: Uint8Array, name: string): Promise<LoadOutcome> {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, bytes);
  return loadFile({ path, fileId: 'f', signal: new AbortController().signal, onProgress: () => undefined });
}

/** An exception inside an engine surfaces as "Reading it failed"; anything else is a handled outcome. */
function handled(o: LoadOutcome): void {
  if (!o.ok) expect(o.problem.message).not.toMatch(/^Reading it failed/);
}

const records = (o: LoadOutcome) => (o.ok ? o.file.recordCount : 0);

/** Byte offsets where each line (IIS) or event (svclog) starts, to count what damage can touch. */
function unitStarts(bytes: Buffer, marker: string): number[] {
  const out: number[] = [];
  for (let i = bytes.indexOf(marker); i >= 0; i = bytes.indexOf(marker, i + 1)) out.push(i);
  return out;
}

function touched(starts: number[], from: number, to: number, fileEnd: number): number {
  let k = 0;
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : fileEnd;
    if (starts[i] <= to && end >= from) k++;
  }
  return k;
}

type Damage = { kind: 'flip'; at: number; len: number; seed: number } | { kind: 'insert'; at: number; garbage: Uint8Array } | { kind: 'truncate'; at: number };

const damage = (size: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat({ max: size - 1 }), len: fc.integer({ min: 1, max: 64 }), seed: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: size }), garbage: fc.uint8Array({ minLength: 1, maxLength: 200 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat({ max: size }) }),
  );

function apply(src: Buffer, d: Damage): { bytes: Buffer; from: number; to: number } {
  if (d.kind === 'truncate') return { bytes: src.subarray(0, d.at), from: d.at, to: src.length };
  if (d.kind === 'insert') return { bytes: Buffer.concat([src.subarray(0, d.at), Buffer.from(d.garbage), src.subarray(d.at)]), from: d.at, to: d.at };
  const bytes = Buffer.from(src);
  let s = d.seed >>> 0;
  for (let i = d.at; i < Math.min(bytes.length, d.at + d.len); i++) bytes[i] ^= 1 + ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 25);
  return { bytes, from: d.at, to: d.at + d.len };
}

describe('parsers under random damage (fast-check)', () => {
  const svclog = readFileSync(join(SAMPLES, 'web01_orderportal.svclog')).subarray(0, 60_000);
  const svclogCut = svclog.subarray(0, svclog.lastIndexOf('</E2ETraceEvent>') + '</E2ETraceEvent>'.length);
  const iis = readFileSync(join(SAMPLES, 'app01_u_ex261120.log'));

  it('svclog: handled, and every event away from the damage is kept', async () => {
    const starts = unitStarts(svclogCut, '<E2ETraceEvent');
    await fc.assert(
      fc.asyncProperty(damage(svclogCut.length), async (d) => {
        const { bytes, from, to } = apply(svclogCut, d);
        const o = await load(bytes, 'x.svclog');
        handled(o);
        if (d.kind === 'truncate') {
          // Everything that ended before the cut is still there.
          const whole = starts.filter((s, i) => (i + 1 < starts.length ? starts[i + 1] : svclogCut.length) <= d.at).length;
          if (d.at >= 64) expect(records(o)).toBeGreaterThanOrEqual(whole - 1);
        } else if (from > 64) {
          expect(records(o)).toBeGreaterThanOrEqual(starts.length - touched(starts, from, to, svclogCut.length) - 1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('IIS W3C: handled, and every row away from the damage is kept', async () => {
    const rows = iis.toString('latin1').split('\n').filter((l) => l && !l.startsWith('#')).length;
    const starts = unitStarts(iis, '\n');
    await fc.assert(
      fc.asyncProperty(damage(iis.length), async (d) => {
        const { bytes, from, to } = apply(iis, d);
        const o = await load(bytes, 'x.log');
        handled(o);
        // Damage in the header block may change the fields; rows far from it stay.
        if (d.kind !== 'truncate' && from > 600 && o.ok) expect(records(o)).toBeGreaterThanOrEqual(rows - touched(starts, from, to, iis.length) - 1);
      }),
      { numRuns: 60 },
    );
  });

  it('IIS W3C with random #Fields lists: handled, every row kept', async () => {
    const names = ['date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'c-ip', 'cs(User-Agent)', 'sc-status', 'sc-substatus', 'time-taken', 'X-Custom', 'Dupidu', 'sc-bytes'];
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(names, { minLength: 0, maxLength: names.length }), fc.integer({ min: 1, max: 20 }), async (fields, count) => {
        const row = '2026-11-20 01:50:00 10.0.0.1 GET /a q=1 80 10.0.0.2 Mozilla 200 0 15 - - -';
        const text = `#Software: Microsoft Internet Information Services 10.0\r\n#Fields: ${fields.join(' ')}\r\n${`${row}\r\n`.repeat(count)}`;
        const o = await load(Buffer.from(text), 'f.log');
        handled(o);
        if (o.ok) expect(o.file.recordCount).toBe(count);
      }),
      { numRuns: 40 },
    );
  });

  it('wrong encodings (UTF-16 LE/BE with and without BOM, Latin-1) are handled', async () => {
    const text = svclogCut.toString('utf8').slice(0, 8000);
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    for (const [bytes, name] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'le-bom.svclog'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'be-bom.svclog'],
      [le, 'le.svclog'],
      [be, 'be.svclog'],
      [Buffer.from(text, 'latin1'), 'latin1.svclog'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(iis.toString('utf8'), 'utf16le')]), 'iis-utf16.log'],
    ] as const) {
      handled(await load(bytes, name));
    }
  });

  it.skipIf(!HAS_CORPUS)('FREB and HTTPERR under damage: handled', async () => {
    const freb = readFileSync(corpusFile('freb', 'mexia-classicasp__fr000001.xml'));
    const httperr = readFileSync(corpusFile('httperr', 'learnpy__httperr1.log'));
    for (const [src, name] of [[freb, 'fr000001.xml'], [httperr, 'httperr1.log']] as const) {
      await fc.assert(
        fc.asyncProperty(damage(src.length), async (d) => handled(await load(apply(src, d).bytes, name))),
        { numRuns: 25 },
      );
    }
  });
});
