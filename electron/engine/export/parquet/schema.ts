/**
 * The Parquet datasets' column types, mapped to Parquet schema elements: times as INT64
 * TIMESTAMP(MICROS, UTC), strings as UTF8 byte arrays (dictionary-encoded by the writer while a
 * dictionary at least halves a column chunk), every column optional so a missing value is a null.
 */
import type { ParquetWriter } from 'hyparquet-writer';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

export type ColumnKind = 'timestamp' | 'string' | 'int32' | 'int64' | 'double' | 'boolean';

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
  /** One line for the README's schema tables. */
  doc: string;
}

export interface DatasetSpec {
  /** Folder name of the dataset (`svclog_events`, `iis_requests`, …). */
  name: string;
  doc: string;
  columns: readonly ColumnDef[];
}

/** A value as a dataset row holds it; null (or undefined) is a Parquet null. */
export type Cell = string | number | boolean | null | undefined;

const OPTIONAL = 'OPTIONAL' as const;

export function schemaElement(c: ColumnDef): SchemaElement {
  switch (c.kind) {
    case 'timestamp':
      return { name: c.name, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, repetition_type: OPTIONAL };
    case 'string':
      return { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: OPTIONAL };
    case 'int32':
      return { name: c.name, type: 'INT32', repetition_type: OPTIONAL };
    case 'int64':
      return { name: c.name, type: 'INT64', repetition_type: OPTIONAL };
    case 'double':
      return { name: c.name, type: 'DOUBLE', repetition_type: OPTIONAL };
    case 'boolean':
      return { name: c.name, type: 'BOOLEAN', repetition_type: OPTIONAL };
  }
}

export function parquetSchema(spec: DatasetSpec): SchemaElement[] {
  return [{ name: 'schema', num_children: spec.columns.length }, ...spec.columns.map(schemaElement)];
}

/** A buffered column's values as the writer takes them (INT64 and timestamps as bigint; non-finite numbers as null). */
export function columnValues(kind: ColumnKind, cells: readonly Cell[]): unknown[] {
  const num = (v: Cell) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  switch (kind) {
    case 'timestamp':
    case 'int64':
      return cells.map((v) => {
        const n = num(v);
        return n === null ? null : BigInt(Math.round(n));
      });
    case 'int32':
      return cells.map((v) => {
        const n = num(v);
        return n === null || n < -0x80000000 || n > 0x7fffffff ? null : Math.trunc(n);
      });
    case 'double':
      return cells.map(num);
    case 'boolean':
      return cells.map((v) => (typeof v === 'boolean' ? v : null));
    case 'string':
      return cells.map((v) => (v === null || v === undefined ? null : String(v)));
  }
}
