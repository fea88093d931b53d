/**
 * The columns one worker reads from its run of chunks (a part), and the join of the parts into one
 * file's columns on the calling thread. A part is typed arrays (moved to the main thread, not
 * copied), its string-like values as one byte interner's dump (raw value bytes, each after its
 * value type; decoded once per distinct value at the join), and the records' summaries as one
 * string with their ends (only when asked for: a load leaves them to be built when rows are read,
 * see summaries.ts). The join maps each part's value ids onto the file's strings and copies the
 * arrays into place: no per-record object crosses threads or is made on the main thread.
 */
import type { Problem } from '../../../shared/model';
import { ByteInterner, type InternerDump } from '../interning';
import { VT, valueText } from './values';

/** Numeric columns, one entry per record. */
const NUMS = {
  timeUs: Float64Array,
  /** The 7th fractional digit (100 ns). */
  tick: Uint8Array,
  recordId: Float64Array,
  eventId: Int32Array,
  level: Int8Array,
  task: Int32Array,
  opcode: Int32Array,
  pid: Int32Array,
  tid: Int32Array,
  /** File offset of each record (its detail is parsed again from there). */
  offset: Float64Array,
} as const;
/** String columns: ids into the file's `strings`. */
export const STRING_COLUMNS = ['provider', 'computer', 'channel', 'user', 'activity', 'related', 'keywords'] as const;

type NumName = keyof typeof NUMS;
export type StringColumn = (typeof STRING_COLUMNS)[number];
export type NumColumns = { [K in NumName]: InstanceType<(typeof NUMS)[K]> };
export type IdColumns = Record<StringColumn, Int32Array>;

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

/** What a part of the file gives (posted from a worker; its typed arrays are transferred). */
export interface EvtxPart {
  count: number;
  nums: NumColumns;
  ids: IdColumns;
  /** The values `ids` index (id 0: the empty value). */
  values: InternerDump;
  /** The records' summaries, concatenated, when the part was read for them (else empty); record i's ends at textEnds[i]. */
  text: string;
  textEnds: Uint32Array;
  chunks: number;
  /** Chunks without a signature that hold data (reported as runs once the parts are joined). */
  unsigned: number[];
  problems: Problem[];
  problemCount: number;
  /** Records whose EventData could not be read while their summary lines were built (reads with text only). */
  textProblems: Problem[];
}

/** Records' summary lines (record i's at index i) and the records whose EventData could not be read. */
export interface SummaryTexts {
  lines: string[];
  problems: Problem[];
}

/** Records whose unreadable EventData a read with text lists (a file of such records says so once, not thousands of times). */
const MAX_TEXT_PROBLEMS = 200;

/** The columns of a loaded EVTX file: plain typed arrays and strings. */
export interface EvtxData extends NumColumns, IdColumns {
  count: number;
  strings: string[];
  header: EvtxHeader;
  chunks: number;
  problems: Problem[];
  problemCount: number;
}

/** Growing columns of one part. */
export class PartColumns {
  count = 0;
  private capacity: number;
  nums: NumColumns;
  ids: IdColumns;
  /** Value bytes, each after its value type, interned without decoding (the one byte interner). */
  readonly values = new ByteInterner(null);
  private readonly texts: string[] = [];
  private readonly textProblems: Problem[] = [];
  private scratch = new Uint8Array(256);

  /** `withText`: keep each record's summary line (reading for summaries); a load leaves them out. */
  constructor(expected: number, readonly withText = false) {
    this.capacity = Math.max(64, expected);
    this.nums = Object.fromEntries(Object.entries(NUMS).map(([k, A]) => [k, new A(this.capacity)])) as unknown as NumColumns;
    this.ids = Object.fromEntries(STRING_COLUMNS.map((k) => [k, new Int32Array(this.capacity)])) as unknown as IdColumns;
  }

  /** Room for one more record; returns its index. */
  next(): number {
    if (this.count === this.capacity) {
      this.capacity *= 2;
      const grow = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(this.capacity);
        b.set(a);
        return b;
      };
      const nums = this.nums as unknown as Record<NumName, Float64Array>;
      for (const k of Object.keys(nums) as NumName[]) nums[k] = grow(nums[k]);
      for (const k of STRING_COLUMNS) this.ids[k] = grow(this.ids[k]);
    }
    return this.count;
  }

  /** Commits the record `next()` gave, with its summary when the part keeps them. */
  done(text = ''): void {
    if (this.withText) this.texts.push(text);
    this.count++;
  }

  /** Says that the record being read has EventData that could not be read (its line stays empty). */
  unreadableData(problem: Problem): void {
    if (this.textProblems.length < MAX_TEXT_PROBLEMS) this.textProblems.push(problem);
  }

  /** Id of value bytes b[off, off+size) of value type `type` (0 for no bytes). */
  valueId(b: Uint8Array, off: number, size: number, type: number): number {
    if (size <= 0 || type === VT.Null) return 0;
    if (size + 1 > this.scratch.length) this.scratch = new Uint8Array(2 * (size + 1));
    const s = this.scratch;
    s[0] = type;
    for (let k = 0; k < size; k++) s[k + 1] = b[off + k];
    return this.values.intern(s, 0, size + 1);
  }

  /** Id of a text (as a UTF-16 string value). */
  textId(text: string): number {
    if (text === '') return 0;
    const size = 2 * text.length;
    if (size + 1 > this.scratch.length) this.scratch = new Uint8Array(2 * (size + 1));
    const s = this.scratch;
    s[0] = VT.String;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      s[1 + 2 * k] = c & 0xff;
      s[2 + 2 * k] = c >> 8;
    }
    return this.values.intern(s, 0, size + 1);
  }

  /** The part, with arrays cut to the records read (their buffers can be transferred). */
  part(rest: Pick<EvtxPart, 'chunks' | 'unsigned' | 'problems' | 'problemCount'>): EvtxPart {
    const n = this.count;
    const cut = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(a: T) => a.slice(0, n) as T;
    const nums = Object.fromEntries(Object.entries(this.nums).map(([k, a]) => [k, cut(a)])) as unknown as NumColumns;
    const ids = Object.fromEntries(STRING_COLUMNS.map((k) => [k, cut(this.ids[k])])) as unknown as IdColumns;
    const textEnds = new Uint32Array(this.texts.length);
    let at = 0;
    for (let i = 0; i < this.texts.length; i++) textEnds[i] = at += this.texts[i].length;
    const d = this.values.dump();
    const values = { ...d, pool: d.pool.slice(), starts: d.starts.slice(), lens: d.lens.slice(), hashes: d.hashes.slice() };
    return { count: n, nums, ids, values, text: this.texts.join(''), textEnds, textProblems: this.textProblems, ...rest };
  }
}

/** The buffers of a part, to move it to another thread instead of copying it. */
export function partBuffers(p: EvtxPart): ArrayBuffer[] {
  const arrays = [...Object.values(p.nums), ...Object.values(p.ids), p.values.pool, p.values.starts, p.values.lens, p.values.hashes, p.textEnds];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** The text of each distinct value of a part. */
function decodeValues(v: InternerDump): string[] {
  const out = [''];
  const dv = new DataView(v.pool.buffer, v.pool.byteOffset, v.pool.byteLength);
  for (let id = 1; id < v.count; id++) out.push(valueText(v.pool, dv, v.starts[id] + 1, v.lens[id] - 1, v.pool[v.starts[id]]));
  return out;
}

/** Joins the parts (in file order) into the file's columns. */
export function joinParts(parts: readonly EvtxPart[], header: EvtxHeader, extraProblems: (unsigned: number[]) => Problem[], maxProblems: number): EvtxData {
  const count = parts.reduce((n, p) => n + p.count, 0);
  const nums = Object.fromEntries(Object.entries(NUMS).map(([k, A]) => [k, new A(count)])) as unknown as NumColumns;
  const ids = Object.fromEntries(STRING_COLUMNS.map((k) => [k, new Int32Array(count)])) as unknown as IdColumns;
  // Distinct values only (hundreds to thousands): a Map over their decoded text is not on a per-record path.
  const strings = [''];
  const idOf = new Map<string, number>([['', 0]]);
  let base = 0;
  for (const p of parts) {
    for (const k of Object.keys(NUMS) as NumName[]) (nums[k] as Float64Array).set(p.nums[k], base);
    const map = new Int32Array(p.values.count);
    decodeValues(p.values).forEach((s, local) => {
      let id = idOf.get(s);
      if (id === undefined) {
        id = strings.push(s) - 1;
        idOf.set(s, id);
      }
      map[local] = id;
    });
    for (const k of STRING_COLUMNS) {
      const from = p.ids[k];
      const to = ids[k];
      for (let i = 0; i < p.count; i++) to[base + i] = map[from[i]];
    }
    base += p.count;
  }
  const listed = parts.flatMap((p) => p.problems);
  const extra = extraProblems(parts.flatMap((p) => p.unsigned));
  const problemCount = parts.reduce((n, p) => n + p.problemCount, 0) + extra.length;
  const problems = [...listed, ...extra].slice(0, maxProblems);
  const more = problemCount - problems.length;
  if (more > 0) problems.push({ severity: 'warning', message: `…and ${more} more problems like these (not listed).` });
  return { count, ...nums, ...ids, strings, header, chunks: parts.reduce((n, p) => n + p.chunks, 0), problems, problemCount };
}

/** The summary lines of parts read with their text, in file order, and the records whose EventData could not be read. */
export function joinTexts(parts: readonly EvtxPart[]): SummaryTexts {
  const lines: string[] = [];
  for (const p of parts) {
    for (let i = 0, at = 0; i < p.textEnds.length; i++) {
      const end = p.textEnds[i];
      lines.push(p.text.slice(at, end));
      at = end;
    }
  }
  return { lines, problems: parts.flatMap((p) => p.textProblems).slice(0, MAX_TEXT_PROBLEMS) };
}
