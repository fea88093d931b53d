/**
 * The fast path (fields read from substitution values through per-template plans, values interned
 * as bytes, chunk runs read as parts and joined) gives exactly what rendering each record and
 * reading its tree gives, for every record of the real files; a record's summary line built on
 * demand from its chunk equals the one a whole read builds; and a file read in several parts
 * equals it read in one.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EvtxFile, partRanges } from '../../../electron/engine/evtx';
import { joinTexts } from '../../../electron/engine/evtx/columns';
import { loadFile } from '../../../electron/engine/load-file';
import { ChunkXml } from '../../../electron/engine/evtx/binxml';
import { eventFields } from '../../../electron/engine/evtx/fields';
import { CHUNK_SIZE, joinChunkParts, parseEvtxFile, parseEvtxRange, parseRecord, readEvtxTexts, readFileHeader } from '../../../electron/engine/evtx/parse-file';
import { fieldsSummary } from '../../../electron/engine/evtx/record-plan';
import { corpusFile, describeCorpus } from '../../support/corpus';

const FILES = ['evtxrs__system.evtx', 'evtxrs__security.evtx', 'evtxrs__sysmon.evtx', 'evtxrs__2-vss_7-System.evtx', 'evtxrs__new-user-security.evtx', 'evtxrs__Application_no_crc32.evtx', 'evtxrs__MSExchange_Management_wec.evtx', 'evtxrs__sample_with_a_bad_chunk_magic.evtx'];

describeCorpus('EVTX record plans', () => {
  for (const name of FILES) {
    it(`${name}: every record's fields equal its rendered tree's`, () => {
      const path = corpusFile('evtx', name);
      const bytes = readFileSync(path);
      const d = parseEvtxFile(path, { size: bytes.length });
      const texts = readEvtxTexts(path, bytes.length).lines;
      expect(texts.length).toBe(d.count);
      // Lines built chunk by chunk as rows ask for them (no whole read: it would fail the test).
      const lazy = new EvtxFile('f', path, d, () => Promise.reject(new Error('not wanted here')));
      const str = (col: Int32Array, i: number) => d.strings[col[i]];
      let checked = 0;
      for (let i = 0; i < d.count; i++) {
        const at = d.offset[i];
        const chunkAt = 4096 + Math.floor((at - 4096) / CHUNK_SIZE) * CHUNK_SIZE;
        const x = new ChunkXml(bytes.subarray(chunkAt, chunkAt + CHUNK_SIZE));
        const pos = at - chunkAt;
        const f = eventFields(parseRecord(x, pos, bytes.readUInt32LE(at + 4)));
        const got = [d.eventId[i], d.level[i], d.task[i], d.opcode[i], d.pid[i], d.tid[i], str(d.provider, i), str(d.computer, i), str(d.channel, i), str(d.user, i), str(d.activity, i), str(d.related, i), str(d.keywords, i), texts[i], lazy.row(i).text];
        const want = [f.eventId, f.level, f.task, f.opcode, f.pid, f.tid, f.provider, f.computer, f.channel, f.user, f.activityId, f.relatedActivityId, f.keywords, fieldsSummary(f.data), fieldsSummary(f.data)];
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
    const withText = cuts.slice(0, -1).map((from, k) => parseEvtxRange(path, { size, from, to: cuts[k + 1], text: true }));
    expect(joinTexts(withText)).toEqual(readEvtxTexts(path, size));
    expect(joinTexts(withText).lines.length).toBe(whole.count);
  });
});

describeCorpus('EVTX read by parallel workers', () => {
  it('splits a file into one run of chunks per core, each at least 128 chunks', () => {
    expect(partRanges(4096, 4096 + 100 * CHUNK_SIZE, 2)).toEqual([[4096, 4096 + 100 * CHUNK_SIZE]]);
    expect(partRanges(4096, 4096 + 300 * CHUNK_SIZE + 10, 2)).toEqual([[4096, 4096 + 150 * CHUNK_SIZE], [4096 + 150 * CHUNK_SIZE, 4096 + 300 * CHUNK_SIZE + 10]]);
  });

  it('loads a 17 MB file through the workers as the calling thread reads it', async () => {
    // The corpus's system log's chunks repeated past the size where the workers and the split start.
    const src = readFileSync(corpusFile('evtx', 'evtxrs__system.evtx'));
    const chunks = src.subarray(4096, 4096 + Math.floor((src.length - 4096) / CHUNK_SIZE) * CHUNK_SIZE);
    const copies = Math.ceil((17 << 20) / chunks.length);
    const dir = mkdtempSync(join(tmpdir(), 'tl-evtx-parts-'));
    const path = join(dir, 'big.evtx');
    writeFileSync(path, Buffer.concat([src.subarray(0, 4096), ...Array.from({ length: copies }, () => chunks)]));
    try {
      const size = statSync(path).size;
      expect(partRanges(4096, size).length).toBe(Math.min(availableParallelism(), Math.floor((size - 4096) / CHUNK_SIZE / 128)));
      const r = await loadFile({ path, fileId: 'f', signal: new AbortController().signal, onProgress: () => undefined });
      if (!r.ok) throw new Error(r.problem.message);
      const inline = parseEvtxFile(path, { size });
      expect(r.file.recordCount).toBe(inline.count);
      expect(r.file.recordCount).toBe(1881 * copies);
      const texts = readEvtxTexts(path, size).lines;
      const rows = (i: number) => r.file.row(i);
      const picks = [0, 1, 1880, 1881, Math.floor(inline.count / 2), inline.count - 1];
      for (const i of picks) {
        expect(rows(i).text).toBe(texts[i]);
        expect(rows(i).source).toBe(inline.strings[inline.provider[i]]);
        expect(rows(i).timeUs).toBe(inline.timeUs[i]);
      }
      // Every line at once, built by the workers for a scan: the same lines.
      await r.file.readyForScan?.();
      for (const i of picks) expect(rows(i).text).toBe(texts[i]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
