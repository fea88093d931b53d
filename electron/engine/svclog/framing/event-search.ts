/**
 * The svclog parse window in WebAssembly memory, with the svclog kernel over it (source:
 * kernel/svclog-kernel.ts): SIMD searches for the element name that starts and ends every event
 * (the framer asks about twice per event) and for the names that make the rest of an event worth
 * walking (the extractor's restIsInert), the System block's fast path, and whole-event extraction
 * with its string table (kernel-scan.ts, kernel-strings.ts). Buffer.indexOf's per-call cost was
 * a sixth of the parse. A window that has to grow past the kernel's memory (an event bigger than
 * the window) is an ordinary Buffer again, and the framer and extractor then work in JavaScript:
 * the same answers.
 *
 * Memory: the window (+ slack for SIMD reads past its end), the System matcher's output, the
 * extraction record, attribute scratch, a scratch area for values from outside the window, and
 * the string table's heap (reserved, not touched: pages cost only once used).
 */
import { SVCLOG_KERNEL_WASM } from './svclog-kernel-wasm';
import type { SystemMatch } from '../extraction/system-block';
import { instantiate, kernelLoader } from '../../wasm-kernel';

export interface SvclogKernelExports {
  indexOfName(buf: number, from: number, to: number): number;
  indexOfLt(buf: number, from: number, to: number): number;
  containsAnyName(buf: number, from: number, to: number, which: number): number;
  setupSystem(pos: number, order: number): void;
  matchSystem(buf: number, len: number, s: number, e: number): number;
  systemCount(): number;
  setupExtract(out: number, pos: number, order: number, attrs: number, heapAt: number, heapEnd: number): number;
  intern(at: number, len: number): number;
  internCount(): number;
  internArena(): number;
  internStarts(): number;
  internEnds(): number;
}

/** Where the kernel's areas are in its memory (byte offsets). */
export interface KernelLayout {
  /** The extraction record: 30 i32 slots, then two f64 at +128. */
  out: number;
  /** Room for one value from outside the window (MAX_VALUE_BYTES), to be interned. */
  scratch: number;
  /** BATCH_AREA bytes for the rows extracted while framing and the problem queue (kernel-scan.ts). */
  batch: number;
}

/** Bytes of the batch area. */
export const BATCH_AREA = 1 << 20;

/**
 * Bytes to reserve for the string table of a range of `span` bytes. Distinct values are a small
 * share of a trace (a generated gigabyte's half: 4 MB of values, 12 MB of heap in all), so an
 * eighth of the range is ample; a file of mostly distinct values overflows it and is parsed
 * again in JavaScript. Kept small on purpose: V8 counts the whole memory as allocated, and past
 * about 32 MB it runs garbage collections for "external memory pressure" as the memory is made
 * (four per worker, 8 ms, at the start of every load).
 */
export function stringHeapFor(span: number): number {
  return Math.min(1 << 30, (8 << 20) + Math.ceil(span / 8));
}

// containsAnyName's `which` bits (kernel/event-search.ts).
const EXCEPTION = 1;
const MESSAGE_RECORD = 2;
const ACTIVITY_NAME = 4;
const DESCRIPTION = 8;

const kernelModule = kernelLoader(SVCLOG_KERNEL_WASM);
/** Bytes the search may read past the end of the data (one SIMD load). */
const SLACK = 64;
/** The System matcher's output after the window: 22 value bounds (i32), then 11 field numbers. */
const SYSTEM_BYTES = 128;
const RECORD_BYTES = 256;
const ATTR_BYTES = 256;
/** intern.ts's MAX_VALUE_BYTES plus slack. */
const SCRATCH_BYTES = 2048 + SLACK;

/** SystemBlockMatcher's steps in the kernel, for events in the window (see ../system-block.ts). */
class KernelSystemMatch implements SystemMatch {
  readonly pos: Int32Array;
  readonly order: Uint8Array;
  count = 0;

  constructor(
    private readonly k: SvclogKernelExports,
    memory: WebAssembly.Memory,
    at: number,
  ) {
    this.pos = new Int32Array(memory.buffer, at, 22);
    this.order = new Uint8Array(memory.buffer, at + 88, 11);
    k.setupSystem(at, at + 88);
  }

  /** `buf` must be the window (or a view of it from its start). */
  match(buf: Uint8Array, s: number, e: number): number {
    const at = this.k.matchSystem(0, buf.length, s, e);
    this.count = this.k.systemCount();
    return at;
  }
}

export class EventSearch {
  /** The parse window: read and transcode into this buffer to have it searched here. */
  readonly window: Buffer;
  /** The memory's buffer (it never grows, so this stays its buffer; Memory.buffer is a slow getter). */
  private readonly memory: ArrayBuffer;
  /** The kernel's exports (kernel-scan.ts and kernel-strings.ts call them too). */
  readonly k: SvclogKernelExports;
  /** The System block's fast path over the window. */
  readonly system: SystemMatch;
  readonly layout: KernelLayout;

  /**
   * A window of `bytes` and a string table of up to `stringHeap` bytes, or null where
   * WebAssembly SIMD is not available.
   */
  static create(bytes: number, stringHeap = stringHeapFor(0)): EventSearch | null {
    const m = kernelModule();
    return m ? new EventSearch(m, bytes, stringHeap) : null;
  }

  private constructor(module: WebAssembly.Module, bytes: number, stringHeap: number) {
    const systemAt = Math.ceil((bytes + SLACK) / 16) * 16;
    const out = systemAt + SYSTEM_BYTES;
    const attrs = out + RECORD_BYTES;
    const scratch = attrs + ATTR_BYTES;
    const batch = scratch + SCRATCH_BYTES;
    const heapAt = batch + BATCH_AREA;
    const { memory, exports } = instantiate<SvclogKernelExports>(module, heapAt + stringHeap);
    this.memory = memory.buffer;
    this.k = exports;
    this.window = Buffer.from(memory.buffer, 0, bytes);
    this.system = new KernelSystemMatch(exports, memory, systemAt);
    this.layout = { out, scratch, batch };
    // A heap too small for even the empty table leaves the kernel's string table unusable: the
    // extractor then interns in JavaScript.
    this.hasStrings = exports.setupExtract(out, systemAt, systemAt + 88, attrs, heapAt, heapAt + stringHeap) !== 0;
  }

  /** False when the string table did not fit its heap (see the constructor). */
  readonly hasStrings: boolean;

  /** The kernel memory's buffer. */
  get buffer(): ArrayBuffer {
    return this.memory;
  }

  /** The last buffer owns() was asked about, and its answer (asked several times per event about the same buffer). */
  private asked: Uint8Array | null = null;
  private askedOwns = false;

  /** True when `buf` starts at the window's start (a view of the window). */
  owns(buf: Uint8Array): boolean {
    if (buf !== this.asked) {
      this.asked = buf;
      this.askedOwns = buf.buffer === this.memory && buf.byteOffset === 0;
    }
    return this.askedOwns;
  }

  /** First position of "E2ETraceEvent" in window[from, to), or -1. */
  indexOfName(from: number, to: number): number {
    return this.k.indexOfName(0, from, to);
  }

  /** First '<' in window[from, to), or `to`. */
  indexOfLt(from: number, to: number): number {
    return this.k.indexOfLt(0, from, to);
  }

  /**
   * True when window[from, to) holds "Exception" or "MessageLogTraceRecord", or (when asked for)
   * "ActivityName" or "Description", anywhere (the extractor's restIsInert).
   */
  containsAnyName(from: number, to: number, also: { activityName: boolean; description: boolean }): boolean {
    const which = EXCEPTION | MESSAGE_RECORD | (also.activityName ? ACTIVITY_NAME : 0) | (also.description ? DESCRIPTION : 0);
    return this.k.containsAnyName(0, from, to, which) !== 0;
  }
}
