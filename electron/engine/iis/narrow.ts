/**
 * Sizes a loaded file's columns to what they hold, once its rows are all read (after the ranges are
 * joined, and again after each append): numbers in the smallest signed integer type holding every
 * value (NO_NUM, -1, fits them all), string ids and header-block indices in 8 or 16 bits when their
 * dictionary is that small, byte offsets in 32 bits below 4 GiB, line numbers as the rows where
 * they step (line-steps.ts). The workers already write numbers
 * in 16 bits and widen a column only for a value that needs it (ColumnBuilder.widenNum), and byte
 * offsets in 32 bits below 4 GiB; this pass narrows what only the whole file can tell (ids, blocks,
 * 8-bit numbers). Readers index the arrays as before: every narrowed array holds the same numbers.
 *
 * A 1 GB IIS log's columns went from ~310 MB to ~170 MB this way.
 */
import { NUM_COLS, STR_COLS, type NumCol } from './fields';
import { LineSteps } from './line-steps';
import { LAZY_ID, withIds, type IdArray, type IisFileData, type NumArray, type StrColumn } from './store';

/**
 * Columns already in their narrowest type (the join of parallel ranges writes them so, from the
 * ranges' ColumnStats): narrowColumns keeps them without another pass over their rows.
 */
const narrowed = new WeakSet<ArrayBufferView>();

/** Marks `a` as sized to what it holds (see `narrowed`); returns it. */
export function markNarrowed<T extends ArrayBufferView>(a: T): T {
  narrowed.add(a);
  return a;
}

/** What a range's columns hold, measured by the range's worker so the join can write them narrowed. */
export interface ColumnStats {
  /** Per numeric column: numRange of its values. */
  num: Partial<Record<NumCol, [number, number] | null>>;
  /** String columns (custom ones by name, after the known ones) that hold lazy ids. */
  lazy: string[];
}

const hasLazy = (ids: IdArray) => ids.BYTES_PER_ELEMENT === 4 && ids.includes(LAZY_ID);

/** The ColumnStats of a range's store. */
export function columnStats(d: IisFileData): ColumnStats {
  const num: ColumnStats['num'] = {};
  for (const c of NUM_COLS) {
    const a = d.num[c];
    if (a) num[c] = numRange(a);
  }
  const lazy = [...STR_COLS.filter((c) => d.str[c] && hasLazy(d.str[c].ids)), ...Object.keys(d.custom).filter((n) => hasLazy(d.custom[n].ids)).map((n) => `custom:${n}`)];
  return { num, lazy };
}

type Numbers = NumArray | IdArray | Float64Array | Uint32Array;
type Ctor = new (n: number) => Numbers;
type IntCtor = Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor;
type UintCtor = Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor;

/** The smallest signed integer type holding [lo, hi]; null when only float64 does. */
function intType(lo: number, hi: number): IntCtor | null {
  if (lo >= -0x80 && hi <= 0x7f) return Int8Array;
  if (lo >= -0x8000 && hi <= 0x7fff) return Int16Array;
  if (lo >= -0x80000000 && hi <= 0x7fffffff) return Int32Array;
  return null;
}

/** The smallest unsigned type for values up to `max` (below 2^32). */
export function uintType(max: number): UintCtor {
  return max <= 0xff ? Uint8Array : max <= 0xffff ? Uint16Array : Uint32Array;
}

/**
 * `a`'s values in a new array of type `Ctor` (`set` converts natively), or `a` itself when it is of
 * that type already (then a view of the workers' shared columns stays one: copying it out would add
 * a column's worth to the peak, while the spare rows past its end were never written).
 */
function retyped<T extends Numbers>(a: Numbers, Ctor: Ctor): T {
  if (a.constructor === Ctor) return a as T;
  const out = new Ctor(a.length);
  out.set(a);
  return out as T;
}

/**
 * The lowest and highest of a numeric column's values (0 counts as both bounds' start), or null
 * when only float64 holds them exactly (a fraction, or NaN, which the scanner never writes).
 */
export function numRange(a: NumArray): [number, number] | null {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
    else if (v !== v) return null;
  }
  if (a instanceof Float64Array) {
    // Whole numbers only may leave float64 (a fraction would be lost).
    for (let i = 0; i < a.length; i++) if (a[i] !== Math.floor(a[i])) return null;
  }
  return [lo, hi];
}

/** The type a numeric column of values in `range` (see numRange) is kept in. */
export function numType(range: readonly [number, number] | null): IntCtor | Float64ArrayConstructor {
  return (range && intType(range[0], range[1])) ?? Float64Array;
}

/** A numeric column in the smallest type that holds each of its values exactly. */
export function narrowNums(a: NumArray): NumArray {
  if (narrowed.has(a)) return a;
  const range = numRange(a);
  return range ? retyped<NumArray>(a, numType(range)) : a;
}

/** String ids in 8 or 16 bits when every id fits; lazy ids (32-bit only) keep 32 bits. */
export function narrowIds(ids: IdArray): IdArray {
  if (narrowed.has(ids)) return ids;
  let max = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  if (max === LAZY_ID && ids.BYTES_PER_ELEMENT === 4) return retyped<IdArray>(ids, Uint32Array);
  return retyped<IdArray>(ids, uintType(max));
}

function narrowStr(c: StrColumn): StrColumn {
  const ids = narrowIds(c.ids);
  return ids === c.ids ? c : withIds(c, ids);
}

/** Byte offsets in 32 bits when the file is below 4 GiB. */
export function narrowOffsets(a: IisFileData['offset']): IisFileData['offset'] {
  if (a instanceof Uint32Array) return a;
  let max = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > max) max = a[i];
  return max <= 0xffffffff ? retyped<Uint32Array>(a, Uint32Array) : a;
}

/** `d` with every column narrowed (the arrays are new where narrower; `d` itself is not changed). */
export function narrowColumns(d: IisFileData): IisFileData {
  const num: IisFileData['num'] = {};
  for (const c of NUM_COLS) {
    const a = d.num[c];
    if (a) num[c] = narrowNums(a);
  }
  const str: IisFileData['str'] = {};
  for (const c of STR_COLS) {
    const s = d.str[c];
    if (s) str[c] = narrowStr(s);
  }
  const custom: IisFileData['custom'] = {};
  for (const [name, s] of Object.entries(d.custom)) custom[name] = narrowStr(s);
  return {
    ...d,
    timeMs: d.timeMs.compacted(),
    offset: narrowOffsets(d.offset),
    line: d.line instanceof LineSteps ? d.line : (LineSteps.of(d.line) ?? d.line),
    block: retyped<IisFileData['block']>(d.block, uintType(Math.max(0, d.blocks.length - 1))),
    num,
    str,
    custom,
  };
}
