/**
 * Word-at-a-time byte helpers for the indexing hot path. A DataView reads 4 unaligned bytes at
 * once (TurboFan compiles it to one load), so finding a separator, hashing and comparing values
 * take a quarter of the steps a byte loop does.
 */

export { equalRanges, viewOf } from '../byte-ranges';

/**
 * Position of the first byte equal to `byte` in buf[p, e), or e. `ones` is the byte repeated four
 * times (0x20202020 for a space). Uses the "has zero byte" trick (zeroByteBits), eight bytes a
 * step: most values are shorter, so most searches end in the first step.
 */
export function indexOfByte(buf: Uint8Array, dv: DataView, p: number, e: number, byte: number, ones: number): number {
  while (p + 8 <= e) {
    const z0 = zeroByteBits(dv.getInt32(p, true) ^ ones);
    const z1 = zeroByteBits(dv.getInt32(p + 4, true) ^ ones);
    if ((z0 | z1) !== 0) return z0 !== 0 ? p + firstFlagged(z0) : p + 4 + firstFlagged(z1);
    p += 8;
  }
  while (p < e && buf[p] !== byte) p++;
  return p;
}

/**
 * Flags (bit 7 of each byte) the zero bytes of a word. The lowest flag is always a real zero byte
 * (borrows only run upwards); higher ones may not be, so only the first is used.
 */
export function zeroByteBits(x: number): number {
  return (x - 0x01010101) & ~x & 0x80808080;
}

/** Index (0–3) of the lowest flagged byte of a non-zero zeroByteBits result. */
export function firstFlagged(z: number): number {
  return (31 - Math.clz32(z & -z)) >> 3;
}

export const SPACES = 0x20202020;

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
