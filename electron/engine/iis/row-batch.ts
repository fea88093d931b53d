/**
 * Rows that scanFields parsed whole, held until the end of the chunk and then stored column by
 * column (see IisScanner.flush): interning one column's values in a row keeps that column's
 * dictionary hot and its branches predictable, which costs much less than visiting every
 * column on every row.
 */
import type { FieldTable } from './row-scan';

/** Values held at most (rows × fields): a chunk of ordinary lines fits. */
const MAX_VALUES = 1 << 16;

export class RowBatch implements FieldTable {
  /** Rows held; row r's value k is at index k * stride + r. */
  rows = 0;
  /** Rows the batch holds at most (the stride of its tables). */
  readonly stride: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly hashes: Int32Array;
  readonly values: Float64Array;
  /** File offset and line number of each row. */
  readonly offsets: Float64Array;
  readonly lines: Float64Array;

  /** A batch for lines of `fields` values. */
  constructor(readonly fields: number) {
    this.stride = Math.max(1, Math.floor(MAX_VALUES / Math.max(1, fields)));
    const n = this.stride * fields;
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.hashes = new Int32Array(n);
    this.values = new Float64Array(n);
    this.offsets = new Float64Array(this.stride);
    this.lines = new Float64Array(this.stride);
  }

  get full(): boolean {
    return this.rows === this.stride;
  }
}
