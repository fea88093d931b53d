/**
 * Pulls the indexed fields out of one framed event without an XML parser: a walk over its tags
 * that looks only at the element names it needs (System fields, TraceRecord description and
 * activity name, the first exception, MessageLogTraceRecord headers) and jumps over SOAP bodies
 * with a native search. Values are interned as bytes; strings are made once per distinct value.
 * Events in the kernel's window are extracted by kernel/extract.ts (these steps in WebAssembly);
 * this class takes the others (Malformed message records, events in a window that outgrew the
 * kernel's memory, tests).
 */
import { APOS, BANG, COLON, GT, LT, QMARK, QUOT, SLASH, ascii, asBuffer, equals, indexOfIn, isSpace, parseIntBytes, startsWith } from '../framing/bytes';
import { EVENT_FLAG, EVENT_SPEC, MESSAGE_SPEC, type EventSpec, type MessageSpec, TableBuilder } from './columns';
import { ValueTable, type ValueInterner } from './intern';
import { KernelScan } from '../framing/kernel-scan';
import { KernelStrings } from './kernel-strings';
import { decodeEntities } from './entities';
import { TimeParser, type ParsedTime } from './svctime';
import { SYS, SystemBlockMatcher } from './system-block';
import { TAG_CODES } from './layout';
import type { EventSearch } from '../framing/event-search';

const N = {
  EventID: ascii('EventID'),
  SubType: ascii('SubType'),
  Level: ascii('Level'),
  TimeCreated: ascii('TimeCreated'),
  Source: ascii('Source'),
  Correlation: ascii('Correlation'),
  Execution: ascii('Execution'),
  Computer: ascii('Computer'),
  System: ascii('System'),
  ApplicationData: ascii('ApplicationData'),
  Description: ascii('Description'),
  ActivityName: ascii('ActivityName'),
  Exception: ascii('Exception'),
  ExceptionType: ascii('ExceptionType'),
  Message: ascii('Message'),
  MessageLogTraceRecord: ascii('MessageLogTraceRecord'),
  Method: ascii('Method'),
  StatusCode: ascii('StatusCode'),
  Envelope: ascii('Envelope'),
  Body: ascii('Body'),
  Action: ascii('Action'),
  MessageID: ascii('MessageID'),
  RelatesTo: ascii('RelatesTo'),
  To: ascii('To'),
  ReplyTo: ascii('ReplyTo'),
  Address: ascii('Address'),
  ActivityId: ascii('ActivityId'),
};
const A = {
  Name: ascii('Name'),
  SystemTime: ascii('SystemTime'),
  ActivityID: ascii('ActivityID'),
  RelatedActivityID: ascii('RelatedActivityID'),
  ProcessName: ascii('ProcessName'),
  ProcessID: ascii('ProcessID'),
  ThreadID: ascii('ThreadID'),
  Source: ascii('Source'),
  Type: ascii('Type'),
  CorrelationId: ascii('CorrelationId'),
};
const CDATA = ascii('<![CDATA[');
const CDATA_END = ascii(']]>');
const COMMENT_END = ascii('-->');
const PI_END = ascii('?>');
const APPDATA_CLOSE = ascii('</ApplicationData');
const MLTR_CLOSE = ascii('</MessageLogTraceRecord');
const SOAP12 = ascii('http://www.w3.org/2003/05/soap-envelope');
const SOAP11 = ascii('http://schemas.xmlsoap.org/soap/envelope/');
const MALFORMED = ascii('Malformed');
/** Below this many bytes, walking the rest of an event is cheaper than searching it. */
const INERT_SEARCH_MIN = 256;
/** Escaped content of a Malformed message decoded for header extraction, at most this many bytes. */
const MALFORMED_SCAN_BYTES = 256 * 1024;

/** Element names the walk reacts to: the codes of the layout shared with the kernel (kernel/layout.ts's T_*). */
const T = TAG_CODES;
export { TAG_CODES };

/** Code of the local name [a, b): dispatch on length first so most tags cost one comparison. */
function tagCode(buf: Uint8Array, a: number, b: number): number {
  switch (b - a) {
    case 2:
      return equals(buf, a, b, N.To) ? T.To : T.none;
    case 4:
      return equals(buf, a, b, N.Body) ? T.Body : T.none;
    case 5:
      return equals(buf, a, b, N.Level) ? T.Level : T.none;
    case 6:
      return equals(buf, a, b, N.Source) ? T.Source : equals(buf, a, b, N.Action) ? T.Action : equals(buf, a, b, N.Method) ? T.Method : T.none;
    case 7:
      return equals(buf, a, b, N.EventID) ? T.EventID : equals(buf, a, b, N.SubType) ? T.SubType : equals(buf, a, b, N.Message) ? T.Message : equals(buf, a, b, N.ReplyTo) ? T.ReplyTo : equals(buf, a, b, N.Address) ? T.Address : T.none;
    case 8:
      return equals(buf, a, b, N.Computer) ? T.Computer : equals(buf, a, b, N.Envelope) ? T.Envelope : T.none;
    case 9:
      return equals(buf, a, b, N.Execution) ? T.Execution : equals(buf, a, b, N.Exception) ? T.Exception : equals(buf, a, b, N.MessageID) ? T.MessageID : equals(buf, a, b, N.RelatesTo) ? T.RelatesTo : T.none;
    case 10:
      return equals(buf, a, b, N.ActivityId) ? T.ActivityId : equals(buf, a, b, N.StatusCode) ? T.StatusCode : T.none;
    case 11:
      return equals(buf, a, b, N.TimeCreated) ? T.TimeCreated : equals(buf, a, b, N.Correlation) ? T.Correlation : equals(buf, a, b, N.Description) ? T.Description : T.none;
    case 12:
      return equals(buf, a, b, N.ActivityName) ? T.ActivityName : T.none;
    case 13:
      return equals(buf, a, b, N.ExceptionType) ? T.ExceptionType : T.none;
    case 15:
      return equals(buf, a, b, N.ApplicationData) ? T.ApplicationData : T.none;
    case 21:
      return equals(buf, a, b, N.MessageLogTraceRecord) ? T.MessageLogTraceRecord : T.none;
    default:
      return T.none;
  }
}

// Walk state bits.
const IN_APPDATA = 1;
const IN_EXCEPTION = 2;
const SEEN_EXCEPTION = 4;
const IN_MESSAGE = 8;
const IN_REPLYTO = 16;
const IN_BODY_DONE = 32;

export class EventExtractor {
  readonly events: TableBuilder<EventSpec>;
  readonly messages: TableBuilder<MessageSpec>;
  readonly strings: ValueInterner;
  /** True when the kernel extracts the events in its window and holds the string table. */
  readonly inKernel: boolean;
  /** Extraction (and framing of UTF-8 windows) in the kernel, for events in its window (null: everything here). */
  readonly kernel: KernelScan | null;
  private readonly time = new TimeParser();
  private readonly t: ParsedTime = { us: NaN, tick: 0 };
  // Attribute scratch: [nameStart, nameEnd, valueStart, valueEnd] per attribute of the current tag.
  private attrs = new Int32Array(64);
  private attrCount = 0;
  // Text scratch set by text().
  private ta = 0;
  private tb = 0;
  private state = 0;
  private row = 0;
  private msgRow = -1;
  private readonly system = new SystemBlockMatcher();

  /**
   * `fastPaths: false` always walks every tag generically here (tests compare both ways).
   * `search`: the parse window's kernel (event-search.ts): with fast paths, it extracts the
   * events in its window and holds the string table (unless `kernelExtract` is false); otherwise
   * it still matches System blocks and searches for restIsInert.
   */
  constructor(
    private readonly fastPaths = true,
    private readonly search: EventSearch | null = null,
    kernelExtract = true,
    /** Bytes to be parsed, when known: the tables start big enough for a usual trace's events of that size. */
    bytes = 0,
  ) {
    // Growing the tables copies every column; events are rarely under 1 KB, messages rarer than one per 8 KB.
    this.events = new TableBuilder<EventSpec>(EVENT_SPEC, Math.max(4096, Math.ceil(bytes / 1024)));
    this.messages = new TableBuilder<MessageSpec>(MESSAGE_SPEC, Math.max(512, Math.ceil(bytes / 8192)));
    this.inKernel = kernelExtract && fastPaths && search !== null && search.hasStrings;
    this.kernel = this.inKernel ? new KernelScan(search!, this.events, this.messages) : null;
    this.strings = this.inKernel ? new KernelStrings(search!) : new ValueTable();
  }

  /**
   * Indexes the complete event in bytes [s, e) of `buf`; `fileStart`/`fileEnd` are its byte range
   * in the original file. Its row is in `events` once `kernel` (when there is one) was flushed.
   */
  add(buf: Buffer, s: number, e: number, fileStart: number, fileEnd: number): void {
    if (this.kernel !== null) {
      if (this.search!.owns(buf) && this.kernel.addEvent(buf.length, s, e, fileStart, fileEnd)) return;
      // This row comes after the kernel's.
      this.kernel.flush();
    }
    const row = this.events.add();
    const c = this.events.cols;
    c.start[row] = fileStart;
    c.end[row] = fileEnd;
    c.timeUs[row] = NaN;
    c.eventId[row] = NaN;
    c.pid[row] = -1;
    c.tid[row] = -1;
    c.message[row] = -1;
    this.row = row;
    this.msgRow = -1;
    this.state = 0;
    // Over the parse window the kernel matches the System block (the same steps, in WebAssembly).
    const system = this.search !== null && this.search.owns(buf) ? this.search.system : this.system;
    const at = this.fastPaths ? system.match(buf, s, e) : -1;
    if (at < 0) this.walk(buf, s, e);
    else {
      const { pos, order, count } = system;
      for (let k = 0; k < count; k++) {
        const f = order[k];
        this.systemField(buf, f, pos[2 * f], pos[2 * f + 1]);
      }
      this.walk(buf, at, e);
    }
  }

  /** Stores System field `field` (see SYS) from value bytes [a, b): shared by the fast path and the walk. */
  private systemField(buf: Uint8Array, field: number, a: number, b: number): void {
    const ev = this.events.cols;
    const row = this.row;
    switch (field) {
      case SYS.eventId:
        ev.eventId[row] = parseIntBytes(buf, a, b);
        break;
      case SYS.subType:
        ev.subType[row] = this.strings.intern(buf, a, b);
        break;
      case SYS.level: {
        const v = parseIntBytes(buf, a, b);
        ev.level[row] = v >= 0 && v <= 255 ? v : 0;
        break;
      }
      case SYS.time:
        this.time.parse(buf, a, b, this.t);
        ev.timeUs[row] = this.t.us;
        ev.tick[row] = this.t.tick;
        break;
      case SYS.source:
        ev.source[row] = this.strings.intern(buf, a, b);
        break;
      case SYS.activity:
        ev.activity[row] = this.guid(buf, a, b);
        break;
      case SYS.related:
        ev.related[row] = this.guid(buf, a, b);
        break;
      case SYS.processName:
        ev.processName[row] = this.strings.intern(buf, a, b);
        break;
      case SYS.pid:
        ev.pid[row] = intOr(parseIntBytes(buf, a, b), -1);
        break;
      case SYS.tid:
        ev.tid[row] = intOr(parseIntBytes(buf, a, b), -1);
        break;
      case SYS.computer:
        // Element text is trimmed (as text() does); parseIntBytes trims on its own.
        while (a < b && isSpace(buf[a])) a++;
        while (b > a && isSpace(buf[b - 1])) b--;
        ev.computer[row] = this.strings.intern(buf, a, b);
        break;
    }
  }

  private walk(buf: Buffer, s: number, e: number): void {
    const search = this.search !== null && this.search.owns(buf) ? this.search : null;
    let i = s;
    while (i < e) {
      // Text runs (descriptions, exception strings, message bodies) are searched with SIMD.
      if (search !== null && i + 8 < e && buf[i] !== LT && buf[i + 1] !== LT) i = search.indexOfLt(i, e);
      else while (i < e && buf[i] !== LT) i++;
      if (i + 1 >= e) return;
      const c = buf[i + 1];
      if (c === BANG) {
        i = this.skipMarkup(buf, i, e);
        continue;
      }
      if (c === QMARK) {
        const end = indexOfIn(asBuffer(buf), PI_END, i + 2, e);
        i = end < 0 ? e : end + 2;
        continue;
      }
      const closing = c === SLASH;
      // End tags matter only while inside an exception, a ReplyTo or a message record.
      if (closing && (this.state & (IN_EXCEPTION | IN_REPLYTO | IN_MESSAGE)) === 0) {
        i += 2;
        continue;
      }
      let n = closing ? i + 2 : i + 1;
      let local = n;
      for (; n < e; n++) {
        const b = buf[n];
        if (b === GT || b === SLASH || b <= 0x20) break;
        if (b === COLON) local = n + 1;
      }
      if (closing) {
        this.close(buf, local, n);
        i = n;
        continue;
      }
      // Most tags are of no interest: only the handlers look for the tag's end. '<' cannot occur
      // inside attribute values, so scanning on from the name is safe either way.
      i = this.open(buf, local, n, e);
    }
  }

  /** Index of the '>' ending the tag whose attributes start at `from` (quotes respected), or e. */
  private tagEnd(buf: Uint8Array, from: number, e: number): number {
    let q = 0;
    for (let n = from; n < e; n++) {
      const b = buf[n];
      if (q !== 0) {
        if (b === q) q = 0;
      } else if (b === QUOT || b === APOS) q = b;
      else if (b === GT) return n;
    }
    return e;
  }

  /** Skips a comment, CDATA section or declaration starting at `i` (the '<'). */
  private skipMarkup(buf: Uint8Array, i: number, e: number): number {
    if (startsWith(buf, i, CDATA)) {
      const end = indexOfIn(asBuffer(buf), CDATA_END, i + 9, e);
      return end < 0 ? e : end + 3;
    }
    if (buf[i + 2] === 0x2d) {
      const end = indexOfIn(asBuffer(buf), COMMENT_END, i + 4, e);
      return end < 0 ? e : end + 3;
    }
    const end = buf.indexOf(GT, i);
    return end < 0 || end > e ? e : end + 1;
  }

  private close(buf: Uint8Array, a: number, b: number): void {
    const len = b - a;
    if (len === 9 && equals(buf, a, b, N.Exception)) {
      if (this.state & IN_EXCEPTION) this.state = (this.state & ~IN_EXCEPTION) | SEEN_EXCEPTION;
    } else if (len === 7 && equals(buf, a, b, N.ReplyTo)) this.state &= ~IN_REPLYTO;
    else if (len === 21 && equals(buf, a, b, N.MessageLogTraceRecord)) this.state &= ~IN_MESSAGE;
  }

  /** Handles an open tag with local name [a, b); returns where to scan on. */
  private open(buf: Buffer, a: number, b: number, e: number): number {
    const code = tagCode(buf, a, b);
    if (code === T.none) return b;
    const st = this.state;
    // Which names matter depends on where we are: System block, ApplicationData, message record.
    const inMessage = (st & IN_MESSAGE) !== 0;
    const relevant = (st & IN_APPDATA) === 0 ? code <= T.lastSystem : inMessage ? code >= T.firstMessage : code > T.lastSystem && code < T.firstMessage;
    if (!relevant) return b;
    const gt = this.tagEnd(buf, b, e);
    if (gt >= e) return e;
    if (inMessage) return this.messageTag(buf, code, b, gt, e);
    const ev = this.events.cols;
    const row = this.row;
    const next = gt + 1;
    const selfClosing = buf[gt - 1] === SLASH;
    switch (code) {
      case T.EventID:
        this.text(buf, next, e);
        this.systemField(buf, SYS.eventId, this.ta, this.tb);
        break;
      case T.SubType:
        if (this.attr(buf, b, gt, A.Name)) this.systemField(buf, SYS.subType, this.ta, this.tb);
        break;
      case T.Level:
        this.text(buf, next, e);
        this.systemField(buf, SYS.level, this.ta, this.tb);
        break;
      case T.TimeCreated:
        if (this.attr(buf, b, gt, A.SystemTime)) this.systemField(buf, SYS.time, this.ta, this.tb);
        break;
      case T.Correlation:
        this.attributes(buf, b, gt);
        for (let k = 0; k < this.attrCount; k++) {
          const o = k * 4;
          const name = this.attrs[o];
          const nameEnd = this.attrs[o + 1];
          if (equals(buf, name, nameEnd, A.ActivityID)) this.systemField(buf, SYS.activity, this.attrs[o + 2], this.attrs[o + 3]);
          else if (equals(buf, name, nameEnd, A.RelatedActivityID)) this.systemField(buf, SYS.related, this.attrs[o + 2], this.attrs[o + 3]);
        }
        break;
      case T.Source:
        if (ev.source[row] === 0 && this.attr(buf, b, gt, A.Name)) this.systemField(buf, SYS.source, this.ta, this.tb);
        break;
      case T.Execution:
        this.attributes(buf, b, gt);
        for (let k = 0; k < this.attrCount; k++) {
          const o = k * 4;
          const name = this.attrs[o];
          const nameEnd = this.attrs[o + 1];
          const va = this.attrs[o + 2];
          const vb = this.attrs[o + 3];
          if (equals(buf, name, nameEnd, A.ProcessName)) this.systemField(buf, SYS.processName, va, vb);
          else if (equals(buf, name, nameEnd, A.ProcessID)) this.systemField(buf, SYS.pid, va, vb);
          else if (equals(buf, name, nameEnd, A.ThreadID)) this.systemField(buf, SYS.tid, va, vb);
        }
        break;
      case T.Computer:
        this.text(buf, next, e);
        this.systemField(buf, SYS.computer, this.ta, this.tb);
        break;
      case T.ApplicationData:
        this.state |= IN_APPDATA;
        if (!selfClosing) return this.appDataText(buf, next, e);
        break;
      case T.Description:
        if (ev.description[row] === 0) {
          this.text(buf, next, e);
          ev.description[row] = this.strings.intern(buf, this.ta, this.tb);
          if (this.fastPaths && this.restIsInert(buf, next, e)) return e;
        }
        break;
      case T.ActivityName:
        if (ev.activityName[row] === 0) {
          this.text(buf, next, e);
          ev.activityName[row] = this.strings.intern(buf, this.ta, this.tb);
          if (this.fastPaths && this.restIsInert(buf, next, e)) return e;
        }
        break;
      case T.Exception:
        if (!selfClosing) {
          if (ev.exceptions[row] < 255) ev.exceptions[row]++;
          if ((st & (IN_EXCEPTION | SEEN_EXCEPTION)) === 0) {
            this.state |= IN_EXCEPTION;
            ev.flags[row] |= EVENT_FLAG.exception;
          }
        }
        break;
      case T.ExceptionType:
        if (st & IN_EXCEPTION && ev.exceptionType[row] === 0) {
          this.text(buf, next, e);
          ev.exceptionType[row] = this.strings.intern(buf, this.ta, this.tb);
        }
        break;
      case T.Message:
        if (st & IN_EXCEPTION && ev.exceptionMessage[row] === 0) {
          this.text(buf, next, e);
          ev.exceptionMessage[row] = this.strings.intern(buf, this.ta, this.tb);
        }
        break;
      case T.MessageLogTraceRecord:
        if (this.msgRow < 0) return this.messageRecord(buf, b, gt, e, selfClosing);
        break;
    }
    return next;
  }

  /**
   * True when the walk would find nothing more in [from, e) of a TraceRecord: none of the names it
   * still reacts to occurs there at all (as a tag or not). A few native searches then replace
   * walking the rest (MessageHeaders, ExtendedData: most of an Information trace's bytes).
   */
  private restIsInert(buf: Buffer, from: number, e: number): boolean {
    if (this.state !== IN_APPDATA || e - from < INERT_SEARCH_MIN) return false;
    const ev = this.events.cols;
    const needName = ev.activityName[this.row] === 0;
    const needDescription = ev.description[this.row] === 0;
    const search = this.search;
    if (search !== null && search.owns(buf)) return !search.containsAnyName(from, e, { activityName: needName, description: needDescription });
    const rest = buf.subarray(from, e);
    return (
      rest.indexOf(N.Exception) < 0 &&
      rest.indexOf(N.MessageLogTraceRecord) < 0 &&
      (!needName || rest.indexOf(N.ActivityName) < 0) &&
      (!needDescription || rest.indexOf(N.Description) < 0)
    );
  }

  /** Non-WCF TraceSource output: ApplicationData holds text, which becomes the description. */
  private appDataText(buf: Uint8Array, from: number, e: number): number {
    let i = from;
    while (i < e && isSpace(buf[i])) i++;
    if (i < e && buf[i] === LT && !startsWith(buf, i, CDATA)) return from;
    const end = indexOfIn(asBuffer(buf), APPDATA_CLOSE, i, e);
    const stop = end < 0 ? e : end;
    let j = stop;
    while (j > i && isSpace(buf[j - 1])) j--;
    if (j > i) this.events.cols.description[this.row] = this.strings.intern(buf, i, j);
    return stop;
  }

  private messageRecord(buf: Uint8Array, b: number, gt: number, e: number, selfClosing: boolean): number {
    const m = this.messages.add();
    const mc = this.messages.cols;
    mc.event[m] = this.row;
    mc.bodySize[m] = -1;
    this.msgRow = m;
    const ev = this.events.cols;
    ev.message[this.row] = m;
    ev.flags[this.row] |= EVENT_FLAG.message;
    let malformed = false;
    this.attributes(buf, b, gt);
    for (let k = 0; k < this.attrCount; k++) {
      const o = k * 4;
      const va = this.attrs[o + 2];
      const vb = this.attrs[o + 3];
      if (equals(buf, this.attrs[o], this.attrs[o + 1], A.Source)) {
        mc.source[m] = this.strings.intern(buf, va, vb);
        malformed = equals(buf, va, vb, MALFORMED);
      } else if (equals(buf, this.attrs[o], this.attrs[o + 1], A.Type)) mc.type[m] = this.strings.intern(buf, va, vb);
    }
    if (selfClosing) return gt + 1;
    this.state |= IN_MESSAGE;
    if (!malformed) return gt + 1;
    // Malformed: the message was logged as escaped text. Unescape it and read its headers.
    ev.flags[this.row] |= EVENT_FLAG.malformed;
    const end = indexOfIn(asBuffer(buf), MLTR_CLOSE, gt + 1, e);
    const stop = end < 0 ? e : end;
    const raw = asBuffer(buf).toString('utf8', gt + 1, Math.min(stop, gt + 1 + MALFORMED_SCAN_BYTES));
    const inner = Buffer.from(decodeEntities(raw).replace('<![CDATA[', '').replace(/]]>\s*$/, ''), 'utf8');
    const saved = this.state;
    this.walk(inner, 0, inner.length);
    this.state = saved & ~IN_MESSAGE;
    return stop;
  }

  private messageTag(buf: Uint8Array, code: number, b: number, gt: number, e: number): number {
    const m = this.msgRow;
    const mc = this.messages.cols;
    const next = gt + 1;
    if (buf[gt - 1] === SLASH) {
      if (code === T.Body && mc.bodySize[m] < 0) mc.bodySize[m] = 0;
      return next;
    }
    switch (code) {
      case T.Action:
        if (mc.action[m] === 0) mc.action[m] = this.textId(buf, next, e);
        break;
      case T.Method:
        if (mc.httpMethod[m] === 0) mc.httpMethod[m] = this.textId(buf, next, e);
        break;
      case T.MessageID:
        if (mc.messageId[m] === 0) mc.messageId[m] = this.textId(buf, next, e);
        break;
      case T.RelatesTo:
        if (mc.relatesTo[m] === 0) mc.relatesTo[m] = this.textId(buf, next, e);
        break;
      case T.To:
        if (mc.to[m] === 0) mc.to[m] = this.textId(buf, next, e);
        break;
      case T.ReplyTo:
        this.state |= IN_REPLYTO;
        break;
      case T.Address:
        if (this.state & IN_REPLYTO && mc.replyTo[m] === 0) mc.replyTo[m] = this.textId(buf, next, e);
        break;
      case T.ActivityId:
        if (mc.activityHeader[m] === 0) {
          if (this.attr(buf, b, gt, A.CorrelationId)) mc.correlationId[m] = this.strings.intern(buf, this.ta, this.tb);
          this.text(buf, next, e);
          mc.activityHeader[m] = this.guid(buf, this.ta, this.tb);
          if (mc.activityHeader[m] !== 0) this.events.cols.flags[this.row] |= EVENT_FLAG.activityHeader;
        }
        break;
      case T.StatusCode:
        if (mc.httpStatus[m] === 0) mc.httpStatus[m] = this.textId(buf, next, e);
        break;
      case T.Envelope:
        if (mc.soap[m] === 0) {
          const tag = asBuffer(buf);
          if (indexOfIn(tag, SOAP12, b, gt) >= 0) mc.soap[m] = 12;
          else if (indexOfIn(tag, SOAP11, b, gt) >= 0) mc.soap[m] = 11;
        }
        break;
      case T.Body:
        if (mc.bodySize[m] < 0 && (this.state & IN_BODY_DONE) === 0) {
          // Jump over the body: its content is not indexed, only its size.
          this.state |= IN_BODY_DONE;
          const a = b - N.Body.length;
          const qname = buf.subarray(findQNameStart(buf, a), b);
          const needle = new Uint8Array(qname.length + 2);
          needle[0] = LT;
          needle[1] = SLASH;
          needle.set(qname, 2);
          const end = indexOfIn(asBuffer(buf), needle, next, e);
          mc.bodySize[m] = (end < 0 ? e : end) - next;
          return end < 0 ? e : end;
        }
        break;
    }
    return next;
  }

  /** Sets [ta, tb) to the element text starting at `from` (up to the next tag; CDATA unwrapped), trimmed. */
  private text(buf: Uint8Array, from: number, e: number): void {
    let i = from;
    while (i < e && buf[i] !== LT) i++;
    let a = from;
    let b = i;
    if (a === b && startsWith(buf, i, CDATA)) {
      const end = indexOfIn(asBuffer(buf), CDATA_END, i + 9, e);
      a = i + 9;
      b = end < 0 ? e : end;
    }
    while (a < b && isSpace(buf[a])) a++;
    while (b > a && isSpace(buf[b - 1])) b--;
    this.ta = a;
    this.tb = b;
  }

  private textId(buf: Uint8Array, from: number, e: number): number {
    this.text(buf, from, e);
    return this.strings.intern(buf, this.ta, this.tb);
  }

  /** Interns a GUID value without braces. */
  private guid(buf: Uint8Array, a: number, b: number): number {
    if (b - a >= 2 && buf[a] === 0x7b && buf[b - 1] === 0x7d) {
      a++;
      b--;
    }
    return this.strings.intern(buf, a, b);
  }

  /** Finds attribute `name` in the tag bytes [from, gt); sets [ta, tb) to its value. */
  private attr(buf: Uint8Array, from: number, gt: number, name: Uint8Array): boolean {
    this.attributes(buf, from, gt);
    for (let k = 0; k < this.attrCount; k++) {
      const o = k * 4;
      if (equals(buf, this.attrs[o], this.attrs[o + 1], name)) {
        this.ta = this.attrs[o + 2];
        this.tb = this.attrs[o + 3];
        return true;
      }
    }
    return false;
  }

  /** Splits the attributes of a tag (bytes [from, gt)) into the scratch array. Local names only. */
  private attributes(buf: Uint8Array, from: number, gt: number): void {
    let n = 0;
    let i = from;
    while (i < gt && n < 16) {
      while (i < gt && (isSpace(buf[i]) || buf[i] === SLASH)) i++;
      if (i >= gt) break;
      let nameStart = i;
      while (i < gt && buf[i] !== 0x3d && !isSpace(buf[i])) {
        if (buf[i] === COLON) nameStart = i + 1;
        i++;
      }
      const nameEnd = i;
      while (i < gt && buf[i] !== QUOT && buf[i] !== APOS) i++;
      if (i >= gt) break;
      const q = buf[i];
      const va = ++i;
      while (i < gt && buf[i] !== q) i++;
      const o = n * 4;
      this.attrs[o] = nameStart;
      this.attrs[o + 1] = nameEnd;
      this.attrs[o + 2] = va;
      this.attrs[o + 3] = i;
      n++;
      i++;
    }
    this.attrCount = n;
  }
}

function intOr(v: number, fallback: number): number {
  return Number.isFinite(v) && v >= -2147483648 && v <= 2147483647 ? v : fallback;
}

/** Start of the qualified name whose local part starts at `local` (walks back over a prefix). */
function findQNameStart(buf: Uint8Array, local: number): number {
  let i = local;
  while (i > 0 && buf[i - 1] !== LT && buf[i - 1] !== SLASH) i--;
  return i;
}
