/**
 * The columnar store of one IIS-family file: one row per request (or HTTPERR entry), typed arrays
 * for numbers, interned ids for strings. Plain data, so a worker can transfer it to the main thread.
 */
import type { Problem } from '../../../shared/model';
import { NUM_COLS, STR_COLS, type NumCol, type StrCol } from './fields';
import { ByteInterner, EMPTY_ID, LAZY_ID, decodeValues, type Interner, type InternerDump } from '../interning';
import { isShared, offsetView, regionView, type SharedRegion } from './shared-columns';
import type { Utf16 } from './utf16';
import type { LineSteps } from './line-steps';
import { RowTimes } from './row-times';

/** Numbers are never negative in these fields, so -1 marks "no value". */
export const NO_NUM = -1;

/** Wide while being filled (Int32Array or Float64Array), then sized to the values (narrow.ts). */
export type NumArray = Int8Array | Int16Array | Int32Array | Float64Array;
export type IdArray = Uint8Array | Uint16Array | Uint32Array;

/** W3C writes '+' for spaces in these fields. */
export const PLUS_IS_SPACE: ReadonlySet<StrCol> = new Set<StrCol>(['userAgent', 'cookie']);

export interface StrColumn {
  ids: IdArray;
  /** Distinct values; index = id, 0 = ''. */
  values: string[];
}

/**
 * A string column whose values are decoded from its dictionary's bytes on first use: hundreds of
 * thousands of query strings or cookies are read only for the rows a view shows, and decoding them
 * all while the file loads cost a tenth of the main thread's part (most of it collecting garbage).
 */
export function lazyStrColumn(ids: IdArray, decode: () => string[]): StrColumn {
  return columnOver(ids, new LazyValues(decode));
}

/** A column's values, decoded once on first use, shared by the columns made over them (withIds). */
class LazyValues {
  private decoded?: string[];
  constructor(private decode?: () => string[]) {}
  get values(): string[] {
    if (!this.decoded) {
      this.decoded = this.decode!();
      this.decode = undefined;
    }
    return this.decoded;
  }
}

const lazyValuesOf = new WeakMap<StrColumn, LazyValues>();

function columnOver(ids: IdArray, lazy: LazyValues): StrColumn {
  const c = {
    ids,
    get values() {
      return lazy.values;
    },
  };
  lazyValuesOf.set(c, lazy);
  return c;
}

/**
 * Column `c`'s values over other ids (the same rows, retyped): the values are still decoded once,
 * and the new column holds nothing of `c`'s ids.
 */
export function withIds(c: StrColumn, ids: IdArray): StrColumn {
  const lazy = lazyValuesOf.get(c);
  return lazy ? columnOver(ids, lazy) : { ids, values: c.values };
}

/** A column of `ids` whose values come from `interner` when first read (its bytes only are kept). */
function valuesLater(ids: IdArray, interner: Interner, plusIsSpace: boolean): StrColumn {
  return decodedLater(ids, interner.dump(), plusIsSpace);
}

/**
 * A column of `ids` whose values are decoded from `dump` when first read. Only what decoding reads
 * is kept, trimmed to the values: a dictionary's arrays have room for more (a merged one for every
 * part's values), and its hashes are not needed again (about 4 MB of a 1 GB log's query strings).
 */
export function decodedLater(ids: IdArray, dump: InternerDump, plusIsSpace: boolean): StrColumn {
  const n = dump.count;
  const kept: InternerDump = { pool: dump.pool.slice(), starts: dump.starts.slice(0, n), lens: dump.lens.slice(0, n), hashes: NO_HASHES, count: n };
  return lazyStrColumn(ids, () => decodeValues(kept, plusIsSpace));
}
const NO_HASHES = new Int32Array(0);

/** One header block: a #Fields directive and the directives before it. */
export interface HeaderBlock {
  fields: string[];
  software?: string;
  /** #Date as ms UTC, if given and valid. */
  dateMs?: number;
  /** 1-based line of the #Fields directive (0 when guessed). */
  line: number;
  /** True when the fields were guessed for a headerless file. */
  guessed?: boolean;
  /** How the fields were known when no #Fields directive gave them: a field line without its prefix, or the user's names. */
  source?: 'field line' | 'yours';
  /** Values separated by commas (IIS native format) instead of spaces. */
  native?: boolean;
}

export interface IisFileData {
  rows: number;
  /** ms since epoch UTC; NaN when the row has no usable time (32-bit seconds once narrowed: read with `at`). */
  timeMs: RowTimes;
  /** Byte offset of the row's line in the file (32-bit below 4 GiB once narrowed). */
  offset: Float64Array | Uint32Array;
  /** 1-based line number: a column while loading, then the rows where it steps (line-steps.ts). */
  line: Uint32Array | LineSteps;
  /** Index into `blocks` (8 or 16 bits once narrowed, when the blocks are that few). */
  block: Uint32Array | Uint16Array | Uint8Array;
  num: Partial<Record<NumCol, NumArray>>;
  str: Partial<Record<StrCol, StrColumn>>;
  custom: Record<string, StrColumn>;
  blocks: HeaderBlock[];
  problems: Problem[];
  /** All problems found, including those beyond the stored cap. */
  problemCount: number;
  /** Lines holding directives (# lines). */
  directiveLines: number;
  /** #Fields directives seen: the file's header blocks. */
  headerBlocks: number;
  /** Times were written in server-local time (date-local/time-local or the native format). */
  localTime: boolean;
  /** Set for a UTF-16 file (transcoded while indexing): offsets are in the original bytes. */
  encoding?: Utf16;
}

/**
 * A range's string dictionaries still as bytes (see ColumnBuilder.finish): merging them on bytes
 * is much cheaper than through a Map of strings, and only the merged values get decoded.
 */
export interface RangeDicts {
  str: Partial<Record<StrCol, InternerDump>>;
  custom: Record<string, InternerDump>;
}

export const MAX_STORED_PROBLEMS = 200;

/** Ids below this fit a 16-bit column; a column starts 16-bit and widens when an id reaches it. */
export const WIDE_ID = 0xffff;

/** A string column being filled. */
export interface StrBuilder {
  ids: IdArray;
  interner: Interner;
  /** Shared memory for the column's 32-bit ids, should it widen while in a shared region. */
  wideBuffer?: SharedArrayBuffer;
}

/**
 * Growable columns filled by the scanner; `finish()` trims them. Given a shared region, the columns
 * are views of shared memory (see shared-columns.ts) until they outgrow it, then private copies.
 */
export class ColumnBuilder {
  rows = 0;
  capacity: number;
  timeMs: Float64Array;
  offset: Float64Array | Uint32Array;
  line: Uint32Array;
  block: Uint32Array;
  readonly num: Partial<Record<NumCol, NumArray>> = {};
  /** Per numeric column: rows [0, n) hold NO_NUM or a value (see fillNums). */
  private readonly numFilled: Partial<Record<NumCol, number>> = {};
  readonly str: Partial<Record<StrCol, StrBuilder>> = {};
  readonly custom = new Map<string, StrBuilder>();
  blocks: HeaderBlock[] = [];
  problems: Problem[] = [];
  problemCount = 0;
  directiveLines = 0;
  headerBlocks = 0;
  localTime = false;
  encoding?: Utf16;

  /** `newInterner` makes each string column's dictionary (default: in JavaScript; see RowKernel.interner). */
  constructor(
    capacity: number,
    private region?: SharedRegion,
    private readonly newInterner: () => Interner = () => new ByteInterner(),
  ) {
    if (region) {
      this.capacity = region.capacity;
      this.timeMs = regionView(Float64Array, region.cols.timeMs, region);
      this.offset = offsetView(region);
      this.line = regionView(Uint32Array, region.cols.line, region);
      this.block = regionView(Uint32Array, region.cols.block, region);
      return;
    }
    this.capacity = Math.max(64, Math.ceil(capacity));
    this.timeMs = new Float64Array(this.capacity);
    this.offset = new Float64Array(this.capacity);
    this.line = new Uint32Array(this.capacity);
    this.block = new Uint32Array(this.capacity);
  }

  /** True while the columns are still the shared region's (not outgrown). */
  get inRegion(): boolean {
    return this.region !== undefined;
  }

  /** Column `col`, made 16-bit on first use (widenNum moves it to 32 or 64 bits when a value needs it). */
  numCol(col: NumCol): NumArray {
    let a = this.num[col];
    if (!a) {
      const r = this.region;
      a = r ? regionView(Int16Array, r.cols.num[col], r) : new Int16Array(this.capacity);
      // Rows that never write the column (earlier rows, blocks without the field) get NO_NUM from
      // fillNums, just before rows are written: filling the whole region now would be a pass over
      // memory that is written again right after (and over spare capacity never used).
      this.numFilled[col] = 0;
      this.num[col] = a;
    }
    return a;
  }

  /**
   * Moves column `col` to a type that holds `v` (32-bit integers, else float64), keeping the rows
   * written or filled so far; returns the new array. Callers holding the old one must fetch it again.
   */
  widenNum(col: NumCol, v: number): NumArray {
    const a = this.num[col]!;
    const r = this.region;
    const int32 = a instanceof Int16Array && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;
    let w: NumArray;
    if (int32) w = r ? regionView(Int32Array, r.cols.num32[col], r) : new Int32Array(this.capacity);
    else w = r ? regionView(Float64Array, r.cols.num64[col], r) : new Float64Array(this.capacity);
    const n = Math.max(this.rows, this.numFilled[col] ?? 0);
    w.set(a.subarray(0, n));
    this.num[col] = w;
    return w;
  }

  /** Gives every numeric column NO_NUM up to row `upTo` (exclusive) where not done yet; call before writing rows below it. */
  fillNums(upTo: number): void {
    for (const k of NUM_COLS) {
      const a = this.num[k];
      const from = this.numFilled[k] ?? upTo;
      if (a && from < upTo) {
        a.fill(NO_NUM, from, upTo);
        this.numFilled[k] = upTo;
      }
    }
  }

  strCol(col: StrCol): StrBuilder {
    let c = this.str[col];
    if (!c) {
      const r = this.region;
      // Fresh shared memory is zero: rows before the column appeared read as empty, as they should.
      const ids = r ? regionView(Uint16Array, r.cols.str[col], r) : new Uint16Array(this.capacity);
      this.str[col] = c = { ids, interner: this.newInterner(), wideBuffer: r?.cols.str32[col] };
    }
    return c;
  }

  customCol(name: string): StrBuilder {
    let c = this.custom.get(name);
    if (!c) this.custom.set(name, (c = { ids: new Uint16Array(this.capacity), interner: this.newInterner() }));
    return c;
  }

  /** Moves a 16-bit string column to 32-bit ids (an id reached WIDE_ID, or a lazy id). */
  widen(c: StrBuilder): void {
    const r = this.region;
    const w = r && c.wideBuffer ? regionView(Uint32Array, c.wideBuffer, r) : new Uint32Array(c.ids.length);
    w.set(c.ids.subarray(0, this.rows));
    c.ids = w;
  }

  warn(message: string, line: number, offset: number): void {
    this.problemCount++;
    if (this.problems.length < MAX_STORED_PROBLEMS) this.problems.push({ severity: 'warning', message, line, offset });
  }

  /** Makes room for `n` rows in total. Grows by half again, as the estimate from file size is usually close. */
  ensure(n: number): void {
    if (n <= this.capacity) return;
    this.resize(Math.max(n, Math.ceil(this.capacity * 1.5)));
  }

  resize(cap: number): void {
    // Past the shared region: from here on every column is private (merging then copies).
    this.region = undefined;
    this.capacity = cap;
    this.timeMs = resized(this.timeMs, cap);
    this.offset = resized(this.offset, cap);
    this.line = resized(this.line, cap);
    this.block = resized(this.block, cap);
    for (const k of NUM_COLS) {
      const a = this.num[k];
      if (a) this.num[k] = resized(a, cap);
    }
    for (const k of STR_COLS) {
      const c = this.str[k];
      if (c) c.ids = resized(c.ids, cap);
    }
    for (const c of this.custom.values()) c.ids = resized(c.ids, cap);
  }

  finish(): IisFileData;
  /** With `dicts`: the string columns' values are left empty and their dictionaries returned as bytes. */
  finish(dicts: RangeDicts): IisFileData;
  finish(dicts?: RangeDicts): IisFileData {
    const n = this.rows;
    this.fillNums(n);
    const str: Partial<Record<StrCol, StrColumn>> = {};
    for (const k of STR_COLS) {
      const c = this.str[k];
      if (!c) continue;
      str[k] = dicts ? { ids: trim(c.ids, n), values: [] } : valuesLater(trim(c.ids, n), c.interner, PLUS_IS_SPACE.has(k));
      if (dicts) dicts.str[k] = c.interner.dump();
    }
    const custom: Record<string, StrColumn> = {};
    for (const [name, c] of this.custom) {
      custom[name] = dicts ? { ids: trim(c.ids, n), values: [] } : valuesLater(trim(c.ids, n), c.interner, false);
      if (dicts) dicts.custom[name] = c.interner.dump();
    }
    const num: Partial<Record<NumCol, NumArray>> = {};
    for (const k of NUM_COLS) {
      const a = this.num[k];
      if (a) num[k] = trim(a, n);
    }
    return {
      rows: n,
      timeMs: RowTimes.ofMs(trim(this.timeMs, n)),
      offset: trim(this.offset, n),
      line: trim(this.line, n),
      block: trim(this.block, n),
      num,
      str,
      custom,
      blocks: this.blocks,
      problems: this.problems,
      problemCount: this.problemCount,
      directiveLines: this.directiveLines,
      headerBlocks: this.headerBlocks,
      localTime: this.localTime,
      ...(this.encoding ? { encoding: this.encoding } : {}),
    };
  }
}

type Typed = Float64Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

function resized<T extends Typed>(a: T, cap: number): T {
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a.subarray(0, Math.min(a.length, cap)) as unknown as ArrayLike<number>);
  return b;
}

/**
 * A view of the first n values; copies only when the spare capacity would waste more than 1/8
 * (never shared memory: the range's rows are joined in place there).
 */
function trim<T extends Typed>(a: T, n: number): T {
  if (a.length - n > a.length / 8 && !isShared(a)) return a.slice(0, n) as T;
  return a.subarray(0, n) as T;
}

/** The lazy-id marker of an id column (16-bit columns never hold one). */
export function isLazy(ids: IdArray, id: number): boolean {
  return id === LAZY_ID && ids.BYTES_PER_ELEMENT === 4;
}

export { EMPTY_ID, LAZY_ID };
