/**
 * ../fields.ts's EventExtractor in the kernel, step for step: the System block's fast path, then
 * the walk over the tags it reacts to (TraceRecord description and activity name, the first
 * exception, ApplicationData text, the message record's headers). Each event's fields go to a
 * record the importer copies into its columns; strings are interned here (interner.ts) in the
 * order the JavaScript extractor interns them, so both give the same ids.
 *
 * An event with a Malformed message record (escaped XML, decoded in JavaScript) makes `extract`
 * answer BAIL: the importer extracts that event in JavaScript, which repeats the steps done here
 * (the same values, so the same ids) and goes on from there.
 */
import { base, byteAt, findByte, isSpace, ld, limit, setBuffer } from './words';
// The record layout shared with the JavaScript side, generated from one description (scripts/kernel-layouts.mjs).
import {
  C_END,
  C_EVENT_ID,
  C_EXCEPTIONS,
  C_FLAGS,
  C_LEVEL,
  C_MESSAGE,
  C_PID,
  C_START,
  C_SUB_TYPE,
  C_TICK,
  C_TID,
  C_TIME,
  F64_AT,
  FLAG_ACTIVITY_HEADER,
  FLAG_EXCEPTION,
  FLAG_MESSAGE,
  F_ACTIVITY,
  F_COMPUTER,
  F_EVENT_ID,
  F_LEVEL,
  F_PID,
  F_PROCESS_NAME,
  F_RELATED,
  F_SOURCE,
  F_SUB_TYPE,
  F_TID,
  F_TIME,
  M_BODY_SIZE,
  M_EVENT,
  M_SOAP,
  M_SOURCE,
  O_ACTION,
  O_ACTIVITY,
  O_ACTIVITY_HEADER,
  O_ACTIVITY_NAME,
  O_BODY_SIZE,
  O_COMPUTER,
  O_CORRELATION_ID,
  O_DESCRIPTION,
  O_EXCEPTIONS,
  O_EXCEPTION_MESSAGE,
  O_EXCEPTION_TYPE,
  O_FLAGS,
  O_HAS_MESSAGE,
  O_HTTP_METHOD,
  O_HTTP_STATUS,
  O_LEVEL,
  O_MESSAGE_ID,
  O_M_SOURCE,
  O_M_TYPE,
  O_PID,
  O_PROCESS_NAME,
  O_RELATED,
  O_RELATES_TO,
  O_REPLY_TO,
  O_SOAP,
  O_SOURCE,
  O_SUB_TYPE,
  O_TICK,
  O_TID,
  O_TO,
  SLOTS,
  T_ACTION,
  T_ACTIVITY_ID,
  T_ACTIVITY_NAME,
  T_ADDRESS,
  T_APPLICATION_DATA,
  T_BODY,
  T_COMPUTER,
  T_CORRELATION,
  T_DESCRIPTION,
  T_ENVELOPE,
  T_EVENT_ID,
  T_EXCEPTION,
  T_EXCEPTION_TYPE,
  T_EXECUTION,
  T_FIRST_MESSAGE,
  T_LAST_SYSTEM,
  T_LEVEL,
  T_MESSAGE,
  T_MESSAGE_ID,
  T_MESSAGE_LOG_TRACE_RECORD,
  T_METHOD,
  T_NONE,
  T_RELATES_TO,
  T_REPLY_TO,
  T_SOURCE,
  T_STATUS_CODE,
  T_SUB_TYPE,
  T_TIME_CREATED,
  T_TO,
} from './layout';
import { containsAnyName, indexOfLt, matchSystem, systemCount } from './event-search';
import { intern, internReset, oom } from './interner';
import { parseTime, timeTick, timeUs } from './svctime';
import {
  LEN_Body,
  LEN_Cdata,
  atCdata,
  findAppDataClose,
  findCdataEnd,
  findCommentEnd,
  findPiEnd,
  findSoap11,
  findSoap12,
  isAction,
  isActivityID,
  isActivityId,
  isActivityName,
  isAddress,
  isApplicationData,
  isBody,
  isComputer,
  isCorrelation,
  isCorrelationId,
  isDescription,
  isEnvelope,
  isEventID,
  isException,
  isExceptionType,
  isExecution,
  isLevel,
  isMalformed,
  isMessage,
  isMessageID,
  isMessageLogTraceRecord,
  isMethod,
  isName,
  isProcessID,
  isProcessName,
  isRelatedActivityID,
  isRelatesTo,
  isReplyTo,
  isSource,
  isStatusCode,
  isSubType,
  isSystemTime,
  isThreadID,
  isTimeCreated,
  isTo,
  isType,
} from './literals';

// extract's answers.
const OK: i32 = 0;
const BAIL: i32 = 1;
const OUT_OF_MEMORY: i32 = 2;

// The record of the event being extracted (O_* i32 slots at outAt; timeUs and eventId as f64 at
// outAt + F64_AT; commitRow copies it into the batch), the event flags, System field numbers and
// tag codes come from ./layout.ts, generated with the JavaScript side's from one description.

// Walk state bits.
const IN_APPDATA = 1;
const IN_EXCEPTION = 2;
const SEEN_EXCEPTION = 4;
const IN_MESSAGE = 8;
const IN_REPLYTO = 16;
const IN_BODY_DONE = 32;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOT = 0x22;
const APOS = 0x27;
const COLON = 0x3a;
const BANG = 0x21;
const QMARK = 0x3f;
const MAX_VALUE_BYTES = 2048;
const INERT_SEARCH_MIN = 256;

// Which attribute attr() looks for.
const A_NAME = 0;
const A_SYSTEM_TIME = 1;
const A_CORRELATION_ID = 2;

let outAt: usize = 0;
let posAt: usize = 0;
let orderAt: usize = 0;
let attrsAt: usize = 0;
let state = 0;
let bail = false;
let attrCount = 0;
let ta = 0;
let tb = 0;

/**
 * Where the record, the System matcher's output (setupSystem's pos and order) and the attribute
 * scratch (64 i32) are, and the interner's heap [heapAt, heapEnd). False when the heap is too small.
 */
export function setupExtract(out: usize, pos: usize, order: usize, attrs: usize, heapAt: usize, heapEnd: usize): bool {
  outAt = out;
  posAt = pos;
  orderAt = order;
  attrsAt = attrs;
  return internReset(heapAt, heapEnd);
}

// Batch columns (C_* and M_* of ./layout.ts; their addresses are in the table at colsAt). Rows
// extracted while framing a window are stored here; the importer copies them into its tables when
// the batch is full, before an event it extracts itself, and after the window. The event's strings
// are columns C_SUB_TYPE… (record slots O_SUB_TYPE…), the message's M_SOURCE… (O_M_SOURCE…).

let colsAt: usize = 0;
export let batchRows = 0;
export let batchMessages = 0;
let rowBase = 0;
let messageBase = 0;

/** Where the column table is (35 addresses). */
export function setupBatch(cols: usize): void {
  colsAt = cols;
}

/** An empty batch whose first row and message will be rows `rows` and `messages` of the importer's tables. */
export function batchStart(rows: i32, messages: i32): void {
  rowBase = rows;
  messageBase = messages;
  batchRows = 0;
  batchMessages = 0;
}

@inline
function col(c: i32): usize {
  return <usize>load<i32>(colsAt + (<usize>c << 2));
}

/**
 * Extracts the event [s, e) (as extract does) and, when it is OK, stores it as the batch's next
 * row at [fileStart, fileEnd) in the file: for events framed in JavaScript (UTF-16 windows). The
 * importer empties a full batch first. Returns extract's answer.
 */
export function extractRow(buf: usize, len: i32, s: i32, e: i32, fileStart: f64, fileEnd: f64): i32 {
  const answer = extract(buf, len, s, e);
  if (answer == OK) commitRow(fileStart, fileEnd);
  return answer;
}

/** Stores the record as the batch's next row (and message), at [fileStart, fileEnd) in the file. */
export function commitRow(fileStart: f64, fileEnd: f64): void {
  const r = <usize>batchRows;
  store<f64>(col(C_START) + (r << 3), fileStart);
  store<f64>(col(C_END) + (r << 3), fileEnd);
  store<f64>(col(C_TIME) + (r << 3), load<f64>(outAt + F64_AT));
  store<u8>(col(C_TICK) + r, <u8>get(O_TICK));
  store<u8>(col(C_LEVEL) + r, <u8>get(O_LEVEL));
  store<f64>(col(C_EVENT_ID) + (r << 3), load<f64>(outAt + F64_AT + 8));
  store<i32>(col(C_PID) + (r << 2), get(O_PID));
  store<i32>(col(C_TID) + (r << 2), get(O_TID));
  store<u8>(col(C_FLAGS) + r, <u8>get(O_FLAGS));
  store<u8>(col(C_EXCEPTIONS) + r, <u8>get(O_EXCEPTIONS));
  // The event's strings: subType, source, computer, processName, activity, related, description,
  // activityName, exceptionType, exceptionMessage (record slots 6–15, in the same order).
  for (let k = 0; k < 10; k++) store<i32>(col(C_SUB_TYPE + k) + (r << 2), get(O_SUB_TYPE + k));
  if (get(O_HAS_MESSAGE) == 0) store<i32>(col(C_MESSAGE) + (r << 2), -1);
  else {
    const m = <usize>batchMessages;
    store<i32>(col(C_MESSAGE) + (r << 2), messageBase + batchMessages);
    store<i32>(col(M_EVENT) + (m << 2), rowBase + batchRows);
    store<u8>(col(M_SOAP) + m, <u8>get(O_SOAP));
    store<i32>(col(M_BODY_SIZE) + (m << 2), get(O_BODY_SIZE));
    // source, type, action, messageId, relatesTo, to, replyTo, activityHeader, correlationId,
    // httpMethod, httpStatus (record slots 19–29, in the same order).
    for (let k = 0; k < 11; k++) store<i32>(col(M_SOURCE + k) + (m << 2), get(O_M_SOURCE + k));
    batchMessages++;
  }
  batchRows++;
}

@inline
function get(k: i32): i32 {
  return load<i32>(outAt + (<usize>k << 2));
}
@inline
function set(k: i32, v: i32): void {
  store<i32>(outAt + (<usize>k << 2), v);
}
@inline
function setF64(k: i32, v: f64): void {
  store<f64>(outAt + F64_AT + (<usize>k << 3), v);
}
@inline
function attrAt(k: i32): i32 {
  return load<i32>(attrsAt + (<usize>k << 2));
}

/**
 * Extracts the event [s, e) of the buffer (`len` bytes at `buf`) into the record: OK, BAIL (the
 * importer extracts it in JavaScript) or OUT_OF_MEMORY (the interner's heap is full).
 */
export function extract(buf: usize, len: i32, s: i32, e: i32): i32 {
  setBuffer(buf, len);
  for (let k = 0; k < SLOTS; k++) set(k, 0);
  set(O_PID, -1);
  set(O_TID, -1);
  set(O_BODY_SIZE, -1);
  setF64(0, NaN);
  setF64(1, NaN);
  state = 0;
  bail = false;
  const at = matchSystem(buf, len, s, e);
  if (at < 0) walk(s, e);
  else {
    const count = systemCount();
    for (let k = 0; k < count; k++) {
      const f = <i32>load<u8>(orderAt + <usize>k);
      systemField(f, load<i32>(posAt + (<usize>(2 * f) << 2)), load<i32>(posAt + (<usize>(2 * f + 1) << 2)));
    }
    walk(at, e);
  }
  if (oom) return OUT_OF_MEMORY;
  return bail ? BAIL : OK;
}

/** Interns [a, b) (cut as ValueTable cuts long values); 0 for an empty value. */
function str(a: i32, b: i32): i32 {
  if (b - a > MAX_VALUE_BYTES) {
    b = a + MAX_VALUE_BYTES;
    while (b > a && (ld(b) & 0xc0) == 0x80) b--;
  }
  if (b <= a) return 0;
  const id = intern(base + <usize>a, b - a);
  return id < 0 ? 0 : id;
}

/** bytes.ts's parseIntBytes. */
function parseInt(a: i32, b: i32): f64 {
  while (a < b && isSpace(ld(a))) a++;
  while (b > a && isSpace(ld(b - 1))) b--;
  let neg = false;
  if (a < b && (ld(a) == 0x2d || ld(a) == 0x2b)) {
    neg = ld(a) == 0x2d;
    a++;
  }
  if (a >= b) return NaN;
  let v: f64 = 0;
  for (let i = a; i < b; i++) {
    const d = ld(i) - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + <f64>d;
  }
  return neg ? -v : v;
}

function intOr(v: f64, fallback: i32): i32 {
  return isFinite(v) && v >= -2147483648 && v <= 2147483647 ? <i32>v : fallback;
}

/** A GUID value without braces. */
function guid(a: i32, b: i32): i32 {
  if (b - a >= 2 && ld(a) == 0x7b && ld(b - 1) == 0x7d) {
    a++;
    b--;
  }
  return str(a, b);
}

function systemField(field: i32, a: i32, b: i32): void {
  switch (field) {
    case F_EVENT_ID:
      setF64(1, parseInt(a, b));
      break;
    case F_SUB_TYPE:
      set(O_SUB_TYPE, str(a, b));
      break;
    case F_LEVEL: {
      const v = parseInt(a, b);
      set(O_LEVEL, v >= 0 && v <= 255 ? <i32>v : 0);
      break;
    }
    case F_TIME:
      parseTime(a, b);
      setF64(0, timeUs);
      set(O_TICK, timeTick);
      break;
    case F_SOURCE:
      set(O_SOURCE, str(a, b));
      break;
    case F_ACTIVITY:
      set(O_ACTIVITY, guid(a, b));
      break;
    case F_RELATED:
      set(O_RELATED, guid(a, b));
      break;
    case F_PROCESS_NAME:
      set(O_PROCESS_NAME, str(a, b));
      break;
    case F_PID:
      set(O_PID, intOr(parseInt(a, b), -1));
      break;
    case F_TID:
      set(O_TID, intOr(parseInt(a, b), -1));
      break;
    case F_COMPUTER:
      while (a < b && isSpace(ld(a))) a++;
      while (b > a && isSpace(ld(b - 1))) b--;
      set(O_COMPUTER, str(a, b));
      break;
  }
}

/** fields.ts's tagCode: the code of the local name [a, b). */
function tagCode(a: i32, b: i32): i32 {
  switch (b - a) {
    case 2:
      return isTo(a, b) ? T_TO : T_NONE;
    case 4:
      return isBody(a, b) ? T_BODY : T_NONE;
    case 5:
      return isLevel(a, b) ? T_LEVEL : T_NONE;
    case 6:
      return isSource(a, b) ? T_SOURCE : isAction(a, b) ? T_ACTION : isMethod(a, b) ? T_METHOD : T_NONE;
    case 7:
      return isEventID(a, b) ? T_EVENT_ID : isSubType(a, b) ? T_SUB_TYPE : isMessage(a, b) ? T_MESSAGE : isReplyTo(a, b) ? T_REPLY_TO : isAddress(a, b) ? T_ADDRESS : T_NONE;
    case 8:
      return isComputer(a, b) ? T_COMPUTER : isEnvelope(a, b) ? T_ENVELOPE : T_NONE;
    case 9:
      return isExecution(a, b) ? T_EXECUTION : isException(a, b) ? T_EXCEPTION : isMessageID(a, b) ? T_MESSAGE_ID : isRelatesTo(a, b) ? T_RELATES_TO : T_NONE;
    case 10:
      return isActivityId(a, b) ? T_ACTIVITY_ID : isStatusCode(a, b) ? T_STATUS_CODE : T_NONE;
    case 11:
      return isTimeCreated(a, b) ? T_TIME_CREATED : isCorrelation(a, b) ? T_CORRELATION : isDescription(a, b) ? T_DESCRIPTION : T_NONE;
    case 12:
      return isActivityName(a, b) ? T_ACTIVITY_NAME : T_NONE;
    case 13:
      return isExceptionType(a, b) ? T_EXCEPTION_TYPE : T_NONE;
    case 15:
      return isApplicationData(a, b) ? T_APPLICATION_DATA : T_NONE;
    case 21:
      return isMessageLogTraceRecord(a, b) ? T_MESSAGE_LOG_TRACE_RECORD : T_NONE;
    default:
      return T_NONE;
  }
}

function walk(s: i32, e: i32): void {
  let i = s;
  while (i < e) {
    i = indexOfLt(base, i, e);
    if (i + 1 >= e) return;
    const c = ld(i + 1);
    if (c == BANG) {
      i = skipMarkup(i, e);
      continue;
    }
    if (c == QMARK) {
      const end = findPiEnd(i + 2, e);
      i = end < 0 ? e : end + 2;
      continue;
    }
    const closing = c == SLASH;
    // End tags matter only while inside an exception, a ReplyTo or a message record.
    if (closing && (state & (IN_EXCEPTION | IN_REPLYTO | IN_MESSAGE)) == 0) {
      i += 2;
      continue;
    }
    let n = closing ? i + 2 : i + 1;
    let local = n;
    for (; n < e; n++) {
      const b = ld(n);
      if (b == GT || b == SLASH || b <= 0x20) break;
      if (b == COLON) local = n + 1;
    }
    if (closing) {
      close(local, n);
      i = n;
      continue;
    }
    i = open(local, n, e);
  }
}

/** Index of the '>' ending the tag whose attributes start at `from` (quotes respected), or e. */
function tagEnd(from: i32, e: i32): i32 {
  let q = 0;
  for (let n = from; n < e; n++) {
    const b = ld(n);
    if (q != 0) {
      if (b == q) q = 0;
    } else if (b == QUOT || b == APOS) q = b;
    else if (b == GT) return n;
  }
  return e;
}

/** Skips a comment, CDATA section or declaration starting at `i` (the '<'). */
function skipMarkup(i: i32, e: i32): i32 {
  if (atCdata(i)) {
    const end = findCdataEnd(i + LEN_Cdata, e);
    return end < 0 ? e : end + 3;
  }
  if (byteAt(i + 2) == 0x2d) {
    const end = findCommentEnd(i + 4, e);
    return end < 0 ? e : end + 3;
  }
  const end = findByte(GT, i, limit);
  return end < 0 || end > e ? e : end + 1;
}

function close(a: i32, b: i32): void {
  const len = b - a;
  if (len == 9 && isException(a, b)) {
    if (state & IN_EXCEPTION) state = (state & ~IN_EXCEPTION) | SEEN_EXCEPTION;
  } else if (len == 7 && isReplyTo(a, b)) state &= ~IN_REPLYTO;
  else if (len == 21 && isMessageLogTraceRecord(a, b)) state &= ~IN_MESSAGE;
}

/** Handles an open tag with local name [a, b); returns where to scan on. */
function open(a: i32, b: i32, e: i32): i32 {
  const code = tagCode(a, b);
  if (code == T_NONE) return b;
  const st = state;
  const inMessage = (st & IN_MESSAGE) != 0;
  const relevant = (st & IN_APPDATA) == 0 ? code <= T_LAST_SYSTEM : inMessage ? code >= T_FIRST_MESSAGE : code > T_LAST_SYSTEM && code < T_FIRST_MESSAGE;
  if (!relevant) return b;
  const gt = tagEnd(b, e);
  if (gt >= e) return e;
  if (inMessage) return messageTag(code, b, gt, e);
  const next = gt + 1;
  const selfClosing = ld(gt - 1) == SLASH;
  switch (code) {
    case T_EVENT_ID:
      text(next, e);
      systemField(F_EVENT_ID, ta, tb);
      break;
    case T_SUB_TYPE:
      if (attr(b, gt, A_NAME)) systemField(F_SUB_TYPE, ta, tb);
      break;
    case T_LEVEL:
      text(next, e);
      systemField(F_LEVEL, ta, tb);
      break;
    case T_TIME_CREATED:
      if (attr(b, gt, A_SYSTEM_TIME)) systemField(F_TIME, ta, tb);
      break;
    case T_CORRELATION:
      attributes(b, gt);
      for (let k = 0; k < attrCount; k++) {
        const o = k * 4;
        const name = attrAt(o);
        const nameEnd = attrAt(o + 1);
        if (isActivityID(name, nameEnd)) systemField(F_ACTIVITY, attrAt(o + 2), attrAt(o + 3));
        else if (isRelatedActivityID(name, nameEnd)) systemField(F_RELATED, attrAt(o + 2), attrAt(o + 3));
      }
      break;
    case T_SOURCE:
      if (get(O_SOURCE) == 0 && attr(b, gt, A_NAME)) systemField(F_SOURCE, ta, tb);
      break;
    case T_EXECUTION:
      attributes(b, gt);
      for (let k = 0; k < attrCount; k++) {
        const o = k * 4;
        const name = attrAt(o);
        const nameEnd = attrAt(o + 1);
        const va = attrAt(o + 2);
        const vb = attrAt(o + 3);
        if (isProcessName(name, nameEnd)) systemField(F_PROCESS_NAME, va, vb);
        else if (isProcessID(name, nameEnd)) systemField(F_PID, va, vb);
        else if (isThreadID(name, nameEnd)) systemField(F_TID, va, vb);
      }
      break;
    case T_COMPUTER:
      text(next, e);
      systemField(F_COMPUTER, ta, tb);
      break;
    case T_APPLICATION_DATA:
      state |= IN_APPDATA;
      if (!selfClosing) return appDataText(next, e);
      break;
    case T_DESCRIPTION:
      if (get(O_DESCRIPTION) == 0) {
        text(next, e);
        set(O_DESCRIPTION, str(ta, tb));
        if (restIsInert(next, e)) return e;
      }
      break;
    case T_ACTIVITY_NAME:
      if (get(O_ACTIVITY_NAME) == 0) {
        text(next, e);
        set(O_ACTIVITY_NAME, str(ta, tb));
        if (restIsInert(next, e)) return e;
      }
      break;
    case T_EXCEPTION:
      if (!selfClosing) {
        if (get(O_EXCEPTIONS) < 255) set(O_EXCEPTIONS, get(O_EXCEPTIONS) + 1);
        if ((st & (IN_EXCEPTION | SEEN_EXCEPTION)) == 0) {
          state |= IN_EXCEPTION;
          set(O_FLAGS, get(O_FLAGS) | FLAG_EXCEPTION);
        }
      }
      break;
    case T_EXCEPTION_TYPE:
      if (st & IN_EXCEPTION && get(O_EXCEPTION_TYPE) == 0) {
        text(next, e);
        set(O_EXCEPTION_TYPE, str(ta, tb));
      }
      break;
    case T_MESSAGE:
      if (st & IN_EXCEPTION && get(O_EXCEPTION_MESSAGE) == 0) {
        text(next, e);
        set(O_EXCEPTION_MESSAGE, str(ta, tb));
      }
      break;
    case T_MESSAGE_LOG_TRACE_RECORD:
      if (get(O_HAS_MESSAGE) == 0) return messageRecord(b, gt, e, selfClosing);
      break;
  }
  return next;
}

/** fields.ts's restIsInert: nothing the walk still reacts to occurs in [from, e). */
function restIsInert(from: i32, e: i32): bool {
  if (state != IN_APPDATA || e - from < INERT_SEARCH_MIN) return false;
  const which = 1 | 2 | (get(O_ACTIVITY_NAME) == 0 ? 4 : 0) | (get(O_DESCRIPTION) == 0 ? 8 : 0);
  return !containsAnyName(base, from, e, which);
}

/** Non-WCF TraceSource output: ApplicationData holds text, which becomes the description. */
function appDataText(from: i32, e: i32): i32 {
  let i = from;
  while (i < e && isSpace(ld(i))) i++;
  if (i < e && ld(i) == LT && !atCdata(i)) return from;
  const end = findAppDataClose(i, e);
  const stop = end < 0 ? e : end;
  let j = stop;
  while (j > i && isSpace(ld(j - 1))) j--;
  if (j > i) set(O_DESCRIPTION, str(i, j));
  return stop;
}

function messageRecord(b: i32, gt: i32, e: i32, selfClosing: bool): i32 {
  set(O_HAS_MESSAGE, 1);
  set(O_FLAGS, get(O_FLAGS) | FLAG_MESSAGE);
  let malformed = false;
  attributes(b, gt);
  for (let k = 0; k < attrCount; k++) {
    const o = k * 4;
    const va = attrAt(o + 2);
    const vb = attrAt(o + 3);
    if (isSource(attrAt(o), attrAt(o + 1))) {
      set(O_M_SOURCE, str(va, vb));
      malformed = isMalformed(va, vb);
    } else if (isType(attrAt(o), attrAt(o + 1))) set(O_M_TYPE, str(va, vb));
  }
  if (selfClosing) return gt + 1;
  state |= IN_MESSAGE;
  if (!malformed) return gt + 1;
  // Escaped XML: decoded and walked in JavaScript.
  bail = true;
  return e;
}

function messageTag(code: i32, b: i32, gt: i32, e: i32): i32 {
  const next = gt + 1;
  if (ld(gt - 1) == SLASH) {
    if (code == T_BODY && get(O_BODY_SIZE) < 0) set(O_BODY_SIZE, 0);
    return next;
  }
  switch (code) {
    case T_ACTION:
      firstText(O_ACTION, next, e);
      break;
    case T_METHOD:
      firstText(O_HTTP_METHOD, next, e);
      break;
    case T_MESSAGE_ID:
      firstText(O_MESSAGE_ID, next, e);
      break;
    case T_RELATES_TO:
      firstText(O_RELATES_TO, next, e);
      break;
    case T_TO:
      firstText(O_TO, next, e);
      break;
    case T_REPLY_TO:
      state |= IN_REPLYTO;
      break;
    case T_ADDRESS:
      if (state & IN_REPLYTO && get(O_REPLY_TO) == 0) set(O_REPLY_TO, textId(next, e));
      break;
    case T_ACTIVITY_ID:
      if (get(O_ACTIVITY_HEADER) == 0) {
        if (attr(b, gt, A_CORRELATION_ID)) set(O_CORRELATION_ID, str(ta, tb));
        text(next, e);
        const id = guid(ta, tb);
        set(O_ACTIVITY_HEADER, id);
        if (id != 0) set(O_FLAGS, get(O_FLAGS) | FLAG_ACTIVITY_HEADER);
      }
      break;
    case T_STATUS_CODE:
      firstText(O_HTTP_STATUS, next, e);
      break;
    case T_ENVELOPE:
      if (get(O_SOAP) == 0) {
        if (findSoap12(b, gt) >= 0) set(O_SOAP, 12);
        else if (findSoap11(b, gt) >= 0) set(O_SOAP, 11);
      }
      break;
    case T_BODY:
      if (get(O_BODY_SIZE) < 0 && (state & IN_BODY_DONE) == 0) {
        // Jump over the body: its content is not indexed, only its size.
        state |= IN_BODY_DONE;
        const q = qnameStart(b - LEN_Body);
        const end = findEndTag(q, b - q, next, e);
        set(O_BODY_SIZE, (end < 0 ? e : end) - next);
        return end < 0 ? e : end;
      }
      break;
  }
  return next;
}

/** Start of the qualified name whose local part starts at `local` (walks back over a prefix). */
function qnameStart(local: i32): i32 {
  let i = local;
  while (i > 0 && ld(i - 1) != LT && ld(i - 1) != SLASH) i--;
  return i;
}

/** First "</" + the `n` bytes at q, within [from, to), or -1 (Buffer.indexOf of that needle). */
function findEndTag(q: i32, n: i32, from: i32, to: i32): i32 {
  if (to > limit) to = limit;
  const last = to - n - 2;
  let p = from;
  while (p <= last) {
    p = indexOfLt(base, p, last + 1);
    if (p > last) return -1;
    if (ld(p + 1) == SLASH && memory.compare(base + <usize>(p + 2), base + <usize>q, <usize>n) == 0) return p;
    p++;
  }
  return -1;
}

/** Sets [ta, tb) to the element text starting at `from` (up to the next tag; CDATA unwrapped), trimmed. */
function text(from: i32, e: i32): void {
  const i = indexOfLt(base, from, e);
  let a = from;
  let b = i;
  if (a == b && atCdata(i)) {
    const end = findCdataEnd(i + LEN_Cdata, e);
    a = i + LEN_Cdata;
    b = end < 0 ? e : end;
  }
  while (a < b && isSpace(ld(a))) a++;
  while (b > a && isSpace(ld(b - 1))) b--;
  ta = a;
  tb = b;
}

function textId(from: i32, e: i32): i32 {
  text(from, e);
  return str(ta, tb);
}

/** Record slot k gets the element text at `from`, unless it has a value already (the first wins). */
function firstText(k: i32, from: i32, e: i32): void {
  if (get(k) == 0) set(k, textId(from, e));
}

/** Finds attribute `which` in the tag bytes [from, gt); sets [ta, tb) to its value. */
function attr(from: i32, gt: i32, which: i32): bool {
  attributes(from, gt);
  for (let k = 0; k < attrCount; k++) {
    const o = k * 4;
    const a = attrAt(o);
    const b = attrAt(o + 1);
    if (which == A_NAME ? isName(a, b) : which == A_SYSTEM_TIME ? isSystemTime(a, b) : isCorrelationId(a, b)) {
      ta = attrAt(o + 2);
      tb = attrAt(o + 3);
      return true;
    }
  }
  return false;
}

/** Splits the attributes of a tag (bytes [from, gt)) into the scratch table. Local names only. */
function attributes(from: i32, gt: i32): void {
  let n = 0;
  let i = from;
  while (i < gt && n < 16) {
    while (i < gt && (isSpace(ld(i)) || ld(i) == SLASH)) i++;
    if (i >= gt) break;
    let nameStart = i;
    while (i < gt && ld(i) != 0x3d && !isSpace(ld(i))) {
      if (ld(i) == COLON) nameStart = i + 1;
      i++;
    }
    const nameEnd = i;
    while (i < gt && ld(i) != QUOT && ld(i) != APOS) i++;
    if (i >= gt) break;
    const q = ld(i);
    const va = ++i;
    while (i < gt && ld(i) != q) i++;
    const o = n * 4;
    store<i32>(attrsAt + (<usize>o << 2), nameStart);
    store<i32>(attrsAt + (<usize>(o + 1) << 2), nameEnd);
    store<i32>(attrsAt + (<usize>(o + 2) << 2), va);
    store<i32>(attrsAt + (<usize>(o + 3) << 2), i);
    n++;
    i++;
  }
  attrCount = n;
}
