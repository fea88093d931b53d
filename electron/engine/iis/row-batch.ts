/**
 * Rows that scanFields (or the row kernel) parsed whole, held until the end of the chunk and then
 * stored column by column (see IisScanner.flush): interning one column's values in a row keeps
 * that column's dictionary hot and its branches predictable, which costs much less than visiting
 * every column on every row.
 */
import type { FieldTable } from './row-scan';

/** Values held at most (rows × fields): a chunk of ordinary lines fits. */
export const MAX_VALUES = 1 << 16;

/** A batch's tables: `values` entries each (rows × fields), `rows` for the per-row ones. */
export interface BatchTables {
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
  values: Float64Array;
  offsets: Float64Array;
  lines: Float64Array;
}

/** Rows per field of a batch for lines of `fields` values. */
export function batchStride(fields: number): number {
  return Math.max(1, Math.floor(MAX_VALUES / Math.max(1, fields)));
}

function ownTables(values: number, rows: number): BatchTables {
  return {
    starts: new Int32Array(values),
    ends: new Int32Array(values),
    hashes: new Int32Array(values),
    values: new Float64Array(values),
    offsets: new Float64Array(rows),
    lines: new Float64Array(rows),
  };
}

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

  /** A batch for lines of `fields` values, in `tables` (default: its own). */
  constructor(
    readonly fields: number,
    tables?: (values: number, rows: number) => BatchTables,
  ) {
    this.stride = batchStride(fields);
    const t = (tables ?? ownTables)(this.stride * fields, this.stride);
    this.starts = t.starts;
    this.ends = t.ends;
    this.hashes = t.hashes;
    this.values = t.values;
    this.offsets = t.offsets;
    this.lines = t.lines;
  }

  get full(): boolean {
    return this.rows === this.stride;
  }
}
