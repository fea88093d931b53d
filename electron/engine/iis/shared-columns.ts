/**
 * Columns in SharedArrayBuffers, sized for a whole file, that parallel range workers write into
 * directly: worker k fills rows [base_k, base_k + capacity_k). Joining the ranges then only moves
 * each range down next to the one before (copyWithin), instead of copying every column into new
 * arrays. Pages of a column nobody writes are never touched, so unused columns cost no memory.
 */
import { NUM_COLS, STR_COLS, WIDE_NUM_COLS, type NumCol, type StrCol } from './fields';

export interface SharedColumns {
  /** Rows in every buffer. */
  rows: number;
  timeMs: SharedArrayBuffer;
  offset: SharedArrayBuffer;
  line: SharedArrayBuffer;
  block: SharedArrayBuffer;
  num: Record<NumCol, SharedArrayBuffer>;
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

export function allocSharedColumns(rows: number): SharedColumns {
  const sab = (bytesPerRow: number) => new SharedArrayBuffer(rows * bytesPerRow);
  const num = {} as Record<NumCol, SharedArrayBuffer>;
  for (const c of NUM_COLS) num[c] = sab(WIDE_NUM_COLS.has(c) ? 8 : 4);
  const str = {} as Record<StrCol, SharedArrayBuffer>;
  const str32 = {} as Record<StrCol, SharedArrayBuffer>;
  for (const c of STR_COLS) {
    str[c] = sab(2);
    str32[c] = sab(4);
  }
  return { rows, timeMs: sab(8), offset: sab(8), line: sab(4), block: sab(4), num, str, str32 };
}

type TypedCtor<T> = new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => T;

/** The region's rows of one shared buffer, as typed array `ctor`. */
export function regionView<T extends { BYTES_PER_ELEMENT: number }>(ctor: TypedCtor<T> & { BYTES_PER_ELEMENT: number }, buf: SharedArrayBuffer, r: SharedRegion): T {
  return new ctor(buf, r.base * ctor.BYTES_PER_ELEMENT, r.capacity);
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
  const bufs = [c.timeMs, c.offset, c.line, c.block, ...Object.values(c.num), ...Object.values(c.str), ...Object.values(c.str32)];
  for (const b of bufs) {
    const bytesPerRow = b.byteLength / c.rows;
    new Uint8Array(b, r.base * bytesPerRow, r.capacity * bytesPerRow).fill(0);
  }
}
