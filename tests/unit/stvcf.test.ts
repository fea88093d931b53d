/** Service Trace Viewer custom filter files (.stvcf): our fixture, a round trip, and hostile files. */
import { describe, expect, it } from 'vitest';
import { parseStvcf, writeStvcf } from '../../electron/services/filter/stvcf';
import { compileCustomFilter, withArgs } from '../../electron/services/filter/xpath-filter';

/** Written from the layout STV's custom filter dialog keeps: name, description, XPath, namespaces, parameters. */
const FIXTURE = `<?xml version="1.0" encoding="utf-8"?>
<CustomFilters>
  <CustomFilter>
    <Name>Traces of one process</Name>
    <Description>Process id asked for when applied</Description>
    <XPath>/E2E:E2ETraceEvent/System:System/System:Execution[@ProcessID='{0}']</XPath>
    <Parameters><Parameter Index="0" Name="Process id"/></Parameters>
  </CustomFilter>
  <Filter name="Orders" expression="//o:CustomerId">
    <Namespaces><Namespace prefix="o" uri="urn:tracelens:orders"/></Namespaces>
  </Filter>
  <CustomFilter><Name>No expression</Name></CustomFilter>
</CustomFilters>`;

const EVENT = `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system"><EventID>0</EventID><Execution ProcessName="w3wp" ProcessID="4212" ThreadID="5" /><Computer>APP01</Computer></System><ApplicationData><Order xmlns="urn:tracelens:orders"><CustomerId>C-2</CustomerId></Order></ApplicationData></E2ETraceEvent>`;

describe('.stvcf', () => {
  it('reads the fixture leniently, names what it skips, and evaluates what it read', () => {
    const r = parseStvcf(FIXTURE, 'mine.stvcf');
    expect(r.filters.map((f) => f.name)).toEqual(['Traces of one process', 'Orders']);
    expect(r.filters[0].parameters).toEqual([{ name: 'Process id' }]);
    expect(r.filters[1].namespaces).toEqual({ o: 'urn:tracelens:orders' });
    expect(r.problems).toEqual([expect.stringMatching(/mine\.stvcf: the filter "No expression" was skipped/)]);
    expect(compileCustomFilter({ ...r.filters[0], args: ['4212'] }).test(EVENT)).toBe('match');
    expect(compileCustomFilter({ ...r.filters[0], args: ['1'] }).test(EVENT)).toBe('no');
    expect(compileCustomFilter(r.filters[1]).test(EVENT)).toBe('match');
    expect(() => compileCustomFilter(r.filters[0])).toThrow(/needs a value for parameter \{0\}/);
    expect(withArgs("a='{0}' b='{1}'", ['x'])).toBe("a='x' b='{1}'");
  });

  it('round-trips what it writes', () => {
    const filters = [
      { name: 'A & B <c>', description: 'quotes \' and "', xpath: "//E2E:Computer[text()='{0}'] and //x[@a=\"1\"]", namespaces: { a: 'urn:a' }, parameters: [{ name: 'Host' }] },
      { name: 'plain', xpath: '//x' },
    ];
    expect(parseStvcf(writeStvcf(filters), 'f.stvcf')).toEqual({ filters, problems: [] });
  });

  it('refuses hostile or broken files with a sentence naming them', () => {
    expect(parseStvcf('<!DOCTYPE x [<!ENTITY a "aaaa">]><CustomFilters/>', 'evil.stvcf').problems[0]).toMatch(/evil\.stvcf has a DOCTYPE/);
    expect(parseStvcf('<CustomFilters><CustomFilter>', 'cut.stvcf').problems[0]).toMatch(/cut\.stvcf is not well-formed XML/);
    expect(parseStvcf('<Root/>', 'other.stvcf').problems[0]).toMatch(/other\.stvcf is not a custom filter file/);
    expect(parseStvcf('x'.repeat(600 * 1024), 'big.stvcf').problems[0]).toMatch(/larger than 512 KiB/);
  });

  it('reports events it cannot evaluate, and a bad expression once', () => {
    const f = compileCustomFilter({ name: 'p', xpath: '//System:Computer' });
    expect(f.test('<E2ETraceEvent><broken></E2ETraceEvent>')).toBe('unreadable');
    expect(f.test('<!DOCTYPE x><E2ETraceEvent/>')).toBe('unreadable');
    expect(() => compileCustomFilter({ name: 'bad', xpath: '//[' })).toThrow(/"bad" is not a valid XPath expression/);
    expect(() => compileCustomFilter({ name: 'prefix', xpath: '//nope:x' }).test(EVENT)).toThrow(/"prefix" could not be evaluated/);
  });
});

describe('custom filter prefilter', () => {
  it('finds the texts a plain conjunction needs, and none when it cannot be sure', async () => {
    const { requiredTexts } = await import('../../electron/services/filter/xpath-filter');
    expect(requiredTexts("//o:CustomerId[.='C-1']")).toEqual({ names: ['CustomerId'], literals: ['C-1'] });
    expect(requiredTexts("/E2E:E2ETraceEvent/System:System/System:Execution[@ProcessID='4212'] and contains(//E2E:ApplicationData, 'x y')")).toEqual({
      names: ['E2ETraceEvent', 'System', 'Execution', 'ProcessID', 'ApplicationData'],
      literals: ['4212', 'x y'],
    });
    expect(requiredTexts("//a[.='x'] or //b")).toEqual({ names: [], literals: [] });
    expect(requiredTexts('count(//a) = 0')).toEqual({ names: [], literals: [] });
    expect(requiredTexts("not(//a[.='x'])")).toEqual({ names: [], literals: [] });
    expect(requiredTexts("//a[. > '5']").literals).toEqual([]);
    expect(requiredTexts("//a[.='it&apos;s']").literals).toEqual([]);
  });

  it('gives the same verdicts with and without the prefilter', () => {
    const events = [
      EVENT,
      EVENT.replace('C-2', 'C-&#49;'),
      EVENT.replace('C-2', 'C<!---->-1'),
      EVENT.replace('<CustomerId>C-2</CustomerId>', ''),
      EVENT.replace('4212', '1'),
    ];
    for (const xpath of ["//o:CustomerId[.='C-1']", "//o:CustomerId[.='C-2']", "//System:Execution[@ProcessID='4212'] and //o:CustomerId", "//o:CustomerId[starts-with(., 'C-')]"]) {
      const f = { name: 'p', xpath, namespaces: { o: 'urn:tracelens:orders' } };
      const withPrefilter = compileCustomFilter(f);
      withPrefilter.test(EVENT); // the first evaluation is always full (it checks the expression)
      const verdicts = events.map((e) => withPrefilter.test(e));
      const full = events.map((e) => compileCustomFilter(f).test(e));
      expect(verdicts, xpath).toEqual(full);
      // On raw bytes (the scan workers' first test), in UTF-8 and UTF-16: only events the full test says 'no' to are skipped.
      for (const encoding of ['utf8', 'utf16le'] as const) {
        const skipped = [...events, `<!DOCTYPE x>${EVENT.replace('4212', '1')}`].map((e) => withPrefilter.cannotMatch(Buffer.from(e, encoding), encoding));
        expect(skipped.slice(0, events.length).map((s, k) => !s || full[k] === 'no'), xpath).toEqual(events.map(() => true));
        expect(skipped[events.length], `${xpath}: a DTD is reported, never skipped`).toBe(false);
      }
    }
    // The bytes decide for most events of a typical filter.
    const f = compileCustomFilter({ name: 'p', xpath: "//o:CustomerId[.='C-2']", namespaces: { o: 'urn:tracelens:orders' } });
    expect(f.cannotMatch(Buffer.from(EVENT.replace('C-2', 'C-3')), 'utf8')).toBe(false); // not before the first evaluation
    f.test(EVENT);
    expect(f.cannotMatch(Buffer.from(EVENT.replace('C-2', 'C-3')), 'utf8')).toBe(true);
    expect(f.cannotMatch(Buffer.from(EVENT.replace('C-2', 'C-3'), 'utf16le'), 'utf16le')).toBe(true);
    expect(f.cannotMatch(Buffer.from(EVENT), 'utf8')).toBe(false);
  });
});

describe('a workspace’s saved filter', () => {
  it('keeps the valid parts and names what it drops', async () => {
    const { readWorkspaceJson } = await import('../../shared/workspace');
    const notes: string[] = [];
    const ws = readWorkspaceJson(
      {
        format: 'tracelens-workspace',
        version: 1,
        files: [],
        filters: { hosts: ['WEB01'], levels: ['nonsense'], text: 'x'.repeat(5000), sort: { by: 'start', descending: false }, library: [{ name: 'ok', xpath: '//a' }], unknown: 1 },
      },
      'team.tracelens',
      notes,
    );
    expect(ws.filters).toEqual({ hosts: ['WEB01'], sort: { by: 'start', descending: false }, library: [{ name: 'ok', xpath: '//a' }] });
    expect(notes.map((n) => n.split(':')[0] + ':' + n.split(':')[1])).toEqual([
      'team.tracelens: filters.levels was ignored',
      'team.tracelens: filters.text was ignored',
      'team.tracelens: 1 unknown field in filters was ignored.',
    ]);
  });
});
