/**
 * Joins the stores of consecutive byte ranges of one file (indexed by parallel workers) into one:
 * columns concatenated, string ids remapped to one dictionary, block indices and line numbers
 * shifted. Columns the workers wrote into shared memory (shared-columns.ts) are joined in place,
 * each range moved down next to the one before; any other column is copied into a new array, and
 * each part's arrays are dropped as soon as they are copied, to keep the peak low.
 */
import type { Problem } from '../../../shared/model';
import { NUM_COLS, STR_COLS, type NumCol } from './fields';
import { LineSteps } from './line-steps';
import { ByteInterner, LAZY_ID, type InternerDump } from '../interning';
import { isRegionView, type SharedColumns } from './shared-columns';
import { RowTimes } from './row-times';
import { markNarrowed, numType, uintType, type ColumnStats } from './narrow';
import { MAX_STORED_PROBLEMS, NO_NUM, PLUS_IS_SPACE, WIDE_ID, decodedLater, lazyStrColumn, type IdArray, type IisFileData, type NumArray, type RangeDicts, type StrColumn } from './store';

export interface RangePart {
  data: IisFileData;
  /** Lines in the part's range. */
  lines: number;
  /** The string dictionaries as bytes, when the part's values were left empty (see RangeDicts). */
  dicts?: RangeDicts;
  /** What the part's columns hold: when every part has them, the join writes each column narrowed. */
  stats?: ColumnStats;
}

/** Where the parts wrote in shared memory: part k's rows start at row `bases[k]` of `cols`. */
export interface SharedLayout {
  cols: SharedColumns;
  bases: number[];
}

type Typed = Float64Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array;
/** A part's column: as a worker filled it, or narrowed (a loaded file's rows before an append). */
type AnyTyped = Typed | Int8Array | Uint8Array;

/** How the parts' rows are laid out, shared by every column's join. */
interface Join {
  sizes: number[];
  total: number;
  shared?: SharedLayout;
}

/**
 * True when every part that has the column wrote it in place in `buf`, and every part's rows fit
 * its region (a part without the column is filled in place, which must not reach the next region).
 */
function allInPlace(join: Join, arrays: readonly (ArrayBufferView | undefined)[], buf: SharedArrayBuffer | undefined): buf is SharedArrayBuffer {
  const shared = join.shared;
  if (!buf || !shared) return false;
  const { bases, cols } = shared;
  const fits = join.sizes.every((n, k) => bases[k] + n <= (k + 1 < bases.length ? bases[k + 1] : cols.rows));
  return fits && arrays.every((a, k) => !a || isRegionView(a, buf, bases[k]));
}

/** Moves each part's rows down next to the previous part's; a part without the column gets `fill`. */
function compact<T extends Typed>(full: T, join: Join, arrays: (T | undefined)[], fill: number): T {
  const bases = join.shared!.bases;
  let at = 0;
  arrays.forEach((a, k) => {
    const n = join.sizes[k];
    if (!a) full.fill(fill, at, at + n);
    else if (bases[k] !== at) full.copyWithin(at, bases[k], bases[k] + n);
    at += n;
  });
  return full.subarray(0, at) as T;
}

/**
 * Joins one typed column: in place when shared (every part is then a view of `buf`, of type T),
 * else concatenated into `make(total)` (`set` converts narrower parts).
 */
function joinTyped<T extends Typed>(
  join: Join,
  arrays: readonly (AnyTyped | undefined)[],
  buf: SharedArrayBuffer | undefined,
  make: (n: number | SharedArrayBuffer) => T,
  fill: number,
): T {
  if (allInPlace(join, arrays, buf)) return compact(make(buf), join, arrays as (T | undefined)[], fill);
  const out = make(join.total);
  let at = 0;
  arrays.forEach((a, k) => {
    const n = join.sizes[k];
    if (a) out.set(a.subarray(0, n), at);
    else if (fill !== 0) out.fill(fill, at, at + n);
    at += n;
  });
  return out;
}

/**
 * One dictionary for all parts (`count` values: `merged` as bytes, or `values` decoded), and each part's local →
 * merged id map.
 */
function mergeDicts(cols: (StrColumn | undefined)[], dumps: (InternerDump | undefined)[]): { count: number; merged?: InternerDump; values?: string[]; maps: Uint32Array[] } {
  const first = cols.findIndex((c, k) => c && dumps[k]);
  if (first >= 0 && cols.every((c, k) => !c || dumps[k])) {
    // On bytes: the first part's ids stay, the others' values are found or added by their hashes.
    const others = dumps.filter((d, k) => d && k !== first) as InternerDump[];
    const dict = ByteInterner.fromDump(dumps[first]!, { values: others.reduce((n, d) => n + d.count, 0), bytes: others.reduce((n, d) => n + d.pool.length, 0) });
    const maps = cols.map((c, k) => (!c ? new Uint32Array(1) : k === first ? identityMap(dumps[k]!.count) : dict.mergeDump(dumps[k]!)));
    // Only the values' bytes are kept for the decoding (the hash table can go: see decodedLater).
    const merged = dict.dump();
    return { count: merged.count, merged, maps };
  }
  const values: string[] = [''];
  const ids = new Map<string, number>([['', 0]]);
  const maps = cols.map((c) => idsIn(c?.values ?? [''], values, ids));
  return { count: values.length, values, maps };
}

/** Each of `local`'s values' id in the dictionary `values` (`ids` its index), values not in it added at its end. */
export function idsIn(local: readonly string[], values: string[], ids: Map<string, number>): Uint32Array {
  const map = new Uint32Array(local.length);
  for (let k = 0; k < local.length; k++) {
    let g = ids.get(local[k]);
    if (g === undefined) {
      g = values.length;
      values.push(local[k]);
      ids.set(local[k], g);
    }
    map[k] = g;
  }
  return map;
}

function isIdentity(map: Uint32Array): boolean {
  for (let id = 0; id < map.length; id++) if (map[id] !== id) return false;
  return true;
}

function identityMap(n: number): Uint32Array {
  const map = new Uint32Array(n);
  for (let id = 0; id < n; id++) map[id] = id;
  return map;
}

/** ids[from, to) through `map`, lazy ids kept. */
function remap(ids: IdArray, from: number, to: number, map: Uint32Array): void {
  if (ids instanceof Uint16Array) for (let i = from; i < to; i++) ids[i] = map[ids[i]];
  else {
    for (let i = from; i < to; i++) {
      const id = ids[i];
      if (id !== LAZY_ID) ids[i] = map[id];
    }
  }
}

function mergeStr(
  join: Join,
  cols: (StrColumn | undefined)[],
  dumps: (InternerDump | undefined)[],
  plusIsSpace: boolean,
  bufs: { b16: SharedArrayBuffer; b32: SharedArrayBuffer } | undefined,
  lazy: boolean | undefined,
): StrColumn {
  const { count, merged, values, maps } = mergeDicts(cols, dumps);
  const column = (ids: IdArray): StrColumn => (merged ? decodedLater(ids, merged, plusIsSpace) : lazyStrColumn(ids, () => values!));
  const { sizes } = join;
  const idArrays = cols.map((c) => c?.ids);
  // Known whether any part holds lazy ids (ColumnStats): the joined ids then go to their narrowest
  // type in one native copy, without a pass to find their largest (every merged value is some
  // row's, so it is count − 1).
  const Narrow = lazy === undefined ? null : lazy ? Uint32Array : uintType(count - 1);
  const narrowed = (ids: IdArray): IdArray => {
    if (Narrow === null) return ids;
    if (ids.constructor === Narrow) return markNarrowed(ids);
    const out = new Narrow(ids.length);
    out.set(ids);
    return markNarrowed(out);
  };
  // In place when every range kept its ids in shared memory of one width (16-bit only while the merged values fit).
  const in16 = count < WIDE_ID && allInPlace(join, idArrays, bufs?.b16);
  if (in16 || allInPlace(join, idArrays, bufs?.b32)) {
    const ids = in16 ? compact(new Uint16Array(bufs!.b16), join, idArrays as (Uint16Array | undefined)[], 0) : compact(new Uint32Array(bufs!.b32), join, idArrays as (Uint32Array | undefined)[], 0);
    let at = 0;
    cols.forEach((c, k) => {
      const map = maps[k];
      if (c && !isIdentity(map)) remap(ids, at, at + sizes[k], map);
      at += sizes[k];
    });
    return column(narrowed(ids));
  }
  const wide = count >= WIDE_ID || cols.some((c) => c && c.ids.BYTES_PER_ELEMENT === 4);
  const out: IdArray = wide ? new Uint32Array(join.total) : new Uint16Array(join.total);
  let at = 0;
  cols.forEach((c, k) => {
    if (c && isIdentity(maps[k])) out.set(c.ids.subarray(0, sizes[k]), at); // same ids: plain copy
    else if (c) {
      const src = c.ids;
      const map = maps[k];
      for (let i = 0; i < sizes[k]; i++) {
        const id = src[i];
        out[at + i] = id === LAZY_ID && src.BYTES_PER_ELEMENT === 4 ? LAZY_ID : map[id];
      }
    }
    at += sizes[k];
  });
  return column(narrowed(out));
}

/**
 * A numeric column joined straight into its narrowest type, from the parts' ColumnStats (a part
 * without the column holds NO_NUM): in place when every part wrote that type in shared memory.
 */
function joinNums(join: Join, cols: readonly (NumArray | undefined)[], stats: readonly ColumnStats[], c: NumCol, sc: SharedColumns | undefined): NumArray {
  let range: [number, number] | null = [0, 0];
  cols.forEach((a, k) => {
    const r = a ? stats[k].num[c] : join.sizes[k] > 0 ? ([NO_NUM, NO_NUM] as [number, number]) : ([0, 0] as [number, number]);
    range = range && r ? [Math.min(range[0], r[0]), Math.max(range[1], r[1])] : null;
  });
  const Ctor = numType(range);
  const buf = Ctor === Int16Array ? sc?.num[c] : Ctor === Int32Array ? sc?.num32[c] : Ctor === Float64Array ? sc?.num64[c] : undefined;
  return markNarrowed(joinTyped<Typed>(join, cols, buf, (n) => new (Ctor as new (n: number | SharedArrayBuffer) => Typed)(n), NO_NUM) as NumArray);
}

/** The parts' header-block indices in one column of the narrowest type, each part's shifted by the blocks before it. */
function joinBlocks(join: Join, datas: readonly IisFileData[], blockBases: readonly number[], blocks: number): IisFileData['block'] {
  const out = markNarrowed(new (uintType(Math.max(0, blocks - 1)))(join.total));
  let at = 0;
  datas.forEach((d, k) => {
    const src = d.block;
    const base = blockBases[k];
    if (base === 0) out.set(src.subarray(0, d.rows), at);
    else for (let i = 0; i < d.rows; i++) out[at + i] = src[i] + base;
    at += d.rows;
  });
  return out;
}

/** Renumbers "Line N:" in a part's messages (parts number their lines from 1). */
export function shiftProblem(p: Problem, lineBase: number): Problem {
  if (!lineBase || p.line === undefined || p.line === 0) return p;
  return { ...p, line: p.line + lineBase, message: p.message.replace(/^Line (\d+):/, (_, n: string) => `Line ${Number(n) + lineBase}:`) };
}

export function mergeParts(parts: RangePart[], shared?: SharedLayout): IisFileData {
  if (parts.length === 1 && !shared && !parts[0].dicts) return parts[0].data;
  const datas = parts.map((p) => p.data);
  const sizes = datas.map((d) => d.rows);
  const join: Join = { sizes, total: sizes.reduce((a, b) => a + b, 0), shared };
  const sc = shared?.cols;
  const lineBases: number[] = [];
  const blockBases: number[] = [];
  let lb = 0;
  let bb = 0;
  for (const p of parts) {
    lineBases.push(lb);
    blockBases.push(bb);
    lb += p.lines;
    bb += p.data.blocks.length;
  }
  const u32 = (n: number | SharedArrayBuffer) => (typeof n === 'number' ? new Uint32Array(n) : new Uint32Array(n));
  const f64 = (n: number | SharedArrayBuffer) => (typeof n === 'number' ? new Float64Array(n) : new Float64Array(n));
  const i32 = (n: number | SharedArrayBuffer) => (typeof n === 'number' ? new Int32Array(n) : new Int32Array(n));
  const i16 = (n: number | SharedArrayBuffer) => (typeof n === 'number' ? new Int16Array(n) : new Int16Array(n));
  const line = joinTyped(join, datas.map((d) => (d.line instanceof LineSteps ? d.line.toArray() : d.line)), sc?.line, u32, 0);
  const stats = parts.every((p) => p.stats) ? parts.map((p) => p.stats!) : null;
  const block = stats ? joinBlocks(join, datas, blockBases, bb) : joinTyped(join, datas.map((d) => d.block), sc?.block, u32, 0);
  let at = 0;
  datas.forEach((d, k) => {
    if (k > 0) {
      for (let i = at; i < at + d.rows; i++) {
        line[i] += lineBases[k];
        if (!stats) block[i] += blockBases[k];
      }
    }
    at += d.rows;
  });
  const merged: IisFileData = {
    rows: join.total,
    timeMs: RowTimes.ofMs(joinTyped(join, datas.map((d) => d.timeMs.toMs()), sc?.timeMs, f64, NaN)),
    // 32-bit when every part's are (the shared column of a file below 4 GiB, or narrowed parts).
    offset: datas.every((d) => d.offset instanceof Uint32Array) ? joinTyped(join, datas.map((d) => d.offset), sc?.offset, u32, 0) : joinTyped(join, datas.map((d) => d.offset), sc?.offset, f64, 0),
    line,
    block,
    num: {},
    str: {},
    custom: {},
    blocks: datas.flatMap((d) => d.blocks),
    problems: [],
    problemCount: datas.reduce((n, d) => n + d.problemCount, 0),
    directiveLines: datas.reduce((n, d) => n + d.directiveLines, 0),
    headerBlocks: datas.reduce((n, d) => n + d.headerBlocks, 0),
    localTime: datas.some((d) => d.localTime),
  };
  for (const d of datas) {
    (d as Partial<IisFileData>).timeMs = undefined;
    (d as Partial<IisFileData>).offset = undefined;
  }
  for (const c of NUM_COLS) {
    const cols = datas.map((d) => d.num[c]);
    if (!cols.some(Boolean)) continue;
    // The widest part's type holds every part's values (each range widened its own as it needed).
    const bytes = Math.max(...cols.map((a) => (a ? (a instanceof Float64Array ? 8 : a.BYTES_PER_ELEMENT) : 0)));
    if (stats) merged.num[c] = joinNums(join, cols, stats, c, sc);
    else if (bytes === 8) merged.num[c] = joinTyped(join, cols, sc?.num64[c], f64, NO_NUM);
    else if (bytes === 4) merged.num[c] = joinTyped(join, cols, sc?.num32[c], i32, NO_NUM);
    else merged.num[c] = joinTyped(join, cols, sc?.num[c], i16, NO_NUM);
    for (const d of datas) delete d.num[c];
  }
  for (const c of STR_COLS) {
    const cols = datas.map((d) => d.str[c]);
    if (!cols.some(Boolean)) continue;
    merged.str[c] = mergeStr(join, cols, parts.map((p) => p.dicts?.str[c]), PLUS_IS_SPACE.has(c), sc && { b16: sc.str[c], b32: sc.str32[c] }, stats?.some((st) => st.lazy.includes(c)));
    for (const d of datas) delete d.str[c];
  }
  const customNames = new Set(datas.flatMap((d) => Object.keys(d.custom)));
  for (const name of customNames) {
    merged.custom[name] = mergeStr(join, datas.map((d) => d.custom[name]), parts.map((p) => p.dicts?.custom[name]), false, undefined, stats?.some((st) => st.lazy.includes(`custom:${name}`)));
  }
  parts.forEach((p, k) => {
    for (const pr of p.data.problems) if (merged.problems.length < MAX_STORED_PROBLEMS) merged.problems.push(shiftProblem(pr, lineBases[k]));
  });
  return merged;
}
