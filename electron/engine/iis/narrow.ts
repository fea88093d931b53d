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
import { NUM_COLS, STR_COLS } from './fields';
import { LineSteps } from './line-steps';
import { LAZY_ID, withIds, type IdArray, type IisFileData, type NumArray, type StrColumn } from './store';

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
function uintType(max: number): UintCtor {
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

/** A numeric column in the smallest type that holds each of its values exactly. */
export function narrowNums(a: NumArray): NumArray {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
    else if (v !== v) return a; // NaN: never written by the scanner, kept as is all the same
  }
  if (a instanceof Float64Array) {
    // Whole numbers only may leave float64 (a fraction would be lost).
    for (let i = 0; i < a.length; i++) if (a[i] !== Math.floor(a[i])) return a;
  }
  const Ctor = intType(lo, hi);
  return retyped<NumArray>(a, Ctor ?? Float64Array);
}

/** String ids in 8 or 16 bits when every id fits; lazy ids (32-bit only) keep 32 bits. */
export function narrowIds(ids: IdArray): IdArray {
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
    offset: narrowOffsets(d.offset),
    line: d.line instanceof LineSteps ? d.line : (LineSteps.of(d.line) ?? d.line),
    block: retyped<IisFileData['block']>(d.block, uintType(Math.max(0, d.blocks.length - 1))),
    num,
    str,
    custom,
  };
}
