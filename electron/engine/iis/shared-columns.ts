/**
 * Columns in SharedArrayBuffers, sized for a whole file, that parallel range workers write into
 * directly: worker k fills rows [base_k, base_k + capacity_k). Joining the ranges then only moves
 * each range down next to the one before (copyWithin), instead of copying every column into new
 * arrays. Pages of a column nobody writes are never touched, so unused columns cost no memory.
 */
import { NUM_COLS, STR_COLS, type NumCol, type StrCol } from './fields';

export interface SharedColumns {
  /** Rows in every buffer. */
  rows: number;
  timeMs: SharedArrayBuffer;
  /** Float64 values, or Uint32 for a file below 4 GiB (see offsetView). */
  offset: SharedArrayBuffer;
  line: SharedArrayBuffer;
  block: SharedArrayBuffer;
  /**
   * Numbers at each width a column may take (see ColumnBuilder.widenNum): a range writes 16-bit
   * values and moves to 32 or 64 bits only when a value does not fit; pages never written cost nothing.
   */
  num: Record<NumCol, SharedArrayBuffer>;
  num32: Record<NumCol, SharedArrayBuffer>;
  num64: Record<NumCol, SharedArrayBuffer>;
  /** 16-bit string ids. */
  str: Record<StrCol, SharedArrayBuffer>;
  /** 32-bit string ids, for a range whose column outgrows 16 bits (only those pages get used). */
  str32: Record<StrCol, SharedArrayBuffer>;
}

/** The rows of the shared columns one range worker owns. */
export interface SharedRegion {
  cols: SharedColumns;
  base: number;
  capacity: number;
}

/** Columns for `rows` rows of a file of `fileSize` bytes (its byte offsets take 32 bits below 4 GiB). */
export function allocSharedColumns(rows: number, fileSize: number): SharedColumns {
  const sab = (bytesPerRow: number) => new SharedArrayBuffer(rows * bytesPerRow);
  const num = {} as Record<NumCol, SharedArrayBuffer>;
  const num32 = {} as Record<NumCol, SharedArrayBuffer>;
  const num64 = {} as Record<NumCol, SharedArrayBuffer>;
  for (const c of NUM_COLS) {
    num[c] = sab(2);
    num32[c] = sab(4);
    num64[c] = sab(8);
  }
  const str = {} as Record<StrCol, SharedArrayBuffer>;
  const str32 = {} as Record<StrCol, SharedArrayBuffer>;
  for (const c of STR_COLS) {
    str[c] = sab(2);
    str32[c] = sab(4);
  }
  return { rows, timeMs: sab(8), offset: sab(fileSize <= 0xffffffff ? 4 : 8), line: sab(4), block: sab(4), num, num32, num64, str, str32 };
}

type TypedCtor<T> = new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => T;

/** The region's rows of one shared buffer, as typed array `ctor`. */
export function regionView<T extends { BYTES_PER_ELEMENT: number }>(ctor: TypedCtor<T> & { BYTES_PER_ELEMENT: number }, buf: SharedArrayBuffer, r: SharedRegion): T {
  return new ctor(buf, r.base * ctor.BYTES_PER_ELEMENT, r.capacity);
}

/** The region's byte offsets, in the type the shared column was made with. */
export function offsetView(r: SharedRegion): Float64Array | Uint32Array {
  return r.cols.offset.byteLength === r.cols.rows * 4 ? regionView(Uint32Array, r.cols.offset, r) : regionView(Float64Array, r.cols.offset, r);
}

/**
 * True when `a` is the view of `buf` starting at row `base` (a range that kept writing in place).
 * A buffer posted between threads arrives as another SharedArrayBuffer object over the same memory,
 * so identity cannot tell; but the only shared memory a range writes is its region of the column's
 * buffer, so a shared view of the same length and offset is that region.
 */
export function isRegionView(a: ArrayBufferView, buf: SharedArrayBuffer, base: number): boolean {
  return isShared(a) && a.buffer.byteLength === buf.byteLength && a.byteOffset === base * (a as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
}

/** True when the typed array lives in shared memory (it must not be copied to trim it). */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/** Zeroes the region's rows in every buffer (a range parsed again starts from fresh rows). */
export function clearRegion(r: SharedRegion): void {
  const c = r.cols;
  if (c.rows === 0) return;
  const bufs = [c.timeMs, c.offset, c.line, c.block, ...[c.num, c.num32, c.num64, c.str, c.str32].flatMap((m) => Object.values(m))];
  for (const b of bufs) {
    const bytesPerRow = b.byteLength / c.rows;
    new Uint8Array(b, r.base * bytesPerRow, r.capacity * bytesPerRow).fill(0);
  }
}
