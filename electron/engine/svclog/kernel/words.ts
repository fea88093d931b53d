/**
 * The buffer the extraction kernel reads (the parse window at the start of memory) and the byte
 * tests every part of it shares. Reads outside [0, limit) answer -1, as `buf[i]` answers
 * undefined in the JavaScript extractor; literals are compared as little-endian words.
 */

export let base: usize = 0;
export let limit: i32 = 0;

export function setBuffer(at: usize, len: i32): void {
  base = at;
  limit = len;
}

/** buf[i], for i known to be inside the buffer. */
@inline
export function ld(i: i32): i32 {
  return <i32>load<u8>(base + <usize>i);
}

/** buf[i] as JavaScript reads it: -1 outside the buffer. */
@inline
export function byteAt(i: i32): i32 {
  return i >= 0 && i < limit ? <i32>load<u8>(base + <usize>i) : -1;
}

@inline
export function isSpace(b: i32): bool {
  return b == 0x20 || b == 0x0a || b == 0x0d || b == 0x09;
}

/** The first n bytes (n ≤ 0: none, 8 or more: all) of the word at `at` equal w's. */
@inline
function wordIs(at: usize, w: u64, n: i32): bool {
  if (n <= 0) return true;
  const mask: u64 = n >= 8 ? 0xffffffffffffffff : (<u64>1 << (<u64>n << 3)) - 1;
  return (load<u64>(at) & mask) == w;
}

/** The `len`-byte literal of words w0…w5 at p, within the buffer (reads up to 7 bytes past it: the slack covers it). */
@inline
export function lit(p: i32, len: i32, w0: u64, w1: u64, w2: u64, w3: u64, w4: u64, w5: u64): bool {
  if (p < 0 || p + len > limit) return false;
  const at = base + <usize>p;
  return (
    wordIs(at, w0, len) &&
    wordIs(at + 8, w1, len - 8) &&
    wordIs(at + 16, w2, len - 16) &&
    wordIs(at + 24, w3, len - 24) &&
    wordIs(at + 32, w4, len - 32) &&
    wordIs(at + 40, w5, len - 40)
  );
}

/**
 * First p in [from, to - len] (to clipped to the buffer) where the literal starts, or -1: what
 * Buffer.indexOf answers for a needle within [from, to). Candidates come sixteen at a time by
 * their first byte.
 */
@inline
export function findLit(from: i32, to: i32, len: i32, w0: u64, w1: u64, w2: u64, w3: u64, w4: u64, w5: u64): i32 {
  if (to > limit) to = limit;
  const last = to - len;
  const first = i8x16.splat(<i8>(w0 & 0xff));
  for (let p = from; p <= last; p += 16) {
    let m = i8x16.bitmask(i8x16.eq(v128.load(base + <usize>p), first));
    while (m != 0) {
      const q = p + ctz(m);
      if (q > last) return -1;
      if (lit(q, len, w0, w1, w2, w3, w4, w5)) return q;
      m &= m - 1;
    }
  }
  return -1;
}

/** First index of byte c in [from, to), or -1 (sixteen bytes a step; reads up to 15 past to). */
export function findByte(c: i32, from: i32, to: i32): i32 {
  const v = i8x16.splat(<i8>c);
  for (let p = from; p < to; p += 16) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(base + <usize>p), v));
    if (m != 0) {
      const q = p + ctz(m);
      return q < to ? q : -1;
    }
  }
  return -1;
}
