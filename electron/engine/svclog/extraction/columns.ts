/**
 * Columnar tables of typed arrays: one row per event (or message), strings as interned ids
 * (kind 'str'). Typed arrays keep the index small, can be transferred from worker threads without
 * copying, and are concatenated cheaply when the parts of a split file come back.
 */

import { EVENT_SPEC, MESSAGE_SPEC } from './layout';

export type ColumnKind = 'f64' | 'i32' | 'u8' | 'str';
export type TableSpec = Readonly<Record<string, ColumnKind>>;
type ArrayOf<K extends ColumnKind> = K extends 'f64' ? Float64Array : K extends 'i32' ? Int32Array : K extends 'u8' ? Uint8Array : Uint32Array;
export type Columns<S extends TableSpec> = { [K in keyof S]: ArrayOf<S[K]> };

// The columns and event flags are generated from the one layout description shared with the
// WebAssembly kernel (scripts/kernel-layouts.mjs).
export { EVENT_FLAG, EVENT_SPEC, MESSAGE_SPEC } from './layout';
export type EventSpec = typeof EVENT_SPEC;
export type MessageSpec = typeof MESSAGE_SPEC;

type Column = Float64Array | Int32Array | Uint8Array | Uint32Array;
const ARRAY: Record<ColumnKind, Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Uint32ArrayConstructor> = {
  f64: Float64Array,
  i32: Int32Array,
  u8: Uint8Array,
  str: Uint32Array,
};

function alloc(kind: ColumnKind, n: number): Column {
  return new ARRAY[kind](n);
}

/**
 * A column in shared memory. Parse workers build their tables this way so that posting a finished
 * part to the main thread neither copies the columns nor transfers (detaches) their buffers: once
 * a worker has detached any buffer, V8 guards every typed-array access of its optimised code,
 * which measured 18% more CPU for the whole parse.
 */
function allocShared(kind: ColumnKind, n: number): Column {
  const make = ARRAY[kind] as unknown as new (buffer: SharedArrayBuffer) => Column;
  return new make(new SharedArrayBuffer(n * ARRAY[kind].BYTES_PER_ELEMENT));
}

/** A growable table; rows are appended with `add()` and filled column by column. */
export class TableBuilder<S extends TableSpec> {
  length = 0;
  cols: Columns<S>;

  constructor(
    readonly spec: S,
    private capacity = 1024,
  ) {
    this.cols = this.make(capacity);
  }

  private make(n: number): Columns<S> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(this.spec)) out[k] = allocShared(this.spec[k], n);
    return out as Columns<S>;
  }

  /** Appends a zeroed row and returns its index. */
  add(): number {
    if (this.length === this.capacity) this.grow();
    return this.length++;
  }

  /** Drops the last row (an event that turned out to be incomplete). */
  pop(): void {
    this.length--;
    for (const k of Object.keys(this.spec) as (keyof S)[]) (this.cols[k] as Uint8Array)[this.length] = 0;
  }

  /** Appends `n` rows of `cols` (a batch sent by a worker while it still parses). */
  append(cols: Columns<S>, n: number): void {
    while (this.capacity < this.length + n) this.grow();
    for (const k of Object.keys(this.spec) as (keyof S)[]) (this.cols[k] as Uint8Array).set((cols[k] as Uint8Array).subarray(0, n), this.length);
    this.length += n;
  }

  /** Copies of rows [from, length): the new rows since `from` (plain memory, small: posted as a copy). */
  since(from: number): Columns<S> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(this.spec)) out[k] = (this.cols[k] as Uint8Array).slice(from, this.length);
    return out as Columns<S>;
  }

  /**
   * Exact-length views (no copy), ready to be posted (shared) or kept. The capacity past the end
   * is memory never written, which the OS does not back with pages.
   */
  finish(): Columns<S> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(this.spec)) out[k] = (this.cols[k] as Uint8Array).subarray(0, this.length);
    return out as Columns<S>;
  }

  private grow(): void {
    this.capacity *= 2;
    const next = this.make(this.capacity);
    for (const k of Object.keys(this.spec) as (keyof S)[]) (next[k] as Uint8Array).set(this.cols[k] as Uint8Array);
    this.cols = next;
  }
}

/**
 * Views of a table of `n` rows laid out column by column in `buffer` from byte `at` (each column
 * 8-byte aligned, in the spec's order): the kernel's batch (kernel-scan.ts). Returns the views, each
 * column's byte offset, and the end of the layout.
 */
export function columnsIn<S extends TableSpec>(spec: S, buffer: ArrayBuffer, at: number, n: number): { cols: Columns<S>; offsets: number[]; end: number } {
  const out: Record<string, unknown> = {};
  const offsets: number[] = [];
  for (const k of Object.keys(spec)) {
    const make = ARRAY[spec[k]];
    at = Math.ceil(at / 8) * 8;
    offsets.push(at);
    out[k] = new make(buffer, at, n);
    at += n * make.BYTES_PER_ELEMENT;
  }
  return { cols: out as Columns<S>, offsets, end: at };
}

export interface TablePart<S extends TableSpec> {
  cols: Columns<S>;
  length: number;
  /** Maps the part's string ids onto the merged table's. */
  remap: Int32Array;
  /** Added to the given integer columns (row references into other tables), except to -1. */
  shift?: Partial<Record<keyof S, number>>;
}

/**
 * Rows every column of `cols` has room for in its memory, when each column is a view from the
 * start of its own buffer (as TableBuilder's are); 0 otherwise. A merge reuses a part's tables
 * when they have room for the whole file (data.ts).
 */
export function roomOf<S extends TableSpec>(spec: S, cols: Columns<S>): number {
  let room = Infinity;
  for (const k of Object.keys(spec)) {
    const c = cols[k] as Column;
    if (c.byteOffset !== 0) return 0;
    room = Math.min(room, c.buffer.byteLength / c.BYTES_PER_ELEMENT);
  }
  return room === Infinity ? 0 : room;
}

/** Views of the first `n` rows of the memory under `cols` (n ≤ roomOf(cols)): the table grown in place. */
export function widened<S extends TableSpec>(spec: S, cols: Columns<S>, n: number): Columns<S> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(spec)) {
    const c = cols[k] as Column;
    const make = ARRAY[spec[k]] as unknown as new (buffer: ArrayBufferLike, at: number, n: number) => Column;
    out[k] = new make(c.buffer, 0, n);
  }
  return out as Columns<S>;
}

/** Concatenates parts into one table, remapping string ids and shifting row references. */
export function concatTables<S extends TableSpec>(spec: S, parts: readonly TablePart<S>[]): Columns<S> {
  const dst = allocTable(spec, parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    placeInto(spec, dst, at, p);
    at += p.length;
  }
  return dst;
}

/** A zeroed table of n rows; `shared`: in shared memory, so workers can fill their parts of it. */
export function allocTable<S extends TableSpec>(spec: S, n: number, shared = false): Columns<S> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(spec)) out[k] = shared ? allocShared(spec[k], n) : alloc(spec[k], n);
  return out as Columns<S>;
}

/**
 * Writes one part's rows into `dst` from row `at`, remapping string ids and shifting row
 * references. Each part's rows go to their own range, so the parts of a split file can be placed
 * by the workers that parsed them, at the same time.
 */
export function placeInto<S extends TableSpec>(spec: S, dst: Columns<S>, at: number, p: TablePart<S>): void {
  // The first part's strings usually keep their ids: its string columns are then plain copies.
  const identity = isIdentity(p.remap);
  for (const k of Object.keys(spec) as (keyof S & string)[]) {
    const shift = p.shift?.[k] ?? 0;
    const to = dst[k];
    if (spec[k] === 'str' && !identity) remapInto(to as Uint32Array, at, p.cols[k] as Uint32Array, p.length, p.remap);
    else if (shift !== 0) shiftInto(to as Int32Array, at, p.cols[k] as Int32Array, p.length, shift);
    else to.set((p.cols[k] as Uint8Array).subarray(0, p.length), at);
  }
}

/** True when `remap` maps every id onto itself. */
export function isIdentity(remap: Int32Array): boolean {
  for (let i = 0; i < remap.length; i++) if (remap[i] !== i) return false;
  return true;
}

// One element type per loop: keeps the merge's hot loops monomorphic.
function remapInto(dst: Uint32Array, at: number, src: Uint32Array, n: number, remap: Int32Array): void {
  for (let i = 0; i < n; i++) dst[at + i] = remap[src[i]];
}

function shiftInto(dst: Int32Array, at: number, src: Int32Array, n: number, shift: number): void {
  for (let i = 0; i < n; i++) dst[at + i] = src[i] < 0 ? src[i] : src[i] + shift;
}
