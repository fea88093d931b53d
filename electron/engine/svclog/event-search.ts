/**
 * The svclog parse window in WebAssembly memory, with SIMD searches over it (source:
 * kernel/event-search.ts): for the element name that starts and ends every event (the framer asks
 * about twice per event) and for the names that make the rest of an event worth walking (the
 * extractor's restIsInert). Buffer.indexOf's per-call cost was a sixth of the parse. A window
 * that has to grow past the search's memory (an event bigger than the window) is an ordinary
 * Buffer again, and the framer and extractor then use Buffer.indexOf: the same answers.
 */
import { EVENT_SEARCH_WASM } from './event-search-wasm';
import { instantiate, kernelLoader } from '../wasm-kernel';

interface SearchExports {
  indexOfName(buf: number, from: number, to: number): number;
  containsAnyName(buf: number, from: number, to: number, which: number): number;
}

// containsAnyName's `which` bits (kernel/event-search.ts).
const EXCEPTION = 1;
const MESSAGE_RECORD = 2;
const ACTIVITY_NAME = 4;
const DESCRIPTION = 8;

const searchModule = kernelLoader(EVENT_SEARCH_WASM);
/** Bytes the search may read past the end of the data (one SIMD load). */
const SLACK = 64;

export class EventSearch {
  /** The parse window: read and transcode into this buffer to have it searched here. */
  readonly window: Buffer;
  private readonly memory: WebAssembly.Memory;
  private readonly k: SearchExports;

  /** A window of `bytes`, or null where WebAssembly SIMD is not available. */
  static create(bytes: number): EventSearch | null {
    const m = searchModule();
    return m ? new EventSearch(m, bytes) : null;
  }

  private constructor(module: WebAssembly.Module, bytes: number) {
    const { memory, exports } = instantiate<SearchExports>(module, bytes + SLACK);
    this.memory = memory;
    this.k = exports;
    this.window = Buffer.from(memory.buffer, 0, bytes);
  }

  /** True when `buf` starts at the window's start (a view of the window). */
  owns(buf: Uint8Array): boolean {
    return buf.buffer === this.memory.buffer && buf.byteOffset === 0;
  }

  /** First position of "E2ETraceEvent" in window[from, to), or -1. */
  indexOfName(from: number, to: number): number {
    return this.k.indexOfName(0, from, to);
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
