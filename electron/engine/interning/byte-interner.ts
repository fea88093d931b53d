/**
 * The one byte interner of the engines (IIS columns, svclog values): interns byte ranges without
 * making a JS string per value. Values are hashed and compared as bytes and kept once in a byte
 * pool; strings are decoded only for the distinct values, when first needed. Ids are given in
 * the order values are first seen, so a WebAssembly kernel taking the same steps gives the same ids.
 *
 * Id 0 is the empty value. With limits (IIS), a column whose distinct values pass `maxDistinct` or
 * `maxPoolBytes` (cookies, session ids: nearly one per row) stops growing: unseen values get
 * LAZY_ID, and readers re-read such a value from the row's line in the file. Without (null), every
 * value gets its id.
 */
import { isAscii } from 'node:buffer';
import { equalRanges, viewOf } from '../byte-ranges';
import { EARLY_LOOKUPS, LAST_TRIAL, LAZY_ID, SMALL_DICT } from './layout';
import { hashRange } from './value-hash';

export const EMPTY_ID = 0;
export { LAZY_ID };

export interface InternLimits {
  maxDistinct: number;
  maxPoolBytes: number;
}

// iis/kernel/row-kernel.ts holds the same dictionaries in WebAssembly, step for step, with the
// constants of the shared layout (layout.ts: EARLY_LOOKUPS; SMALL_DICT, a dictionary this
// small whose hits do not count after the cap; LAST_TRIAL, failed last-value checks after which,
// with fewer than half as many hits, the check stops) and DEFAULT_LIMITS: a change to
// internHashed's logic must be made in both (the row kernel tests compare their ids on random
// logs and the corpus).

export const DEFAULT_LIMITS: InternLimits = { maxDistinct: 200_000, maxPoolBytes: 24 << 20 };
const UNLIMITED: InternLimits = { maxDistinct: Infinity, maxPoolBytes: Infinity };

/** An interner's values as plain typed arrays (id k is pool[starts[k], starts[k] + lens[k])). */
export interface InternerDump {
  pool: Uint8Array;
  starts: Int32Array;
  lens: Int32Array;
  hashes: Int32Array;
  /** Values + 1 (id 0 is the empty value). */
  count: number;
}

/**
 * What the scanner and the column builder need of a column's dictionary. ByteInterner keeps it in
 * JavaScript; the IIS engine's KernelInterner (iis/kernel-interner.ts) keeps the same dictionary
 * in the row kernel's memory, step for step, so both give the same ids.
 */
export interface Interner {
  /** True once lookups stopped: every value is LAZY_ID. */
  readonly frozen: boolean;
  intern(buf: Uint8Array, s: number, e: number): number;
  internHashed(buf: Uint8Array, dv: DataView, s: number, len: number, h: number): number;
  internString(v: string): number;
  dump(): InternerDump;
}

export class ByteInterner implements Interner {
  private pool = new Uint8Array(4096);
  private poolView = viewOf(this.pool);
  private poolLen = 0;
  /** View of the last buffer interned from (the scanner feeds one chunk buffer for many values). */
  private buf: Uint8Array = this.pool;
  private bufView = this.poolView;
  private starts = new Int32Array(256);
  private lens = new Int32Array(256);
  private hashes = new Int32Array(256);
  /**
   * Open addressing, two ints per slot: the id (ids start at 1; 0 = free) and its value's hash, so
   * a probe reads one cache line and touches a value's other arrays only when the hash matches.
   */
  private table = new Int32Array(2048);
  private mask = 1023;
  /** Distinct values + 1 (id 0 is the empty value). */
  count = 1;
  /** True once the limits were reached: unseen values become LAZY_ID. */
  capped = false;
  /**
   * Set when, after capping, most values are unseen ones anyway (session cookies): lookups then
   * stop and every value is LAZY_ID, which saves the hashing on the hot path.
   */
  frozen = false;
  private afterCap = 0;
  private missesAfterCap = 0;
  private lookups = 0;
  private lastId = 0;
  private tryLast = true;
  private lastHits = 0;
  private lastMisses = 0;

  /** `limits` null: no capping or freezing (every value gets an id). */
  constructor(private readonly limits: InternLimits | null = DEFAULT_LIMITS) {}

  intern(buf: Uint8Array, s: number, e: number): number {
    if (e <= s) return EMPTY_ID;
    if (this.frozen) return LAZY_ID;
    if (buf !== this.buf) {
      this.buf = buf;
      this.bufView = viewOf(buf);
    }
    return this.internHashed(buf, this.bufView, s, e - s, hashRange(buf, this.bufView, s, e));
  }

  /**
   * intern() of buf[s, s+len) whose hashRange `h` the caller already has (the line splitter hashes
   * values while it looks for their ends); `dv` is a view of buf. One hash lookup finds the value;
   * the steps below only keep the counters that decide capping and freezing as they always were.
   */
  internHashed(buf: Uint8Array, dv: DataView, s: number, len: number, h: number): number {
    if (len <= 0) return EMPTY_ID;
    if (this.limits === null) {
      const slot = this.find(buf, dv, s, len, h);
      return this.table[2 * slot] || this.add(buf, s, len, h, slot);
    }
    if (this.frozen) return LAZY_ID;
    const slot = this.find(buf, dv, s, len, h);
    const id = this.table[2 * slot];
    // Consecutive rows often repeat a value (site, host, version): a hit on the last value is not
    // counted as a lookup below, unless the column gave up on last values (too few hits).
    const last = this.lastId;
    if (this.tryLast && last !== 0 && this.lens[last] === len) {
      if (id === last) {
        this.lastHits++;
        return last;
      }
      if (++this.lastMisses === LAST_TRIAL && this.lastHits < LAST_TRIAL / 2) this.tryLast = false;
    }
    // A column that is nearly all distinct values early on (session cookies, request ids) would
    // only fill the pool: freeze it now instead of at the cap.
    if (++this.lookups === EARLY_LOOKUPS && this.count > EARLY_LOOKUPS * 0.8) {
      this.capped = this.frozen = true;
      return LAZY_ID;
    }
    if (id !== 0) {
      // Small dictionaries never counted their hits after the cap (they were found by a scan).
      if (this.capped && this.count > SMALL_DICT) this.afterCap++;
      this.lastId = id;
      return id;
    }
    if (this.capped) {
      this.missesAfterCap++;
      if (++this.afterCap >= 4096) {
        if (this.missesAfterCap * 2 > this.afterCap) this.frozen = true;
        this.afterCap = this.missesAfterCap = 0;
      }
      return LAZY_ID;
    }
    if (this.count >= this.limits.maxDistinct || this.poolLen + len > this.limits.maxPoolBytes) {
      this.capped = true;
      return LAZY_ID;
    }
    return (this.lastId = this.add(buf, s, len, h, slot));
  }

  /** The slot holding buf[s, s+len) (hash h), or the free slot where it would go. */
  private find(buf: Uint8Array, dv: DataView, s: number, len: number, h: number): number {
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const id = table[2 * slot];
      if (id === 0 || (table[2 * slot + 1] === h && this.lens[id] === len && equalRanges(this.pool, this.poolView, this.starts[id], buf, dv, s, len))) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The interned values as plain arrays, to send to another thread and merge there (see mergeDump). */
  dump(): InternerDump {
    const n = this.count;
    return { pool: this.pool.subarray(0, this.poolLen), starts: this.starts.subarray(0, n), lens: this.lens.subarray(0, n), hashes: this.hashes.subarray(0, n), count: n };
  }

  /** An interner without limits holding a dump's values under the same ids, to merge other dumps into. */
  static fromDump(d: InternerDump, room: { values: number; bytes: number } = { values: 0, bytes: 0 }): ByteInterner {
    const t = new ByteInterner(UNLIMITED);
    // Sized for the values still to be merged in (`room`), so merging never regrows or rehashes.
    const cap = Math.max(256, d.count + room.values + 1);
    t.pool = new Uint8Array(d.pool.length + room.bytes);
    t.pool.set(d.pool);
    t.poolView = viewOf(t.pool);
    t.poolLen = d.pool.length;
    for (const k of ['starts', 'lens', 'hashes'] as const) {
      t[k] = new Int32Array(cap);
      t[k].set(d[k]);
    }
    t.count = d.count;
    t.rehash(tableSize(cap));
    return t;
  }

  /** Adds a dump's values (those not here yet); returns the map from its ids to this interner's. */
  mergeDump(d: InternerDump): Uint32Array {
    const map = new Uint32Array(d.count);
    const dv = viewOf(d.pool);
    // Which values are here already, probed in the order of their slots: with hundreds of
    // thousands of values (query strings) the table is far bigger than the CPU's caches, and
    // probing in id order missed them on every value.
    for (const id of bySlot(d.hashes, 1, d.count, this.mask)) map[id] = this.table[2 * this.find(d.pool, dv, d.starts[id], d.lens[id], d.hashes[id])];
    // The new ones get ids in the dump's order (the order a single pass over the file gives them).
    const first = this.count;
    for (let id = 1; id < d.count; id++) if (map[id] === 0) map[id] = this.append(d.pool, d.starts[id], d.lens[id], d.hashes[id]);
    if (this.count * 2 > this.mask + 1) this.rehash(tableSize(this.count));
    else for (const id of bySlot(this.hashes, first, this.count, this.mask)) this.place(this.table, this.mask, id);
    return map;
  }

  /** Interns a JS string (slow path: directives, guessed values, merges). */
  internString(v: string): number {
    if (v === '') return EMPTY_ID;
    const b = Buffer.from(v, 'utf8');
    return this.intern(b, 0, b.length);
  }

  private add(buf: Uint8Array, s: number, len: number, h: number, slot: number): number {
    const id = this.append(buf, s, len, h);
    this.table[2 * slot] = id;
    this.table[2 * slot + 1] = h;
    if (this.count * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    return id;
  }

  /** Gives buf[s, s+len) (hash h) the next id, without entering it in the table. */
  private append(buf: Uint8Array, s: number, len: number, h: number): number {
    const id = this.count++;
    if (id >= this.starts.length) {
      this.starts = grow(this.starts);
      this.lens = grow(this.lens);
      this.hashes = grow(this.hashes);
    }
    if (this.poolLen + len > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.poolLen + len));
      bigger.set(this.pool.subarray(0, this.poolLen));
      this.pool = bigger;
      this.poolView = viewOf(bigger);
    }
    // Values are short: a loop beats making a subarray per value.
    const pool = this.pool;
    for (let k = 0, at = this.poolLen; k < len; k++) pool[at + k] = buf[s + k];
    this.starts[id] = this.poolLen;
    this.lens[id] = len;
    this.hashes[id] = h;
    this.poolLen += len;
    return id;
  }

  /** Enters id in the first free slot from its hash's. */
  private place(table: Int32Array, mask: number, id: number): void {
    const h = this.hashes[id];
    let slot = h & mask;
    while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
    table[2 * slot] = id;
    table[2 * slot + 1] = h;
  }

  private rehash(size: number): void {
    const table = new Int32Array(2 * size);
    const mask = size - 1;
    // In slot order: a big table is then written front to back instead of at random.
    for (const id of bySlot(this.hashes, 1, this.count, mask)) this.place(table, mask, id);
    this.table = table;
    this.mask = mask;
  }
}

/** A dump's values as strings, index = id (index 0 is ''). `plusIsSpace` undoes W3C's '+' for ' '. */
export function decodeValues(d: InternerDump, plusIsSpace = false): string[] {
  const out: string[] = new Array(d.count);
  out[0] = '';
  const b = Buffer.from(d.pool.buffer, d.pool.byteOffset, d.pool.length);
  if (isAscii(b)) {
    // Usual case: one decode of the whole pool, then slices (byte offsets are character offsets).
    let all = b.toString('latin1');
    if (plusIsSpace) all = all.replaceAll('+', ' ');
    for (let id = 1; id < d.count; id++) out[id] = all.slice(d.starts[id], d.starts[id] + d.lens[id]);
    return out;
  }
  for (let id = 1; id < d.count; id++) {
    const v = b.toString('utf8', d.starts[id], d.starts[id] + d.lens[id]);
    out[id] = plusIsSpace ? v.replaceAll('+', ' ') : v;
  }
  return out;
}

/** Slots for a table that holds `values` at most half full (a power of two, at least 1024). */
function tableSize(values: number): number {
  let size = 1024;
  while (size < values * 2) size *= 2;
  return size;
}

/**
 * Ids [from, to) ordered by their home slot in a table of mask + 1 slots (by its top 16 bits: a
 * counting sort, two passes), so that probing or filling the table walks it front to back.
 */
function bySlot(hashes: Int32Array, from: number, to: number, mask: number): Uint32Array {
  const out = new Uint32Array(Math.max(0, to - from));
  const shift = Math.max(0, 31 - Math.clz32(mask + 1) - 16);
  const counts = new Uint32Array(((mask + 1) >>> shift) + 1);
  for (let id = from; id < to; id++) counts[((hashes[id] & mask) >>> shift) + 1]++;
  for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
  for (let id = from; id < to; id++) out[counts[(hashes[id] & mask) >>> shift]++] = id;
  return out;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
