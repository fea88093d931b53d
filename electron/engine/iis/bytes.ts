/**
 * Word-at-a-time byte helpers for the indexing hot path. A DataView reads 4 unaligned bytes at
 * once (TurboFan compiles it to one load), so finding a separator, hashing and comparing values
 * take a quarter of the steps a byte loop does.
 */

export { equalRanges, viewOf } from '../byte-ranges';
export { HASH_SEED, HASH_SEED_ODD, finishHash, hashRange, mixWord } from '../interning';

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
