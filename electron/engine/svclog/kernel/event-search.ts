/**
 * The svclog kernel's searches (part of svclog-kernel.ts): the element name "E2ETraceEvent",
 * which starts and ends every event, found with SIMD (the framer asks about twice per event;
 * Buffer.indexOf costs more per call than the search itself), the next tag, the names that make
 * the rest of an event worth walking, and the System block's fast path.
 */
import { base, byteAt, isSpace, limit, lit, setBuffer } from './words';
// The System block's fields (system-block.ts's SYS), from the one layout description.
import { F_EVENT_ID, F_SUB_TYPE, F_LEVEL, F_TIME, F_SOURCE, F_ACTIVITY, F_RELATED, F_PROCESS_NAME, F_PID, F_TID, F_COMPUTER, FIELDS } from './layout';

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

/** First '<' in [from, to), or `to`. Reads up to 16 bytes past `to` (the importer leaves room). */
export function indexOfLt(buf: usize, from: i32, to: i32): i32 {
  const lt = i8x16.splat(0x3c);
  for (let p = from; p < to; p += 16) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(buf + <usize>p), lt));
    if (m != 0) {
      const q = p + ctz(m);
      return q < to ? q : to;
    }
  }
  return to;
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

// ---------------------------------------------------------------------------------------------
// The System block's fast path: ../system-block.ts's SystemBlockMatcher.match, step for step,
// over the window (the same value positions, the same failures). It writes each field's value
// range to the table at posAt (-1 when not found) and the fields in document order at orderAt.

const FAIL: i32 = -1;
const LT: i32 = 0x3c;
const GT: i32 = 0x3e;
const SLASH: i32 = 0x2f;
const QUOT: i32 = 0x22;
const BANG: i32 = 0x21;
const QMARK: i32 = 0x3f;


// Children, a bit each (a repeated one fails).
const CHILD_EVENT_ID: i32 = 1;
const CHILD_TYPE: i32 = 2;
const CHILD_SUB_TYPE: i32 = 4;
const CHILD_LEVEL: i32 = 8;
const CHILD_TIME: i32 = 16;
const CHILD_SOURCE: i32 = 32;
const CHILD_CORRELATION: i32 = 64;
const CHILD_EXECUTION: i32 = 128;
const CHILD_CHANNEL: i32 = 256;
const CHILD_COMPUTER: i32 = 512;

let posAt: usize = 0;
let orderAt: usize = 0;
let found: i32 = 0;

/** Where matchSystem writes the value ranges (2 × 11 i32) and the order of the fields (11 bytes). */
export function setupSystem(pos: usize, order: usize): void {
  posAt = pos;
  orderAt = order;
}

/** Fields the last matchSystem found. */
export function systemCount(): i32 {
  return found;
}


@inline
function endsName(b: i32): bool {
  return b == GT || b == SLASH || isSpace(b);
}

/** First '<' in [i, e), or FAIL (sixteen bytes a step; reads up to 15 past e, inside the slack). */
function nextTag(i: i32, e: i32): i32 {
  const at = indexOfLt(base, i, e);
  return at < e ? at : FAIL;
}

/** The closing quote of a value starting at i, or FAIL at a '<' or at e first. */
function quoteEnd(i: i32, e: i32): i32 {
  const quot = i8x16.splat(<i8>QUOT);
  const lt = i8x16.splat(<i8>LT);
  for (let p = i; p < e; p += 16) {
    const v = v128.load(base + <usize>p);
    const m = i8x16.bitmask(v128.or(i8x16.eq(v, quot), i8x16.eq(v, lt)));
    if (m != 0) {
      const q = p + ctz(m);
      if (q >= e) return FAIL;
      return <i32>load<u8>(base + <usize>q) == QUOT ? q : FAIL;
    }
  }
  return FAIL;
}

function tagClose(i: i32, e: i32): i32 {
  while (i < e && isSpace(byteAt(i))) i++;
  if (byteAt(i) == GT) return i + 1;
  if (byteAt(i) == SLASH && byteAt(i + 1) == GT) return i + 2;
  return FAIL;
}

function setFound(field: i32, a: i32, b: i32): void {
  store<i32>(posAt + (<usize>(2 * field) << 2), a);
  store<i32>(posAt + (<usize>(2 * field + 1) << 2), b);
  store<u8>(orderAt + <usize>found, <u8>field);
  found++;
}

function text(from: i32, e: i32, field: i32): i32 {
  const lt = nextTag(from, e);
  if (lt < 0 || (lt == from && byteAt(lt + 1) == BANG)) return FAIL;
  setFound(field, from, lt);
  return lt;
}

/** A value from va to its closing quote; returns where attributes go on, or FAIL. */
function quoted(va: i32, e: i32, field: i32): i32 {
  const vb = quoteEnd(va, e);
  if (vb < 0) return FAIL;
  setFound(field, va, vb);
  return vb + 1;
}

/** `<Name attr="value"` then the end of the tag (`time`: SystemTime, else Name). */
function oneAttr(i: i32, e: i32, time: bool, field: i32): i32 {
  if (time ? !isSystemTimeAttr(i) : !isNameAttr(i)) return FAIL;
  const next = quoted(i + (time ? LEN_SYSTEMTIMEATTR : LEN_NAMEATTR), e, field);
  return next < 0 ? FAIL : tagClose(next, e);
}

/** When `present`, the value after the `len`-byte attribute start at i; where attributes go on (FAIL: no closing quote). */
function attrIf(present: bool, i: i32, len: i32, e: i32, field: i32): i32 {
  return present ? quoted(i + len, e, field) : i;
}

function correlation(i: i32, e: i32): i32 {
  i = attrIf(isActivityIdAttr(i), i, LEN_ACTIVITYIDATTR, e, F_ACTIVITY);
  if (i >= 0) i = attrIf(isRelatedIdAttr(i), i, LEN_RELATEDIDATTR, e, F_RELATED);
  return i < 0 ? FAIL : tagClose(i, e);
}

function execution(i: i32, e: i32): i32 {
  i = attrIf(isProcessNameAttr(i), i, LEN_PROCESSNAMEATTR, e, F_PROCESS_NAME);
  if (i >= 0) i = attrIf(isProcessIdAttr(i), i, LEN_PROCESSIDATTR, e, F_PID);
  if (i >= 0) i = attrIf(isThreadIdAttr(i), i, LEN_THREADIDATTR, e, F_TID);
  return i < 0 ? FAIL : tagClose(i, e);
}

/**
 * SystemBlockMatcher.match over buf (`len` bytes) for the event [s, e): the index of `</System>`,
 * or -1 (then nothing written counts and the caller walks the whole event).
 */
export function matchSystem(buf: usize, len: i32, s: i32, e: i32): i32 {
  setBuffer(buf, len);
  found = 0;
  for (let f = 0; f < 2 * FIELDS; f++) store<i32>(posAt + (<usize>f << 2), -1);
  let k = nextTag(s + 1, e);
  if (k < 0 || !isSystem(k) || !endsName(byteAt(k + LEN_SYSTEM))) return FAIL;
  let seen = 0;
  k = nextTag(k + LEN_SYSTEM, e);
  while (true) {
    if (k < 0 || k + 2 >= e) return FAIL;
    const c = byteAt(k + 1);
    if (c == SLASH) {
      if (isSystemClose(k)) return k;
      k = nextTag(k + 2, e);
      continue;
    }
    if (c == BANG || c == QMARK) return FAIL;
    let bit = 0;
    let at = FAIL;
    if (c == 0x45) {
      // E
      if (isEventId(k)) {
        bit = CHILD_EVENT_ID;
        at = text(k + LEN_EVENTID, e, F_EVENT_ID);
      } else if (isExecution(k)) {
        bit = CHILD_EXECUTION;
        at = execution(k + LEN_EXECUTION, e);
      } else return FAIL;
    } else if (c == 0x54) {
      // T
      if (isType(k) && endsName(byteAt(k + LEN_TYPE))) {
        bit = CHILD_TYPE;
        at = k + LEN_TYPE;
      } else if (isTime(k)) {
        bit = CHILD_TIME;
        at = oneAttr(k + LEN_TIME, e, true, F_TIME);
      } else return FAIL;
    } else if (c == 0x53) {
      // S
      if (isSubType(k)) {
        bit = CHILD_SUB_TYPE;
        at = oneAttr(k + LEN_SUBTYPE, e, false, F_SUB_TYPE);
      } else if (isSource(k)) {
        bit = CHILD_SOURCE;
        at = oneAttr(k + LEN_SOURCE, e, false, F_SOURCE);
      } else return FAIL;
    } else if (c == 0x4c) {
      // L
      if (!isLevel(k)) return FAIL;
      bit = CHILD_LEVEL;
      at = text(k + LEN_LEVEL, e, F_LEVEL);
    } else if (c == 0x43) {
      // C
      if (isCorrelation(k)) {
        bit = CHILD_CORRELATION;
        at = correlation(k + LEN_CORRELATION, e);
      } else if (isChannel(k) && endsName(byteAt(k + LEN_CHANNEL))) {
        bit = CHILD_CHANNEL;
        at = k + LEN_CHANNEL;
      } else if (isComputer(k)) {
        bit = CHILD_COMPUTER;
        at = text(k + LEN_COMPUTER, e, F_COMPUTER);
      } else return FAIL;
    } else return FAIL;
    if (at < 0 || (seen & bit) != 0) return FAIL;
    seen |= bit;
    k = nextTag(at, e);
  }
  return FAIL;
}

// The literals the matcher recognises, as their length and little-endian words (the kernel has no
// data segment: its memory starts with the window).


const LEN_SYSTEM: i32 = 7;
/** '<System' at p. */
@inline
function isSystem(p: i32): bool {
  return lit(p, LEN_SYSTEM, 0x6d65747379533c, 0x0, 0x0, 0, 0, 0);
}

const LEN_SYSTEMCLOSE: i32 = 9;
/** '</System>' at p. */
@inline
function isSystemClose(p: i32): bool {
  return lit(p, LEN_SYSTEMCLOSE, 0x6d65747379532f3c, 0x3e, 0x0, 0, 0, 0);
}

const LEN_EVENTID: i32 = 9;
/** '<EventID>' at p. */
@inline
function isEventId(p: i32): bool {
  return lit(p, LEN_EVENTID, 0x4449746e6576453c, 0x3e, 0x0, 0, 0, 0);
}

const LEN_EXECUTION: i32 = 10;
/** '<Execution' at p. */
@inline
function isExecution(p: i32): bool {
  return lit(p, LEN_EXECUTION, 0x697475636578453c, 0x6e6f, 0x0, 0, 0, 0);
}

const LEN_TYPE: i32 = 5;
/** '<Type' at p. */
@inline
function isType(p: i32): bool {
  return lit(p, LEN_TYPE, 0x657079543c, 0x0, 0x0, 0, 0, 0);
}

const LEN_TIME: i32 = 12;
/** '<TimeCreated' at p. */
@inline
function isTime(p: i32): bool {
  return lit(p, LEN_TIME, 0x657243656d69543c, 0x64657461, 0x0, 0, 0, 0);
}

const LEN_SUBTYPE: i32 = 8;
/** '<SubType' at p. */
@inline
function isSubType(p: i32): bool {
  return lit(p, LEN_SUBTYPE, 0x657079546275533c, 0x0, 0x0, 0, 0, 0);
}

const LEN_SOURCE: i32 = 7;
/** '<Source' at p. */
@inline
function isSource(p: i32): bool {
  return lit(p, LEN_SOURCE, 0x656372756f533c, 0x0, 0x0, 0, 0, 0);
}

const LEN_LEVEL: i32 = 7;
/** '<Level>' at p. */
@inline
function isLevel(p: i32): bool {
  return lit(p, LEN_LEVEL, 0x3e6c6576654c3c, 0x0, 0x0, 0, 0, 0);
}

const LEN_CORRELATION: i32 = 12;
/** '<Correlation' at p. */
@inline
function isCorrelation(p: i32): bool {
  return lit(p, LEN_CORRELATION, 0x616c6572726f433c, 0x6e6f6974, 0x0, 0, 0, 0);
}

const LEN_CHANNEL: i32 = 8;
/** '<Channel' at p. */
@inline
function isChannel(p: i32): bool {
  return lit(p, LEN_CHANNEL, 0x6c656e6e6168433c, 0x0, 0x0, 0, 0, 0);
}

const LEN_COMPUTER: i32 = 10;
/** '<Computer>' at p. */
@inline
function isComputer(p: i32): bool {
  return lit(p, LEN_COMPUTER, 0x657475706d6f433c, 0x3e72, 0x0, 0, 0, 0);
}

const LEN_NAMEATTR: i32 = 7;
/** ' Name="' at p. */
@inline
function isNameAttr(p: i32): bool {
  return lit(p, LEN_NAMEATTR, 0x223d656d614e20, 0x0, 0x0, 0, 0, 0);
}

const LEN_SYSTEMTIMEATTR: i32 = 13;
/** ' SystemTime="' at p. */
@inline
function isSystemTimeAttr(p: i32): bool {
  return lit(p, LEN_SYSTEMTIMEATTR, 0x546d657473795320, 0x223d656d69, 0x0, 0, 0, 0);
}

const LEN_ACTIVITYIDATTR: i32 = 13;
/** ' ActivityID="' at p. */
@inline
function isActivityIdAttr(p: i32): bool {
  return lit(p, LEN_ACTIVITYIDATTR, 0x7469766974634120, 0x223d444979, 0x0, 0, 0, 0);
}

const LEN_RELATEDIDATTR: i32 = 20;
/** ' RelatedActivityID="' at p. */
@inline
function isRelatedIdAttr(p: i32): bool {
  return lit(p, LEN_RELATEDIDATTR, 0x646574616c655220, 0x7974697669746341, 0x223d4449, 0, 0, 0);
}

const LEN_PROCESSNAMEATTR: i32 = 14;
/** ' ProcessName="' at p. */
@inline
function isProcessNameAttr(p: i32): bool {
  return lit(p, LEN_PROCESSNAMEATTR, 0x737365636f725020, 0x223d656d614e, 0x0, 0, 0, 0);
}

const LEN_PROCESSIDATTR: i32 = 12;
/** ' ProcessID="' at p. */
@inline
function isProcessIdAttr(p: i32): bool {
  return lit(p, LEN_PROCESSIDATTR, 0x737365636f725020, 0x223d4449, 0x0, 0, 0, 0);
}

const LEN_THREADIDATTR: i32 = 11;
/** ' ThreadID="' at p. */
@inline
function isThreadIdAttr(p: i32): bool {
  return lit(p, LEN_THREADIDATTR, 0x4964616572685420, 0x223d44, 0x0, 0, 0, 0);
}
