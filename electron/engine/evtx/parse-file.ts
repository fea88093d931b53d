/**
 * Reads an EVTX file chunk by chunk into columns: the file header (4 KiB), then 64 KiB chunks each
 * with a 512-byte header (string and template tables) and event records. Damage is reported and
 * read around: a bad chunk signature skips that chunk, a checksum mismatch is reported and the
 * chunk still read, a truncated last chunk is read as far as it goes, a record that cannot be
 * parsed is reported and the next one read.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { Problem } from '../../../shared/model';
import { BinXmlError, ChunkXml, type XmlElement } from './binxml';
import { eventFields } from './fields';
import { fileTimeToUs } from './values';

export const FILE_HEADER_MAGIC = 'ElfFile\0';
export const CHUNK_MAGIC = 'ElfChnk\0';
export const CHUNK_SIZE = 65536;
const CHUNK_HEADER = 512;
const RECORD_MAGIC = 0x00002a2a;
const MAX_PROBLEMS = 200;

export interface EvtxHeader {
  ok: boolean;
  blockSize: number;
  major: number;
  minor: number;
  chunkCount: number;
  nextRecordId: number;
  dirty: boolean;
  full: boolean;
}

/** The columns of a loaded EVTX file: plain typed arrays and strings, so a worker can post them. */
export interface EvtxData {
  count: number;
  timeUs: Float64Array;
  /** The 7th fractional digit (100 ns). */
  tick: Uint8Array;
  recordId: Float64Array;
  eventId: Int32Array;
  level: Int8Array;
  task: Int32Array;
  opcode: Int32Array;
  pid: Int32Array;
  tid: Int32Array;
  /** File offset of each record (its detail is parsed again from there). */
  offset: Float64Array;
  /** Indexes into `strings`. */
  provider: Int32Array;
  computer: Int32Array;
  channel: Int32Array;
  user: Int32Array;
  activity: Int32Array;
  related: Int32Array;
  keywords: Int32Array;
  strings: string[];
  /** One line per record: its EventData/UserData fields. */
  text: string[];
  header: EvtxHeader;
  chunks: number;
  problems: Problem[];
  problemCount: number;
}

export interface ParseOptions {
  size: number;
  onProgress?(bytesRead: number, records: number): void;
  shouldStop?(): boolean;
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

/** Growing columns; strings go through one dictionary. */
class Columns {
  count = 0;
  timeUs: number[] = [];
  tick: number[] = [];
  recordId: number[] = [];
  eventId: number[] = [];
  level: number[] = [];
  task: number[] = [];
  opcode: number[] = [];
  pid: number[] = [];
  tid: number[] = [];
  offset: number[] = [];
  provider: number[] = [];
  computer: number[] = [];
  channel: number[] = [];
  user: number[] = [];
  activity: number[] = [];
  related: number[] = [];
  keywords: number[] = [];
  text: string[] = [];
  strings: string[] = [''];
  private ids = new Map<string, number>([['', 0]]);

  str(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
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

function summaryText(data: [string, string][]): string {
  const s = data
    .filter(([, v]) => v !== '')
    .map(([k, v]) => (/^Data\d+$/.test(k) ? v : `${k}: ${v}`))
    .join('; ')
    .replace(/\s+/g, ' ');
  return s.length > 300 ? `${s.slice(0, 299)}…` : s;
}

/** Parses the record at chunk offset `pos` (24-byte header, binary XML, size copy) into its element tree. */
export function parseRecord(x: ChunkXml, pos: number, size: number): XmlElement {
  return x.record(pos + 24, pos + size - 4);
}

export function parseEvtxFile(path: string, opts: ParseOptions): EvtxData {
  const fd = openSync(path, 'r');
  try {
    return parseFd(fd, opts);
  } finally {
    closeSync(fd);
  }
}

function parseFd(fd: number, opts: ParseOptions): EvtxData {
  const cols = new Columns();
  const problems: Problem[] = [];
  let problemCount = 0;
  const problem = (message: string, offset?: number, severity: Problem['severity'] = 'warning') => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push({ severity, message, offset });
  };
  const head = Buffer.alloc(4096);
  const got = readSync(fd, head, 0, 4096, 0);
  const header = readFileHeader(head.subarray(0, got));
  if (!header.ok) problem('The file header has no "ElfFile" signature; chunks are looked for anyway.', 0);
  else {
    const stored = head.readUInt32LE(124);
    if (stored !== 0 && crc32(head.subarray(0, 120)) >>> 0 !== stored) problem('The file header checksum does not match its bytes; the header may be damaged.', 124);
    if (header.dirty) problem('The file is marked dirty: it was not closed cleanly (copied while Windows was writing it), so the header may not count the newest records.', 120);
  }
  const batch = Buffer.alloc(CHUNK_SIZE * 16);
  const unsigned: number[] = [];
  let chunks = 0;
  let last = 0;
  for (let at = header.blockSize; at < opts.size; ) {
    if (opts.shouldStop?.()) throw new ParseStopped();
    const n = readSync(fd, batch, 0, Math.min(batch.length, opts.size - at), at);
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
  opts.onProgress?.(opts.size, cols.count);
  for (const run of runsOf(unsigned)) {
    const where = run.length === 1 ? `The chunk at byte ${fmt(run[0])} has` : `The ${run.length} chunks at bytes ${fmt(run[0])}–${fmt(run.at(-1)! + CHUNK_SIZE - 1)} have`;
    problem(`${where} no "ElfChnk" signature but hold data (overwritten or damaged); their records were skipped.`, run[0]);
  }
  const more = problemCount - problems.length;
  if (more > 0) problems.push({ severity: 'warning', message: `…and ${more} more problems like these (not listed).` });
  return {
    count: cols.count,
    timeUs: Float64Array.from(cols.timeUs),
    tick: Uint8Array.from(cols.tick),
    recordId: Float64Array.from(cols.recordId),
    eventId: Int32Array.from(cols.eventId),
    level: Int8Array.from(cols.level),
    task: Int32Array.from(cols.task),
    opcode: Int32Array.from(cols.opcode),
    pid: Int32Array.from(cols.pid),
    tid: Int32Array.from(cols.tid),
    offset: Float64Array.from(cols.offset),
    provider: Int32Array.from(cols.provider),
    computer: Int32Array.from(cols.computer),
    channel: Int32Array.from(cols.channel),
    user: Int32Array.from(cols.user),
    activity: Int32Array.from(cols.activity),
    related: Int32Array.from(cols.related),
    keywords: Int32Array.from(cols.keywords),
    strings: cols.strings,
    text: cols.text,
    header,
    chunks,
    problems,
    problemCount,
  };
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
function readChunk(c: Uint8Array, at: number, cols: Columns, problem: Report): boolean {
  const k = `chunk at byte ${fmt(at)}`;
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
    addRecord(x, dv, pos, size, at, cols, problem);
    pos += size;
  }
  return true;
}

function addRecord(x: ChunkXml, dv: DataView, pos: number, size: number, at: number, cols: Columns, problem: Report): void {
  const headerTime = fileTimeToUs(dv.getBigUint64(pos + 16, true));
  const recordId = Number(dv.getBigUint64(pos + 8, true));
  let f;
  try {
    f = eventFields(parseRecord(x, pos, size));
  } catch (e) {
    if (!(e instanceof BinXmlError)) throw e;
    problem(`Record ${recordId} at byte ${fmt(at + pos)} could not be read: ${e.message}.`, at + pos);
    return;
  }
  const t = isoTime(f.systemTime) ?? headerTime;
  cols.timeUs.push(t.us);
  cols.tick.push(t.tick);
  cols.recordId.push(recordId);
  cols.eventId.push(f.eventId);
  cols.level.push(f.level);
  cols.task.push(f.task);
  cols.opcode.push(f.opcode);
  cols.pid.push(f.pid);
  cols.tid.push(f.tid);
  cols.offset.push(at + pos);
  cols.provider.push(cols.str(f.provider));
  cols.computer.push(cols.str(f.computer));
  cols.channel.push(cols.str(f.channel));
  cols.user.push(cols.str(f.user));
  cols.activity.push(cols.str(f.activityId));
  cols.related.push(cols.str(f.relatedActivityId));
  cols.keywords.push(cols.str(f.keywords));
  cols.text.push(summaryText(f.data));
  cols.count++;
}
