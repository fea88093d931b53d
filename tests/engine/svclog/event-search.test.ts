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
import { EventSearch } from '../../../electron/engine/svclog/framing/event-search';
import { parseRange, type ParseRequest } from '../../../electron/engine/svclog/extraction/parse';
import { SystemBlockMatcher } from '../../../electron/engine/svclog/extraction/system-block';
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

  it('matches System blocks, regular and irregular, as SystemBlockMatcher does (fast-check)', () => {
    const search = EventSearch.create(1 << 12)!;
    const js = new SystemBlockMatcher();
    // Whole children, their pieces, and what makes the fast path give up (comments, CDATA, prefixes, single quotes, repeats).
    const pieces = [
      '<System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system">', '<System>', '<System/>', '<SystemX>', '</System>', '</Other>',
      '<EventID>0</EventID>', '<Type>3</Type>', '<SubType Name="Start">0</SubType>', '<Level>4</Level>', '<TimeCreated SystemTime="2024-05-01T10:00:00.1234567Z" />',
      '<Source Name="System.ServiceModel" />', '<Correlation ActivityID="{a}" RelatedActivityID="{b}" />', '<Correlation />',
      '<Execution ProcessName="p" ProcessID="12" ThreadID="3" />', '<Execution ThreadID="3"/>', '<Channel/>', '<Computer>APP01</Computer>',
      '<EventID>', '<Execution', '<Type', '<TimeCreated', '<SubType', '<Source', '<Level>', '<Correlation', '<Channel', '<Computer>', '<TypeX>',
      ' Name="n"', " Name='n'", ' SystemTime="t"', ' ActivityID="{a}"', ' RelatedActivityID="{b}"', ' ProcessName="p"', ' ProcessID="1"', ' ThreadID="2"',
      '/>', '>', ' ', '\r\n', '<!--c-->', '<?p?>', '<![CDATA[x]]>', '<a:Level>', '"', '<', 'x', '</Level>',
    ];
    let matched = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), fc.nat({ max: 20 }), (parts, cut) => {
        // Half the cases start with a System start tag, so that many get far into the block.
        const text = Buffer.from(`<E2ETraceEvent xmlns="x">${cut % 2 ? '<System>' : ''}${parts.join('')}`);
        text.copy(search.window, 0);
        const e = Math.max(0, text.length - cut);
        const expected = js.match(text, 0, e);
        const got = search.system.match(search.window.subarray(0, text.length), 0, e);
        expect(got).toBe(expected);
        if (expected >= 0) {
          matched++;
          expect(search.system.count).toBe(js.count);
          expect([...search.system.order.subarray(0, js.count)]).toEqual([...js.order.subarray(0, js.count)]);
          expect([...search.system.pos]).toEqual([...js.pos]);
        }
      }),
      { numRuns: 3000 },
    );
    expect(matched).toBeGreaterThan(30);
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
