/**
 * AssemblyScript source of the svclog event search (compiled to WebAssembly by
 * scripts/build-wasm.mjs; the binary is in ../event-search-wasm.ts): finds the element name
 * "E2ETraceEvent", which starts and ends every event, with SIMD. The framer (../scanner.ts) asks
 * for it about twice per event; Buffer.indexOf costs more per call than the search itself.
 *
 * Memory is the importer's and never grows (growing would detach the JavaScript views of it).
 */

/** First position of "E2ETraceEvent" in [from, to), or -1. Reads up to 16 bytes past `to` (the importer leaves room). */
export function indexOfName(buf: usize, from: i32, to: i32): i32 {
  const e = i8x16.splat(0x45); // 'E'
  const two = i8x16.splat(0x32); // '2'
  let p = from;
  const last = to - 13; // the last position a whole name fits at
  while (p <= last) {
    const at = buf + <usize>p;
    // 'E' at i, '2' at i + 1 and 'E' at i + 2: rare together outside the name.
    let m = i8x16.bitmask(v128.and(v128.and(i8x16.eq(v128.load(at), e), i8x16.eq(v128.load(at, 1), two)), i8x16.eq(v128.load(at, 2), e)));
    while (m != 0) {
      const q = p + ctz(m);
      if (q > last) return -1;
      const c = buf + <usize>q;
      // "E2ETrace" "Even" "t" as little-endian words.
      if (load<u64>(c) == 0x6563617254453245 && load<u32>(c, 8) == 0x6e657645 && load<u8>(c, 12) == 0x74) return q;
      m &= m - 1;
    }
    p += 16;
  }
  return -1;
}

// Names restIsInert (../fields.ts) looks for, as bits of `which`.
const EXCEPTION = 1;
const MESSAGE_RECORD = 2;
const ACTIVITY_NAME = 4;
const DESCRIPTION = 8;

/** True when one of the names in `which` starts at c (as little-endian words; to is the data's end). */
@inline
function nameAt(c: usize, room: i32, which: i32): bool {
  const w = load<u64>(c);
  if (which & EXCEPTION && room >= 9 && w == 0x6f69747065637845 && load<u8>(c, 8) == 0x6e) return true;
  if (which & MESSAGE_RECORD && room >= 21 && w == 0x4c6567617373654d && load<u64>(c, 8) == 0x526563617254676f && load<u32>(c, 16) == 0x726f6365 && load<u8>(c, 20) == 0x64) return true;
  if (which & ACTIVITY_NAME && room >= 12 && w == 0x7974697669746341 && load<u32>(c, 8) == 0x656d614e) return true;
  if (which & DESCRIPTION && room >= 11 && w == 0x7470697263736544 && load<u16>(c, 8) == 0x6f69 && load<u8>(c, 10) == 0x6e) return true;
  return false;
}

/**
 * True when any of the names in `which` (EXCEPTION, MESSAGE_RECORD, ACTIVITY_NAME, DESCRIPTION)
 * occurs in [from, to): one pass for what took up to four Buffer.indexOf calls.
 */
export function containsAnyName(buf: usize, from: i32, to: i32, which: i32): bool {
  // Candidates by their first two bytes: "Ex", "Me", "Ac", "De".
  const e = i8x16.splat(0x45);
  const x = i8x16.splat(0x78);
  const m = i8x16.splat(0x4d);
  const a = i8x16.splat(0x41);
  const c = i8x16.splat(0x63);
  const d = i8x16.splat(0x44);
  const lower = i8x16.splat(0x65); // 'e' follows both 'M' and 'D'
  const none = i8x16.splat(0);
  const wantE = which & EXCEPTION ? i8x16.splat(-1) : none;
  const wantM = which & MESSAGE_RECORD ? i8x16.splat(-1) : none;
  const wantA = which & ACTIVITY_NAME ? i8x16.splat(-1) : none;
  const wantD = which & DESCRIPTION ? i8x16.splat(-1) : none;
  for (let p = from; p < to; p += 16) {
    const at = buf + <usize>p;
    const v0 = v128.load(at);
    const v1 = v128.load(at, 1);
    const ex = v128.and(v128.and(i8x16.eq(v0, e), i8x16.eq(v1, x)), wantE);
    const me = v128.and(v128.and(i8x16.eq(v0, m), i8x16.eq(v1, lower)), wantM);
    const ac = v128.and(v128.and(i8x16.eq(v0, a), i8x16.eq(v1, c)), wantA);
    const de = v128.and(v128.and(i8x16.eq(v0, d), i8x16.eq(v1, lower)), wantD);
    let bits = i8x16.bitmask(v128.or(v128.or(ex, me), v128.or(ac, de)));
    while (bits != 0) {
      const q = p + ctz(bits);
      if (q >= to) return false;
      if (nameAt(buf + <usize>q, to - q, which)) return true;
      bits &= bits - 1;
    }
  }
  return false;
}
