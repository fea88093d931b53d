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

// Kinds, stop reasons, ByteInterner's steps and the dictionary struct, generated from one description (scripts/kernel-layouts.mjs).
import { DATE, D_AFTER_CAP, D_CAPPED, D_COUNT, D_FROZEN, D_HASHES, D_ID_CAP, D_LAST_HITS, D_LAST_ID, D_LAST_MISSES, D_LENS, D_LOOKUPS, D_MASK, D_MAX_DISTINCT, D_MAX_POOL, D_MISSES_AFTER_CAP, D_POOL, D_POOL_CAP, D_POOL_LEN, D_STARTS, D_TABLE, D_TRY_LAST, EARLY_LOOKUPS, HASHED, LAST_TRIAL, LAZY, NATIVE_DATE, NUM, SMALL_DICT, STOP_END, STOP_FULL, STOP_LINE, TIME } from './layout';

// Field kinds (DATE…NUM: row-scan.ts's Kind; HASHED: a string field whose interner still takes
// values, hash it; other string fields, URIs and skipped fields are only split) and why scanRows
// stopped (STOP_*, read with stopReason()) come from ./layout.ts.

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

// ---------------------------------------------------------------------------------------------
// Dictionaries: intern.ts's ByteInterner, step for step (the same ids, the same capping and
// freezing), with its arrays in this memory, so a batch's column is interned in one call instead
// of a JavaScript call per value. Arrays live in a heap above the chunk: blocks of a power of two
// bytes, freed blocks kept per size for the next array of that size (arrays only ever double).

// LAZY (ByteInterner's LAZY_ID), the capping steps and a dictionary's fields (D_*: i32 each at
// these offsets from its address) come from ./layout.ts.

let freeAt: usize = 0;
let heapNext: usize = 0;
let heapEnd: usize = 0;
let idsAt: usize = 0;
let outOfMemory: bool = false;

/** The heap [start, end) (64-byte aligned), the free lists' table (32 words) and the batch's id table. */
export function setupHeap(free: usize, start: usize, end: usize, ids: usize): void {
  freeAt = free;
  heapNext = start;
  heapEnd = end;
  idsAt = ids;
  outOfMemory = false;
}

/** True once an array could not be allocated (the caller then parses without the kernel). */
export function oom(): bool {
  return outOfMemory;
}

@inline
function sizeClass(bytes: i32): i32 {
  return bytes <= 64 ? 6 : 32 - clz<i32>(bytes - 1);
}

/** A block of at least `bytes` (0 when the heap is full; then outOfMemory is set). */
export function alloc(bytes: i32): usize {
  const c = sizeClass(bytes);
  const head = load<u32>(freeAt + (<usize>c << 2));
  if (head != 0) {
    store<u32>(freeAt + (<usize>c << 2), load<u32>(<usize>head));
    return <usize>head;
  }
  const size = <usize>1 << <usize>c;
  if (heapNext + size > heapEnd) {
    outOfMemory = true;
    return 0;
  }
  const p = heapNext;
  heapNext += size;
  return p;
}

export function free(p: usize, bytes: i32): void {
  if (p == 0) return;
  const c = sizeClass(bytes);
  store<u32>(p, load<u32>(freeAt + (<usize>c << 2)));
  store<u32>(freeAt + (<usize>c << 2), <u32>p);
}

@inline
function field(d: usize, f: usize): i32 {
  return load<i32>(d + f);
}

@inline
function setField(d: usize, f: usize, v: i32): void {
  store<i32>(d + f, v);
}

/** A zeroed table of `slots` (id, hash) pairs. */
function newTable(slots: i32): usize {
  const t = alloc(slots << 3);
  if (t != 0) memory.fill(t, 0, <usize>slots << 3);
  return t;
}

/** Sets up an empty dictionary at `d` (as `new ByteInterner(limits)`); false when out of memory. */
export function newDict(d: usize, maxDistinct: i32, maxPoolBytes: i32): bool {
  memory.fill(d, 0, 128);
  setField(d, D_POOL, <i32>alloc(4096));
  setField(d, D_POOL_CAP, 4096);
  setField(d, D_STARTS, <i32>alloc(256 << 2));
  setField(d, D_LENS, <i32>alloc(256 << 2));
  setField(d, D_HASHES, <i32>alloc(256 << 2));
  setField(d, D_ID_CAP, 256);
  setField(d, D_TABLE, <i32>newTable(1024));
  setField(d, D_MASK, 1023);
  setField(d, D_COUNT, 1);
  setField(d, D_TRY_LAST, 1);
  setField(d, D_MAX_DISTINCT, maxDistinct);
  setField(d, D_MAX_POOL, maxPoolBytes);
  return !outOfMemory;
}

/** a[0, len) == b[0, len), sixteen bytes a step (no read past either end). */
@inline
function equalBytes(a: usize, b: usize, len: i32): bool {
  let k: i32 = 0;
  for (; k + 16 <= len; k += 16) {
    if (v128.any_true(v128.xor(v128.load(a + <usize>k), v128.load(b + <usize>k)))) return false;
  }
  if (k + 8 <= len) {
    if (load<u64>(a + <usize>k) != load<u64>(b + <usize>k)) return false;
    k += 8;
  }
  for (; k < len; k++) if (load<u8>(a + <usize>k) != load<u8>(b + <usize>k)) return false;
  return true;
}

/** The slot holding the value [p, p+len) with hash h, or the free slot where it would go. */
@inline
function findSlot(d: usize, p: usize, len: i32, h: i32): i32 {
  const table = <usize>field(d, D_TABLE);
  const mask = field(d, D_MASK);
  const pool = <usize>field(d, D_POOL);
  const starts = <usize>field(d, D_STARTS);
  const lens = <usize>field(d, D_LENS);
  let slot = h & mask;
  while (true) {
    const at = table + (<usize>slot << 3);
    const id = load<i32>(at);
    if (id == 0) break;
    if (load<i32>(at + 4) == h && load<i32>(lens + (<usize>id << 2)) == len && equalBytes(pool + <usize>load<i32>(starts + (<usize>id << 2)), p, len)) break;
    slot = (slot + 1) & mask;
  }
  return slot;
}

/** A copy of the array at field f (`n` used entries of `size` bytes) in a block of `cap` entries. */
function regrow(d: usize, f: usize, n: i32, oldCap: i32, cap: i32, size: i32): bool {
  const old = <usize>field(d, f);
  const b = alloc(cap * size);
  if (b == 0) return false;
  memory.copy(b, old, <usize>(n * size));
  free(old, oldCap * size);
  setField(d, f, <i32>b);
  return true;
}

/** Enters every value in a table of `size` slots. */
function rehash(d: usize, size: i32): bool {
  const t = newTable(size);
  if (t == 0) return false;
  const mask = size - 1;
  const hashes = <usize>field(d, D_HASHES);
  const n = field(d, D_COUNT);
  for (let id = 1; id < n; id++) {
    const h = load<i32>(hashes + (<usize>id << 2));
    let slot = h & mask;
    while (load<i32>(t + (<usize>slot << 3)) != 0) slot = (slot + 1) & mask;
    store<i32>(t + (<usize>slot << 3), id);
    store<i32>(t + (<usize>slot << 3) + 4, h);
  }
  free(<usize>field(d, D_TABLE), (field(d, D_MASK) + 1) << 3);
  setField(d, D_TABLE, <i32>t);
  setField(d, D_MASK, mask);
  return true;
}

/** Gives [p, p+len) (hash h) the next id and enters it at `slot`; LAZY when out of memory. */
function add(d: usize, p: usize, len: i32, h: i32, slot: i32): u32 {
  const id = field(d, D_COUNT);
  const idCap = field(d, D_ID_CAP);
  if (id >= idCap) {
    if (!regrow(d, D_STARTS, id, idCap, idCap * 2, 4) || !regrow(d, D_LENS, id, idCap, idCap * 2, 4) || !regrow(d, D_HASHES, id, idCap, idCap * 2, 4)) return LAZY;
    setField(d, D_ID_CAP, idCap * 2);
  }
  const poolLen = field(d, D_POOL_LEN);
  const poolCap = field(d, D_POOL_CAP);
  if (poolLen + len > poolCap) {
    const cap = max(poolCap * 2, poolLen + len);
    if (!regrow(d, D_POOL, poolLen, poolCap, cap, 1)) return LAZY;
    setField(d, D_POOL_CAP, cap);
  }
  memory.copy(<usize>field(d, D_POOL) + <usize>poolLen, p, <usize>len);
  store<i32>(<usize>field(d, D_STARTS) + (<usize>id << 2), poolLen);
  store<i32>(<usize>field(d, D_LENS) + (<usize>id << 2), len);
  store<i32>(<usize>field(d, D_HASHES) + (<usize>id << 2), h);
  setField(d, D_POOL_LEN, poolLen + len);
  setField(d, D_COUNT, id + 1);
  const at = <usize>field(d, D_TABLE) + (<usize>slot << 3);
  store<i32>(at, id);
  store<i32>(at + 4, h);
  if ((id + 1) * 2 > field(d, D_MASK) + 1 && !rehash(d, (field(d, D_MASK) + 1) * 2)) return LAZY;
  return <u32>id;
}

/** ByteInterner.internHashed of [p, p+len) with hash h. */
export function intern(d: usize, p: usize, len: i32, h: i32): u32 {
  if (len <= 0) return 0;
  if (field(d, D_FROZEN) != 0) return LAZY;
  const slot = findSlot(d, p, len, h);
  const id = load<i32>(<usize>field(d, D_TABLE) + (<usize>slot << 3));
  const last = field(d, D_LAST_ID);
  if (field(d, D_TRY_LAST) != 0 && last != 0 && load<i32>(<usize>field(d, D_LENS) + (<usize>last << 2)) == len) {
    if (id == last) {
      setField(d, D_LAST_HITS, field(d, D_LAST_HITS) + 1);
      return <u32>last;
    }
    const misses = field(d, D_LAST_MISSES) + 1;
    setField(d, D_LAST_MISSES, misses);
    if (misses == LAST_TRIAL && field(d, D_LAST_HITS) < LAST_TRIAL / 2) setField(d, D_TRY_LAST, 0);
  }
  const lookups = field(d, D_LOOKUPS) + 1;
  setField(d, D_LOOKUPS, lookups);
  const count = field(d, D_COUNT);
  if (lookups == EARLY_LOOKUPS && <f64>count > <f64>EARLY_LOOKUPS * 0.8) {
    setField(d, D_CAPPED, 1);
    setField(d, D_FROZEN, 1);
    return LAZY;
  }
  const capped = field(d, D_CAPPED) != 0;
  if (id != 0) {
    if (capped && count > SMALL_DICT) setField(d, D_AFTER_CAP, field(d, D_AFTER_CAP) + 1);
    setField(d, D_LAST_ID, id);
    return <u32>id;
  }
  if (capped) {
    const misses = field(d, D_MISSES_AFTER_CAP) + 1;
    const after = field(d, D_AFTER_CAP) + 1;
    if (after >= 4096) {
      if (misses * 2 > after) setField(d, D_FROZEN, 1);
      setField(d, D_AFTER_CAP, 0);
      setField(d, D_MISSES_AFTER_CAP, 0);
    } else {
      setField(d, D_AFTER_CAP, after);
      setField(d, D_MISSES_AFTER_CAP, misses);
    }
    return LAZY;
  }
  if (count >= field(d, D_MAX_DISTINCT) || field(d, D_POOL_LEN) + len > field(d, D_MAX_POOL)) {
    setField(d, D_CAPPED, 1);
    return LAZY;
  }
  const added = add(d, p, len, h, slot);
  if (added != LAZY) setField(d, D_LAST_ID, <i32>added);
  return added;
}

/**
 * Interns field k of the batch's first n rows (values in the chunk at `buf`; empty and "-" are
 * id 0) into dictionary d, writing the ids to the id table at k * stride + r. Returns the
 * largest id written (the caller widens a 16-bit column first when it is too big).
 */
export function internColumn(d: usize, buf: usize, k: i32, n: i32): u32 {
  let top: u32 = 0;
  let at = <usize>(k * stride);
  for (let r = 0; r < n; r++, at++) {
    const vs = load<i32>(startsAt + (at << 2));
    const ve = load<i32>(endsAt + (at << 2));
    let id: u32 = 0;
    if (ve != vs && !(ve - vs == 1 && load<u8>(buf + <usize>vs) == DASH)) {
      id = intern(d, buf + <usize>vs, ve - vs, load<i32>(hashesAt + (at << 2)));
      if (id > top) top = id;
    }
    store<u32>(idsAt + (at << 2), id);
  }
  return top;
}

/** intern() of [p, p+len), hashed here (hashRange, as bytes.ts's). */
export function internBytes(d: usize, p: usize, len: i32): u32 {
  return intern(d, p, len, hashRange(p, 0, len));
}
