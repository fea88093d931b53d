/**
 * The EVTX reader against files from our own writer: every field round-trips (property test over
 * generated events), and damage is reported and read around: a chunk without its signature, a
 * checksum mismatch, a dirty header, a truncated file, garbage binary XML.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffHead } from '../../../electron/engine/detect';
import { EvtxFile } from '../../../electron/engine/evtx';
import { parseEvtxFile, readEvtxTexts } from '../../../electron/engine/evtx/parse-file';
import { ENGINES } from '../../../electron/engine/registry';
import { writeEvtx, type WriterEvent } from '../../support/evtx-writer';

const dir = mkdtempSync(join(tmpdir(), 'tracelens-evtx-'));
let n = 0;
function fileOf(bytes: Uint8Array): string {
  const p = join(dir, `f${n++}.evtx`);
  writeFileSync(p, bytes);
  return p;
}
const parse = (bytes: Uint8Array) => parseEvtxFile(fileOf(bytes), { size: bytes.length });

const T0 = Date.UTC(2024, 2, 1, 10, 0, 0) * 1000;
const event = (i: number, more: Partial<WriterEvent> = {}): WriterEvent => ({
  provider: 'Microsoft-Windows-WAS',
  eventId: 5002,
  level: 2,
  timeUs: T0 + i * 1_000_000,
  computer: 'WEB01',
  pid: 4242,
  tid: 7,
  data: [['AppPoolID', `Pool${i}`]],
  ...more,
});

const guid = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join(''))
  .map((h) => `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}}`);
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\u0000'));
const arbEvent: fc.Arbitrary<WriterEvent> = fc.record({
  provider: text,
  eventId: fc.integer({ min: 0, max: 65535 }),
  level: fc.integer({ min: 0, max: 5 }),
  task: fc.integer({ min: 0, max: 65535 }),
  opcode: fc.integer({ min: 0, max: 255 }),
  keywords: fc.bigUint64Array({ minLength: 1, maxLength: 1 }).map((a) => a[0]),
  timeUs: fc.integer({ min: Date.UTC(2000, 0, 1) * 1000, max: Date.UTC(2040, 0, 1) * 1000 }),
  tick: fc.integer({ min: 0, max: 9 }),
  activityId: fc.option(guid, { nil: undefined }),
  relatedActivityId: fc.option(guid, { nil: undefined }),
  pid: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  tid: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  computer: text,
  userSid: fc.option(fc.constantFrom('S-1-5-18', 'S-1-5-21-1004336348-1177238915-682003330-512'), { nil: undefined }),
  data: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/), text), { maxLength: 6 }),
});

describe('EVTX reader on written files', () => {
  it('is recognised from its bytes and loads through the registry', () => {
    const bytes = writeEvtx([event(0)]);
    expect(sniffHead(bytes.subarray(0, 65536), 'System.evtx', ENGINES)).toEqual({ format: 'evtx' });
    // Not the old "export it as XML first" refusal, and not mistaken for text.
    expect(sniffHead(new TextEncoder().encode('ElfFile is a word'), 'x.log', ENGINES).format).toBe('unknown');
  });

  it('round-trips every indexed field (generated events, several chunks)', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { minLength: 1, maxLength: 300 }), (events) => {
        const bytes = writeEvtx(events, { firstRecordId: 77 });
        const path = fileOf(bytes);
        const d = parseEvtxFile(path, { size: bytes.length });
        const texts = readEvtxTexts(path, bytes.length).lines;
        expect(d.problems).toEqual([]);
        expect(d.count).toBe(events.length);
        events.forEach((e, i) => {
          expect(d.timeUs[i]).toBe(e.timeUs);
          expect(d.tick[i]).toBe(e.tick);
          expect(d.recordId[i]).toBe(77 + i);
          expect(d.strings[d.provider[i]]).toBe(e.provider);
          expect(d.eventId[i]).toBe(e.eventId);
          expect(d.level[i]).toBe(e.level);
          expect(d.task[i]).toBe(e.task);
          expect(d.opcode[i]).toBe(e.opcode);
          expect(d.strings[d.keywords[i]]).toBe(`0x${e.keywords!.toString(16).padStart(16, '0')}`);
          expect(d.strings[d.computer[i]]).toBe(e.computer);
          expect(d.pid[i]).toBe(e.pid);
          expect(d.tid[i]).toBe(e.tid);
          expect(d.strings[d.activity[i]]).toBe(e.activityId ?? '');
          expect(d.strings[d.related[i]]).toBe(e.relatedActivityId ?? '');
          expect(d.strings[d.user[i]]).toBe(e.userSid ?? '');
          const shown = (e.data ?? []).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}`).join('; ').replace(/\s+/g, ' ');
          expect(texts[i]).toBe(shown.length > 300 ? `${shown.slice(0, 299)}…` : shown);
        });
      }),
      { numRuns: 25 },
    );
  });

  it('renders a record as XML with its EventData on demand', async () => {
    const bytes = writeEvtx([event(0), event(1, { provider: 'Application Error', eventId: 1000, data: [['AppName', 'w3wp.exe'], ['Code', '<&>']] })]);
    const path = fileOf(bytes);
    const f = new EvtxFile('f1', path, parseEvtxFile(path, { size: bytes.length }), async () => readEvtxTexts(path, bytes.length));
    const d = await f.detail(1);
    expect(d.xml).toContain('<Provider Name="Application Error"');
    expect(d.xml).toContain('<Data Name="AppName">w3wp.exe</Data>');
    expect(d.xml).toContain('<Data Name="Code">&lt;&amp;&gt;</Data>');
    expect(d.fields).toContainEqual({ name: 'Event ID', value: '1000' });
    expect(d.fields).toContainEqual({ name: 'AppName', value: 'w3wp.exe' });
    expect(f.row(0)).toMatchObject({ level: 'error', kind: 'Event 5002', source: 'Microsoft-Windows-WAS', host: 'WEB01', process: '4242', text: 'AppPoolID: Pool0' });
  });

  it('keeps a record whose EventData is damaged, and says so when its summary is first built', async () => {
    const bytes = writeEvtx([
      event(0, { dataAsValue: 'whole', data: [['AppPoolID', 'PoolA'], ['Reason', 'ping']] }),
      event(1, { dataAsValue: 'damaged', data: [['AppPoolID', 'PoolB']] }),
      event(2),
    ]);
    const path = fileOf(bytes);
    const data = parseEvtxFile(path, { size: bytes.length });
    // The load reads System fields only: all three records, nothing wrong yet.
    expect(data.count).toBe(3);
    expect(data.problems).toEqual([]);
    const all = readEvtxTexts(path, bytes.length);
    expect(all.lines).toEqual(['AppPoolID: PoolA; Reason: ping', '', 'AppPoolID: Pool2']);
    expect(all.problems).toHaveLength(1);
    expect(all.problems[0].message).toMatch(/^Record 2 at byte [\d,]+: its EventData could not be read \(.+\); it is listed with its System fields and no summary\.$/);

    const f = new EvtxFile('f1', path, data, async () => readEvtxTexts(path, bytes.length));
    let told = 0;
    f.watchProblems(() => told++);
    // A page's rows build the lines of their chunk: the damaged record is found and said once.
    expect(f.row(1).text).toBe('');
    expect(f.row(0).text).toBe('AppPoolID: PoolA; Reason: ping');
    expect(told).toBe(1);
    expect(f.problems.map((p) => p.message)).toEqual([all.problems[0].message]);
    // A scan builds every line again: the same record is not said twice.
    await f.readyForScan();
    expect(told).toBe(1);
    // Its detail shows what was read and why the rest is missing.
    const d = await f.detail(1);
    expect(d.title).toBe('Microsoft-Windows-WAS 5002 (its EventData could not be read)');
    expect(d.fields).toContainEqual({ name: 'Record ID', value: '2' });
    expect(d.fields).toContainEqual({ name: 'Computer', value: 'WEB01' });
    expect(d.fields.find((x) => x.name === 'EventData')?.value).toMatch(/^could not be read: /);
    expect(f.problems).toHaveLength(1);
    const whole = await f.detail(0);
    expect(whole.xml).toContain('<Data Name="Reason">ping</Data>');
  });

  const manyChunks = () => writeEvtx(Array.from({ length: 1200 }, (_, i) => event(i, { data: [['AppPoolID', `Pool${i}`.padEnd(60, 'x')]] })));

  it('skips a chunk without its signature, says where, and reads the others', () => {
    const good = parse(manyChunks());
    expect(good.chunks).toBeGreaterThanOrEqual(3);
    const bad = manyChunks();
    bad.set([0x58, 0x58], 4096 + 65536);
    const d = parse(bad);
    const second = good.offset.filter((o) => o >= 4096 + 65536 && o < 4096 + 2 * 65536).length;
    expect(d.count).toBe(good.count - second);
    expect(d.problems.map((p) => p.message)).toContain('The chunk at byte 69,632 has no "ElfChnk" signature but hold data (overwritten or damaged); their records were skipped.');
  });

  it('reports a checksum mismatch and still reads the chunk', () => {
    const bytes = manyChunks();
    const good = parse(bytes).count;
    // The first record's written time (its header, covered by the records checksum only).
    bytes[4096 + 512 + 16] ^= 0xff;
    const d = parse(bytes);
    expect(d.count).toBe(good);
    expect(d.problems[0].message).toBe('The chunk at byte 4,096 records checksum does not match; the chunk was read anyway.');
  });

  it('says a dirty file is dirty and reads a truncated one up to the cut', () => {
    const dirty = parse(writeEvtx([event(0)], { dirty: true }));
    expect(dirty.problems[0].message).toMatch(/marked dirty/);
    const bytes = manyChunks();
    const cut = bytes.subarray(0, 4096 + 65536 + 30_000);
    const d = parse(cut);
    const good = parse(bytes);
    expect(d.count).toBeGreaterThan(good.offset.filter((o) => o < 4096 + 65536).length);
    expect(d.count).toBeLessThan(good.count);
    expect(d.problems.some((p) => /file ends inside the chunk at byte 69,632/.test(p.message))).toBe(true);
  });

  it('never throws or hangs on garbage inside records (bounded reads)', () => {
    const base = writeEvtx(Array.from({ length: 50 }, (_, i) => event(i)));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 4096 + 512, max: 4096 + 12_000 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), (edits) => {
        const b = base.slice();
        for (const [at, v] of edits) b[at] = v;
        const d = parse(b);
        expect(d.count).toBeLessThanOrEqual(50);
        for (const p of d.problems) expect(p.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 150 },
    );
  });
});

describe('EVTX loading through the registry', () => {
  // Above the inline limit (4 MiB): read in a pooled worker, with progress, and cancellable.
  const big = () => writeEvtx(Array.from({ length: 14_000 }, (_, i) => event(i, { data: [['AppPoolID', `Pool${i}`.padEnd(200, 'x')]] })));

  it('reads a large file in a worker with progress, the same records as inline', async () => {
    const { loadFile } = await import('../../../electron/engine/load-file');
    const bytes = big();
    expect(bytes.length).toBeGreaterThan(4 << 20);
    const path = fileOf(bytes);
    const progress: number[] = [];
    const r = await loadFile({ path, fileId: 'w', signal: new AbortController().signal, onProgress: (b) => progress.push(b) });
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.format).toBe('evtx');
    expect(r.file.recordCount).toBe(14_000);
    expect(r.file.row(13_999).text).toBe(`AppPoolID: ${'Pool13999'.padEnd(200, 'x')}`);
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it('stops when cancelled and says so', async () => {
    const { loadFile } = await import('../../../electron/engine/load-file');
    const path = fileOf(big());
    const ac = new AbortController();
    const r = await loadFile({ path, fileId: 'c', signal: ac.signal, onSniffed: () => ac.abort(), onProgress: () => undefined });
    expect(r).toMatchObject({ ok: false, cancelled: true, problem: { message: 'Loading was cancelled.' } });
  });
});
