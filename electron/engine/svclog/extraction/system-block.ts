/**
 * Fast path for the `<System>` block of an event. XmlWriterTraceListener writes it the same way
 * every time (EventID, Type, SubType Name, Level, TimeCreated SystemTime, Source Name, Correlation
 * ActivityID/RelatedActivityID, Execution ProcessName/ProcessID/ThreadID, Channel, Computer), so
 * instead of walking every tag generically, each child is recognised by its literal start and its
 * values located directly. Only value positions are recorded here; the extractor interns them in
 * document order afterwards, so string ids come out exactly as the general walk makes them.
 *
 * Anything irregular (namespace prefixes, comments, CDATA, processing instructions, single quotes,
 * unexpected attributes or elements, a child seen twice) makes `match` return -1 before anything
 * was written, and the caller runs the general walk over the whole event instead. Children may come
 * in any order: the walk would read them the same in any order.
 */
import { BANG, GT, LT, QMARK, QUOT, SLASH, ascii, isSpace, startsWith } from '../framing/bytes';

import { SYS, SYS_FIELDS as FIELDS } from './layout';

/** Fields located by the fast path (numbers from the layout shared with the kernel); `pos[2f]`, `pos[2f + 1]` hold the value's byte range. */
export { SYS };

// Children, as a bit each, to reject a repeated one (the walk's first-wins/last-wins rules then matter).
const C_EVENTID = 1;
const C_TYPE = 2;
const C_SUBTYPE = 4;
const C_LEVEL = 8;
const C_TIME = 16;
const C_SOURCE = 32;
const C_CORRELATION = 64;
const C_EXECUTION = 128;
const C_CHANNEL = 256;
const C_COMPUTER = 512;

const L = {
  system: ascii('<System'),
  systemClose: ascii('</System>'),
  eventId: ascii('<EventID>'),
  execution: ascii('<Execution'),
  type: ascii('<Type'),
  time: ascii('<TimeCreated'),
  subType: ascii('<SubType'),
  source: ascii('<Source'),
  level: ascii('<Level>'),
  correlation: ascii('<Correlation'),
  channel: ascii('<Channel'),
  computer: ascii('<Computer>'),
  name: ascii(' Name="'),
  systemTime: ascii(' SystemTime="'),
  activityId: ascii(' ActivityID="'),
  relatedId: ascii(' RelatedActivityID="'),
  processName: ascii(' ProcessName="'),
  processId: ascii(' ProcessID="'),
  threadId: ascii(' ThreadID="'),
};

const FAIL = -1;

/** A System block matcher: this module's, or the same steps in WebAssembly (event-search.ts). */
export interface SystemMatch {
  /** Value ranges by field (see SYS); -1 when the field was not found. */
  readonly pos: Int32Array;
  /** Fields in the order their elements appeared; `count` of them. */
  readonly order: Uint8Array;
  readonly count: number;
  match(buf: Uint8Array, s: number, e: number): number;
}

export class SystemBlockMatcher implements SystemMatch {
  /** Value ranges by field (see SYS); -1 when the field was not found. */
  readonly pos = new Int32Array(FIELDS * 2);
  /** Fields in the order their elements appeared (for interning in document order). */
  readonly order = new Uint8Array(FIELDS);
  count = 0;

  /**
   * Matches the System block of the event in bytes [s, e) (s is the '<' of `<E2ETraceEvent`).
   * Returns the index of `</System>` (the walk resumes there, as it would after the block), or -1.
   */
  match(buf: Buffer, s: number, e: number): number {
    this.pos.fill(-1);
    this.count = 0;
    // The first tag after the event's own start tag must be <System ...>: nothing the walk reads
    // can come before it.
    let k = nextTag(buf, s + 1, e);
    if (k < 0 || !startsWith(buf, k, L.system) || !endsName(buf[k + L.system.length])) return FAIL;
    let seen = 0;
    k = nextTag(buf, k + L.system.length, e);
    for (;;) {
      if (k < 0 || k + 2 >= e) return FAIL;
      const c = buf[k + 1];
      if (c === SLASH) {
        if (startsWith(buf, k, L.systemClose)) return k;
        // Other end tags are of no interest to the walk either.
        k = nextTag(buf, k + 2, e);
        continue;
      }
      if (c === BANG || c === QMARK) return FAIL;
      let bit: number;
      let at: number; // where to look for the next '<'
      switch (c) {
        case 0x45: // E
          if (startsWith(buf, k, L.eventId)) {
            bit = C_EVENTID;
            at = this.text(buf, k + L.eventId.length, e, SYS.eventId);
          } else if (startsWith(buf, k, L.execution)) {
            bit = C_EXECUTION;
            at = this.execution(buf, k + L.execution.length, e);
          } else return FAIL;
          break;
        case 0x54: // T
          if (startsWith(buf, k, L.type) && endsName(buf[k + L.type.length])) {
            bit = C_TYPE;
            at = k + L.type.length;
          } else if (startsWith(buf, k, L.time)) {
            bit = C_TIME;
            at = this.oneAttr(buf, k + L.time.length, e, L.systemTime, SYS.time);
          } else return FAIL;
          break;
        case 0x53: // S
          if (startsWith(buf, k, L.subType)) {
            bit = C_SUBTYPE;
            at = this.oneAttr(buf, k + L.subType.length, e, L.name, SYS.subType);
          } else if (startsWith(buf, k, L.source)) {
            bit = C_SOURCE;
            at = this.oneAttr(buf, k + L.source.length, e, L.name, SYS.source);
          } else return FAIL;
          break;
        case 0x4c: // L
          if (!startsWith(buf, k, L.level)) return FAIL;
          bit = C_LEVEL;
          at = this.text(buf, k + L.level.length, e, SYS.level);
          break;
        case 0x43: // C
          if (startsWith(buf, k, L.correlation)) {
            bit = C_CORRELATION;
            at = this.correlation(buf, k + L.correlation.length, e);
          } else if (startsWith(buf, k, L.channel) && endsName(buf[k + L.channel.length])) {
            bit = C_CHANNEL;
            at = k + L.channel.length;
          } else if (startsWith(buf, k, L.computer)) {
            bit = C_COMPUTER;
            at = this.text(buf, k + L.computer.length, e, SYS.computer);
          } else return FAIL;
          break;
        default:
          return FAIL;
      }
      if (at < 0 || seen & bit) return FAIL;
      seen |= bit;
      k = nextTag(buf, at, e);
    }
  }

  private found(field: number, a: number, b: number): void {
    this.pos[2 * field] = a;
    this.pos[2 * field + 1] = b;
    this.order[this.count++] = field;
  }

  /** Element text from `from` to the next '<' (the walk's text(); CDATA is left to the walk). */
  private text(buf: Buffer, from: number, e: number, field: number): number {
    const lt = nextTag(buf, from, e);
    if (lt < 0 || (lt === from && buf[lt + 1] === BANG)) return FAIL;
    this.found(field, from, lt);
    return lt;
  }

  /** `<Name attr="value"` followed by the end of the tag; returns the index after the tag. */
  private oneAttr(buf: Buffer, i: number, e: number, lit: Uint8Array, field: number): number {
    if (!startsWith(buf, i, lit)) return FAIL;
    const va = i + lit.length;
    const vb = quoteEnd(buf, va, e);
    if (vb < 0) return FAIL;
    this.found(field, va, vb);
    return tagClose(buf, vb + 1, e);
  }

  private correlation(buf: Buffer, i: number, e: number): number {
    if (startsWith(buf, i, L.activityId)) {
      const va = i + L.activityId.length;
      const vb = quoteEnd(buf, va, e);
      if (vb < 0) return FAIL;
      this.found(SYS.activity, va, vb);
      i = vb + 1;
    }
    if (startsWith(buf, i, L.relatedId)) {
      const va = i + L.relatedId.length;
      const vb = quoteEnd(buf, va, e);
      if (vb < 0) return FAIL;
      this.found(SYS.related, va, vb);
      i = vb + 1;
    }
    return tagClose(buf, i, e);
  }

  private execution(buf: Buffer, i: number, e: number): number {
    const lits = [L.processName, L.processId, L.threadId];
    const fields = [SYS.processName, SYS.pid, SYS.tid];
    for (let k = 0; k < 3; k++) {
      if (!startsWith(buf, i, lits[k])) continue;
      const va = i + lits[k].length;
      const vb = quoteEnd(buf, va, e);
      if (vb < 0) return FAIL;
      this.found(fields[k], va, vb);
      i = vb + 1;
    }
    return tagClose(buf, i, e);
  }
}

/** True when byte `b` can follow an element name (so `<Type` is not the start of `<TypeX`). */
function endsName(b: number): boolean {
  return b === GT || b === SLASH || isSpace(b);
}

function nextTag(buf: Buffer, i: number, e: number): number {
  for (; i < e; i++) if (buf[i] === LT) return i;
  return FAIL;
}

function quoteEnd(buf: Buffer, i: number, e: number): number {
  for (; i < e; i++) {
    const b = buf[i];
    if (b === QUOT) return i;
    if (b === LT) return FAIL;
  }
  return FAIL;
}

/** After the last attribute: optional blanks, then `>` or `/>`. Returns the index after it. */
function tagClose(buf: Buffer, i: number, e: number): number {
  while (i < e && isSpace(buf[i])) i++;
  if (buf[i] === GT) return i + 1;
  if (buf[i] === SLASH && buf[i + 1] === GT) return i + 2;
  return FAIL;
}
