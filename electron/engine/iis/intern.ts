/**
 * Interns byte ranges without making a JS string per value: values are hashed and compared as bytes
 * and kept once in a byte pool; strings are decoded only for the distinct values, at the end.
 *
 * Id 0 is the empty value ('-' or nothing). A column whose distinct values pass `maxDistinct` or
 * `maxPoolBytes` (cookies, session ids: nearly one per row) stops growing: unseen values get
 * LAZY_ID, and readers re-read such a value from the row's line in the file.
 */
export const EMPTY_ID = 0;
export const LAZY_ID = 0xffffffff;

export interface InternLimits {
  maxDistinct: number;
  maxPoolBytes: number;
}

const EARLY_LOOKUPS = 8192;

export const DEFAULT_LIMITS: InternLimits = { maxDistinct: 200_000, maxPoolBytes: 24 << 20 };

export class ByteInterner {
  private pool = new Uint8Array(4096);
  private poolLen = 0;
  private starts = new Int32Array(256);
  private lens = new Int32Array(256);
  private hashes = new Int32Array(256);
  /** Open addressing: slot holds id (ids start at 1), 0 = free. */
  private table = new Uint32Array(1024);
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

  constructor(private readonly limits: InternLimits = DEFAULT_LIMITS) {}

  intern(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    if (len <= 0) return EMPTY_ID;
    if (this.frozen) return LAZY_ID;
    // Consecutive rows often repeat a value (site, host, version, method): check the last one first.
    const last = this.lastId;
    if (last !== 0 && this.lens[last] === len) {
      const pool = this.pool;
      let p = this.starts[last];
      let k = s;
      while (k < e && pool[p] === buf[k]) {
        p++;
        k++;
      }
      if (k === e) return last;
    }
    // A column that is nearly all distinct values early on (session cookies, request ids) would
    // only fill the pool: freeze it now instead of at the cap.
    if (++this.lookups === EARLY_LOOKUPS && this.count > EARLY_LOOKUPS * 0.8) {
      this.capped = this.frozen = true;
      return LAZY_ID;
    }
    const h = hashBytes(buf, s, e);
    const table = this.table;
    const mask = this.mask;
    const hashes = this.hashes;
    const lens = this.lens;
    let slot = h & mask;
    for (;;) {
      const id = table[slot];
      if (id === 0) break;
      if (hashes[id] === h && lens[id] === len && this.equals(id, buf, s, len)) {
        if (this.capped) this.afterCap++;
        this.lastId = id;
        return id;
      }
      slot = (slot + 1) & mask;
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

  /** Interns a JS string (slow path: directives, guessed values, merges). */
  internString(v: string): number {
    if (v === '') return EMPTY_ID;
    const b = Buffer.from(v, 'utf8');
    return this.intern(b, 0, b.length);
  }

  private equals(id: number, buf: Uint8Array, s: number, len: number): boolean {
    const pool = this.pool;
    const p = this.starts[id];
    for (let k = 0; k < len; k++) if (pool[p + k] !== buf[s + k]) return false;
    return true;
  }

  private add(buf: Uint8Array, s: number, len: number, h: number, slot: number): number {
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
    }
    this.pool.set(buf.subarray(s, s + len), this.poolLen);
    this.starts[id] = this.poolLen;
    this.lens[id] = len;
    this.hashes[id] = h;
    this.poolLen += len;
    this.table[slot] = id;
    if (this.count * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.table.length * 2;
    const table = new Uint32Array(size);
    const mask = size - 1;
    for (let id = 1; id < this.count; id++) {
      let slot = this.hashes[id] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
    this.mask = mask;
  }

  /** The distinct values as strings, index = id (index 0 is ''). `plusIsSpace` undoes W3C's '+' for ' '. */
  strings(plusIsSpace = false): string[] {
    const out: string[] = new Array(this.count);
    out[0] = '';
    const b = Buffer.from(this.pool.buffer, this.pool.byteOffset, this.poolLen);
    for (let id = 1; id < this.count; id++) {
      const v = b.toString('utf8', this.starts[id], this.starts[id] + this.lens[id]);
      out[id] = plusIsSpace ? v.replace(/\+/g, ' ') : v;
    }
    return out;
  }
}

/** FNV-1a over the bytes; long values are sampled (ends + 16 spread bytes) to keep hashing cheap. */
function hashBytes(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  let h = 0x811c9dc5 ^ len;
  if (len <= 32) {
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 16777619);
  } else {
    for (let i = s; i < s + 8; i++) h = Math.imul(h ^ buf[i], 16777619);
    for (let i = e - 8; i < e; i++) h = Math.imul(h ^ buf[i], 16777619);
    const step = ((len - 16) >> 3) || 1;
    for (let i = s + 8; i < e - 8; i += step) h = Math.imul(h ^ buf[i], 16777619);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  }
  return h | 0;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
