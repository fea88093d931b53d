/**
 * Byte helpers for the scanner and the field extractor. Everything works on UTF-8 bytes in a
 * Uint8Array (UTF-16 input is transcoded first); ASCII constants keep the hot loops free of strings.
 */

export const LT = 0x3c; // <
export const GT = 0x3e; // >
export const SLASH = 0x2f;
export const QUOT = 0x22;
export const APOS = 0x27;
export const EQ = 0x3d;
export const COLON = 0x3a;
export const BANG = 0x21;
export const QMARK = 0x3f;

export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** True when `buf[at..]` starts with `needle`. */
export function startsWith(buf: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at + needle.length > buf.length) return false;
  for (let k = 0; k < needle.length; k++) if (buf[at + k] !== needle[k]) return false;
  return true;
}

/** True when bytes [a, b) equal `needle`. */
export function equals(buf: Uint8Array, a: number, b: number, needle: Uint8Array): boolean {
  if (b - a !== needle.length) return false;
  for (let k = 0; k < needle.length; k++) if (buf[a + k] !== needle[k]) return false;
  return true;
}

/** Buffer view over the same memory, so native `indexOf` can be used on any Uint8Array. */
export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/** Native search for `needle` in [from, to) of `buf`; -1 when absent. Never looks past `to`. */
export function indexOfIn(buf: Buffer, needle: Uint8Array, from: number, to: number): number {
  if (to - from < needle.length) return -1;
  if (to >= buf.length) return buf.indexOf(needle, from);
  const k = buf.subarray(from, to).indexOf(needle);
  return k < 0 ? -1 : from + k;
}

/** First index of byte `b` in [from, to), or -1 (JS loop: gaps are short). */
export function indexOfByte(buf: Uint8Array, b: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (buf[i] === b) return i;
  return -1;
}

/** Parses an optionally signed decimal integer in [a, b); NaN when there are no digits. */
export function parseIntBytes(buf: Uint8Array, a: number, b: number): number {
  while (a < b && isSpace(buf[a])) a++;
  while (b > a && isSpace(buf[b - 1])) b--;
  let neg = false;
  if (a < b && (buf[a] === 0x2d || buf[a] === 0x2b)) {
    neg = buf[a] === 0x2d;
    a++;
  }
  if (a >= b) return NaN;
  let v = 0;
  for (let i = a; i < b; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** True when [a, b) holds only XML whitespace. */
export function isBlank(buf: Uint8Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isSpace(buf[i])) return false;
  return true;
}

/** First non-whitespace index in [a, b), or -1. */
export function firstNonBlank(buf: Uint8Array, a: number, b: number): number {
  for (let i = a; i < b; i++) if (!isSpace(buf[i])) return i;
  return -1;
}
