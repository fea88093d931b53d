/**
 * Interns byte ranges without making a JS string per event: values are hashed and compared as
 * bytes, copied once into an arena, and turned into strings only when the table is finished.
 * Id 0 is always the empty string, so "absent" needs no sentinel.
 */
import { equalRanges, viewOf } from '../../byte-ranges';
import { oneLine } from './entities';

/** Raw values longer than this are cut (at a UTF-8 character boundary) before interning. */
export const MAX_VALUE_BYTES = 2048;

/** End of [a, b) cut to MAX_VALUE_BYTES at a UTF-8 character boundary. */
export function cutValue(buf: Uint8Array, a: number, b: number): number {
  if (b - a <= MAX_VALUE_BYTES) return b;
  b = a + MAX_VALUE_BYTES;
  while (b > a && (buf[b] & 0xc0) === 0x80) b--;
  return b;
}

/** The extractor's string table: this module's, or the same steps in WebAssembly (kernel-strings.ts). */
export interface ValueInterner {
  /** Number of ids (id 0 is the empty string). */
  readonly size: number;
  /** Id of bytes [a, b) of `buf` (cut to MAX_VALUE_BYTES). */
  intern(buf: Uint8Array, a: number, b: number): number;
  /** Display strings of ids [from, size). */
  stringsFrom(from: number): string[];
  /** All display strings, indexed by id. */
  strings(): string[];
}

export class ByteInterner implements ValueInterner {
  private arena = new Uint8Array(1 << 16);
  private arenaView = viewOf(this.arena);
  private used = 0;
  /** The last buffer interned from and a view of it (the parse window, nearly always). */
  private buf: Uint8Array = this.arena;
  private bufView = this.arenaView;
  private starts: Int32Array = new Int32Array(1024);
  private ends: Int32Array = new Int32Array(1024);
  private count = 1; // id 0 = ''
  private slots: Int32Array = new Int32Array(2048).fill(-1);
  private mask = 2047;

  get size(): number {
    return this.count;
  }

  /** Id of bytes [a, b) of `buf`. */
  intern(buf: Uint8Array, a: number, b: number): number {
    b = cutValue(buf, a, b);
    if (b <= a) return 0;
    if (buf !== this.buf) {
      this.buf = buf;
      this.bufView = viewOf(buf);
    }
    const dv = this.bufView;
    let slot = hashBytes(buf, dv, a, b) & this.mask;
    const len = b - a;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      const s = this.starts[id];
      if (this.ends[id] - s === len && equalRanges(this.arena, this.arenaView, s, buf, dv, a, len)) return id;
      slot = (slot + 1) & this.mask;
    }
    return this.add(buf, a, b, slot);
  }

  private add(buf: Uint8Array, a: number, b: number, slot: number): number {
    const len = b - a;
    if (this.used + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
      this.arenaView = viewOf(next);
    }
    this.arena.set(buf.subarray(a, b), this.used);
    const id = this.count++;
    if (id >= this.starts.length) {
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[id] = this.used;
    this.ends[id] = this.used + len;
    this.used += len;
    this.slots[slot] = id;
    if (this.count * 2 > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    for (let id = 1; id < this.count; id++) {
      let slot = hashBytes(this.arena, this.arenaView, this.starts[id], this.ends[id]) & this.mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    }
  }

  /** The display strings (entities decoded, whitespace folded), indexed by id. */
  strings(): string[] {
    return this.stringsFrom(0);
  }

  /** Display strings of ids [from, size): the ones added since an earlier batch. */
  stringsFrom(from: number): string[] {
    return displayStrings(this.arena, this.starts, this.ends, from, this.count);
  }
}

/** Display strings of ids [from, count) whose bytes are arena[starts[id], ends[id]) (id 0 is ''). */
export function displayStrings(arena: Uint8Array, starts: Int32Array, ends: Int32Array, from: number, count: number): string[] {
  const out = new Array<string>(Math.max(0, count - from));
  for (let id = Math.max(from, 1); id < count; id++) out[id - from] = oneLine(arena.subarray(starts[id], ends[id]));
  if (from === 0 && count > 0) out[0] = '';
  return out;
}

/** Hash of buf[a, b), four bytes a step (GUIDs, the commonest values, are 36 bytes). */
function hashBytes(buf: Uint8Array, dv: DataView, a: number, b: number): number {
  let h = 0x811c9dc5 | 0;
  let i = a;
  for (; i + 4 <= b; i += 4) {
    h = Math.imul(h ^ dv.getInt32(i, true), 0x01000193);
    h ^= h >>> 15;
  }
  for (; i < b; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

function grow(a: Int32Array): Int32Array {
  const n = new Int32Array(a.length * 2);
  n.set(a);
  return n;
}

/** FNV-1a over UTF-16 code units: computed by the workers, so merging parts hashes nothing. */
export function hashString(str: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
  return h;
}

export function hashStrings(strings: readonly string[]): Int32Array {
  const out = new Int32Array(strings.length);
  for (let i = 0; i < strings.length; i++) out[i] = hashString(strings[i]);
  return out;
}

/**
 * Maps strings of several tables onto one, for merging the parts parsed by workers. An open
 * addressing table over precomputed hashes: a string is compared only when its hash matches,
 * which is much cheaper than a Map keyed by freshly received strings (each would be hashed again).
 */
export class StringTable {
  readonly values: string[] = [''];
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048).fill(-1);
  private mask = 2047;

  constructor() {
    this.insert(hashString(''), 0);
  }

  id(s: string, h = hashString(s)): number {
    let slot = h & this.mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      if (this.hashes[id] === h && this.values[id] === s) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.values.length;
    this.values.push(s);
    if (id >= this.hashes.length) {
      const next = new Int32Array(this.hashes.length * 2);
      next.set(this.hashes);
      this.hashes = next;
    }
    this.hashes[id] = h;
    this.slots[slot] = id;
    if (this.values.length * 2 > this.mask) this.rehash();
    return id;
  }

  /** remap[localId] = id in this table; `hashes` are the strings' hashString values when known. */
  absorb(strings: readonly string[], hashes: Int32Array = hashStrings(strings)): Int32Array {
    const remap = new Int32Array(strings.length);
    for (let i = 0; i < strings.length; i++) remap[i] = this.id(strings[i], hashes[i]);
    return remap;
  }

  private insert(h: number, id: number): void {
    let slot = h & this.mask;
    while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = id;
    this.hashes[id] = h;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    for (let id = 0; id < this.values.length; id++) this.insert(this.hashes[id], id);
  }
}
