/**
 * Each record's summary line (its EventData/UserData fields, "Name: value; …") is built when it is
 * asked for, not at load: building them was most of a load's CPU, and most are never shown. A row
 * reads its chunk again (64 KiB) and builds the lines of that chunk's records (a few chunks are
 * kept); a scan of every row (a text filter, an export) first has them all built at once in the
 * parse workers. Both use the load's own reader, so the lines are the ones a load used to build.
 * A record whose EventData cannot be read is only found then: it is reported once, as it is found.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Problem } from '../../../shared/model';
import type { EvtxData, SummaryTexts } from './columns';
import { CHUNK_SIZE, chunkTexts } from './parse-file';

/** Chunks whose lines are kept for rows (a page spans one or two; the rest are built again). */
const KEPT_CHUNKS = 64;

export class SummaryLines {
  private all?: string[];
  private building?: Promise<SummaryTexts>;
  private readonly chunks = new Map<number, string[]>();
  /** Offsets of the records already reported (a chunk read again, then the whole file, find them again). */
  private readonly reported = new Set<number>();

  constructor(
    private readonly path: string,
    private readonly data: EvtxData,
    /** Builds every record's line (in the workers for a large file). */
    private readonly readAll: () => Promise<SummaryTexts>,
    /** Told of each record whose EventData could not be read, once. */
    private readonly report: (problem: Problem) => void,
  ) {}

  /** Record i's line; '' when its chunk can no longer be read as it was. */
  line(i: number): string {
    if (this.all) return this.all[i] ?? '';
    const d = this.data;
    const block = d.header.blockSize;
    const chunkAt = block + Math.floor((d.offset[i] - block) / CHUNK_SIZE) * CHUNK_SIZE;
    let lines = this.chunks.get(chunkAt);
    if (!lines) {
      lines = this.readChunk(chunkAt);
      if (this.chunks.size >= KEPT_CHUNKS) this.chunks.delete(this.chunks.keys().next().value!);
      this.chunks.set(chunkAt, lines);
    }
    return lines[i - firstAtOrAfter(d.offset, d.count, chunkAt)] ?? '';
  }

  /** Builds every record's line once (later calls wait for the same build). */
  async ready(): Promise<void> {
    if (this.all) return;
    this.building ??= this.readAll();
    try {
      const built = await this.building;
      this.all = built.lines;
      this.chunks.clear();
      this.found(built.problems);
    } finally {
      this.building = undefined;
    }
  }

  private readChunk(at: number): string[] {
    const buf = Buffer.alloc(CHUNK_SIZE);
    let n: number;
    try {
      const fd = openSync(this.path, 'r');
      try {
        n = readSync(fd, buf, 0, CHUNK_SIZE, at);
      } finally {
        closeSync(fd);
      }
    } catch {
      // The file was moved or removed since the load: the rows keep their other fields.
      return [];
    }
    const built = chunkTexts(buf.subarray(0, n), at);
    this.found(built.problems);
    return built.lines;
  }

  private found(problems: readonly Problem[]): void {
    for (const p of problems) {
      if (p.offset === undefined || this.reported.has(p.offset)) continue;
      this.reported.add(p.offset);
      this.report(p);
    }
  }
}

/** The first record at or after file offset `at` (records are in file order). */
function firstAtOrAfter(offsets: Float64Array, count: number, at: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
