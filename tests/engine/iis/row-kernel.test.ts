/**
 * The WebAssembly row kernel must change nothing but speed: every file gives the same index with
 * it as with the JavaScript scanner alone (tests/unit/wasm-kernels.test.ts checks its binary).
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseIisRange, type ParseOptions } from '../../../electron/engine/iis/parse-file';
import { allocSharedColumns } from '../../../electron/engine/iis/shared-columns';
import type { ScanFormat } from '../../../electron/engine/iis/scanner';
import { RowKernel } from '../../../electron/engine/iis/row-kernel';
import { corpusFile, describeCorpus } from '../../support/corpus';

const dir = mkdtempSync(join(tmpdir(), 'tl-kernel-'));

/** Fields of the differing parse results (empty when the two are the same). */
function differences(path: string, format: ScanFormat = 'iis-w3c', opts: Partial<ParseOptions> = {}): string[] {
  const size = statSync(path).size;
  const js = parseIisRange(path, format, { size, kernel: false });
  const wasm = parseIisRange(path, format, { size, ...opts });
  const a = { ...js.data, lines: js.lines } as Record<string, unknown>;
  const b = { ...wasm.data, lines: wasm.lines } as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !isDeepStrictEqual(a[k], b[k]));
}

/** A small deterministic PRNG, so a failing seed reproduces. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

const FIELDS = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) sc-status sc-substatus sc-win32-status time-taken';

/** A W3C log with the unusual cases mixed into ordinary rows at rates `odd` (‰). */
function randomLog(seed: number, rows: number, odd: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[r(xs.length)];
  const word = (min: number, max: number, alphabet = 'abcdefghij/._=&+%0123456789') => {
    let s = '';
    for (let n = min + r(max - min + 1); n > 0; n--) s += alphabet[r(alphabet.length)];
    return s;
  };
  const isOdd = () => r(1000) < odd;
  const num = () => (isOdd() ? pick(['-', '', '12a', '9'.repeat(15), '9'.repeat(16), '1'.repeat(30), '-5', '0x1']) : String(r(100000)));
  const date = () => (isOdd() ? pick(['2024-13-40', '-', '2024-5-1', '2024-05-01x', '24-05-01', '2024-05-02']) : pick(['2024-05-01', '2024-05-01', '2024-05-01', '2024-05-02']));
  const time = () => (isOdd() ? pick(['25:00:00', '12:00:00.123', '-', '1:2:3', '12:60:00', '23:59:60', 'ab:cd:ef']) : `${String(r(24)).padStart(2, '0')}:${String(r(60)).padStart(2, '0')}:${String(r(60)).padStart(2, '0')}`);
  const str = () => (isOdd() ? pick(['-', '', '"quoted value"', 'é+ü', word(15, 17), word(16, 16), word(200, 300), '\t']) : word(1, 40));
  const lines = ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Date: 2024-05-01 00:00:00', `#Fields: ${FIELDS}`];
  for (let i = 0; i < rows; i++) {
    if (isOdd() && r(4) === 0) {
      lines.push(pick(['', '#Fields: date time cs-method cs-uri-stem sc-status', `#Fields: ${FIELDS}`, '   ', '#Remark: x']));
      continue;
    }
    // The cookie column is nearly all distinct: its interner freezes, as real session cookies do.
    const v = [date(), time(), pick(['10.0.0.1', '10.0.0.2']), pick(['GET', 'POST']), str(), str(), num(), str(), pick(['1.2.3.4', '5.6.7.8', '9.9.9.9']), str(), `id=${word(20, 24)}`, num(), num(), num(), num()];
    if (isOdd()) v.splice(r(v.length), 1);
    if (isOdd()) v.push(str());
    let line = v.join(isOdd() ? '  ' : ' ');
    if (isOdd()) line += pick([' ', '\r', ' \t', '\t\r']);
    lines.push(line);
  }
  const eol = r(2) === 0 ? '\n' : '\r\n';
  return lines.join(eol) + (r(3) === 0 ? '' : eol);
}

describe('WebAssembly row kernel', () => {
  it('is available here (the speed figures assume it)', () => {
    expect(RowKernel.create(1 << 16)).not.toBeNull();
  });

  it('random W3C logs give the same index with and without it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 12_000 }), fc.integer({ min: 0, max: 60 }), (seed, rows, odd) => {
        const path = join(dir, `random-${seed}.log`);
        writeFileSync(path, randomLog(seed, rows, odd));
        expect(differences(path)).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  it('ordinary rows across chunk edges and a frozen column give the same index', () => {
    // Several chunks (256 KiB each) of rows with no odd values: almost every line is the kernel's.
    const path = join(dir, 'long.log');
    writeFileSync(path, randomLog(7, 20_000, 0));
    expect(statSync(path).size).toBeGreaterThan(1 << 20);
    expect(differences(path)).toEqual([]);
  });
});

describe('WebAssembly row kernel: dictionaries and values from elsewhere', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A log of many distinct values (random words in five string columns). */
  function distinctLog(): string {
    const path = join(dir, 'distinct.log');
    writeFileSync(path, randomLog(11, 20_000, 0));
    return path;
  }

  it('dictionaries that outgrow the kernel heap: the range is parsed again without it, same index', () => {
    const path = distinctLog();
    const interner = vi.spyOn(RowKernel.prototype, 'interner');
    const column = vi.spyOn(RowKernel.prototype, 'internColumn');
    // 64 KiB: out of memory while making the dictionaries; 1 MiB: while they grow.
    for (const kernelHeap of [64 << 10, 1 << 20]) expect(differences(path, 'iis-w3c', { kernelHeap })).toEqual([]);
    const threw = (spy: typeof interner | typeof column) => spy.mock.results.some((r) => r.type === 'throw');
    expect(threw(interner)).toBe(true);
    expect(threw(column)).toBe(true);
  });

  it('a range on shared columns that outgrows the kernel heap gives the columns JavaScript gives', () => {
    const path = distinctLog();
    const size = statSync(path).size;
    const js = parseIisRange(path, 'iis-w3c', { size, kernel: false, rawDicts: true });
    const region = { cols: allocSharedColumns(js.data.rows + 100, size), base: 0, capacity: js.data.rows + 100 };
    const again = parseIisRange(path, 'iis-w3c', { size, rawDicts: true, region, kernelHeap: 1 << 20 });
    expect(again.data.rows).toBe(js.data.rows);
    for (const [name, col] of Object.entries(js.data.str)) expect({ name, ids: [...again.data.str[name as keyof typeof js.data.str]!.ids] }).toEqual({ name, ids: [...col!.ids] });
    for (const [name, col] of Object.entries(js.data.num)) expect({ name, v: [...again.data.num[name as keyof typeof js.data.num]!] }).toEqual({ name, v: [...col!] });
    expect(again.dicts).toEqual(js.dicts);
  });

  it('more string columns than the kernel holds dictionaries for (the rest stay in JavaScript) give the same index', () => {
    // 80 custom fields: 64 dictionaries in the kernel, 16 more in JavaScript, in one batch.
    const custom = Array.from({ length: 80 }, (_, k) => `cs(X-Custom-${k})`);
    const lines = ['#Software: Microsoft Internet Information Services 10.0', `#Fields: date time cs-uri-stem sc-status ${custom.join(' ')}`];
    for (let i = 0; i < 3000; i++) lines.push(`2024-05-01 10:00:${String(i % 60).padStart(2, '0')} /p${i % 7} 200 ${custom.map((_, k) => (k + i) % 5 === 0 ? '-' : `v${k}-${(i * (k + 1)) % 97}`).join(' ')}`);
    const path = join(dir, 'many-columns.log');
    writeFileSync(path, lines.join('\r\n'));
    expect(differences(path)).toEqual([]);
  });

  it('values outside kernel memory (a line longer than a chunk, a UTF-16 file) give the same index', () => {
    const log = randomLog(5, 3000, 5).split('\n');
    // A 300 KB line (its user agent alone is longer than the kernel's 64 KiB scratch), then more rows.
    const long = log[10].split(' ');
    long[9] = 'Mozilla/5.0+' + 'x'.repeat(300_000);
    log.splice(11, 0, long.join(' '));
    const path = join(dir, 'long-line.log');
    writeFileSync(path, log.join('\n'));
    expect(differences(path)).toEqual([]);
    const utf16 = join(dir, 'utf16.log');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(randomLog(6, 3000, 5), 'utf16le')]));
    expect(differences(utf16)).toEqual([]);
  });
});

describeCorpus('WebAssembly row kernel on the corpus', () => {
  it('every IIS and HTTPERR corpus file gives the same index with and without it', () => {
    const checked: string[] = [];
    for (const [sub, format] of [['iis', 'iis-w3c'], ['httperr', 'httperr']] as const) {
      for (const name of readdirSync(corpusFile(sub))) {
        const path = corpusFile(sub, name);
        if (!statSync(path).isFile()) continue;
        expect({ name, diff: differences(path, format) }).toEqual({ name, diff: [] });
        checked.push(name);
      }
    }
    expect(checked.length).toBeGreaterThan(10);
  });
});
