/**
 * The WebAssembly row kernel (source: kernel/row-kernel.ts): splits, hashes and parses ordinary
 * W3C lines with SIMD, several times faster than the JavaScript scanner, which keeps every other
 * case. A kernel owns one fixed block of memory (see ../wasm-kernel.ts) holding the chunk buffer
 * that parse-file.ts reads into and the row batch's tables.
 */
import { MAX_VALUES, RowBatch, type BatchTables } from './row-batch';
import { Kind, type LastDate } from './row-scan';
import type { ByteInterner } from './intern';
import { ROW_KERNEL_WASM } from './row-kernel-wasm';
import { instantiate, kernelLoader } from '../wasm-kernel';

/** scanRows's stop reasons (kernel/row-kernel.ts). */
export const enum KernelStop {
  /** The line at the returned position is the JavaScript scanner's. */
  Line = 0,
  Full = 1,
  /** No complete line left. */
  End = 2,
}

/** The kernel's kind for a string field whose interner still takes values (it is hashed). */
const HASHED = 7;
/** Fields a batch can have at most (Spans' capacity). */
const MAX_FIELDS = 1024;
/** Bytes the kernel may read past the end of the data (one SIMD load). */
const SLACK = 64;

interface KernelExports {
  setup(kinds: number, nf: number, stride: number, starts: number, ends: number, hashes: number, values: number, offsets: number, lines: number): void;
  scanRows(buf: number, s: number, e: number, final: number, base: number, lineNo: number, row: number, d0: number, d1: number, d2: number, dateSet: number, dateMs: number): number;
  stopReason(): number;
  linesScanned(): number;
  batchRows(): number;
}

const kernelModule = kernelLoader(ROW_KERNEL_WASM);

export class RowKernel {
  /** The buffer to read file chunks into (the kernel only scans this one). */
  readonly chunk: Buffer;
  private readonly k: KernelExports;
  private readonly memory: WebAssembly.Memory;
  private readonly kinds: Uint8Array;
  private readonly chunkAt: number;
  private readonly tablesAt: number;
  private nf = 0;
  /** Set by scan: why it stopped and how many lines it consumed. */
  stop = KernelStop.End;
  lines = 0;

  /** A kernel with a chunk buffer of `chunkBytes`, or null where WebAssembly SIMD is not available. */
  static create(chunkBytes: number): RowKernel | null {
    const m = kernelModule();
    return m ? new RowKernel(m, chunkBytes) : null;
  }

  private constructor(module: WebAssembly.Module, chunkBytes: number) {
    // Layout: kinds, the batch tables (the most any batch needs), the chunk and its slack.
    this.tablesAt = MAX_FIELDS;
    this.chunkAt = this.tablesAt + MAX_VALUES * (4 * 3 + 8) + MAX_VALUES * 8 * 2;
    const { memory, exports } = instantiate<KernelExports>(module, this.chunkAt + chunkBytes + SLACK);
    this.memory = memory;
    this.k = exports;
    this.kinds = new Uint8Array(this.memory.buffer, 0, MAX_FIELDS);
    this.chunk = Buffer.from(this.memory.buffer, this.chunkAt, chunkBytes);
  }

  /** True when `buf` is this kernel's chunk buffer. */
  owns(buf: Uint8Array): boolean {
    return buf.buffer === this.memory.buffer && buf.byteOffset === this.chunkAt;
  }

  /** A row batch in the kernel's memory for lines of `fields` values (the one scan fills); null when too wide. */
  batch(fields: number): RowBatch | null {
    if (fields > MAX_FIELDS) return null;
    this.nf = fields;
    return new RowBatch(fields, (values, rows) => {
      const mem = this.memory.buffer;
      let at = this.tablesAt;
      const take = <T>(make: (b: ArrayBuffer, at: number, n: number) => T, n: number, size: number): T => {
        const a = make(mem, at, n);
        at += n * size;
        return a;
      };
      // The float tables first: at stays 8-byte aligned.
      const t: BatchTables = {
        values: take((b, o, n) => new Float64Array(b, o, n), values, 8),
        offsets: take((b, o, n) => new Float64Array(b, o, n), rows, 8),
        lines: take((b, o, n) => new Float64Array(b, o, n), rows, 8),
        starts: take((b, o, n) => new Int32Array(b, o, n), values, 4),
        ends: take((b, o, n) => new Int32Array(b, o, n), values, 4),
        hashes: take((b, o, n) => new Int32Array(b, o, n), values, 4),
      };
      this.k.setup(0, fields, rows, t.starts.byteOffset, t.ends.byteOffset, t.hashes.byteOffset, t.values.byteOffset, t.offsets.byteOffset, t.lines.byteOffset);
      return t;
    });
  }

  /**
   * Fills `batch` (this kernel's) from the lines of chunk[s, e) until a line the scanner must
   * take, a full batch or the end (see KernelStop); returns where it stopped. `lineNo` is the
   * number of the line before s; `kinds` and `dicts` are the plan's.
   */
  scan(batch: RowBatch, s: number, e: number, final: boolean, base: number, lineNo: number, kinds: Uint8Array, dicts: readonly (ByteInterner | null)[], last: LastDate): number {
    const out = this.kinds;
    for (let k = 0; k < this.nf; k++) out[k] = kinds[k] === Kind.Str && !dicts[k]!.frozen ? HASHED : kinds[k];
    const p = this.k.scanRows(this.chunkAt, s, e, final ? 1 : 0, base, lineNo, batch.rows, last.w0, last.w1, last.w2, last.set ? 1 : 0, last.ms);
    this.stop = this.k.stopReason();
    this.lines = this.k.linesScanned();
    batch.rows = this.k.batchRows();
    return p;
  }
}
