/**
 * The value hash of the byte interner (ByteInterner) and of the IIS row kernel, which computes the
 * same hash in WebAssembly while it looks for a value's end.
 */

/** Start values of the value hash's two lanes (see hashRange). */
export const HASH_SEED = 0x9e3779b1 | 0;
export const HASH_SEED_ODD = 0x7f4a7c15 | 0;

/** One step of the value hash: mixes in the next four bytes of the value (a little-endian int32). */
export function mixWord(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * The value hash from its two lanes (`h`: words 0, 2, 4… mixed in; `g`: words 1, 3, 5…), its last
 * 0–3 bytes (little-endian; 0 when none) and its length.
 */
export function finishHash(h: number, g: number, tail: number, len: number): number {
  h = mixWord(mixWord(h ^ ((g << 16) | (g >>> 16)), tail), len);
  h ^= h >>> 16;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 15)) | 0;
}

/**
 * Hash of buf[s, e): the four-byte words from the start mixed alternately into two lanes (two
 * multiply chains side by side take half the time of one on long values such as user agents),
 * then the rest and the length; the same bytes give the same hash at any position. The line
 * splitter (scanFields) and the row kernel compute the same hash while they look for a value's
 * end, so the hot path reads each byte once.
 */
export function hashRange(buf: Uint8Array, dv: DataView, s: number, e: number): number {
  let h = HASH_SEED;
  let g = HASH_SEED_ODD;
  let p = s;
  for (; p + 8 <= e; p += 8) {
    h = mixWord(h, dv.getInt32(p, true));
    g = mixWord(g, dv.getInt32(p + 4, true));
  }
  if (p + 4 <= e) {
    h = mixWord(h, dv.getInt32(p, true));
    p += 4;
  }
  let tail = 0;
  for (let sh = 0; p < e; p++, sh += 8) tail |= buf[p] << sh;
  return finishHash(h, g, tail, e - s);
}
