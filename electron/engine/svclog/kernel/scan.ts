/**
 * ../scanner.ts's Framer in the kernel, step for step, extracting each framed event on the spot
 * (extract.ts) into the batch: a whole window takes a few calls instead of several per event.
 * `scanStep` runs until the window is done or the importer has something to do: report the
 * problems queued, take an event the kernel could not extract, or empty a full batch; then the
 * importer calls it again and it goes on where it stopped.
 */
import { byteAt, findByte, isSpace, ld, setBuffer } from './words';
import { indexOfName } from './event-search';
import { batchRows, commitRow, extract } from './extract';
import { LEN_Doctype, LEN_XmlDecl, atDoctype, atXmlDecl, findPiEnd } from './literals';

// scanStep's answers.
const R_KEEP = 0;
const R_EVENT = 1;
const R_FULL = 2;
const R_OUT_OF_MEMORY = 3;

// Problems (the importer words them as scanner.ts does).
const P_CUT = 1;
const P_TRUNCATED = 2;
const P_LARGE = 3;
const P_DOCTYPE = 4;
const P_XML_DECL = 5;
const P_GARBAGE = 6;

// extract's answers.
const X_BAIL = 1;
const X_OUT_OF_MEMORY = 2;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
/** "<E2ETraceEvent" and "</E2ETraceEvent". */
const OPEN_LEN = 14;
const CLOSE_LEN = 15;
const OPEN_TAIL = OPEN_LEN - 1;
/** scanner.ts's LARGE_EVENT_BYTES. */
const LARGE_EVENT_BYTES = 16 * 1024 * 1024;

// Framer state, kept across windows (the importer reads and sets it around each window).
export let skipLeading = false;
export let inGarbage = false;
export let done = false;

// The window being framed.
let len = 0;
let final = false;
let stopAt = 0;
let fileBase: f64 = 0;
let pos = 0;
let nextOpen = -2;
let capacity = 0;

// What the last scanStep left for the importer.
export let keep = 0;
export let eventStart = 0;
export let eventEnd = 0;

// The problem queue: (kind, window index, size) triples at queueAt.
let queueAt: usize = 0;
let queueCap = 0;
export let problems = 0;

/** Where the problem queue is (`cap` triples of i32) and how many rows a batch holds. */
export function setupScan(queue: usize, cap: i32, batchCapacity: i32): void {
  queueAt = queue;
  queueCap = cap;
  capacity = batchCapacity;
}

/** The framer's state, as the JavaScript framer left it (or from the previous window). */
export function setFramerState(skip: bool, garbage: bool, isDone: bool): void {
  skipLeading = skip;
  inGarbage = garbage;
  done = isDone;
}

/** Starts framing window bytes [0, n) at `base` (the window's offset in the file). */
export function windowStart(n: i32, isFinal: bool, stop: i32, base: f64): void {
  len = n;
  final = isFinal;
  stopAt = stop;
  fileBase = base;
  pos = 0;
  nextOpen = -2;
}

/** Empties the problem queue (after the importer read it). */
export function problemsRead(): void {
  problems = 0;
}

function problem(kind: i32, at: i32, size: i32): void {
  const q = queueAt + (<usize>(problems * 3) << 2);
  store<i32>(q, kind);
  store<i32>(q, at, 4);
  store<i32>(q, size, 8);
  problems++;
}

/** Frames on; see the answers above. Between events, stops when the batch or problem queue is full. */
export function scanStep(): i32 {
  setBuffer(0, len);
  for (;;) {
    if (batchRows >= capacity || problems + 3 > queueCap) return R_FULL;
    const s = nextOpen == -2 ? findOpen(pos) : nextOpen;
    nextOpen = -2;
    if (s < 0) {
      keep = final ? len : max(pos, len - OPEN_TAIL);
      between(pos, keep);
      return R_KEEP;
    }
    between(pos, s);
    skipLeading = false;
    inGarbage = false;
    if (s >= stopAt) {
      done = true;
      keep = s;
      return R_KEEP;
    }
    const found = closeOrNextOpen(s + OPEN_LEN);
    const close = found >= 0 ? found : -1;
    const next = found < -1 ? -2 - found : -1;
    if (next >= 0) {
      problem(P_CUT, s, 0);
      pos = next;
      nextOpen = next;
      continue;
    }
    const gt = close < 0 ? -1 : byteAt(close + CLOSE_LEN) == GT ? close + CLOSE_LEN : findByte(GT, close + CLOSE_LEN, len);
    if (gt < 0) {
      if (!final) {
        keep = s;
        return R_KEEP;
      }
      problem(P_TRUNCATED, s, 0);
      done = true;
      keep = len;
      return R_KEEP;
    }
    const e = gt + 1;
    const answer = extract(0, len, s, e);
    if (answer == X_OUT_OF_MEMORY) return R_OUT_OF_MEMORY;
    if (e - s > LARGE_EVENT_BYTES) problem(P_LARGE, s, e - s);
    pos = e;
    if (answer == X_BAIL) {
      eventStart = s;
      eventEnd = e;
      return R_EVENT;
    }
    commitRow(fileBase + <f64>s, fileBase + <f64>e);
  }
  return R_KEEP;
}

/** Bytes [a, b) lie between events: whitespace is expected, anything else is reported. */
function between(a: i32, b: i32): void {
  if (b <= a || skipLeading || inGarbage) return;
  let k = firstNonBlank(a, b);
  if (k < 0) return;
  const end = declarations(k, b);
  if (doctypeAt >= 0) problem(P_DOCTYPE, doctypeAt, 0);
  else if (end > k) problem(P_XML_DECL, k, 0);
  if (end > k) {
    // A declaration cut by the end of the window continues in the next one: keep quiet there.
    if (end >= b) {
      inGarbage = true;
      return;
    }
    k = firstNonBlank(end, b);
    if (k < 0) return;
  }
  inGarbage = true;
  problem(P_GARBAGE, k, 0);
}

function firstNonBlank(a: i32, b: i32): i32 {
  for (let i = a; i < b; i++) if (!isSpace(ld(i))) return i;
  return -1;
}

/** Where declarations() found a DOCTYPE (-1: none). */
let doctypeAt = -1;

/** scanner.ts's declarations: sets doctypeAt and returns where the declarations end. */
function declarations(k: i32, b: i32): i32 {
  doctypeAt = -1;
  let end = k;
  if (atXmlDecl(k)) {
    const q = findPiEnd(k, b);
    if (q < 0) return b;
    end = q + 2;
    const n = firstNonBlank(end, b);
    if (n < 0) return end;
    k = n;
  }
  if (!atDoctype(k)) return end;
  // The internal subset [ … ] holds entity declarations, whose values may contain '>'.
  let i = k + LEN_Doctype;
  while (i < b && ld(i) != GT && ld(i) != 0x5b) i++;
  if (i < b && ld(i) == 0x5b) {
    const close = findByte(0x5d, i, b);
    i = close < 0 ? b : close + 1;
    while (i < b && ld(i) != GT) i++;
  }
  doctypeAt = k;
  return i < b ? i + 1 : b;
}

function isOpenAt(s: i32): bool {
  const after = byteAt(s + OPEN_LEN);
  return after < 0 || after == GT || after == SLASH || isSpace(after);
}

/** Next `<E2ETraceEvent` start tag after `from` (the name must end there), or -1. */
function findOpen(from: i32): i32 {
  for (let k = from + 1; ; ) {
    const h = indexOfName(0, k, len);
    if (h < 0) return -1;
    if (byteAt(h - 1) == LT && isOpenAt(h - 1)) return h - 1;
    k = h + 1;
  }
  return -1;
}

/** The first end tag or next start tag after `from`: the end tag's index, -2 - the start tag's index, or -1. */
function closeOrNextOpen(from: i32): i32 {
  for (let k = from + 1; ; ) {
    const h = indexOfName(0, k, len);
    if (h < 0) return -1;
    if (byteAt(h - 1) == LT && isOpenAt(h - 1)) return -2 - (h - 1);
    if (byteAt(h - 1) == SLASH && byteAt(h - 2) == LT && h - 2 >= from) return h - 2;
    k = h + 1;
  }
  return -1;
}
