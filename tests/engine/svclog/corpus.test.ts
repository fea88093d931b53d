/**
 * Every svclog of ../shared/corpus against the counts ../shared/corpus/MANIFEST.md states. The
 * expected numbers below are copied from the MANIFEST text, not from this parser's output.
 */
import { expect, it } from 'vitest';
import { describeCorpus, corpusFile } from '../../support/corpus';
import { EVENT_FLAG } from '../../../electron/engine/svclog/extraction/columns';
import { ROOT_ACTIVITY_ID, summarizeSvclog } from '../../../electron/engine/svclog';
import { activityHeaders, countBy, distinctPids, load, messageSources } from './helpers';

interface Expect {
  events: number;
  byType?: Record<string, number>;
  messages?: number;
  activityHeaders?: number;
  pids?: number;
  exceptions?: number;
  sources?: Record<string, number>;
}

// From MANIFEST.md, svclog/ table.
const MANIFEST: Record<string, Expect> = {
  'psi__web_messages.svclog': { events: 782, messages: 782, pids: 73 },
  'wcfchat__9bf24475-4584-460a-afd0-4a97409fc4e1app_tracelog.svclog': { events: 4, byType: { Transfer: 2, Start: 1, Stop: 1 } },
  'wcfchat__app_messages.svclog': { events: 540, messages: 540, pids: 34, activityHeaders: 249 },
  'wcfchat__app_tracelog.svclog': { events: 280, pids: 69 },
  'pwcf__SdrConfigExample.e2e': { events: 172, byType: { Transfer: 41, Start: 24, Stop: 24, Suspend: 10, Resume: 10, Error: 2, Warning: 1 } },
  'pwcf__web_messages.svclog': { events: 578, messages: 578, pids: 3 },
  'stockservice__app_messages.svclog': { events: 18 },
  'bookstore__app_messages.svclog': { events: 1153, messages: 1153, activityHeaders: 418, pids: 39, sources: { TransportReceive: 578, TransportSend: 575 } },
  'bookstore__app_tracelog.svclog': {
    events: 3990,
    byType: { Transfer: 1451, Start: 1017, Stop: 752, Suspend: 331, Resume: 330, Warning: 81, Error: 24, Critical: 4 },
    exceptions: 31,
  },
  'unison__messages.svclog': { events: 930, messages: 930, activityHeaders: 70 },
  'kiba518__Web_messages.svclog': { events: 849, messages: 849, activityHeaders: 55, pids: 6, sources: { Malformed: 41 } },
  'finservice__Web_messages.svclog': { events: 2, messages: 2 },
  'finservice__Web_tracelog.svclog': { events: 62, byType: { Transfer: 26, Start: 13, Stop: 13, Error: 6 }, exceptions: 2 },
  'logjoint__XmlWriterTraceListener1.xml': { events: 136, byType: { Start: 17, Stop: 17, Information: 102 } },
  'srijh-sample1__Traces.svclog': { events: 18, messages: 18, activityHeaders: 9 },
};

describeCorpus('svclog corpus vs MANIFEST', () => {
  for (const [name, want] of Object.entries(MANIFEST)) {
    it(name, async () => {
      const f = await load(corpusFile('svclog', name));
      expect(f.recordCount).toBe(want.events);
      const types = countBy(f, 'subType');
      for (const [k, n] of Object.entries(want.byType ?? {})) expect(types[k] ?? 0, `SubType ${k}`).toBe(n);
      // Per level: the MANIFEST's Error/Warning/Critical counts are also the Level element counts.
      const s = summarizeSvclog([f]);
      for (const lv of ['Error', 'Warning', 'Critical'] as const) {
        if (want.byType && lv in want.byType) expect(s.byLevel[lv] ?? 0, `Level ${lv}`).toBe(want.byType[lv]);
      }
      if (want.messages !== undefined) expect(f.data.messageCount).toBe(want.messages);
      if (want.activityHeaders !== undefined) expect(activityHeaders(f)).toBe(want.activityHeaders);
      if (want.pids !== undefined) expect(distinctPids(f)).toBe(want.pids);
      const sources = messageSources(f);
      for (const [k, n] of Object.entries(want.sources ?? {})) expect(sources[k] ?? 0, `Source ${k}`).toBe(n);
      if (want.exceptions !== undefined) {
        // The MANIFEST counts <Exception> elements (bookstore has two events with two each).
        let n = 0;
        let flagged = 0;
        for (let i = 0; i < f.recordCount; i++) {
          n += f.data.events.exceptions[i];
          if (f.data.events.flags[i] & EVENT_FLAG.exception) flagged++;
        }
        expect(n).toBe(want.exceptions);
        expect(flagged).toBeGreaterThan(0);
        expect(flagged).toBeLessThanOrEqual(n);
      }
      // Every event has a time and a SubType.
      for (let i = 0; i < f.recordCount; i++) {
        expect(Number.isFinite(f.timeUs(i))).toBe(true);
        expect(f.str(f.data.events.subType[i])).not.toBe('');
      }
      if (name !== 'stockservice__app_messages.svclog') expect(f.problems).toEqual([]);
    });
  }

  it('wcfchat__app_tracelog holds only Transfer/Start/Stop (ActivityTracing only)', async () => {
    const f = await load(corpusFile('svclog', 'wcfchat__app_tracelog.svclog'));
    expect(Object.keys(countBy(f, 'subType')).sort()).toEqual(['Start', 'Stop', 'Transfer']);
    expect(new Set(Object.keys(countBy(f, 'source')))).toEqual(new Set(['System.ServiceModel']));
  });

  it('unison: 430 ServiceLevelReceiveDatagram on one line', async () => {
    const f = await load(corpusFile('svclog', 'unison__messages.svclog'));
    expect(messageSources(f).ServiceLevelReceiveDatagram).toBe(430);
  });

  it('stockservice: two records cut at 4,096 and 8,192 bytes and a truncated last record', async () => {
    const f = await load(corpusFile('svclog', 'stockservice__app_messages.svclog'));
    // 21 opens vs 18 closes: 18 complete events kept, 3 warnings.
    expect(f.recordCount).toBe(18);
    const starts = Array.from(f.data.events.start);
    expect(starts).toContain(4096);
    expect(starts).toContain(8192);
    const warnings = f.problems.filter((p) => p.severity === 'warning');
    expect(warnings).toHaveLength(3);
    expect(warnings.filter((p) => /cut off/.test(p.message))).toHaveLength(2);
    expect(warnings[2].message).toMatch(/truncated at the end of the file/);
    for (const p of warnings) expect(p.offset).toBeGreaterThanOrEqual(0);
    // The cut records end exactly where the next one starts.
    expect(warnings[0].offset).toBeLessThan(4096);
    expect(warnings[1].offset).toBeLessThan(8192);
    expect(warnings[1].offset).toBeGreaterThan(4096);
    expect(f.problems.some((p) => p.severity === 'error')).toBe(false);
    expect(f.str(f.data.events.processName[0])).toBe('Client');
    // Last event ends before the truncated one starts.
    expect(f.data.events.end[17]).toBeLessThanOrEqual(warnings[2].offset!);
  });

  it('kiba518 0-byte file: an error naming the file, no throw', async () => {
    const name = 'kiba518__304d1cf0-838e-4a89-91e3-23741c24285dWeb_tracelog.svclog';
    const f = await load(corpusFile('svclog', name));
    expect(f.recordCount).toBe(0);
    expect(f.problems[0].severity).toBe('error');
    expect(f.problems[0].message).toContain(name);
  });

  it('finservice: first Transfer has the all-zero ActivityID (root activity)', async () => {
    const f = await load(corpusFile('svclog', 'finservice__Web_tracelog.svclog'));
    expect(f.str(f.data.events.subType[0])).toBe('Transfer');
    expect(f.str(f.data.events.activity[0])).toBe(ROOT_ACTIVITY_ID);
  });

  it('kiba518: Malformed records are kept, flagged, and their escaped headers read', async () => {
    const f = await load(corpusFile('svclog', 'kiba518__Web_messages.svclog'));
    let malformed = 0;
    for (let i = 0; i < f.recordCount; i++) if (f.data.events.flags[i] & EVENT_FLAG.malformed) malformed++;
    expect(malformed).toBe(41);
    const m = f.data.events.message[0];
    expect(f.str(f.data.messages.source[m])).toBe('Malformed');
    expect(f.str(f.data.messages.action[m])).toBe('http://schemas.xmlsoap.org/ws/2004/09/transfer/Get');
    expect(f.str(f.data.messages.messageId[m])).toBe('urn:uuid:95cd6669-5d71-4901-a027-da63597989d4');
    const d = await f.detail(0);
    expect(d.message).toContain('<s:Envelope');
  });

  it('logjoint (non-WCF): ApplicationData text is the description', async () => {
    const f = await load(corpusFile('svclog', 'logjoint__XmlWriterTraceListener1.xml'));
    expect(f.row(0).text).toBe('Void Main(System.String[])');
    expect(f.row(0).source).toBe('SampleApp');
  });

  it('detail of a large REST record (psi) parses with the envelope or body', async () => {
    const f = await load(corpusFile('svclog', 'psi__web_messages.svclog'));
    const d = await f.detail(0);
    expect(d.raw.startsWith('<E2ETraceEvent')).toBe(true);
    expect(d.raw.endsWith('</E2ETraceEvent>')).toBe(true);
    expect(d.tree?.name).toBe('E2ETraceEvent');
  });
});
