/**
 * The columnar store of one IIS-family file: one row per request (or HTTPERR entry), typed arrays
 * for numbers, interned ids for strings. Plain data, so a worker can transfer it to the main thread.
 */
import type { Problem } from '../../../shared/model';
import { NUM_COLS, STR_COLS, type NumCol, type StrCol } from './fields';
import { ByteInterner, EMPTY_ID, LAZY_ID } from './intern';

/** Numbers are never negative in these fields, so -1 marks "no value". */
export const NO_NUM = -1;

export type NumArray = Int32Array | Float64Array;
export type IdArray = Uint16Array | Uint32Array;

/** Columns whose values can pass 2^31 (bytes, Win32 HRESULT-style codes) are float64. */
const WIDE: ReadonlySet<NumCol> = new Set<NumCol>(['win32', 'scBytes', 'csBytes']);
/** W3C writes '+' for spaces in these fields. */
const PLUS_IS_SPACE: ReadonlySet<StrCol> = new Set<StrCol>(['userAgent', 'cookie']);

export interface StrColumn {
  ids: IdArray;
  /** Distinct values; index = id, 0 = ''. */
  values: string[];
}

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
  /** Values separated by commas (IIS native format) instead of spaces. */
  native?: boolean;
}

export interface IisFileData {
  rows: number;
  /** ms since epoch UTC; NaN when the row has no usable time. */
  timeMs: Float64Array;
  /** Byte offset of the row's line in the file. */
  offset: Float64Array;
  /** 1-based line number. */
  line: Uint32Array;
  /** Index into `blocks`. */
  block: Uint32Array;
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
}

export const MAX_STORED_PROBLEMS = 200;

/** Growable columns filled by the scanner; `finish()` trims and compacts them. */
export class ColumnBuilder {
  rows = 0;
  capacity: number;
  timeMs: Float64Array;
  offset: Float64Array;
  line: Uint32Array;
  block: Uint32Array;
  readonly num: Partial<Record<NumCol, NumArray>> = {};
  readonly str: Partial<Record<StrCol, { ids: Uint32Array; interner: ByteInterner }>> = {};
  readonly custom = new Map<string, { ids: Uint32Array; interner: ByteInterner }>();
  blocks: HeaderBlock[] = [];
  problems: Problem[] = [];
  problemCount = 0;
  directiveLines = 0;
  headerBlocks = 0;
  localTime = false;

  constructor(capacity: number) {
    this.capacity = Math.max(64, Math.ceil(capacity));
    this.timeMs = new Float64Array(this.capacity);
    this.offset = new Float64Array(this.capacity);
    this.line = new Uint32Array(this.capacity);
    this.block = new Uint32Array(this.capacity);
  }

  numCol(col: NumCol): NumArray {
    let a = this.num[col];
    if (!a) {
      a = WIDE.has(col) ? new Float64Array(this.capacity) : new Int32Array(this.capacity);
      // Rows that never write the column (earlier rows, blocks without the field) have no value.
      a.fill(NO_NUM);
      this.num[col] = a;
    }
    return a;
  }

  strCol(col: StrCol): { ids: Uint32Array; interner: ByteInterner } {
    let c = this.str[col];
    if (!c) this.str[col] = c = { ids: new Uint32Array(this.capacity), interner: new ByteInterner() };
    return c;
  }

  customCol(name: string): { ids: Uint32Array; interner: ByteInterner } {
    let c = this.custom.get(name);
    if (!c) this.custom.set(name, (c = { ids: new Uint32Array(this.capacity), interner: new ByteInterner() }));
    return c;
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
    this.capacity = cap;
    this.timeMs = resized(this.timeMs, cap);
    this.offset = resized(this.offset, cap);
    this.line = resized(this.line, cap);
    this.block = resized(this.block, cap);
    for (const k of NUM_COLS) {
      const a = this.num[k];
      if (a) {
        const old = a.length;
        const b = resized(a, cap);
        if (cap > old) b.fill(NO_NUM, old);
        this.num[k] = b;
      }
    }
    for (const k of STR_COLS) {
      const c = this.str[k];
      if (c) c.ids = resized(c.ids, cap);
    }
    for (const c of this.custom.values()) c.ids = resized(c.ids, cap);
  }

  finish(): IisFileData {
    const n = this.rows;
    const str: Partial<Record<StrCol, StrColumn>> = {};
    for (const k of STR_COLS) {
      const c = this.str[k];
      if (c) str[k] = finishStr(c, n, PLUS_IS_SPACE.has(k));
    }
    const custom: Record<string, StrColumn> = {};
    for (const [name, c] of this.custom) custom[name] = finishStr(c, n, false);
    const num: Partial<Record<NumCol, NumArray>> = {};
    for (const k of NUM_COLS) {
      const a = this.num[k];
      if (a) num[k] = trim(a, n);
    }
    return {
      rows: n,
      timeMs: trim(this.timeMs, n),
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
    };
  }
}

function finishStr(c: { ids: Uint32Array; interner: ByteInterner }, n: number, plusIsSpace: boolean): StrColumn {
  const values = c.interner.strings(plusIsSpace);
  // Few distinct values (and no lazy ones) fit 16 bits: halves the column.
  if (!c.interner.capped && values.length < 0xffff) {
    const ids = new Uint16Array(n);
    const src = c.ids;
    for (let i = 0; i < n; i++) ids[i] = src[i];
    return { ids, values };
  }
  return { ids: trim(c.ids, n), values };
}

type Typed = Float64Array | Int32Array | Uint32Array;

function resized<T extends Typed>(a: T, cap: number): T {
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a.subarray(0, Math.min(a.length, cap)) as unknown as ArrayLike<number>);
  return b;
}

/** A view of the first n values; copies only when the spare capacity would waste more than 1/8. */
function trim<T extends Typed>(a: T, n: number): T {
  if (a.length - n > a.length / 8) return a.slice(0, n) as T;
  return a.subarray(0, n) as T;
}

/** The lazy-id marker of an id column (16-bit columns never hold one). */
export function isLazy(ids: IdArray, id: number): boolean {
  return id === LAZY_ID && ids.BYTES_PER_ELEMENT === 4;
}

export { EMPTY_ID, LAZY_ID };
