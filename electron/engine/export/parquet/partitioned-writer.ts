/**
 * One Parquet dataset written as hive-style partitions, `DIR/<dataset>/day=YYYY-MM-DD/machine=NAME/part-N.parquet`,
 * streaming: each partition buffers at most one row group, a row group is encoded and appended to
 * its file as soon as it is full (hyparquet-writer's ParquetWriter over a file writer that flushes
 * every megabyte), and when all partitions together hold too much the largest is flushed early.
 * "Full" counts rows and what they weigh: a trace event with a long description weighs more than a
 * message pair. Every GC_EVERY_WEIGHT written, the garbage of encoding is collected (see heap.ts). Memory is bounded by the buffers, not by the input.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ParquetWriter } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer';
import { collectGarbage } from './heap';
import { columnValues, parquetSchema, type Cell, type DatasetSpec } from './schema';

/** Rows per row group at most (a partition flushes when it has this many). */
export const ROW_GROUP_ROWS = 32_768;
/**
 * What a buffered row weighs: the characters of its strings plus ROW_WEIGHT for its cells and the
 * arrays that encode them (about what one costs on the heap).
 */
const ROW_WEIGHT = 200;
/** Weight of a row group at most (a partition flushes when it holds this much). */
const ROW_GROUP_WEIGHT = 4_000_000;
/** Rows and weight buffered over all partitions of one dataset before the largest is flushed early. */
const MAX_BUFFERED_ROWS = 65_536;
const MAX_BUFFERED_WEIGHT = 8_000_000;
/** Weight written between two garbage collections. */
const GC_EVERY_WEIGHT = 16_000_000;
let weightSinceGc = 0;
/** Rows per part file before the next part starts. */
const PART_ROWS = 5_000_000;

/** A partition value as a path segment: letters, digits, `.`, `-`, `_` kept, anything else `_`; never empty, `.` or `..`. */
export function partitionName(value: string): string {
  const s = value.normalize('NFC').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return !s || /^\.+$/.test(s) ? '_unknown' : s;
}

const DAY_US = 86_400_000_000;
/** The last day asked for: rows come in runs of one day, so formatting a date is rare. */
let lastDay = NaN;
let lastDayName = '';

/** The UTC day of a time (µs), `YYYY-MM-DD`; `unknown` without a valid time. */
export function dayOf(us: number): string {
  if (!Number.isFinite(us)) return 'unknown';
  const day = Math.floor(us / DAY_US);
  if (day === lastDay) return lastDayName;
  const d = new Date(day * 86_400_000);
  if (Number.isNaN(d.getTime())) return 'unknown';
  lastDay = day;
  return (lastDayName = d.toISOString().slice(0, 10));
}

class Partition {
  readonly cells: Cell[][];
  rows = 0;
  /** Weight of the rows buffered (see ROW_WEIGHT). */
  weight = 0;
  private writer?: ParquetWriter;
  private partRows = 0;

  constructor(
    private readonly dir: string,
    private readonly spec: DatasetSpec,
    private readonly createdBy: string,
    /** The next part file's number (a partition reopened after close() goes on numbering). */
    public part = 0,
  ) {
    this.cells = spec.columns.map(() => []);
  }

  flush(): void {
    if (this.rows === 0) return;
    if (!this.writer) {
      mkdirSync(this.dir, { recursive: true });
      this.writer = new ParquetWriter({ writer: fileWriter(join(this.dir, `part-${this.part}.parquet`)), schema: parquetSchema(this.spec), createdBy: this.createdBy });
    }
    const columnData = this.spec.columns.map((c, k) => ({ name: c.name, data: columnValues(c.kind, this.cells[k]) as never }));
    void this.writer.write({ columnData, rowGroupSize: this.rows });
    this.partRows += this.rows;
    for (const col of this.cells) col.length = 0;
    this.rows = 0;
    weightSinceGc += this.weight;
    this.weight = 0;
    if (this.partRows >= PART_ROWS) this.finishPart();
    if (weightSinceGc >= GC_EVERY_WEIGHT) {
      weightSinceGc = 0;
      collectGarbage();
    }
  }

  private finishPart(): void {
    void this.writer?.finish();
    this.writer = undefined;
    this.part++;
    this.partRows = 0;
  }

  close(): void {
    this.flush();
    if (this.writer) this.finishPart();
  }
}

export class PartitionedDataset {
  private readonly partitions = new Map<string, Partition>();
  /** Next part number of each partition closed so far. */
  private readonly nextPart = new Map<string, number>();
  /** Rows and weight in the partitions' buffers. */
  private buffered = 0;
  private bufferedWeight = 0;
  written = 0;

  constructor(
    private readonly root: string,
    readonly spec: DatasetSpec,
    private readonly createdBy: string,
  ) {}

  /** Adds one row (cells in the spec's column order) to the partition of its day and machine. */
  add(day: string, machine: string, row: readonly Cell[]): void {
    const key = `day=${day}/machine=${partitionName(machine)}`;
    let p = this.partitions.get(key);
    if (!p) this.partitions.set(key, (p = new Partition(join(this.root, this.spec.name, `day=${day}`, `machine=${partitionName(machine)}`), this.spec, this.createdBy, this.nextPart.get(key))));
    let weight = ROW_WEIGHT;
    for (let k = 0; k < row.length; k++) {
      const cell = row[k];
      if (typeof cell === 'string') weight += cell.length;
      p.cells[k].push(cell);
    }
    p.rows++;
    p.weight += weight;
    this.written++;
    this.buffered++;
    this.bufferedWeight += weight;
    if (p.rows >= ROW_GROUP_ROWS || p.weight >= ROW_GROUP_WEIGHT) this.flush(p);
    else if (this.buffered > MAX_BUFFERED_ROWS || this.bufferedWeight > MAX_BUFFERED_WEIGHT) this.flush([...this.partitions.values()].reduce((a, b) => (b.weight > a.weight ? b : a)));
  }

  private flush(p: Partition): void {
    this.buffered -= p.rows;
    this.bufferedWeight -= p.weight;
    p.flush();
  }

  /** Flushes every partition and writes each file's footer. */
  close(): void {
    for (const [key, p] of this.partitions) {
      p.close();
      this.nextPart.set(key, p.part);
    }
    this.partitions.clear();
    this.buffered = 0;
    this.bufferedWeight = 0;
  }
}
