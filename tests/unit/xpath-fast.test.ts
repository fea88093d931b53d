/**
 * The direct XPath evaluator (xpath-fast.ts) against the library it stands in for (@xmldom/xmldom +
 * xpath, as xpath-filter.ts uses them): whenever the direct evaluator gives an answer, it is the
 * library's — on every event of the svclog corpus with expressions built from their own values, and
 * on generated events (namespaces, attributes, entities, whitespace, positions). It must also
 * answer for the shapes it claims (not 'unsure' on ordinary events), or it would be no fast path.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFastXPath } from '../../electron/services/filter/xpath-fast';
import { compileCustomFilter, PREDECLARED_NAMESPACES } from '../../electron/services/filter/xpath-filter';
import { corpusFile, describeCorpus } from '../support/corpus';

const NS = { ...PREDECLARED_NAMESPACES, p: 'urn:p', q: 'urn:q' };
const parseXPath = (xpath as unknown as { parse(e: string): { evaluateBoolean(o: unknown): boolean } }).parse;

/** Each event's DOM, parsed once (null: not well-formed), so many expressions share it. */
const docs = new Map<string, unknown>();
function library(expr: string, xml: string): 'match' | 'no' | 'unreadable' {
  let doc = docs.get(xml);
  if (doc === undefined) {
    try {
      doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(xml, 'text/xml');
    } catch {
      doc = null;
    }
    if (docs.size > 5000) docs.clear();
    docs.set(xml, doc);
  }
  if (doc === null) return 'unreadable';
  return parseXPath(expr).evaluateBoolean({ node: doc, namespaces: NS }) ? 'match' : 'no';
}

/** Compares on every event; returns how many the direct evaluator answered and how many matched. */
function agree(expr: string, events: string[]): { sure: number; matches: number } {
  const fast = compileFastXPath(expr, NS);
  expect(fast, `compiles directly: ${expr}`).toBeDefined();
  let sure = 0;
  let matches = 0;
  for (const xml of events) {
    const v = fast!(xml);
    if (v === 'unsure') continue;
    sure++;
    const lib = library(expr, xml);
    if (lib === 'match') matches++;
    if (v !== lib) expect({ expr, xml: xml.slice(0, 400), fast: v }).toEqual({ expr, xml: xml.slice(0, 400), fast: lib });
  }
  return { sure, matches };
}

describe('direct XPath evaluator: which expressions it takes', () => {
  it('takes paths with name tests, positions and =, contains(), starts-with(), local-name() joined by and', () => {
    for (const e of [
      "//E2E:ApplicationData//*[local-name()='ActivityName' and contains(., 'GetOrder')]",
      "/E2E:E2ETraceEvent/System:System/System:Computer[.='WEB01']",
      "/E2E:E2ETraceEvent/System:System/System:Execution/@ProcessName[.='x'] and //System:EventID[.='0']",
      '//System:Correlation/@ActivityID',
      "//TraceRecord:TraceRecord[@Severity='Error'][1]",
      "//System:System[System:Computer='A' and starts-with(System:EventID, '13')]",
      '//p:*[text()]',
      "//*[contains(text(), 'a')]",
    ])
      expect(compileFastXPath(e, NS), e).toBeDefined();
  });
  it('leaves everything else to the library', () => {
    for (const e of [
      "//a[.='x'] or //b",
      "//a[not(@x)]",
      "//a[@x!='1']",
      '//a[@x>3]',
      "//a[concat('a', 'b')='ab']",
      '//unknown:a',
      'count(//a)',
      '//a/..',
      'child::a',
      '//a | //b',
      '//@*',
      "//a[1 and @x='y']",
      "//a[string-length(.)=3]",
      'a/b',
    ])
      expect(compileFastXPath(e, NS), e).toBeUndefined();
  });
});

describeCorpus('direct XPath evaluator equals the library on the corpus', () => {
  const events: string[] = [];
  for (const f of readdirSync(corpusFile('svclog'))) {
    const text = readFileSync(corpusFile('svclog', f), 'utf8');
    // Up to 120 events a file keeps the library's share of the test short.
    events.push(...(text.match(/<E2ETraceEvent[\s\S]*?<\/E2ETraceEvent>/g) ?? []).slice(0, 120));
  }
  const computers = [...new Set(events.map((e) => /<Computer>([^<]*)</.exec(e)?.[1]).filter((c): c is string => !!c))].slice(0, 3);
  const processes = [...new Set(events.map((e) => /ProcessName="([^"]*)"/.exec(e)?.[1]).filter((c): c is string => !!c))].slice(0, 3);
  const exprs = [
    ...computers.map((c) => `/E2E:E2ETraceEvent/System:System/System:Computer[.='${c}']`),
    ...processes.map((p) => `/E2E:E2ETraceEvent/System:System/System:Execution/@ProcessName[.='${p}']`),
    ...processes.map((p) => `//System:Execution[@ProcessName='${p}' and @ThreadID]`),
    "//E2E:ApplicationData//*[local-name()='ActivityName' and contains(., 'Process')]",
    "//E2E:ApplicationData//*[local-name()='Action' and contains(., 'http')]",
    "//TraceRecord:TraceRecord[@Severity='Warning']",
    "//TraceRecord:Description[starts-with(., 'Received')]",
    "//System:System[System:EventID='131075' and System:Type='3']",
    "/E2E:E2ETraceEvent/System:System/System:SubType/@Name[.='Transfer']",
    "//E2E:ApplicationData//*[contains(text(), 'Message')]",
    '//E2E:ApplicationData/*[2]',
    '//System:Correlation/@RelatedActivityID',
  ];
  it(`${exprs.length} expressions × ${events.length} events`, () => {
    let sure = 0;
    let matches = 0;
    for (const e of exprs) {
      const r = agree(e, events);
      sure += r.sure;
      matches += r.matches;
    }
    // The direct evaluator answers for nearly all real events, and the expressions do select some.
    expect(sure).toBeGreaterThan(0.9 * exprs.length * events.length);
    expect(matches).toBeGreaterThan(100);
  }, 120_000);
});

// Generated events: small trees over few names so that expressions hit often.
const local = fc.constantFrom('a', 'b', 'c');
const prefix = fc.constantFrom('', 'p', 'q');
const text = fc.constantFrom('', ' ', 'x', 'xy', ' x ', 'y&amp;', '&lt;x&gt;', '&#120;', '&#x79;z', '\n  ', 'x\ty', 'x\r\ny', '\r');
const attrValue = fc.constantFrom('', 'x', 'xy', 'y x', '&quot;x', 'x&amp;y', '&#120;');
interface Node {
  prefix: string;
  local: string;
  decl: string;
  attrs: [string, string][];
  kids: (Node | string)[];
}
const node: fc.Memo<Node> = fc.memo((depth) =>
  fc.record({
    prefix,
    local,
    decl: fc.constantFrom('', ' xmlns="urn:p"', ' xmlns:p="urn:q"', ' xmlns=""', ' xmlns:q="urn:p"'),
    attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'p:a', 'q:b'), attrValue), { maxLength: 2, selector: (t) => t[0] }),
    kids: depth <= 1 ? fc.array(text, { maxLength: 2 }) : fc.array(fc.oneof(text, node(depth - 1)), { maxLength: 4 }),
  }),
);
function write(n: Node): string {
  const q = n.prefix ? `${n.prefix}:${n.local}` : n.local;
  const attrs = n.attrs.map(([k, v]) => ` ${k}="${v}"`).join('');
  // Bind both prefixes at the root so most trees are well-formed; some redeclare below.
  return `<${q}${n.decl}${attrs}>${n.kids.map((k) => (typeof k === 'string' ? k : write(k))).join('')}</${q}>`;
}
const root = node(4).map((n) => write({ ...n, decl: ' xmlns:p="urn:p" xmlns:q="urn:q"' + n.decl.replace(/ xmlns:[pq]="[^"]*"/, '') }));
const nameTest = fc.constantFrom('a', 'b', 'c', 'p:a', 'p:b', 'q:c', '*', '*', 'p:*');
const lit = fc.constantFrom("''", "'x'", "'xy'", "'y'", "' x '", "'<x>'", "'y&'");
const cond = fc.oneof(
  fc.constantFrom('text()', '@a', '@p:a', 'b', 'p:b', "local-name()='a'", "local-name()='b'"),
  fc.tuple(fc.constantFrom('.', 'text()', '@a', '@b', '@q:b', 'b', 'p:a'), fc.constantFrom('=', 'contains', 'starts-with'), lit).map(([o, op, l]) => (op === '=' ? `${o}=${l}` : `${op}(${o}, ${l})`)),
);
// A bracket is a position or a conjunction of conditions.
const bracket = fc.oneof(fc.constantFrom('[1]', '[2]'), fc.array(cond, { minLength: 1, maxLength: 2 }).map((cs) => `[${cs.join(' and ')}]`));
const step = fc.tuple(fc.constantFrom('/', '//', '//'), nameTest, fc.array(bracket, { maxLength: 1 })).map(([sep, t, bs]) => `${sep}${t}${bs.join('')}`);
const attrStep = fc.tuple(fc.constantFrom('/', '//'), fc.constantFrom('@a', '@b', '@p:a', '@q:b'), fc.option(lit, { nil: undefined })).map(([sep, a, l]) => `${sep}${a}${l ? `[.=${l}]` : ''}`);
const path = fc.tuple(fc.array(step, { minLength: 1, maxLength: 2 }), fc.option(attrStep, { nil: undefined, freq: 2 })).map(([s, a]) => s.join('') + (a ?? ''));
const expr = fc.array(path, { minLength: 1, maxLength: 2 }).map((ps) => ps.join(' and '));

describe('direct XPath evaluator equals the library on generated events', () => {
  it('agrees wherever it answers', () => {
    let sure = 0;
    let matched = 0;
    fc.assert(
      fc.property(expr, fc.array(root, { minLength: 1, maxLength: 4 }), (e, xmls) => {
        const fast = compileFastXPath(e, NS);
        if (!fast) throw new Error(`not compiled: ${e}`);
        for (const xml of xmls) {
          const v = fast(xml);
          if (v === 'unsure') continue;
          sure++;
          const lib = library(e, xml);
          if (lib === 'match') matched++;
          if (v !== lib) throw new Error(`${e} on ${xml}: direct ${v}, library ${lib}`);
        }
      }),
      { numRuns: 1500 },
    );
    console.log(`generated: ${sure} answered directly, ${matched} matched`);
    expect(sure).toBeGreaterThan(1000);
    expect(matched).toBeGreaterThan(100);
  }, 120_000);

  it('is unsure of what it does not model, and the library is asked', () => {
    const fast = compileFastXPath("//a[.='x']", NS)!;
    for (const xml of ['<a><!-- c -->x</a>', '<a><![CDATA[x]]></a>', '<?xml version="1.0"?><a>x</a>', '<a>&nbsp;</a>', '<a b="1\n2">x</a>', '<a>x</b>', '<a>x', '<p:a>x</p:a>', '<a>\u0001</a>'])
      expect(fast(xml), xml).toBe('unsure');
    // Through the filter, such events are still judged (by the library).
    const f = compileCustomFilter({ name: 't', xpath: "//a[.='x']" });
    expect(f.test('<a><!-- c -->x</a>')).toBe('match');
    expect(f.test('<a>x</b>')).toBe('unreadable');
    expect(f.test('<a>y</a>')).toBe('no');
  });
});

describeCorpus('read-wide prefilter', () => {
  it('keeps exactly the events the per-event prefilter keeps, in UTF-8 and UTF-16', () => {
    const events: string[] = [];
    for (const f of readdirSync(corpusFile('svclog'))) events.push(...(readFileSync(corpusFile('svclog', f), 'utf8').match(/<E2ETraceEvent[\s\S]*?<\/E2ETraceEvent>/g) ?? []).slice(0, 200));
    // Events a literal could hide in (a character reference, a comment), a DTD, and an oversized one.
    const odd = ['<E2ETraceEvent><Computer>W&#69;B01</Computer></E2ETraceEvent>', '<E2ETraceEvent><Computer>WEB<!---->01</Computer></E2ETraceEvent>', '<!DOCTYPE x><E2ETraceEvent/>', `<E2ETraceEvent><Computer>${'x'.repeat(1 << 20)}</Computer></E2ETraceEvent>`];
    const all = [...events.slice(0, 500), ...odd, ...events.slice(500)];
    for (const xpath of ["//System:Computer[.='WEB01']", "//E2E:ApplicationData//*[local-name()='ActivityName' and contains(., 'Process')]", "//TraceRecord:TraceRecord[@Severity='Warning']", '//System:Execution/@ProcessName']) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        const f = compileCustomFilter({ name: 'p', xpath });
        f.test(events[0]); // armed by a first evaluation
        const parts = all.map((e) => Buffer.from(e + '\n', encoding));
        const buf = Buffer.concat(parts);
        const starts: number[] = [];
        const ends: number[] = [];
        let at = 0;
        for (const p of parts) {
          starts.push(at);
          ends.push(at + p.length - Buffer.from('\n', encoding).length);
          at += p.length;
        }
        const expected = all.map((_, k) => k).filter((k) => !f.cannotMatch(buf.subarray(starts[k], ends[k]), encoding));
        const got = f.candidates(buf, starts, ends, encoding);
        expect(got, `${xpath} ${encoding}`).toEqual(expected);
        if (xpath.includes("'")) expect(expected.length, xpath).toBeLessThan(all.length / 2); // with a literal, the prefilter does skip events
        for (let k = 0; k < odd.length - 1; k++) if (xpath.includes('WEB01')) expect(got).toContain(500 + k);
      }
    }
  });
});
