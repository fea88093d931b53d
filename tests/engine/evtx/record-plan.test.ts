/**
 * The fast path (fields read from substitution values through per-template plans, values interned
 * as bytes, chunk runs read as parts and joined) gives exactly what rendering each record and
 * reading its tree gives, for every record of the real files; and a file read in several parts
 * equals it read in one.
 */
import { readFileSync, statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ChunkXml } from '../../../electron/engine/evtx/binxml';
import { eventFields } from '../../../electron/engine/evtx/fields';
import { CHUNK_SIZE, joinChunkParts, parseEvtxFile, parseEvtxRange, parseRecord, readFileHeader } from '../../../electron/engine/evtx/parse-file';
import { fieldsSummary } from '../../../electron/engine/evtx/record-plan';
import { corpusFile, describeCorpus } from '../../support/corpus';

const FILES = ['evtxrs__system.evtx', 'evtxrs__security.evtx', 'evtxrs__sysmon.evtx', 'evtxrs__2-vss_7-System.evtx', 'evtxrs__new-user-security.evtx', 'evtxrs__Application_no_crc32.evtx', 'evtxrs__MSExchange_Management_wec.evtx', 'evtxrs__sample_with_a_bad_chunk_magic.evtx'];

describeCorpus('EVTX record plans', () => {
  for (const name of FILES) {
    it(`${name}: every record's fields equal its rendered tree's`, () => {
      const path = corpusFile('evtx', name);
      const bytes = readFileSync(path);
      const d = parseEvtxFile(path, { size: bytes.length });
      const str = (col: Int32Array, i: number) => d.strings[col[i]];
      let checked = 0;
      for (let i = 0; i < d.count; i++) {
        const at = d.offset[i];
        const chunkAt = 4096 + Math.floor((at - 4096) / CHUNK_SIZE) * CHUNK_SIZE;
        const x = new ChunkXml(bytes.subarray(chunkAt, chunkAt + CHUNK_SIZE));
        const pos = at - chunkAt;
        const f = eventFields(parseRecord(x, pos, bytes.readUInt32LE(at + 4)));
        const got = [d.eventId[i], d.level[i], d.task[i], d.opcode[i], d.pid[i], d.tid[i], str(d.provider, i), str(d.computer, i), str(d.channel, i), str(d.user, i), str(d.activity, i), str(d.related, i), str(d.keywords, i), d.text[i]];
        const want = [f.eventId, f.level, f.task, f.opcode, f.pid, f.tid, f.provider, f.computer, f.channel, f.user, f.activityId, f.relatedActivityId, f.keywords, fieldsSummary(f.data)];
        expect(got, `record ${d.recordId[i]} at byte ${at}`).toEqual(want);
        checked++;
      }
      expect(checked).toBe(d.count);
    });
  }

  it('reads a file in parts as it reads it whole', () => {
    const path = corpusFile('evtx', 'evtxrs__security.evtx');
    const size = statSync(path).size;
    const whole = parseEvtxFile(path, { size });
    const header = readFileHeader(readFileSync(path).subarray(0, 4096));
    const cuts = [4096, 4096 + 3 * CHUNK_SIZE, 4096 + 7 * CHUNK_SIZE, size];
    const parts = cuts.slice(0, -1).map((from, k) => parseEvtxRange(path, { size, from, to: cuts[k + 1] }));
    const joined = joinChunkParts(parts, header);
    expect(parts.length).toBe(3);
    expect(joined.count).toBe(whole.count);
    for (const col of ['timeUs', 'eventId', 'recordId', 'offset'] as const) expect(Array.from(joined[col])).toEqual(Array.from(whole[col]));
    for (const col of ['provider', 'computer', 'user', 'keywords'] as const) expect(Array.from(joined[col], (id) => joined.strings[id])).toEqual(Array.from(whole[col], (id) => whole.strings[id]));
    expect(joined.text).toEqual(whole.text);
  });
});
