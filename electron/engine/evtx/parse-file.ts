/**
 * Reads an EVTX file chunk by chunk into columns: the file header (4 KiB), then 64 KiB chunks each
 * with a 512-byte header (string and template tables) and event records. Damage is reported and
 * read around: a bad chunk signature skips that chunk, a checksum mismatch is reported and the
 * chunk still read, a truncated last chunk is read as far as it goes, a record that cannot be
 * parsed is reported and the next one read.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Problem } from '../../../shared/model';
import { BinXmlError, ChunkXml, Slots, type XmlElement } from './binxml';
import { PartColumns, joinParts, joinTexts, type EvtxData, type EvtxHeader, type EvtxPart, type SummaryTexts } from './columns';
import { eventFields } from './fields';
import { DataReader, fieldsSummary, planFits, planOf, soleSlot, sourceNumber, sourceText, type RecordPlan } from './record-plan';
import { VT, fileTimeToUs } from './values';

/** zlib's CRC-32, loaded when an EVTX file is first checked: every CLI run bundles this engine, and
 * loading node:zlib at start costs more than the CRC (Node compiles its zlib and stream modules). */
const crc32 = (data: Uint8Array, value?: number): number => process.getBuiltinModule('node:zlib').crc32(data, value);

export const FILE_HEADER_MAGIC = 'ElfFile\0';
export const CHUNK_MAGIC = 'ElfChnk\0';
export const CHUNK_SIZE = 65536;
const CHUNK_HEADER = 512;
const RECORD_MAGIC = 0x00002a2a;
const MAX_PROBLEMS = 200;

export type { EvtxData, EvtxHeader, SummaryTexts } from './columns';

export interface ParseOptions {
  size: number;
  /** The run of chunks to read: from byte `from` (a chunk start) up to `to` (default: the whole file). */
  from?: number;
  to?: number;
  onProgress?(bytesRead: number, records: number): void;
  shouldStop?(): boolean;
  /** Build each record's summary line too (its EventData/UserData fields); a load leaves them out. */
  text?: boolean;
}

export class ParseStopped extends Error {}

const ascii = (b: Uint8Array, off: number, n: number) => String.fromCharCode(...b.subarray(off, off + n));

export function readFileHeader(b: Uint8Array): EvtxHeader {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 128 || ascii(b, 0, 8) !== FILE_HEADER_MAGIC) return { ok: false, blockSize: 4096, major: 0, minor: 0, chunkCount: 0, nextRecordId: 0, dirty: false, full: false };
  const block = dv.getUint16(40, true);
  const flags = dv.getUint32(120, true);
  return {
    ok: true,
    // Always 4096 in files Windows writes; anything else is not trusted.
    blockSize: block === 4096 ? 4096 : 4096,
    minor: dv.getUint16(36, true),
    major: dv.getUint16(38, true),
    chunkCount: dv.getUint16(42, true),
    nextRecordId: Number(dv.getBigUint64(24, true)),
    dirty: (flags & 1) !== 0,
    full: (flags & 2) !== 0,
  };
}

/** Chunk checksums: the header's (bytes 0–120 and 128–512) and the records' (512 to the free space offset). */
export function chunkChecksums(c: Uint8Array, freeSpace: number): { header: number; records: number } {
  return {
    header: crc32(c.subarray(128, CHUNK_HEADER), crc32(c.subarray(0, 120))) >>> 0,
    records: crc32(c.subarray(CHUNK_HEADER, Math.min(freeSpace, c.length))) >>> 0,
  };
}

/** 2021-03-04T05:06:07.1234567Z → µs and tick (digits past the 7th dropped); null when it is not such a time. */
function isoTime(s: string): { us: number; tick: number } | null {
  // Forwarded events carry the time as text, sometimes with 9 fractional digits.
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) return null;
  const frac = (m[2] ?? '').padEnd(7, '0');
  return { us: ms * 1000 + Number(frac.slice(0, 6)), tick: Number(frac[6]) };
}

/** Parses the record at chunk offset `pos` (24-byte header, binary XML, size copy) into its element tree. */
export function parseRecord(x: ChunkXml, pos: number, size: number): XmlElement {
  return x.record(pos + 24, pos + size - 4);
}

/** Reads the whole file on the calling thread (small files, and where no worker is available). */
export function parseEvtxFile(path: string, opts: ParseOptions): EvtxData {
  const fd = openSync(path, 'r');
  try {
    const { header, problems } = readHeader(fd);
    const part = parseChunks(fd, header.blockSize, opts.size, opts, problems);
    return joinChunkParts([part], header);
  } finally {
    closeSync(fd);
  }
}

/** Every record's summary line, read on the calling thread (small files, and where no worker is available). */
export function readEvtxTexts(path: string, size: number): SummaryTexts {
  const fd = openSync(path, 'r');
  try {
    const { header } = readHeader(fd);
    return joinTexts([parseChunks(fd, header.blockSize, size, { size, text: true }, [])]);
  } finally {
    closeSync(fd);
  }
}

/** Reads the file header; its problems are the first of the file's. */
export function readHeader(fd: number): { header: EvtxHeader; problems: Problem[] } {
  const problems: Problem[] = [];
  const head = Buffer.alloc(4096);
  const got = readSync(fd, head, 0, 4096, 0);
  const header = readFileHeader(head.subarray(0, got));
  if (!header.ok) problems.push({ severity: 'warning', message: 'The file header has no "ElfFile" signature; chunks are looked for anyway.', offset: 0 });
  else {
    const stored = head.readUInt32LE(124);
    if (stored !== 0 && crc32(head.subarray(0, 120)) >>> 0 !== stored) problems.push({ severity: 'warning', message: 'The file header checksum does not match its bytes; the header may be damaged.', offset: 124 });
    if (header.dirty) problems.push({ severity: 'warning', message: 'The file is marked dirty: it was not closed cleanly (copied while Windows was writing it), so the header may not count the newest records.', offset: 120 });
  }
  return { header, problems };
}

/** Reads the chunks of path from `opts.from` to `opts.to` (a worker's share of the file). */
export function parseEvtxRange(path: string, opts: ParseOptions): EvtxPart {
  const fd = openSync(path, 'r');
  try {
    return parseChunks(fd, opts.from ?? 4096, opts.to ?? opts.size, opts, []);
  } finally {
    closeSync(fd);
  }
}

/** Joins parts read in file order, with the runs of unsigned chunks reported as the parts end. */
export function joinChunkParts(parts: readonly EvtxPart[], header: EvtxHeader): EvtxData {
  return joinParts(parts, header, (unsigned) => runsOf(unsigned).map((run) => {
    const where = run.length === 1 ? `The chunk at byte ${fmt(run[0])} has` : `The ${run.length} chunks at bytes ${fmt(run[0])}–${fmt(run.at(-1)! + CHUNK_SIZE - 1)} have`;
    return { severity: 'warning', message: `${where} no "ElfChnk" signature but hold data (overwritten or damaged); their records were skipped.`, offset: run[0] };
  }), MAX_PROBLEMS);
}

/** About this many records fill a 64 KiB chunk (to size the columns once). */
const RECORDS_PER_CHUNK = 110;

function parseChunks(fd: number, from: number, to: number, opts: ParseOptions, problems: Problem[]): EvtxPart {
  const cols = new PartColumns(Math.ceil((to - from) / CHUNK_SIZE) * RECORDS_PER_CHUNK, opts.text);
  let problemCount = problems.length;
  const problem = (message: string, offset?: number, severity: Problem['severity'] = 'warning') => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push({ severity, message, offset });
  };
  const batch = Buffer.alloc(CHUNK_SIZE * 16);
  const unsigned: number[] = [];
  let chunks = 0;
  let last = 0;
  for (let at = from; at < to; ) {
    if (opts.shouldStop?.()) throw new ParseStopped();
    const n = readSync(fd, batch, 0, Math.min(batch.length, to - at), at);
    if (n <= 0) break;
    for (let c = 0; c < n; c += CHUNK_SIZE) {
      const chunk = batch.subarray(c, Math.min(n, c + CHUNK_SIZE));
      if (!readChunk(chunk, at + c, cols, problem)) unsigned.push(at + c);
      chunks++;
    }
    at += n;
    const now = Date.now();
    if (now - last >= 50) {
      last = now;
      opts.onProgress?.(at, cols.count);
    }
  }
  opts.onProgress?.(to, cols.count);
  return cols.part({ chunks, unsigned, problems, problemCount });
}

type Report = (message: string, offset?: number) => void;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Consecutive chunk offsets grouped, so a wiped stretch is one problem, not dozens. */
function runsOf(offsets: number[]): number[][] {
  const runs: number[][] = [];
  for (const o of offsets) {
    const last = runs.at(-1);
    if (last && o - last[last.length - 1] === CHUNK_SIZE) last.push(o);
    else runs.push([o]);
  }
  return runs;
}

function isZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** Reads one chunk's records into `cols`; false when the chunk has no signature but is not empty. */
function readChunk(c: Uint8Array, at: number, cols: PartColumns, problem: Report): boolean {
  // Made only for a problem: formatting the offset of every chunk showed in profiles.
  const k = { toString: () => `chunk at byte ${fmt(at)}` };
  if (c.length < CHUNK_HEADER) {
    if (!isZero(c)) problem(`The file ends inside the header of the ${k} (the file is truncated).`, at);
    return true;
  }
  // Space Windows allocated but never used is zeros: not damage.
  if (ascii(c, 0, 8) !== CHUNK_MAGIC) return isZero(c);
  if (c.length < CHUNK_SIZE) problem(`The file ends inside the ${k} (the file is truncated); the records before the cut were read.`, at);
  const dv = new DataView(c.buffer, c.byteOffset, c.byteLength);
  const freeSpace = Math.min(dv.getUint32(48, true), CHUNK_SIZE);
  const sums = chunkChecksums(c, freeSpace);
  const storedHeader = dv.getUint32(124, true);
  const storedRecords = dv.getUint32(52, true);
  if (storedHeader === 0 && storedRecords === 0) problem(`The ${k} carries no checksums (both are 0); it was read unchecked.`, at + 124);
  else {
    if (sums.header !== storedHeader) problem(`The ${k} header checksum does not match; the chunk was read anyway.`, at + 124);
    if (c.length >= freeSpace && sums.records !== storedRecords) problem(`The ${k} records checksum does not match; the chunk was read anyway.`, at + 52);
  }
  const x = new ChunkXml(c);
  const plans = new Map<number, RecordPlan>();
  const data = new DataReader(x);
  const end = Math.min(freeSpace, c.length);
  for (let pos = CHUNK_HEADER; pos + 28 <= end; ) {
    if (dv.getUint32(pos, true) !== RECORD_MAGIC) {
      problem(`The ${k} has no record signature at byte ${fmt(at + pos)}, before the end its header gives (byte ${fmt(at + end)}); the rest of the chunk was skipped.`, at + pos);
      return true;
    }
    const size = dv.getUint32(pos + 4, true);
    if (size < 28 || pos + size > end) {
      problem(`The record at byte ${fmt(at + pos)} gives an impossible size (${size}); the rest of the chunk was skipped.`, at + pos);
      return true;
    }
    if (dv.getUint32(pos + size - 4, true) !== size) {
      // A record whose closing size copy is missing was cut off (its end overwritten): not read.
      problem(`The record at byte ${fmt(at + pos)} is cut off: its ${size} bytes do not end with their size copy (byte ${fmt(at + pos + size - 4)}); it and the rest of the chunk were skipped.`, at + pos);
      return true;
    }
    addRecord(x, plans, data, dv, pos, size, at, cols, problem);
    pos += size;
  }
  return true;
}

/** The values of the record being read (one set per thread). */
const SLOTS = new Slots();

/** FILETIME of a FileTime value as µs and tick; null when it is not a time Windows writes. */
function slotTime(x: ChunkXml, v: Slots, k: number): { us: number; tick: number } | null {
  if (k < 0 || v.type[k] !== VT.FileTime || v.size[k] < 8) return null;
  const ticks = x.dv.getBigUint64(v.off[k], true);
  return ticks <= 0n || ticks > 2650467743999999999n ? null : fileTimeToUs(ticks);
}

function addRecord(x: ChunkXml, plans: Map<number, RecordPlan>, data: DataReader, dv: DataView, pos: number, size: number, at: number, cols: PartColumns, problem: Report): void {
  const headerTime = fileTimeToUs(dv.getBigUint64(pos + 16, true));
  const recordId = Number(dv.getBigUint64(pos + 8, true));
  try {
    const inst = x.instanceOf(pos + 24, pos + size - 4, SLOTS);
    let plan = inst && plans.get(inst.key);
    if (inst && !plan) plans.set(inst.key, (plan = planOf(inst.tpl)));
    const i = cols.next();
    const n = cols.nums;
    const ids = cols.ids;
    n.recordId[i] = recordId;
    n.offset[i] = at + pos;
    if (plan && planFits(plan, SLOTS)) {
      const t = slotTime(x, SLOTS, soleSlot(SLOTS, plan.systemTime)) ?? isoTime(sourceText(x, SLOTS, plan.systemTime)) ?? headerTime;
      n.timeUs[i] = t.us;
      n.tick[i] = t.tick;
      n.eventId[i] = sourceNumber(x, SLOTS, plan.eventId);
      n.level[i] = sourceNumber(x, SLOTS, plan.level);
      n.task[i] = sourceNumber(x, SLOTS, plan.task);
      n.opcode[i] = sourceNumber(x, SLOTS, plan.opcode);
      n.pid[i] = sourceNumber(x, SLOTS, plan.pid);
      n.tid[i] = sourceNumber(x, SLOTS, plan.tid);
      ids.provider[i] = cols.textId(sourceText(x, SLOTS, plan.provider) || sourceText(x, SLOTS, plan.sourceName));
      ids.computer[i] = planValueId(x, cols, plan.computer);
      ids.channel[i] = planValueId(x, cols, plan.channel);
      ids.user[i] = planValueId(x, cols, plan.user);
      ids.activity[i] = planValueId(x, cols, plan.activity);
      ids.related[i] = planValueId(x, cols, plan.related);
      ids.keywords[i] = planValueId(x, cols, plan.keywords);
      cols.done(cols.withText ? summaryOr(() => data.summary(plan, SLOTS, 1), (why) => cols.unreadableData(unreadableData(recordId, at + pos, why))) : '');
      return;
    }
    // Not the usual form: render the record and read its tree.
    const f = eventFields(parseRecord(x, pos, size));
    const t = isoTime(f.systemTime) ?? headerTime;
    n.timeUs[i] = t.us;
    n.tick[i] = t.tick;
    n.eventId[i] = f.eventId;
    n.level[i] = f.level;
    n.task[i] = f.task;
    n.opcode[i] = f.opcode;
    n.pid[i] = f.pid;
    n.tid[i] = f.tid;
    ids.provider[i] = cols.textId(f.provider);
    ids.computer[i] = cols.textId(f.computer);
    ids.channel[i] = cols.textId(f.channel);
    ids.user[i] = cols.textId(f.user);
    ids.activity[i] = cols.textId(f.activityId);
    ids.related[i] = cols.textId(f.relatedActivityId);
    ids.keywords[i] = cols.textId(f.keywords);
    cols.done(cols.withText ? fieldsSummary(f.data) : '');
  } catch (e) {
    if (!(e instanceof BinXmlError)) throw e;
    problem(`Record ${recordId} at byte ${fmt(at + pos)} could not be read: ${e.message}.`, at + pos);
  }
}

/**
 * A record's summary line, or '' when its EventData cannot be read: the record itself was read
 * from its System fields (a load does not look at the data), so it stays, with no summary, and
 * `unreadable` is told why.
 */
function summaryOr(build: () => string, unreadable: (why: string) => void): string {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof BinXmlError)) throw e;
    unreadable(e.message);
    return '';
  }
}

/** What the files pane says of a record whose EventData could not be read (found when its summary line was built). */
export function unreadableData(recordId: number, offset: number, why: string): Problem {
  return { severity: 'warning', message: `Record ${recordId} at byte ${fmt(offset)}: its EventData could not be read (${why}); it is listed with its System fields and no summary.`, offset };
}

/**
 * The summary lines of the records one chunk holds (`chunk`: its bytes, read from file offset
 * `at`), in the order a load reads them: the same code as a read with text, so the same lines.
 */
export function chunkTexts(chunk: Uint8Array, at: number): SummaryTexts {
  const cols = new PartColumns(RECORDS_PER_CHUNK, true);
  readChunk(chunk, at, cols, () => undefined);
  return joinTexts([cols.part({ chunks: 1, unsigned: [], problems: [], problemCount: 0 })]);
}

/** A string field's id: a single value slot interned as its bytes, anything else as its text. */
function planValueId(x: ChunkXml, cols: PartColumns, src: Parameters<typeof soleSlot>[1]): number {
  const k = soleSlot(SLOTS, src);
  return k >= 0 ? cols.valueId(x.b, SLOTS.off[k], SLOTS.size[k], SLOTS.type[k]) : cols.textId(sourceText(x, SLOTS, src));
}
