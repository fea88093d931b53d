/**
 * The fast paths of the field extractor (the regular System block; stopping the walk of a TraceRecord
 * once nothing it reacts to can follow) must give exactly what the
 * general tag walk gives: same columns, same string tables (ids included). Checked on the corpus,
 * the fixtures and hand-written events whose System block is irregular in every way the fast path
 * bails out on, or reorders.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRange, type ParsePart } from '../../../electron/engine/svclog/extraction/parse';
import { SystemBlockMatcher } from '../../../electron/engine/svclog/extraction/system-block';
import { execFileSync } from 'node:child_process';
import { BENCH_GEN_DIR, CORPUS_DIR, HAS_CORPUS, describeBenchGen } from '../../support/corpus';
import { FIXTURES } from './helpers';

function parseBoth(path: string): { fast: ParsePart; general: ParsePart } {
  const req = { path, encoding: 'utf8' as const, from: 0, to: Infinity, skipLeading: false };
  return { fast: parseRange(req), general: parseRange({ ...req, generalWalkOnly: true }) };
}

const utf8Fixtures = readdirSync(FIXTURES).filter((f) => /\.(svclog|xml)$/.test(f) && !f.startsWith('utf16'));
const corpusFiles = HAS_CORPUS ? readdirSync(join(CORPUS_DIR, 'svclog')).map((f) => join(CORPUS_DIR, 'svclog', f)) : [];

describe('fast paths give what the general walk gives', () => {
  it.each([...utf8Fixtures.map((f) => join(FIXTURES, f)), ...corpusFiles])('%s', (path) => {
    const { fast, general } = parseBoth(path);
    expect(fast).toEqual(general);
  });
});

describeBenchGen('fast paths on a generated file', () => {
  it('gives what the general walk gives (System blocks, TraceRecords stopped early, messages)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-svclog-fastgen-'));
    try {
      const path = join(dir, 'gen.svclog');
      execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-svclog.mjs'), path, '2M'], { stdio: 'ignore' });
      const { fast, general } = parseBoth(path);
      expect(fast.eventCount).toBeGreaterThan(1000);
      expect(fast).toEqual(general);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const SYSTEM =
  '<EventID>131075</EventID><Type>3</Type><SubType Name="Information">0</SubType><Level>8</Level>' +
  '<TimeCreated SystemTime="2020-01-02T03:04:05.1234567Z" /><Source Name="System.ServiceModel" />' +
  '<Correlation ActivityID="{aaaaaaaa-0000-0000-0000-000000000001}" RelatedActivityID="{bbbbbbbb-0000-0000-0000-000000000002}" />' +
  '<Execution ProcessName="w3wp" ProcessID="200" ThreadID="7" /><Channel /><Computer>WEB01</Computer>';
const APPDATA = '<ApplicationData><TraceData><DataItem><TraceRecord xmlns="urn:tr"><Description>hello</Description></TraceRecord></DataItem></TraceData></ApplicationData>';
const event = (system: string, open = '<System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system">', close = '</System>', appData = APPDATA) =>
  `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent">${open}${system}${close}${appData}</E2ETraceEvent>`;
/** A TraceRecord whose description comes first, then `rest` and enough padding to be searched rather than walked. */
const record = (first: string, rest: string) =>
  `<ApplicationData><TraceData><DataItem><TraceRecord xmlns="urn:tr">${first}<Pad xmlns="urn:${'p'.repeat(300)}">x</Pad>${rest}</TraceRecord></DataItem></TraceData></ApplicationData>`;
const reorder = (...parts: string[]) => parts.join('');
const P = {
  eventId: '<EventID>131075</EventID>',
  type: '<Type>3</Type>',
  subType: '<SubType Name="Information">0</SubType>',
  level: '<Level>8</Level>',
  time: '<TimeCreated SystemTime="2020-01-02T03:04:05.1234567Z" />',
  source: '<Source Name="System.ServiceModel" />',
  correlation: '<Correlation ActivityID="{aaaaaaaa-0000-0000-0000-000000000001}" RelatedActivityID="{bbbbbbbb-0000-0000-0000-000000000002}" />',
  execution: '<Execution ProcessName="w3wp" ProcessID="200" ThreadID="7" />',
  computer: '<Computer>WEB01</Computer>',
};

/** Events whose fields are the same as the regular one's, written differently. */
const SAME_FIELDS: Record<string, string> = {
  regular: event(SYSTEM),
  'children in another order': event(reorder(P.computer, P.execution, P.correlation, P.source, P.time, P.level, P.subType, P.type, P.eventId)),
  'pretty-printed with CRLF and tabs': event(`\r\n\t${Object.values(P).join('\r\n\t')}\r\n`, '<System xmlns="x">\r\n', '</System>\r\n'),
  'namespace prefixes on the children': event(
    SYSTEM.replace(/<(\/?)([A-Z]\w*)/g, '<$1s:$2'),
    '<s:System xmlns:s="http://schemas.microsoft.com/2004/06/windows/eventlog/system">',
    '</s:System>',
  ),
  'single-quoted attributes': event(SYSTEM.replace(/"/g, "'")),
  'a comment between children': event(reorder(P.eventId, '<!-- a <Level>99</Level> comment -->', P.subType, P.level, P.time, P.source, P.correlation, P.execution, P.computer)),
  'CDATA text': event(SYSTEM.replace('<Computer>WEB01</Computer>', '<Computer><![CDATA[WEB01]]></Computer>')),
  'Execution attributes in another order': event(SYSTEM.replace(P.execution, '<Execution ThreadID="7" ProcessID="200" ProcessName="w3wp"/>')),
  'Correlation attributes in another order': event(SYSTEM.replace(P.correlation, '<Correlation RelatedActivityID="{bbbbbbbb-0000-0000-0000-000000000002}" ActivityID="{aaaaaaaa-0000-0000-0000-000000000001}"/>')),
  'an unknown attribute': event(SYSTEM.replace('<TimeCreated SystemTime', '<TimeCreated Kind="utc" SystemTime')),
  'an unknown child element': event(reorder(P.eventId, '<Keywords>0x0</Keywords>', P.subType, P.level, P.time, P.source, P.correlation, P.execution, P.computer)),
  'blanks around text': event(SYSTEM.replace('<Computer>WEB01</Computer>', '<Computer>\n  WEB01\n</Computer>').replace('<Level>8</Level>', '<Level> 8 </Level>')),
};

/** Irregular events with other values: only equality with the general walk is checked. */
const OTHER: Record<string, string> = {
  'a repeated Source (the first wins)': event(SYSTEM.replace(P.source, `${P.source}<Source Name="Second" />`)),
  'a repeated Level (the last wins)': event(SYSTEM + '<Level>2</Level>'),
  'no RelatedActivityID, no Type, no Channel': event(reorder(P.eventId, P.subType, P.level, P.time, P.source, '<Correlation ActivityID="{aaaaaaaa-0000-0000-0000-000000000001}"/>', P.execution, P.computer)),
  'only a RelatedActivityID': event(SYSTEM.replace(P.correlation, '<Correlation RelatedActivityID="{bbbbbbbb-0000-0000-0000-000000000002}" />')),
  'empty System': event(''),
  'no System at all': `<E2ETraceEvent>${APPDATA}</E2ETraceEvent>`,
  'a System child before System': `<E2ETraceEvent><Level>2</Level><System>${SYSTEM}</System>${APPDATA}</E2ETraceEvent>`,
  'ApplicationData inside System': event(SYSTEM + APPDATA),
  'a self-closing EventID': event(SYSTEM.replace(P.eventId, '<EventID/>')),
  'entities in values': event(SYSTEM.replace('w3wp', 'a&amp;b').replace('WEB01', 'W&lt;1&#65;')),
  'a processing instruction': event(`<?pi x?>${SYSTEM}`),
  'an element named like a child': event(SYSTEM.replace(P.level, `${P.level}<LevelX>3</LevelX><EventIDs>4</EventIDs>`)),
  'unterminated attribute': `<E2ETraceEvent><System><SubType Name="Information></System></E2ETraceEvent>`,
  'an exception after the description': event(SYSTEM, undefined, undefined, record('<Description>d</Description>', '<Exception><ExceptionType>T</ExceptionType><Message>m</Message><InnerException><Exception/></InnerException></Exception>')),
  'an activity name after the description': event(SYSTEM, undefined, undefined, record('<Description>d</Description>', '<ExtendedData><ActivityName>n</ActivityName></ExtendedData>')),
  'an empty description, then another': event(SYSTEM, undefined, undefined, record('<Description> </Description>', '<Description>second</Description>')),
  'a message record after the description': event(SYSTEM, undefined, undefined, record('<Description>d</Description>', '<MessageLogTraceRecord Source="TransportSend"><Action>a</Action></MessageLogTraceRecord>')),
  'names only in a comment after the description': event(SYSTEM, undefined, undefined, record('<Description>d</Description>', '<!-- <Exception> -->')),
  'System name longer': `<E2ETraceEvent><SystemX>${SYSTEM}</SystemX>${APPDATA}</E2ETraceEvent>`,
};

describe('irregular System blocks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-svclog-fast-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.svclog`);
    writeFileSync(path, text + '\r\n');
    return path;
  };
  const regular = parseBoth(write('regular', SAME_FIELDS.regular)).fast;

  it('the regular block takes the fast path and ends at </System>', () => {
    const buf = Buffer.from(SAME_FIELDS.regular);
    expect(new SystemBlockMatcher().match(buf, 0, buf.length)).toBe(buf.indexOf('</System>'));
    expect(regular.strings).toEqual(expect.arrayContaining(['Information', 'System.ServiceModel', 'w3wp', 'WEB01', 'aaaaaaaa-0000-0000-0000-000000000001', 'hello']));
    expect(regular.events.pid[0]).toBe(200);
    for (const name of ['children in another order', 'pretty-printed with CRLF and tabs', 'blanks around text', 'Execution attributes in another order']) {
      const b = Buffer.from(SAME_FIELDS[name]);
      expect(new SystemBlockMatcher().match(b, 0, b.length) >= 0, name).toBe(name !== 'Execution attributes in another order');
    }
    expect(regular.events.level[0]).toBe(8);
  });

  it.each(Object.entries(SAME_FIELDS))('%s: same fields as the regular block, on both paths', (name, text) => {
    const { fast, general } = parseBoth(write(name, text));
    expect(fast.events).toEqual(general.events);
    expect(fast.strings).toEqual(general.strings);
    expect(fast.eventCount).toBe(1);
    const values = (p: ParsePart) => {
      const ev = p.events;
      const s = (id: number) => p.strings[id];
      return [ev.eventId[0], ev.level[0], ev.timeUs[0], ev.tick[0], ev.pid[0], ev.tid[0], s(ev.subType[0]), s(ev.source[0]), s(ev.activity[0]), s(ev.related[0]), s(ev.processName[0]), s(ev.computer[0]), s(ev.description[0])];
    };
    expect(values(fast)).toEqual(values(regular));
  });

  it.each(Object.entries(OTHER))('%s: same as the general walk', (name, text) => {
    const { fast, general } = parseBoth(write(name, text));
    expect(fast).toEqual(general);
  });
});
