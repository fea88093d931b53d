/**
 * The EVTX engine on the real files of ../shared/corpus/evtx: the record counts MANIFEST.md lists
 * (where libevtx and python-evtx agree; for the two files they do not, see the README),
 * and, where Debian's libevtx-utils is installed, every record's id, event id, provider and time
 * against `evtxexport -f xml`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvtxFile, readEvtxTexts } from '../../../electron/engine/evtx/parse-file';
import { corpusFile, describeCorpus } from '../../support/corpus';

const COUNTS: Record<string, number> = {
  'evtxrs__system.evtx': 1881,
  'evtxrs__2-vss_7-System.evtx': 1160,
  'evtxrs__security.evtx': 2261,
  'evtxrs__sysmon.evtx': 358,
  'evtxrs__Application_no_crc32.evtx': 17,
  'evtxrs__new-user-security.evtx': 4,
  // Both peers export 0 (they stop on its template-less record); evtxinfo counts 1. See the README.
  'evtxrs__MSExchange_Management_wec.evtx': 1,
  // libevtx 267 / python-evtx 270: python-evtx also lists three cut-off records as empty events.
  'evtxrs__sample_with_a_bad_chunk_magic.evtx': 267,
};

const read = (name: string) => {
  const p = corpusFile('evtx', name);
  return parseEvtxFile(p, { size: statSync(p).size });
};

describeCorpus('EVTX corpus', () => {
  for (const [name, count] of Object.entries(COUNTS)) {
    it(`${name}: ${count} records`, () => {
      expect(read(name).count).toBe(count);
    });
  }

  it('says why records of the damaged files were not read', () => {
    const bad = read('evtxrs__sample_with_a_bad_chunk_magic.evtx').problems.map((p) => p.message);
    expect(bad).toContain('The record at byte 12,224 is cut off: its 472 bytes do not end with their size copy (byte 12,692); it and the rest of the chunk were skipped.');
    expect(bad).toContain('The chunk at byte 397,312 has no "ElfChnk" signature but hold data (overwritten or damaged); their records were skipped.');
    const wec = read('evtxrs__MSExchange_Management_wec.evtx');
    expect(wec.problems).toEqual([]);
    // Its time is text with 9 fractional digits (a forwarded event), read to the 100 ns.
    expect([wec.timeUs[0], wec.tick[0], wec.recordId[0], wec.strings[wec.provider[0]], wec.strings[wec.computer[0]]]).toEqual([
      Date.parse('2021-11-19T16:52:33Z') * 1000 + 833_733, 5, 1, 'MSExchange CmdletLogs', 'WEC.ave.local',
    ]);
    expect(readEvtxTexts(corpusFile('evtx', 'evtxrs__MSExchange_Management_wec.evtx'), statSync(corpusFile('evtx', 'evtxrs__MSExchange_Management_wec.evtx')).size).lines[0]).toMatch(/^Set-Mailbox; -Identity "Administrateur" -DeliverToMailboxAndForward "False"/);
    expect(read('evtxrs__Application_no_crc32.evtx').problems.map((p) => p.message)).toContain('The chunk at byte 4,096 carries no checksums (both are 0); it was read unchecked.');
  });
});

const EVTXEXPORT = ['/usr/bin/evtxexport', '/usr/local/bin/evtxexport'].find(existsSync);
if (!EVTXEXPORT) console.warn('SKIPPED "EVTX fields against evtxexport": evtxexport not installed (apt-get install libevtx-utils)');

describe.skipIf(!EVTXEXPORT)('EVTX fields against evtxexport [needs libevtx-utils]', () => {
  for (const name of ['evtxrs__system.evtx', 'evtxrs__security.evtx', 'evtxrs__sysmon.evtx']) {
    it(`${name}: record id, event id, provider and time of every record`, () => {
      const xml = execFileSync(EVTXEXPORT!, ['-f', 'xml', corpusFile('evtx', name)], { maxBuffer: 1 << 28 }).toString('utf8');
      const peer = xml.split('<Event xmlns').slice(1).map((e) => ({
        recordId: Number(/<EventRecordID>(\d+)</.exec(e)?.[1]),
        eventId: Number(/<EventID[^>]*>(\d+)</.exec(e)?.[1]),
        provider: /<Provider Name="([^"]*)"/.exec(e)?.[1] ?? /<Provider [^>]*EventSourceName="([^"]*)"/.exec(e)?.[1] ?? '',
        // libevtx writes nanoseconds (9 digits); 100 ns is the format's resolution.
        time: /SystemTime="([^"]+)"/.exec(e)?.[1]?.replace(/(\.\d{7})\d*Z$/, '$1Z'),
      }));
      const d = read(name);
      expect(d.count).toBe(peer.length);
      const ours = Array.from({ length: d.count }, (_, i) => {
        const us = d.timeUs[i];
        const iso = new Date(Math.floor(us / 1000)).toISOString().slice(0, 19);
        return {
          recordId: d.recordId[i],
          eventId: d.eventId[i],
          provider: d.strings[d.provider[i]].replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'),
          time: `${iso}.${String(us % 1_000_000).padStart(6, '0')}${d.tick[i]}Z`,
        };
      });
      expect(ours).toEqual(peer);
    });
  }
});
