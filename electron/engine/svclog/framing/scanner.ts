/**
 * Frames `<E2ETraceEvent …>…</E2ETraceEvent>` fragments in a window of UTF-8 bytes with native
 * searches. The file has no root element, so events are found by their own start and end tags:
 * an event is complete when its end tag comes before the next start tag; when another start tag
 * comes first the event was cut (its writer died and the next one appended). Anything that is
 * not whitespace between events is reported once per stretch. UTF-8 windows in the kernel's
 * memory are framed by kernel/scan.ts (these steps in WebAssembly; see kernel-scan.ts).
 */
import { GT, LT, SLASH, ascii, asBuffer, firstNonBlank, indexOfIn, isSpace, startsWith } from './bytes';
import type { EventSearch } from './event-search';

const OPEN = ascii('<E2ETraceEvent');
const CLOSE = ascii('</E2ETraceEvent');
/** Bytes kept at the end of a window when no start tag was found, in case one straddles the cut. */
const OPEN_TAIL = OPEN.length - 1;
/** Events are a few KB; one this large is reported (a hostile or broken writer), though still read. */
export const LARGE_EVENT_BYTES = 16 * 1024 * 1024;

export interface FrameSink {
  /** A complete event, bytes [s, e) of the window (e is just past the end tag's '>'). */
  event(buf: Buffer, s: number, e: number): void;
  /** A problem at window index `at`. */
  problem(at: number, message: (fileOffset: number) => string): void;
  /** Optional: true when an event starting at window index `at` belongs to the next part. */
  beyond?(at: number): boolean;
}

/** The framer's problems, worded once for both framers (this one and kernel-scan.ts). */
export const FRAME_PROBLEMS = {
  cut: (at: number) => `The event starting at byte ${at} is cut off before its end (the process writing it probably stopped); the next event starts right after it. The cut event was skipped.`,
  truncated: (at: number) => `The last event, starting at byte ${at}, is truncated at the end of the file. It was skipped.`,
  large: (bytes: number) => {
    const mb = (bytes / 1024 / 1024).toFixed(0);
    return (at: number) => `The event starting at byte ${at} is ${mb} MiB long (events are normally a few KB); it was read, but its values are cut in the lists and its detail shows only its start.`;
  },
  doctype: (at: number) => `A <!DOCTYPE> declaration at byte ${at} was skipped; its entities are not expanded.`,
  xmlDeclaration: (at: number) => `An XML declaration (<?xml …?>) at byte ${at} was skipped.`,
  garbage: (at: number) => `Text that is not part of any event was found at byte ${at} and skipped.`,
};

export class Framer {
  /** Set once an event starting at or after `stopAt` was reached: the caller stops reading. */
  done = false;
  // State between windows (kernel-scan.ts reads and sets it around the windows it frames).
  /** Bytes before the first start tag belong to the previous part. */
  skipLeading: boolean;
  /** Inside a stretch of text between events that was already reported. */
  inGarbage = false;
  private readonly search: EventSearch | null;

  /** `search`: the parse window's SIMD search, used when scan() is given that window. */
  constructor(opts: { skipLeading?: boolean; search?: EventSearch | null } = {}) {
    this.skipLeading = opts.skipLeading ?? false;
    this.search = opts.search ?? null;
  }

  /**
   * Frames events in window bytes [0, len). `final` says no more bytes follow. Events that start at
   * or after `stopAt` (or that `sink.beyond` claims) belong to the next worker: framing stops there. Returns the
   * index from which the bytes must be kept and presented again with more data appended.
   */
  scan(win: Uint8Array, len: number, final: boolean, sink: FrameSink, stopAt = Infinity): number {
    const buf = asBuffer(win).subarray(0, len);
    const search = this.search;
    const find: NameFinder = search !== null && search.owns(buf) ? (_, from) => search.indexOfName(from, len) : nativeFind;
    let pos = 0;
    let nextOpen = -2; // -2: not searched yet
    for (;;) {
      const s = nextOpen === -2 ? findOpen(buf, pos, find) : nextOpen;
      nextOpen = -2;
      if (s < 0) {
        const keep = final ? len : Math.max(pos, len - OPEN_TAIL);
        this.between(buf, pos, keep, sink);
        return keep;
      }
      this.between(buf, pos, s, sink);
      this.skipLeading = false;
      this.inGarbage = false;
      if (s >= stopAt || sink.beyond?.(s)) {
        this.done = true;
        return s;
      }
      const found = closeOrNextOpen(buf, s + OPEN.length, find);
      const close = found >= 0 ? found : -1;
      const next = found < -1 ? -2 - found : -1;
      if (next >= 0) {
        sink.problem(s, FRAME_PROBLEMS.cut);
        pos = next;
        nextOpen = next;
        continue;
      }
      const gt = close < 0 ? -1 : buf[close + CLOSE.length] === GT ? close + CLOSE.length : buf.indexOf(GT, close + CLOSE.length);
      if (gt < 0) {
        if (!final) return s;
        sink.problem(s, FRAME_PROBLEMS.truncated);
        this.done = true;
        return len;
      }
      sink.event(buf, s, gt + 1);
      if (gt + 1 - s > LARGE_EVENT_BYTES) sink.problem(s, FRAME_PROBLEMS.large(gt + 1 - s));
      pos = gt + 1;
    }
  }

  /** Bytes [a, b) lie between events: whitespace is expected, anything else is reported. */
  private between(buf: Buffer, a: number, b: number, sink: FrameSink): void {
    if (b <= a || this.skipLeading || this.inGarbage) return;
    let k = firstNonBlank(buf, a, b);
    if (k < 0) return;
    // An XML declaration or a DOCTYPE (files saved by XML tools) gets its own sentence: a DOCTYPE
    // may declare entities, and saying that they are not expanded tells why `&name;` stays as is.
    const decl = declarations(buf, k, b);
    if (decl.doctype >= 0) sink.problem(decl.doctype, FRAME_PROBLEMS.doctype);
    else if (decl.end > k) sink.problem(k, FRAME_PROBLEMS.xmlDeclaration);
    if (decl.end > k) {
      // A declaration cut by the end of the window continues in the next one: keep quiet there.
      if (decl.end >= b) {
        this.inGarbage = true;
        return;
      }
      k = firstNonBlank(buf, decl.end, b);
      if (k < 0) return;
    }
    this.inGarbage = true;
    sink.problem(k, FRAME_PROBLEMS.garbage);
  }
}

const XML_DECL = ascii('<?xml');
const XML_DECL_END = ascii('?>');
const DOCTYPE = ascii('<!DOCTYPE');

/**
 * An XML declaration and/or a DOCTYPE starting at `k`: where the DOCTYPE starts (-1: none) and
 * where the declarations end (`k` when there are none; `b` when they run past the window).
 */
function declarations(buf: Buffer, k: number, b: number): { doctype: number; end: number } {
  let end = k;
  if (startsWith(buf, k, XML_DECL)) {
    const q = indexOfIn(buf, XML_DECL_END, k, b);
    if (q < 0) return { doctype: -1, end: b };
    end = q + 2;
    const n = firstNonBlank(buf, end, b);
    if (n < 0) return { doctype: -1, end };
    k = n;
  }
  if (!startsWith(buf, k, DOCTYPE)) return { doctype: -1, end };
  // The internal subset [ … ] holds entity declarations, whose values may contain '>'.
  let i = k + DOCTYPE.length;
  while (i < b && buf[i] !== GT && buf[i] !== 0x5b) i++;
  if (i < b && buf[i] === 0x5b) {
    const close = indexOfIn(buf, SUBSET_END, i, b);
    i = close < 0 ? b : close + 1;
    while (i < b && buf[i] !== GT) i++;
  }
  return { doctype: k, end: i < b ? i + 1 : b };
}

const SUBSET_END = ascii(']');

const NAME = ascii('E2ETraceEvent');

/** The first position of the bare name "E2ETraceEvent" in buf at or after `from`, or -1. */
type NameFinder = (buf: Buffer, from: number) => number;

const nativeFind: NameFinder = (buf, from) => buf.indexOf(NAME, from);

/**
 * The first `</E2ETraceEvent` or `<E2ETraceEvent` start tag at or after `from`, whichever comes
 * first: one search for the bare name scans the event once (namespace URIs that contain the name
 * are stepped over). Returns the end tag's index, -2 - the start tag's index, or -1.
 */
function closeOrNextOpen(buf: Buffer, from: number, find: NameFinder): number {
  for (let k = from + 1; ; ) {
    const h = find(buf, k);
    if (h < 0) return -1;
    if (buf[h - 1] === LT && isOpenAt(buf, h - 1)) return -2 - (h - 1);
    if (buf[h - 1] === SLASH && buf[h - 2] === LT && h - 2 >= from) return h - 2;
    k = h + 1;
  }
}

function isOpenAt(buf: Buffer, s: number): boolean {
  const after = buf[s + OPEN.length];
  return after === undefined || after === GT || after === 0x2f || isSpace(after);
}

/** Next `<E2ETraceEvent` start tag at or after `from` (the name must end there), or -1. */
function findOpen(buf: Buffer, from: number, find: NameFinder): number {
  for (let k = from + 1; ; ) {
    const h = find(buf, k);
    if (h < 0) return -1;
    if (buf[h - 1] === LT && isOpenAt(buf, h - 1)) return h - 1;
    k = h + 1;
  }
}
