/**
 * The WebAssembly searches over the parse window (event-search.ts) must change nothing but speed:
 * every input is framed and extracted the same as with Buffer.indexOf, including damaged files,
 * UTF-16 files, windows that grow past the search's memory, and events cut at window edges.
 */
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventSearch } from '../../../electron/engine/svclog/event-search';
import { parseRange, type ParseRequest } from '../../../electron/engine/svclog/parse';
import { warmUpSample } from '../../../electron/engine/svclog/warm-up';
import { detectBom } from '../../../electron/engine/encoding';
import { readFileSync } from 'node:fs';
import { BENCH_GEN_DIR, CORPUS_DIR, HAS_CORPUS, describeBenchGen } from '../../support/corpus';
import { FIXTURES } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'tl-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Parses `path` with the SIMD search and with Buffer.indexOf; both results. */
function parseBoth(path: string, chunkBytes?: number) {
  const bom = detectBom(readFileSync(path).subarray(0, 4));
  const req: ParseRequest = { path, encoding: bom.encoding, from: bom.length, to: Infinity, skipLeading: false, chunkBytes };
  return { simd: parseRange(req), native: parseRange({ ...req, nativeSearch: true }) };
}

const fixtures = readdirSync(FIXTURES).filter((f) => /\.(svclog|xml)$/.test(f)).map((f) => join(FIXTURES, f));
const corpus = HAS_CORPUS ? readdirSync(join(CORPUS_DIR, 'svclog')).map((f) => join(CORPUS_DIR, 'svclog', f)) : [];

describe('svclog event search (WebAssembly)', () => {
  it('is available here (the speed figures assume it)', () => {
    expect(EventSearch.create(1 << 16)).not.toBeNull();
  });

  it('finds names and tells whether the rest of an event holds the names the walk needs, as indexOf does (fast-check)', () => {
    const search = EventSearch.create(1 << 12)!;
    const pieces = ['Exception', 'MessageLogTraceRecord', 'ActivityName', 'Description', 'E2ETraceEvent', 'E2ETrace', 'Ex', 'Me', 'Ac', 'De', 'Exceptio', 'Descriptio', 'x', ' ', '<', '>'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.nat({ max: 40 }), fc.boolean(), fc.boolean(), (parts, from, activityName, description) => {
        const text = Buffer.from(parts.join(''));
        text.copy(search.window, 0);
        const to = text.length;
        const start = Math.min(from, to);
        const rest = text.subarray(start, to);
        const has = (name: string) => rest.indexOf(name) >= 0;
        const expected = has('Exception') || has('MessageLogTraceRecord') || (activityName && has('ActivityName')) || (description && has('Description'));
        expect(search.containsAnyName(start, to, { activityName, description })).toBe(expected);
        const at = text.indexOf('E2ETraceEvent', start);
        expect(search.indexOfName(start, to)).toBe(at);
      }),
      { numRuns: 500 },
    );
  });

  it.each([...fixtures, ...corpus])('frames %s as Buffer.indexOf does', (path) => {
    const { simd, native } = parseBoth(path);
    expect(simd).toEqual(native);
    // Small windows: events cut at window edges, and windows that grow past the search's memory.
    const small = parseBoth(path, 700);
    expect(small.simd).toEqual(small.native);
  });

  it('frames damaged traces as Buffer.indexOf does (fast-check)', () => {
    const sample = warmUpSample(60);
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat({ max: sample.length }), cut: fc.nat({ max: 300 }), insert: fc.constantFrom('', '<E2ETraceEvent>', '</E2ETraceEvent>', 'E2ETraceEvent', '<Description>x', 'Exception', 'garbage <') }), { maxLength: 6 }),
        fc.constantFrom(512, 4096, 1 << 20),
        (edits, chunk) => {
          let bytes = Buffer.from(sample);
          for (const e of edits) {
            const at = Math.min(e.at, bytes.length);
            bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.insert), bytes.subarray(Math.min(bytes.length, at + e.cut))]);
          }
          const path = join(dir, 'damaged.svclog');
          writeFileSync(path, bytes);
          const { simd, native } = parseBoth(path, chunk);
          expect(simd).toEqual(native);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describeBenchGen('svclog event search on a generated file', () => {
  it('frames it as Buffer.indexOf does', () => {
    const path = join(dir, 'gen.svclog');
    execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-svclog.mjs'), path, '2M'], { stdio: 'ignore' });
    const { simd, native } = parseBoth(path);
    expect(simd.eventCount).toBeGreaterThan(1000);
    expect(simd).toEqual(native);
  });
});
