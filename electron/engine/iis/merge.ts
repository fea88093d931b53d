/**
 * Joins the stores of consecutive byte ranges of one file (indexed by parallel workers) into one:
 * columns concatenated, string ids remapped to one dictionary, block indices and line numbers
 * shifted. Each part's arrays are dropped as soon as they are copied, to keep the peak low.
 */
import type { Problem } from '../../../shared/model';
import { NUM_COLS, STR_COLS } from './fields';
import { LAZY_ID } from './intern';
import { MAX_STORED_PROBLEMS, NO_NUM, type IdArray, type IisFileData, type StrColumn } from './store';

export interface RangePart {
  data: IisFileData;
  /** Lines in the part's range. */
  lines: number;
}

function concatTyped<T extends Float64Array | Uint32Array | Int32Array>(make: (n: number) => T, parts: (T | undefined)[], sizes: number[], fill: number): T {
  const total = sizes.reduce((a, b) => a + b, 0);
  const out = make(total);
  let at = 0;
  parts.forEach((p, k) => {
    if (p) out.set(p.subarray(0, sizes[k]) as unknown as ArrayLike<number>, at);
    else if (fill !== 0) out.fill(fill, at, at + sizes[k]);
    at += sizes[k];
  });
  return out;
}

function mergeStr(cols: (StrColumn | undefined)[], sizes: number[]): StrColumn {
  const values: string[] = [''];
  const ids = new Map<string, number>([['', 0]]);
  const maps = cols.map((c) => {
    const local = c?.values ?? [''];
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
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  const wide = values.length >= 0xffff || cols.some((c) => c && c.ids.BYTES_PER_ELEMENT === 4);
  const out: IdArray = wide ? new Uint32Array(total) : new Uint16Array(total);
  let at = 0;
  cols.forEach((c, k) => {
    if (c && maps[k].every((g, id) => g === id)) out.set(c.ids.subarray(0, sizes[k]), at); // same ids: plain copy
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
  return { ids: out, values };
}

/** Renumbers "Line N:" in a part's messages (parts number their lines from 1). */
function shiftProblem(p: Problem, lineBase: number): Problem {
  if (!lineBase || p.line === undefined || p.line === 0) return p;
  return { ...p, line: p.line + lineBase, message: p.message.replace(/^Line (\d+):/, (_, n: string) => `Line ${Number(n) + lineBase}:`) };
}

export function mergeParts(parts: RangePart[]): IisFileData {
  if (parts.length === 1) return parts[0].data;
  const datas = parts.map((p) => p.data);
  const sizes = datas.map((d) => d.rows);
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
  const line = concatTyped((n) => new Uint32Array(n), datas.map((d) => d.line), sizes, 0);
  const block = concatTyped((n) => new Uint32Array(n), datas.map((d) => d.block), sizes, 0);
  let at = 0;
  datas.forEach((d, k) => {
    for (let i = 0; i < d.rows; i++) {
      line[at + i] += lineBases[k];
      block[at + i] += blockBases[k];
    }
    at += d.rows;
  });
  const merged: IisFileData = {
    rows: sizes.reduce((a, b) => a + b, 0),
    timeMs: concatTyped((n) => new Float64Array(n), datas.map((d) => d.timeMs), sizes, NaN),
    offset: concatTyped((n) => new Float64Array(n), datas.map((d) => d.offset), sizes, 0),
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
    const wide = cols.some((a) => a instanceof Float64Array);
    merged.num[c] = wide
      ? concatTyped((n) => new Float64Array(n), cols.map((a) => (a ? Float64Array.from(a) : undefined)), sizes, NO_NUM)
      : concatTyped((n) => new Int32Array(n), cols as (Int32Array | undefined)[], sizes, NO_NUM);
    for (const d of datas) delete d.num[c];
  }
  for (const c of STR_COLS) {
    const cols = datas.map((d) => d.str[c]);
    if (!cols.some(Boolean)) continue;
    merged.str[c] = mergeStr(cols, sizes);
    for (const d of datas) delete d.str[c];
  }
  const customNames = new Set(datas.flatMap((d) => Object.keys(d.custom)));
  for (const name of customNames) merged.custom[name] = mergeStr(datas.map((d) => d.custom[name]), sizes);
  parts.forEach((p, k) => {
    for (const pr of p.data.problems) if (merged.problems.length < MAX_STORED_PROBLEMS) merged.problems.push(shiftProblem(pr, lineBases[k]));
  });
  return merged;
}

