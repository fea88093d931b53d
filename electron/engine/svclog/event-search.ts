/**
 * The svclog parse window in WebAssembly memory, with SIMD searches over it (source:
 * kernel/event-search.ts): for the element name that starts and ends every event (the framer asks
 * about twice per event) and for the names that make the rest of an event worth walking (the
 * extractor's restIsInert). Buffer.indexOf's per-call cost was a sixth of the parse. A window
 * that has to grow past the search's memory (an event bigger than the window) is an ordinary
 * Buffer again, and the framer and extractor then use Buffer.indexOf: the same answers.
 */
import { EVENT_SEARCH_WASM } from './event-search-wasm';
import type { SystemMatch } from './system-block';
import { instantiate, kernelLoader } from '../wasm-kernel';

interface SearchExports {
  indexOfName(buf: number, from: number, to: number): number;
  indexOfLt(buf: number, from: number, to: number): number;
  containsAnyName(buf: number, from: number, to: number, which: number): number;
  setupSystem(pos: number, order: number): void;
  matchSystem(buf: number, len: number, s: number, e: number): number;
  systemCount(): number;
}

// containsAnyName's `which` bits (kernel/event-search.ts).
const EXCEPTION = 1;
const MESSAGE_RECORD = 2;
const ACTIVITY_NAME = 4;
const DESCRIPTION = 8;

const searchModule = kernelLoader(EVENT_SEARCH_WASM);
/** Bytes the search may read past the end of the data (one SIMD load). */
const SLACK = 64;
/** The System matcher's output after the window: 22 value bounds (i32), then 11 field numbers. */
const SYSTEM_BYTES = 128;

/** SystemBlockMatcher's steps in the kernel, for events in the window (see ../system-block.ts). */
class KernelSystemMatch implements SystemMatch {
  readonly pos: Int32Array;
  readonly order: Uint8Array;
  count = 0;

  constructor(
    private readonly k: SearchExports,
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
  private readonly k: SearchExports;
  /** The System block's fast path over the window. */
  readonly system: SystemMatch;

  /** A window of `bytes`, or null where WebAssembly SIMD is not available. */
  static create(bytes: number): EventSearch | null {
    const m = searchModule();
    return m ? new EventSearch(m, bytes) : null;
  }

  private constructor(module: WebAssembly.Module, bytes: number) {
    const systemAt = Math.ceil((bytes + SLACK) / 8) * 8;
    const { memory, exports } = instantiate<SearchExports>(module, systemAt + SYSTEM_BYTES);
    this.memory = memory.buffer;
    this.k = exports;
    this.window = Buffer.from(memory.buffer, 0, bytes);
    this.system = new KernelSystemMatch(exports, memory, systemAt);
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
