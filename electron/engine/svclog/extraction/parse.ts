/**
 * Parses a byte range of an svclog file into a part of the index: reads it in chunks (never the
 * whole file as one string), transcodes UTF-16 chunks to UTF-8 while remembering where each byte
 * came from, frames events and extracts their fields. Runs the same in a worker or in-thread.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Problem } from '../../../../shared/model';
import type { TextEncoding } from '../../encoding';
import type { Columns, EventSpec, MessageSpec } from './columns';
import { EventExtractor } from './fields';
import type { PartialOptions } from './partial';
import { hashStrings } from './intern';
import { EventSearch, stringHeapFor } from '../framing/event-search';
import { KernelOutOfMemory } from '../../wasm-kernel';
import { Framer, type FrameSink } from '../framing/scanner';
import { traceStartup } from '../../startup-trace';
import type { PartGroups } from '../indexing/part-groups';

export interface ParseRequest {
  path: string;
  encoding: TextEncoding;
  /** Where to start reading (past the BOM for the first part). */
  from: number;
  /** Events starting at or after this offset belong to the next part (Infinity: to the end). */
  to: number;
  /** True for every part but the first: bytes before the first start tag belong to the previous part. */
  skipLeading: boolean;
  chunkBytes?: number;
  /**
   * Bytes of events the tables are first sized for (default: the range). The first part of a
   * split file asks for the whole file's: its tables then become the merged ones (data.ts). Room
   * that is never written costs no memory.
   */
  tableBytes?: number;
  /** The worker keeps the part until the loader says where its rows go (parts of a split file). */
  keepForPlacing?: boolean;
  /** Set on the first part when the loader wants early batches of rows. */
  partial?: PartialOptions;
  /** Tests: extract every field with the general tag walk only (no fast paths), to compare both. */
  generalWalkOnly?: boolean;
  /** Tests: frame events with Buffer.indexOf, not the WebAssembly search, to compare both. */
  nativeSearch?: boolean;
  /** False: extract every event in JavaScript (after the kernel's string table ran out of room). */
  kernelExtract?: boolean;
  /** Tests: bytes of the kernel's string table (default: stringHeapFor the range). */
  stringHeap?: number;
}

export interface ParsePart {
  events: Columns<EventSpec>;
  eventCount: number;
  messages: Columns<MessageSpec>;
  messageCount: number;
  strings: string[];
  /** hashString of each string, for parts of a split file (the merge uses them). */
  stringHashes?: Int32Array;
  problems: Problem[];
  /** Bytes this part read. */
  bytesRead: number;
  /** The part grouped into activities by its worker (parts of a split file). */
  groups?: PartGroups;
}

export interface ParseHooks {
  /** Called after each chunk; returning true stops the parse (cancellation). */
  cancelled?(): boolean;
  onProgress?(bytesRead: number, records: number): void;
  /** Called after each chunk with what was extracted so far (for early batches of rows). */
  onChunk?(x: EventExtractor, problems: readonly Problem[]): void;
}

export const DEFAULT_CHUNK_BYTES = 4 << 20;

/** Maps indices of the UTF-8 window back to byte offsets in the original file. */
interface OffsetMap {
  /** File offset of window index 0. */
  base: number;
  at(win: Uint8Array, i: number): number;
}

class Utf8Map implements OffsetMap {
  base = 0;
  at(_win: Uint8Array, i: number): number {
    return this.base + i;
  }
}

/** UTF-16: every character was 2 or 4 bytes in the file; counted forward with a cursor (queries come in order). */
class Utf16Map implements OffsetMap {
  base = 0;
  private idx = 0;
  private units = 0;
  reset(base: number): void {
    this.base = base;
    this.idx = 0;
    this.units = 0;
  }
  at(win: Uint8Array, i: number): number {
    if (i < this.idx) {
      this.idx = 0;
      this.units = 0;
    }
    let u = this.units;
    for (let k = this.idx; k < i; k++) {
      const b = win[k];
      if ((b & 0xc0) !== 0x80) u += b >= 0xf0 ? 2 : 1;
    }
    this.idx = i;
    this.units = u;
    return this.base + 2 * u;
  }
}

/**
 * Parses the range; if the kernel's string table runs out of room, parses it again extracting in
 * JavaScript (early batches already sent stay as they were; the finished part replaces them).
 */
export function parseRange(req: ParseRequest, hooks: ParseHooks = {}): ParsePart {
  traceStartup(`svclog parse started (bytes ${req.from}–${req.to})`);
  try {
    return parseOnce(req, hooks);
  } catch (e) {
    if (!(e instanceof KernelOutOfMemory) || req.kernelExtract === false) throw e;
    return parseOnce({ ...req, kernelExtract: false }, { ...hooks, onChunk: undefined });
  }
}

function parseOnce(req: ParseRequest, hooks: ParseHooks): ParsePart {
  const chunk = req.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const utf16 = req.encoding !== 'utf8';
  const decoder = utf16 ? new TextDecoder(req.encoding === 'utf16le' ? 'utf-16le' : 'utf-16be') : null;
  const map16 = new Utf16Map();
  const map8 = new Utf8Map();
  const map: OffsetMap = utf16 ? map16 : map8;
  map16.reset(req.from);
  map8.base = req.from;

  const problems: Problem[] = [];
  const bounded = Number.isFinite(req.to);
  const span = (bounded ? req.to : statSync(req.path).size) - req.from;
  const search = req.nativeSearch ? null : EventSearch.create(chunk * 2, req.stringHeap ?? stringHeapFor(span));
  const x = new EventExtractor(!req.generalWalkOnly, search, req.kernelExtract !== false, Math.max(span, req.tableBytes ?? 0));
  const framer = new Framer({ skipLeading: req.skipLeading, search });
  // UTF-8 windows in the kernel's memory are framed and extracted there (kernel-scan.ts).
  const kernelScan = utf16 ? null : x.kernel;
  const sink: FrameSink = {
    // UTF-16: the window holds transcoded bytes, so the part's end is compared as a file offset.
    beyond: utf16 && bounded ? (s) => map16.at(work, s) >= req.to : undefined,
    event(buf, s, e) {
      x.add(buf, s, e, map.at(buf, s), map.at(buf, e));
    },
    problem(at, message) {
      if (problems.length < MAX_PROBLEMS) {
        const offset = map.at(work, at);
        problems.push({ severity: 'warning', message: message(offset), offset });
      }
    },
  };
  // In the search's memory (see event-search.ts) unless an event outgrows it.
  let work = search?.window ?? Buffer.allocUnsafe(chunk * 2);
  let workLen = 0;
  const raw = utf16 ? Buffer.allocUnsafe(chunk) : null;
  const fd = openSync(req.path, 'r');
  let filePos = req.from;
  let bytesRead = 0;
  try {
    for (;;) {
      if (work.length - workLen < chunk) {
        const bigger = Buffer.allocUnsafe(Math.max(work.length * 2, workLen + chunk));
        work.copy(bigger, 0, 0, workLen);
        work = bigger;
      }
      let n: number;
      if (raw && decoder) {
        n = readSync(fd, raw, 0, chunk, filePos);
        const text = decoder.decode(raw.subarray(0, n), { stream: n > 0 });
        const need = Buffer.byteLength(text, 'utf8');
        if (work.length - workLen < need) {
          const bigger = Buffer.allocUnsafe(workLen + need + chunk);
          work.copy(bigger, 0, 0, workLen);
          work = bigger;
        }
        workLen += work.write(text, workLen, 'utf8');
      } else {
        n = readSync(fd, work, workLen, chunk, filePos);
        workLen += n;
      }
      filePos += n;
      bytesRead += n;
      const final = n === 0;
      const stopAt = bounded && !utf16 ? req.to - map8.base : Infinity;
      const keep = kernelScan !== null && work === search?.window ? kernelScan.scan(framer, workLen, final, sink, stopAt, map8.base) : framer.scan(work, workLen, final, sink, stopAt);
      // Rows the kernel extracted for events framed here are appended before anyone reads them.
      x.kernel?.flush();
      hooks.onProgress?.(bytesRead, x.events.length);
      hooks.onChunk?.(x, problems);
      if (final || framer.done) break;
      if (hooks.cancelled?.()) break;
      // Carry the unfinished tail to the front of the window.
      const base = map.at(work, keep);
      work.copy(work, 0, keep, workLen);
      workLen -= keep;
      map8.base = base;
      map16.reset(base);
    }
  } finally {
    closeSync(fd);
  }
  if (problems.length === MAX_PROBLEMS) {
    problems.push({ severity: 'warning', message: `More problems were found; only the first ${MAX_PROBLEMS} are listed.` });
  }
  const strings = x.strings.strings();
  return {
    events: x.events.finish(),
    eventCount: x.events.length,
    messages: x.messages.finish(),
    messageCount: x.messages.length,
    strings,
    stringHashes: bounded || req.skipLeading ? hashStrings(strings) : undefined,
    problems,
    bytesRead,
  };
}

const MAX_PROBLEMS = 1000;
