/**
 * Word-at-a-time byte helpers for the indexing hot path. A DataView reads 4 unaligned bytes at
 * once (TurboFan compiles it to one load), so finding a separator, hashing and comparing values
 * take a quarter of the steps a byte loop does.
 */

/** A DataView over the same bytes as `buf`. */
export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Position of the first byte equal to `byte` in buf[p, e), or e. `ones` is the byte repeated four
 * times (0x20202020 for a space). Uses the "has zero byte" trick: the lowest flagged byte is always
 * a real match (borrows only run upwards).
 */
export function indexOfByte(buf: Uint8Array, dv: DataView, p: number, e: number, byte: number, ones: number): number {
  while (p + 4 <= e) {
    const w = dv.getUint32(p, true) ^ ones;
    const z = (w - 0x01010101) & ~w & 0x80808080;
    if (z !== 0) return p + ((31 - Math.clz32(z & -z)) >> 3);
    p += 4;
  }
  while (p < e && buf[p] !== byte) p++;
  return p;
}

export const SPACES = 0x20202020;

/**
 * Hash of buf[s, e) read four bytes at a time (the same bytes give the same hash at any position).
 * Values over 32 bytes are sampled (ends and about eight words between): user agents and URLs
 * differ enough there, and a collision only costs a compare.
 */
export function hashRange(buf: Uint8Array, dv: DataView, s: number, e: number): number {
  const len = e - s;
  let h = Math.imul(len, 0x9e3779b1);
  if (len > 32) {
    const step = (len - 16) >> 3;
    for (let p = s; p < e - 8; p += p < s + 8 ? 4 : step) h = mix(h, dv.getInt32(p, true));
    h = mix(mix(h, dv.getInt32(e - 8, true)), dv.getInt32(e - 4, true));
  } else {
    let p = s;
    for (; p + 4 <= e; p += 4) h = mix(h, dv.getInt32(p, true));
    for (; p < e; p++) h = Math.imul(h ^ buf[p], 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 15)) | 0;
}

function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** True when a[as, as+len) equals b[bs, bs+len). */
export function equalRanges(a: Uint8Array, adv: DataView, as: number, b: Uint8Array, bdv: DataView, bs: number, len: number): boolean {
  let k = 0;
  for (; k + 4 <= len; k += 4) if (adv.getInt32(as + k, true) !== bdv.getInt32(bs + k, true)) return false;
  for (; k < len; k++) if (a[as + k] !== b[bs + k]) return false;
  return true;
}
