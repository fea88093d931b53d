/**
 * A followed log's columns grown by an append's rows without copying the rows already there: each
 * column is a view of a larger array (capacity doubling, so appends cost their own rows, amortised)
 * and the next append writes past the view's end, which no earlier view can see, so a file handed
 * out before an append still reads what it read. A column written in place only by the view that
 * ends where its array's written part does (`written`); any other (the load's arrays, a view an
 * append already went past) is copied into new room first. The columns keep the narrow types of
 * narrow.ts and widen (one copy) when a new value needs it, as the load's workers do.
 *
 * The result reads exactly as `narrowColumns(mergeParts([old, part]))` does: same ids (the old
 * dictionary's ids kept, new values added in the part's order), same line numbers, blocks and
 * problems; only the arrays' types may be wider (a column narrowed at load never narrows again).
 */
import type { Problem } from '../../../shared/model';
import { NUM_COLS, STR_COLS } from './fields';
import { LineSteps } from './line-steps';
import { idsIn, shiftProblem } from './merge';
import { RowTimes, toSeconds } from './row-times';
import { LAZY_ID, MAX_STORED_PROBLEMS, NO_NUM, withIds, type IdArray, type IisFileData, type NumArray, type StrColumn } from './store';

type Typed = Float64Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;
type Ctor<T extends Typed> = { new (n: number): T; new (b: ArrayBufferLike, offset: number, n: number): T; BYTES_PER_ELEMENT: number };

/** Per array: how many of its elements appends have written (a view ending there may write on). */
const written = new WeakMap<ArrayBufferLike, number>();

/**
 * `a` (n values) with room for `m` more after them, as type `C` (`a`'s own or wider), the m left
 * for the caller to write: in place when `a` ends where its array's written part does and there is
 * room, else in new room of twice the size.
 */
function withRoom<T extends Typed>(a: Typed, C: Ctor<T>, m: number): T {
  const n = a.length;
  const start = a.byteOffset / a.BYTES_PER_ELEMENT;
  let out: T;
  if (a.constructor === C && written.get(a.buffer) === start + n && (start + n + m) * C.BYTES_PER_ELEMENT <= a.buffer.byteLength) {
    out = new C(a.buffer, a.byteOffset, n + m);
  } else {
    const room = new C(Math.max(64, 2 * (n + m)));
    room.set(a as unknown as ArrayLike<number>);
    out = room.subarray(0, n + m) as T;
  }
  written.set(out.buffer, out.byteOffset / C.BYTES_PER_ELEMENT + n + m);
  return out;
}

/** `a` followed by the first m values of `src` (natively converted: they fit `C`), or m × `src` when a number. */
function appended<T extends Typed>(a: Typed, C: Ctor<T>, m: number, src: Typed | number): T {
  const out = withRoom(a, C, m);
  if (typeof src === 'number') out.fill(src, a.length);
  else out.set(src.subarray(0, m) as unknown as ArrayLike<number>, a.length);
  return out;
}

/** `a` followed by the first m values of `src`, each plus `add`. */
function appendedPlus<T extends Typed>(a: Typed, C: Ctor<T>, m: number, src: ArrayLike<number>, add: number): T {
  const out = withRoom(a, C, m);
  const n = a.length;
  for (let k = 0; k < m; k++) out[n + k] = src[k] + add;
  return out;
}

const INT_TYPES = [Int8Array, Int16Array, Int32Array] as const;
const INT_RANGES: [number, number][] = [
  [-0x80, 0x7f],
  [-0x8000, 0x7fff],
  [-0x80000000, 0x7fffffff],
];

/** The type of `a` if it holds each of the m `vals`, else the smallest wider one that does. */
function numType(a: NumArray, vals: ArrayLike<number>, m: number): Ctor<NumArray> {
  if (a instanceof Float64Array) return Float64Array;
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < m; k++) {
    const v = vals[k];
    if (v !== Math.floor(v)) return Float64Array; // a fraction (or NaN, never written)
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  const need = INT_RANGES.findIndex(([l, h]) => lo >= l && hi <= h);
  return need < 0 ? Float64Array : INT_TYPES[Math.max(need, INT_TYPES.findIndex((T) => a instanceof T))];
}

/** The unsigned type of `a` if it holds `max`, else the smallest one that does. */
function uintType(a: IdArray | Uint32Array, max: number): Ctor<IdArray> {
  const need = max <= 0xff ? 1 : max <= 0xffff ? 2 : 4;
  const bytes = Math.max(need, a.BYTES_PER_ELEMENT);
  return bytes === 1 ? Uint8Array : bytes === 2 ? Uint16Array : Uint32Array;
}

/** Per dictionary (a column's values): value → id, kept while the column grows. */
const idsOf = new WeakMap<string[], Map<string, number>>();

/** Column `old` (n rows; none: all '') with `add`'s m rows; new values join the end of its dictionary. */
function appendStr(old: StrColumn | undefined, n: number, add: StrColumn | undefined, m: number): StrColumn {
  const values = old ? old.values : [''];
  let ids = idsOf.get(values);
  if (!ids) idsOf.set(values, (ids = new Map(values.map((v, id) => [v, id]))));
  const map = idsIn(add?.values ?? [''], values, ids);
  const src = add?.ids;
  const from = old?.ids ?? new Uint8Array(n);
  let grown: IdArray;
  if (!src) grown = appended(from, from.constructor as Ctor<IdArray>, m, 0);
  else {
    // Lazy ids (values the part did not intern) stay lazy: 32 bits.
    const lazy = src.BYTES_PER_ELEMENT === 4 && src.subarray(0, m).includes(LAZY_ID);
    grown = withRoom(from, uintType(from, lazy ? LAZY_ID : values.length - 1), m);
    for (let k = 0; k < m; k++) {
      const id = src[k];
      grown[n + k] = lazy && id === LAZY_ID ? LAZY_ID : map[id];
    }
  }
  return old ? withIds(old, grown) : { ids: grown, values };
}

/** Line numbers of the old rows and the part's (numbered within the part, after `lineBase` lines). */
function appendLines(old: IisFileData['line'], part: IisFileData['line'], m: number, lineBase: number): IisFileData['line'] {
  const lineOf = part instanceof LineSteps ? (k: number) => part.at(k) + lineBase : (k: number) => part[k] + lineBase;
  if (old instanceof LineSteps) return old.extended(m, lineOf);
  return appendedPlus(old, Uint32Array, m, part instanceof LineSteps ? part.toArray() : part, lineBase);
}

/** `old`'s times then the part's m: 32-bit seconds while the new ones fit them too, else (one copy) float64. */
function appendTimes(old: RowTimes, part: RowTimes, m: number): RowTimes {
  const was = old.raw();
  const secs = was.secs ? toSeconds(part.subarray(0, m).toMs()) : null;
  if (was.secs && secs) return RowTimes.ofRaw({ secs: true, a: appended(was.a, Uint32Array, m, secs) });
  return RowTimes.ofRaw({ secs: false, a: appended(was.secs ? old.toMs() : was.a, Float64Array, m, part.toMs()) });
}

/** `old` with `part`'s rows after its own (`lineBase`: the lines before the part's range). */
export function appendRows(old: IisFileData, part: IisFileData, lineBase: number): IisFileData {
  const n = old.rows;
  const m = part.rows;
  // Offsets ascend: the last tells whether 32 bits still hold them.
  const offsetType: Ctor<IisFileData['offset']> = old.offset instanceof Uint32Array && (m === 0 || part.offset[m - 1] <= 0xffffffff) ? Uint32Array : Float64Array;
  const blockBase = old.blocks.length;
  const num: IisFileData['num'] = {};
  for (const c of NUM_COLS) {
    const a = old.num[c];
    const p = part.num[c];
    if (!a && !p) continue;
    const from = a ?? new Int8Array(n).fill(NO_NUM);
    num[c] = p ? appended(from, numType(from, p, m), m, p) : appended(from, from.constructor as Ctor<NumArray>, m, NO_NUM);
  }
  const str: IisFileData['str'] = {};
  for (const c of STR_COLS) if (old.str[c] || part.str[c]) str[c] = appendStr(old.str[c], n, part.str[c], m);
  const custom: IisFileData['custom'] = {};
  for (const name of new Set([...Object.keys(old.custom), ...Object.keys(part.custom)])) custom[name] = appendStr(old.custom[name], n, part.custom[name], m);
  const problems: Problem[] = [...old.problems];
  for (const p of part.problems) if (problems.length < MAX_STORED_PROBLEMS) problems.push(shiftProblem(p, lineBase));
  const blocks = [...old.blocks, ...part.blocks];
  return {
    rows: n + m,
    timeMs: appendTimes(old.timeMs, part.timeMs, m),
    offset: appended(old.offset, offsetType, m, part.offset),
    line: appendLines(old.line, part.line, m, lineBase),
    block: appendedPlus(old.block, uintType(old.block, Math.max(0, blocks.length - 1)), m, part.block, blockBase),
    num,
    str,
    custom,
    blocks,
    problems,
    problemCount: old.problemCount + part.problemCount,
    directiveLines: old.directiveLines + part.directiveLines,
    headerBlocks: old.headerBlocks + part.headerBlocks,
    localTime: old.localTime || part.localTime,
  };
}
