/**
 * The WebAssembly row kernel (source: kernel/row-kernel.ts): splits, hashes and parses ordinary
 * W3C lines with SIMD, several times faster than the JavaScript scanner, which keeps every other
 * case, and interns batch columns into dictionaries kept in its memory (KernelInterner). A kernel
 * owns one fixed block of memory (see ../wasm-kernel.ts) holding the chunk buffer that
 * parse-file.ts reads into, the row batch's tables and a heap for the dictionaries; pages of the
 * heap that no dictionary reaches are never touched, so they cost no memory.
 */
import { MAX_VALUES, RowBatch, type BatchTables } from './row-batch';
import { Kind, type LastDate } from './row-scan';
import { ByteInterner, DEFAULT_LIMITS, DICT_BYTES, type Interner } from '../interning';
import { KernelInterner, type DictExports } from './kernel-interner';
import { ROW_KERNEL_WASM } from './row-kernel-wasm';
import { KernelOutOfMemory, instantiate, kernelLoader } from '../wasm-kernel';
import { HASHED, KernelStop } from './kernel-layout';

/** scanRows's stop reasons (the layout shared with kernel/row-kernel.ts). */
export { KernelStop };

/** Fields a batch can have at most (Spans' capacity). */
const MAX_FIELDS = 1024;
/** Bytes the kernel may read past the end of the data (one SIMD load). */
const SLACK = 64;
/** Dictionaries a kernel holds at most (a file's other string columns keep theirs in JavaScript). */
const MAX_DICTS = 64;
/** Where values from buffers outside kernel memory are copied to be interned (longer ones take a heap block). */
const SCRATCH = 64 << 10;
/**
 * The dictionaries' heap. It is only address space until used: a dictionary takes pages as it
 * grows (ByteInterner's limits keep each to a few tens of MB), and a range whose dictionaries
 * would need more is parsed again without the kernel (KernelOutOfMemory).
 */
export const DEFAULT_HEAP = 1 << 30;

interface KernelExports extends DictExports {
  setup(kinds: number, nf: number, stride: number, starts: number, ends: number, hashes: number, values: number, offsets: number, lines: number): void;
  scanRows(buf: number, s: number, e: number, final: number, base: number, lineNo: number, row: number, d0: number, d1: number, d2: number, dateSet: number, dateMs: number): number;
  stopReason(): number;
  linesScanned(): number;
  batchRows(): number;
  setupHeap(free: number, start: number, end: number, ids: number): void;
  newDict(d: number, maxDistinct: number, maxPoolBytes: number): number;
  internColumn(d: number, buf: number, k: number, n: number): number;
  alloc(bytes: number): number;
  free(p: number, bytes: number): void;
}

const kernelModule = kernelLoader(ROW_KERNEL_WASM);

export class RowKernel {
  /** The buffer to read file chunks into (the kernel only scans this one). */
  readonly chunk: Buffer;
  private readonly k: KernelExports;
  /** The memory's buffer (it never grows, so this stays its buffer; Memory.buffer is a slow getter). */
  private readonly memory: ArrayBuffer;
  private readonly kinds: Uint8Array;
  private readonly chunkAt: number;
  private readonly tablesAt: number;
  private readonly dictsAt: number;
  private readonly scratchAt: number;
  private dicts = 0;
  /** The batch's interned ids (internColumn): value k of row r at k * stride + r. */
  readonly ids: Uint32Array;
  private nf = 0;
  /** Set by scan: why it stopped and how many lines it consumed. */
  stop = KernelStop.End;
  lines = 0;

  /**
   * A kernel with a chunk buffer of `chunkBytes` and `heapBytes` for dictionaries, or null where
   * WebAssembly SIMD is not available.
   */
  static create(chunkBytes: number, heapBytes = DEFAULT_HEAP): RowKernel | null {
    const m = kernelModule();
    return m ? new RowKernel(m, chunkBytes, heapBytes) : null;
  }

  private constructor(module: WebAssembly.Module, chunkBytes: number, heapBytes: number) {
    // Layout: kinds, the batch tables (the most any batch needs), the batch's ids, the
    // dictionaries and the heap's free lists, the scratch, the chunk and its slack, the heap.
    this.tablesAt = MAX_FIELDS;
    const idsAt = this.tablesAt + MAX_VALUES * (4 * 3 + 8) + MAX_VALUES * 8 * 2;
    this.dictsAt = idsAt + MAX_VALUES * 4;
    const freeAt = this.dictsAt + MAX_DICTS * DICT_BYTES;
    this.scratchAt = freeAt + 32 * 4;
    this.chunkAt = this.scratchAt + SCRATCH;
    const heapAt = Math.ceil((this.chunkAt + chunkBytes + SLACK) / 64) * 64;
    const { memory, exports } = instantiate<KernelExports>(module, heapAt + heapBytes);
    this.memory = memory.buffer;
    this.k = exports;
    this.kinds = new Uint8Array(this.memory, 0, MAX_FIELDS);
    this.ids = new Uint32Array(this.memory, idsAt, MAX_VALUES);
    this.chunk = Buffer.from(this.memory, this.chunkAt, chunkBytes);
    this.k.setupHeap(freeAt, heapAt, heapAt + heapBytes, idsAt);
  }

  /** A dictionary for a string column: in kernel memory while it has room for more, else in JavaScript. */
  interner(): Interner {
    if (this.dicts === MAX_DICTS) return new ByteInterner();
    const at = this.dictsAt + this.dicts++ * DICT_BYTES;
    if (!this.k.newDict(at, DEFAULT_LIMITS.maxDistinct, DEFAULT_LIMITS.maxPoolBytes)) throw new KernelOutOfMemory('IIS row');
    return new KernelInterner(this.k, this.memory, at, (buf, s, len) => this.place(buf, s, len));
  }

  /** True when `t` keeps its dictionary in this kernel. */
  holds(t: Interner): t is KernelInterner {
    return t instanceof KernelInterner && t.kernel === this.k;
  }

  /**
   * Interns field k of the batch's first n rows (values in the chunk) into `dict`; the ids are
   * then in `ids` at k * stride. Returns the largest id.
   */
  internColumn(dict: KernelInterner, k: number, n: number): number {
    const top = this.k.internColumn(dict.at, this.chunkAt, k, n) >>> 0;
    if (this.k.oom()) throw new KernelOutOfMemory('IIS row');
    return top;
  }

  /** Where buf[s, s+len) is in kernel memory: in place when it is there, else copied to the scratch. */
  private place(buf: Uint8Array, s: number, len: number): number {
    if (buf.buffer === this.memory) return buf.byteOffset + s;
    // A value longer than a dictionary's pool may hold is never compared (no stored value has its
    // length), so its bytes need not be here: a 50 MB line stays where it is.
    if (len > DEFAULT_LIMITS.maxPoolBytes) return this.scratchAt;
    // A value longer than the scratch (rare) goes to a heap block, kept for the next such value.
    const at = len > SCRATCH ? this.bigScratch(len) : this.scratchAt;
    new Uint8Array(this.memory, at, len).set(buf.subarray(s, s + len));
    return at;
  }

  private big = { at: 0, bytes: 0 };

  /** A heap block of at least len bytes for values longer than the scratch. */
  private bigScratch(len: number): number {
    if (len > this.big.bytes) {
      this.k.free(this.big.at, this.big.bytes);
      const at = this.k.alloc(len);
      if (this.k.oom()) throw new KernelOutOfMemory('IIS row');
      this.big = { at, bytes: len };
    }
    return this.big.at;
  }

  /** True when `buf` is this kernel's chunk buffer. */
  owns(buf: Uint8Array): boolean {
    return buf.buffer === this.memory && buf.byteOffset === this.chunkAt;
  }

  /** A row batch in the kernel's memory for lines of `fields` values (the one scan fills); null when too wide. */
  batch(fields: number): RowBatch | null {
    if (fields > MAX_FIELDS) return null;
    this.nf = fields;
    return new RowBatch(fields, (values, rows) => {
      const mem = this.memory;
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
  scan(batch: RowBatch, s: number, e: number, final: boolean, base: number, lineNo: number, kinds: Uint8Array, dicts: readonly (Interner | null)[], last: LastDate): number {
    const out = this.kinds;
    for (let k = 0; k < this.nf; k++) out[k] = kinds[k] === Kind.Str && !dicts[k]!.frozen ? HASHED : kinds[k];
    const p = this.k.scanRows(this.chunkAt, s, e, final ? 1 : 0, base, lineNo, batch.rows, last.w0, last.w1, last.w2, last.set ? 1 : 0, last.ms);
    this.stop = this.k.stopReason();
    this.lines = this.k.linesScanned();
    batch.rows = this.k.batchRows();
    return p;
  }
}
