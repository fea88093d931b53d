/** The filter query language (shared/query): examples, errors with positions, and properties (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedRegex } from '../../electron/services/filter/bounded-regex';
import { FILTER_LEVELS } from '../../shared/channels/filter';
import { FILTER_LEVELS_COUNT } from '../../shared/query/levels';
import { QUERY_FIELDS } from '../../shared/query/fields';
import { checkQuery, completeQuery, parseQuery, printQuery, QueryError, type QueryNode } from '../../shared/query/parse';
import { buildXPath, xpathLiteral } from '../../shared/query/xpath-build';
import { recordTest } from '../../electron/services/filter/record-query';
import type { RecordRow } from '../../shared/model';

describe('query parser', () => {
  it('reads words, phrases, exclusions, fields, comparisons, regexes, or and parentheses', () => {
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('Timeout')).toEqual({ kind: 'text', value: 'Timeout' });
    expect(parseQuery('"order failed" -retry host:WEB01')).toEqual({
      kind: 'and',
      items: [
        { kind: 'text', value: 'order failed' },
        { kind: 'not', item: { kind: 'text', value: 'retry' } },
        { kind: 'field', field: 'host', type: 'text', op: ':', value: 'WEB01' },
      ],
    });
    expect(parseQuery('duration>500ms')).toEqual({ kind: 'field', field: 'duration', type: 'duration', op: '>', value: 500_000 });
    expect(parseQuery('time>=22:01:20')).toMatchObject({ type: 'time', op: '>=', value: (22 * 3600 + 60 + 20) * 1e6, timeOfDay: true });
    expect(parseQuery('time<2026-11-23T22:05')).toMatchObject({ type: 'time', timeOfDay: false, value: Date.UTC(2026, 10, 23, 22, 5) * 1000 });
    expect(parseQuery('/time.?out/i or (level>=warning action:"Get Order")')).toMatchObject({ kind: 'or', items: [{ kind: 'regex', source: 'time.?out', flags: 'i' }, { kind: 'and' }] });
    expect(parseQuery('action:/Get.*/')).toEqual({ kind: 'regex', source: 'Get.*', flags: '', field: 'action' });
    expect(parseQuery('computer=APP01')).toMatchObject({ field: 'host', op: '=' });
    // Paths and URLs stay words.
    expect(parseQuery('/OrderService.svc')).toEqual({ kind: 'text', value: '/OrderService.svc' });
    expect(parseQuery('http://app01/x')).toEqual({ kind: 'text', value: 'http://app01/x' });
    expect(parseQuery('uri:/orders/submit')).toMatchObject({ kind: 'field', field: 'uri', value: '/orders/submit' });
  });

  it('says where a mistake is, with suggestions', () => {
    const cases: [string, number, RegExp][] = [
      ['hots:x', 0, /unknown field "hots"; did you mean host:/],
      ['a (b', 2, /no matching "\)"/],
      ['a or', 2, /"or" needs something after it/],
      ['"open', 0, /no closing quote/],
      ['level:bogus', 6, /unknown level "bogus"/],
      ['thread>abc', 7, /whole number/],
      ['duration>soon', 9, /a duration such as 500ms/],
      ['source>x', 6, /source is text/],
      ['a )', 2, /no matching "\("/],
      ['/(/', 0, /bad regular expression/],
    ];
    for (const [q, at, message] of cases) {
      const r = checkQuery(q);
      expect(r.ok, q).toBe(false);
      if (!r.ok) {
        expect(r.error.at, q).toBe(at);
        expect(r.error.message, q).toMatch(message);
      }
    }
    expect((checkQuery('hots:x') as { error: QueryError }).error.suggestions).toEqual(['host']);
    expect(completeQuery('error ho')).toEqual(['host:']);
  });

  it('never fails but with a QueryError whose position is inside the text (fast-check)', () => {
    const alphabet = fc.constantFrom(...'ab :"-()/=<>!or and not level host time duration 5ms 22:01 \\'.split(' ').flatMap((w) => [w, ' ']), 'a', 'b', '"', '(', ')', '/', ':', '-', '>', '=', ' ', 'or', 'host:', 'level>=', 'time>', '/x/i');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')), (q) => {
        try {
          parseQuery(q);
        } catch (e) {
          expect(e).toBeInstanceOf(QueryError);
          expect((e as QueryError).at).toBeGreaterThanOrEqual(0);
          expect((e as QueryError).at).toBeLessThanOrEqual(q.length);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => {
        const r = checkQuery(q);
        if (!r.ok) expect(r.error.at).toBeLessThanOrEqual(q.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('prints any tree so that it parses back to the same tree (fast-check)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_.\-]{1,8}$/).filter((w) => !/^(or|and|not)$/i.test(w) && !w.startsWith('-'));
    const text = fc.string({ maxLength: 10 });
    const textField = fc.constantFrom(...QUERY_FIELDS.filter((f) => f.kind === 'text').map((f) => f.name));
    const leaf: fc.Arbitrary<QueryNode> = fc.oneof(
      fc.record({ kind: fc.constant('text' as const), value: fc.oneof(word, text.filter((t) => t.length > 0)) }),
      fc.record({ kind: fc.constant('field' as const), field: textField, type: fc.constant('text' as const), op: fc.constantFrom(':' as const, '=' as const, '!=' as const), value: text }),
      fc.record({ kind: fc.constant('field' as const), field: fc.constantFrom('thread', 'pid', 'eventid'), type: fc.constant('number' as const), op: fc.constantFrom(':' as const, '<' as const, '>=' as const), value: fc.integer({ min: 0, max: 1e6 }) }),
      fc.record({ kind: fc.constant('field' as const), field: fc.constant('level'), type: fc.constant('level' as const), op: fc.constantFrom('=' as const, '>=' as const), value: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ kind: fc.constant('field' as const), field: fc.constant('duration'), type: fc.constant('duration' as const), op: fc.constantFrom('>' as const, '<=' as const), value: fc.integer({ min: 0, max: 1e9 }) }),
      fc.record({ kind: fc.constant('field' as const), field: fc.constant('time'), type: fc.constant('time' as const), op: fc.constantFrom('>=' as const, '<' as const), value: fc.integer({ min: 0, max: 86_399_999_999 }), timeOfDay: fc.constant(true) }),
      fc.record({ kind: fc.constant('regex' as const), source: fc.stringMatching(/^[a-z.*+?]{1,6}$/).filter((s) => { try { new RegExp(s); return true; } catch { return false; } }), flags: fc.constantFrom('', 'i') }),
    );
    const tree = fc.letrec<{ node: QueryNode }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ kind: fc.constant('not' as const), item: tie('node') }),
        fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), items: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }),
      ),
    })).node;
    // Parsing flattens an and inside an and (an or inside an or): the same tree once flattened.
    const flat = (n: QueryNode): QueryNode => {
      if (n.kind === 'not') return { kind: 'not', item: flat(n.item) };
      if (n.kind !== 'and' && n.kind !== 'or') return n;
      return { kind: n.kind, items: n.items.map(flat).flatMap((i) => (i.kind === n.kind ? i.items : [i])) };
    };
    fc.assert(
      fc.property(tree, (n) => {
        expect(parseQuery(printQuery(n))).toEqual(flat(n));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the renderer’s level count in step with the contract', () => {
    expect(FILTER_LEVELS_COUNT).toBe(FILTER_LEVELS.length);
  });
});

describe('query times in the displayed zone', () => {
  const NY = 'America/New_York';
  const row = (iso: string): RecordRow => ({ fileId: 'f', index: 0, timeUs: Date.parse(iso) * 1000, level: 'info', kind: 'GET 200', source: 's', host: 'WEB01', process: 'w3wp', text: '' }) as RecordRow;
  const winter = row('2026-11-23T22:01:30Z'); // 17:01:30 in New York (EST, -05:00)
  const summer = row('2026-07-01T21:01:30Z'); // 17:01:30 in New York (EDT, -04:00)

  it('reads a date and time as that wall clock in the zone, and Z or an offset as that instant', () => {
    expect(parseQuery('time<2026-11-23T17:05', { zone: NY })).toMatchObject({ timeOfDay: false, value: Date.UTC(2026, 10, 23, 22, 5) * 1000 });
    expect(parseQuery('time<2026-07-01T17:05', { zone: NY })).toMatchObject({ value: Date.UTC(2026, 6, 1, 21, 5) * 1000 });
    expect(parseQuery('time<2026-11-23T22:05Z', { zone: NY })).toMatchObject({ value: Date.UTC(2026, 10, 23, 22, 5) * 1000 });
    expect(parseQuery('time<2026-11-23T12:05-10:00', { zone: NY })).toMatchObject({ value: Date.UTC(2026, 10, 23, 22, 5) * 1000 });
    expect(parseQuery('time<2026-11-23', { zone: 'Asia/Kolkata' })).toMatchObject({ value: Date.UTC(2026, 10, 22, 18, 30) * 1000 });
    expect(parseQuery('time>=22:01:20', { zone: 'UTC' })).toEqual(parseQuery('time>=22:01:20'));
    expect(parseQuery('time>=17:01', { zone: NY })).toMatchObject({ timeOfDay: true, zone: NY, value: (17 * 3600 + 60) * 1e6 });
  });

  it('keeps the records whose displayed wall clock matches, across daylight saving time', () => {
    const keep = (q: string, zone?: string) => [winter, summer].map((r) => recordTest({ text: q, ...(zone ? { zone } : {}) })!(r, 'f.log'));
    expect(keep('time>=17:01 time<17:02', NY)).toEqual([true, true]);
    expect(keep('time>=17:01 time<17:02')).toEqual([false, false]);
    expect(keep('time>=22:01 time<22:02')).toEqual([true, false]);
    expect(keep('time<2026-11-23T17:01:31', NY)).toEqual([true, true]);
    expect(keep('time<2026-11-23T17:01:29', NY)).toEqual([false, true]);
    expect(keep('time>=17:01 time<17:02', 'local')).toEqual(keep('time>=17:01 time<17:02', Intl.DateTimeFormat().resolvedOptions().timeZone));
  });

  it('names the zone in its mistakes, and prints a tree that parses back in the same zone', () => {
    const r = checkQuery('time>=25:00', { zone: NY });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/read in America\/New_York/);
    for (const q of ['time>=17:01:00', 'time<2026-11-23T17:05', '-(time<09:30 or time>2026-03-08T02:30)']) {
      const n = parseQuery(q, { zone: NY })!;
      expect(parseQuery(printQuery(n), { zone: NY }), q).toEqual(n);
    }
  });
});

describe('bounded regex', () => {
  it('stops a runaway regex on one string and goes on with the rest', () => {
    const re = boundedRegex('^(a+)+$', '');
    const hits = re.test(['aaa', `${'a'.repeat(40)}b`, 'aa', 'b']);
    expect([...hits]).toEqual([1, 0, 1, 0]);
    expect(re.stopped).toBe(1);
  });
});

describe('XPath written for a custom filter', () => {
  it('quotes values of every kind and puts parameters in', () => {
    expect(xpathLiteral("it's")).toBe(`"it's"`);
    expect(xpathLiteral(`a'b"c`)).toBe(`concat('a', "'", 'b"c')`);
    expect(buildXPath([{ path: '/E2E:E2ETraceEvent/System:System/System:Computer', value: 'WEB01' }, { path: '/x/@Id', parameter: 0 }, { path: '/y' }])).toBe(
      "/E2E:E2ETraceEvent/System:System/System:Computer[.='WEB01'] and /x/@Id[.='{0}'] and /y",
    );
  });
});
