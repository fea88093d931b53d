/**
 * AssemblyScript source of the W3C row kernel (compiled to WebAssembly by scripts/build-wasm.mjs;
 * the binary is in ../row-kernel-wasm.ts). It does, with SIMD, what scanFields (../row-scan.ts)
 * does for the lines it parses whole: split each line into values, hash the string values,
 * parse the numbers, the repeated date and HH:MM:SS times, and write them into the row batch.
 * Any line it cannot parse whole (directives, quotes, bad values, other value counts) is left
 * to the JavaScript scanner, which therefore decides every unusual case exactly as before.
 *
 * Memory is the importer's and never grows (growing would detach the JavaScript views of it).
 * Positions passed in and out are relative to the chunk buffer at `buf`.
 */

// Field kinds: the values of row-scan.ts's Kind, plus HASHED (a string field whose interner
// still takes values: hash it). Other string fields, URIs and skipped fields are only split.
const DATE: u8 = 1;
const TIME: u8 = 2;
const NATIVE_DATE: u8 = 3;
const NUM: u8 = 4;
const HASHED: u8 = 7;

// Why scanRows stopped (read with stopReason()).
const STOP_LINE: i32 = 0; // the line at the returned position is the JavaScript scanner's
const STOP_FULL: i32 = 1; // the batch is full
const STOP_END: i32 = 2; // no complete line left before `e`

const SPACE: u8 = 0x20;
const LF: u8 = 0x0a;
const QUOTE: u8 = 0x22;
const DASH: u8 = 0x2d;
const HASH_MARK: u8 = 0x23;
const COLON: u8 = 0x3a;
/** Numbers of more digits go to the JavaScript scanner (doubles stay exact up to here). */
const MAX_DIGITS: i32 = 15;

// Where the batch tables are (set by setup): value k of row r at index k * stride + r.
let kindsAt: usize = 0;
let fields: i32 = 0;
let stride: i32 = 0;
let startsAt: usize = 0;
let endsAt: usize = 0;
let hashesAt: usize = 0;
let valuesAt: usize = 0;
let offsetsAt: usize = 0;
let linesAt: usize = 0;

let stop: i32 = STOP_END;
let linesDone: i32 = 0;
let rowsDone: i32 = 0;

/** Where the batch tables and the kinds of the current header block's fields are. */
export function setup(kinds: usize, nf: i32, rowsPerField: i32, starts: usize, ends: usize, hashes: usize, values: usize, offsets: usize, lines: usize): void {
  kindsAt = kinds;
  fields = nf;
  stride = rowsPerField;
  startsAt = starts;
  endsAt = ends;
  hashesAt = hashes;
  valuesAt = values;
  offsetsAt = offsets;
  linesAt = lines;
}

export function stopReason(): i32 {
  return stop;
}

/** Lines consumed by the last scanRows (empty ones included). */
export function linesScanned(): i32 {
  return linesDone;
}

/** Batch rows after the last scanRows. */
export function batchRows(): i32 {
  return rowsDone;
}

/** First position of `c` in [p, e), or e. Reads up to 15 bytes past e (the importer leaves room). */
@inline
function find(buf: usize, p: i32, e: i32, c: u8): i32 {
  const needle = i8x16.splat(c);
  while (p + 16 <= e) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(buf + <usize>p), needle));
    if (m != 0) return p + ctz(m);
    p += 16;
  }
  if (p < e) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(buf + <usize>p), needle)) & ((1 << (e - p)) - 1);
    if (m != 0) return p + ctz(m);
  }
  return e;
}

@inline
function mixWord(h: i32, w: i32): i32 {
  h = (h ^ w) * 0x85ebca6b;
  return h ^ <i32>(<u32>h >>> 13);
}

/** bytes.ts's hashRange of [s, e), bit for bit (the interner compares hashes from both). */
@inline
function hashRange(buf: usize, s: i32, e: i32): i32 {
  let h: i32 = 0x9e3779b1;
  let g: i32 = 0x7f4a7c15;
  let p = s;
  for (; p + 8 <= e; p += 8) {
    h = mixWord(h, load<i32>(buf + <usize>p));
    g = mixWord(g, load<i32>(buf + <usize>p + 4));
  }
  if (p + 4 <= e) {
    h = mixWord(h, load<i32>(buf + <usize>p));
    p += 4;
  }
  let tail: i32 = 0;
  for (let sh = 0; p < e; p++, sh += 8) tail |= <i32>load<u8>(buf + <usize>p) << sh;
  h = mixWord(mixWord(h ^ rotl<i32>(g, 16), tail), e - s);
  h ^= <i32>(<u32>h >>> 16);
  h = h * 0xc2b2ae35;
  return h ^ <i32>(<u32>h >>> 15);
}

@inline
function twoDigits(buf: usize, p: i32): i32 {
  const a = <u32>load<u8>(buf + <usize>p) - 48;
  const b = <u32>load<u8>(buf + <usize>p + 1) - 48;
  return a > 9 || b > 9 ? 100 : <i32>(a * 10 + b);
}

/** "HH:MM:SS" → ms since midnight, or -1 (row-scan.ts's fixedTime). */
@inline
function fixedTime(buf: usize, p: i32): f64 {
  if (load<u8>(buf + <usize>p + 2) != COLON || load<u8>(buf + <usize>p + 5) != COLON) return -1;
  const h = twoDigits(buf, p);
  const mi = twoDigits(buf, p + 3);
  const sec = twoDigits(buf, p + 6);
  if (!(h < 24 && mi < 60 && sec < 61)) return -1;
  return <f64>(((h * 60 + mi) * 60 + sec) * 1000);
}

/**
 * Parses the line [s, e) whole into batch row `row`, as scanFields would with the result Parsed;
 * false when scanFields would not (then nothing written counts).
 */
function parseRow(buf: usize, s: i32, e: i32, row: i32, d0: i32, d1: i32, d2: i32, dateSet: bool, dateMs: f64): bool {
  let p = s;
  let at = <usize>row;
  for (let k = 0; k < fields; k++) {
    if (p < e && load<u8>(buf + <usize>p) == QUOTE) return false;
    const kind = load<u8>(kindsAt + <usize>k);
    let ve: i32;
    let v: f64 = NaN;
    if (kind == HASHED) {
      ve = find(buf, p, e, SPACE);
      store<i32>(hashesAt + (at << 2), hashRange(buf, p, ve));
    } else if (kind == NUM) {
      let q = p;
      let n: f64 = 0;
      for (; q < e; q++) {
        const d = <u32>load<u8>(buf + <usize>q) - 48;
        if (d > 9) break;
        n = n * 10 + <f64>d;
      }
      if (q - p > MAX_DIGITS) return false;
      if (q == e || load<u8>(buf + <usize>q) == SPACE) {
        ve = q;
        v = q > p ? n : -1;
      } else if (q == p && load<u8>(buf + <usize>q) == DASH && (q + 1 == e || load<u8>(buf + <usize>q + 1) == SPACE)) {
        ve = q + 1;
        v = -1;
      } else return false;
    } else if (kind == DATE) {
      if (!(dateSet && p + 10 <= e && (p + 10 == e || load<u8>(buf + <usize>p + 10) == SPACE))) return false;
      if (load<i32>(buf + <usize>p) != d0 || load<i32>(buf + <usize>p + 4) != d1 || <i32>load<u16>(buf + <usize>p + 8) != d2) return false;
      ve = p + 10;
      v = dateMs;
    } else if (kind == TIME) {
      if (!(p + 8 <= e && (p + 8 == e || load<u8>(buf + <usize>p + 8) == SPACE))) return false;
      v = fixedTime(buf, p);
      if (v < 0) return false;
      ve = p + 8;
    } else if (kind == NATIVE_DATE) {
      return false; // scanFields never parses these whole
    } else {
      ve = find(buf, p, e, SPACE);
    }
    store<i32>(startsAt + (at << 2), p);
    store<i32>(endsAt + (at << 2), ve);
    store<f64>(valuesAt + (at << 3), v);
    if (ve == e) return k == fields - 1;
    p = ve + 1;
    at += <usize>stride;
  }
  return false;
}

/**
 * Indexes the lines of [s, e) from batch row `row` on, until a line the JavaScript scanner must
 * take, a full batch, or the end (`final`: the rest is a line). `base` is the file offset of
 * position 0, `lineNo` the number of the line before s; d0, d1, d2 and dateMs are the last date
 * (LastDate; `dateSet` false when none). Returns where it stopped (see stopReason).
 */
export function scanRows(buf: usize, s: i32, e: i32, final: bool, base: f64, lineNo: f64, row: i32, d0: i32, d1: i32, d2: i32, dateSet: bool, dateMs: f64): i32 {
  let p = s;
  let lines = 0;
  stop = STOP_END;
  while (p < e) {
    const nl = find(buf, p, e, LF);
    if (nl == e && !final) break;
    let le = nl;
    while (le > p) {
      const c = load<u8>(buf + <usize>le - 1);
      if (c == 0x0d || c == SPACE || c == 0x09) le--;
      else break;
    }
    if (le > p) {
      if (load<u8>(buf + <usize>p) == HASH_MARK || !parseRow(buf, p, le, row, d0, d1, d2, dateSet, dateMs)) {
        stop = STOP_LINE;
        break;
      }
      store<f64>(offsetsAt + (<usize>row << 3), base + <f64>p);
      store<f64>(linesAt + (<usize>row << 3), lineNo + <f64>(lines + 1));
      row++;
    }
    lines++;
    p = nl + 1;
    if (row == stride) {
      stop = STOP_FULL;
      break;
    }
  }
  linesDone = lines;
  rowsDone = row;
  return p < e ? p : e;
}
