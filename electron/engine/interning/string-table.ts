/** Strings of several tables mapped onto one by precomputed hashes (merging the parts parsed by workers). */

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
  private hashes: Int32Array;
  private slots: Int32Array;
  private mask: number;

  /** `expected`: about how many strings it will hold (sized once instead of rehashed as it grows). */
  constructor(expected = 0) {
    let size = 2048;
    while (size < expected * 2 + 2) size *= 2;
    this.hashes = new Int32Array(size / 2);
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
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
