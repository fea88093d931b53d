/**
 * Whole-event extraction in the svclog kernel (kernel/extract.ts: EventExtractor's steps in
 * WebAssembly, compiled before it runs, so a fresh process's first file parses at full speed):
 * the kernel fills a record of the event's fields and this copies it into the event and message
 * columns. Events it cannot finish (a Malformed message record) are left to the JavaScript
 * extractor, which repeats the same steps.
 */
import { KernelOutOfMemory } from '../wasm-kernel';
import type { EventSpec, MessageSpec, TableBuilder } from './columns';
import type { EventSearch } from './event-search';

// extract's answers (kernel/extract.ts).
const OK = 0;
const OUT_OF_MEMORY = 2;

// The record's slots (kernel/extract.ts).
const O = {
  flags: 0,
  exceptions: 1,
  level: 2,
  tick: 3,
  pid: 4,
  tid: 5,
  subType: 6,
  source: 7,
  computer: 8,
  processName: 9,
  activity: 10,
  related: 11,
  description: 12,
  activityName: 13,
  exceptionType: 14,
  exceptionMessage: 15,
  hasMessage: 16,
  soap: 17,
  bodySize: 18,
  mSource: 19,
  mType: 20,
  action: 21,
  messageId: 22,
  relatesTo: 23,
  to: 24,
  replyTo: 25,
  activityHeader: 26,
  correlationId: 27,
  httpMethod: 28,
  httpStatus: 29,
} as const;
const F64_AT = 128;

export class KernelExtract {
  private readonly rec: Int32Array;
  private readonly rec64: Float64Array;

  constructor(private readonly search: EventSearch) {
    const at = search.layout.out;
    this.rec = new Int32Array(search.buffer, at, 32);
    this.rec64 = new Float64Array(search.buffer, at + F64_AT, 2);
  }

  /**
   * Extracts the event [s, e) of the window (`len` bytes of data) into new rows; its byte range in
   * the file is [fileStart, fileEnd). False when the JavaScript extractor must take the event.
   */
  add(len: number, s: number, e: number, fileStart: number, fileEnd: number, events: TableBuilder<EventSpec>, messages: TableBuilder<MessageSpec>): boolean {
    const answer = this.search.k.extract(0, len, s, e);
    if (answer !== OK) {
      if (answer === OUT_OF_MEMORY) throw new KernelOutOfMemory('svclog');
      return false;
    }
    const r = this.rec;
    const row = events.add();
    const c = events.cols;
    c.start[row] = fileStart;
    c.end[row] = fileEnd;
    c.timeUs[row] = this.rec64[0];
    c.eventId[row] = this.rec64[1];
    c.tick[row] = r[O.tick];
    c.level[row] = r[O.level];
    c.pid[row] = r[O.pid];
    c.tid[row] = r[O.tid];
    c.flags[row] = r[O.flags];
    c.exceptions[row] = r[O.exceptions];
    c.subType[row] = r[O.subType];
    c.source[row] = r[O.source];
    c.computer[row] = r[O.computer];
    c.processName[row] = r[O.processName];
    c.activity[row] = r[O.activity];
    c.related[row] = r[O.related];
    c.description[row] = r[O.description];
    c.activityName[row] = r[O.activityName];
    c.exceptionType[row] = r[O.exceptionType];
    c.exceptionMessage[row] = r[O.exceptionMessage];
    if (r[O.hasMessage] === 0) {
      c.message[row] = -1;
      return true;
    }
    const m = messages.add();
    const mc = messages.cols;
    c.message[row] = m;
    mc.event[m] = row;
    mc.soap[m] = r[O.soap];
    mc.bodySize[m] = r[O.bodySize];
    mc.source[m] = r[O.mSource];
    mc.type[m] = r[O.mType];
    mc.action[m] = r[O.action];
    mc.messageId[m] = r[O.messageId];
    mc.relatesTo[m] = r[O.relatesTo];
    mc.to[m] = r[O.to];
    mc.replyTo[m] = r[O.replyTo];
    mc.activityHeader[m] = r[O.activityHeader];
    mc.correlationId[m] = r[O.correlationId];
    mc.httpMethod[m] = r[O.httpMethod];
    mc.httpStatus[m] = r[O.httpStatus];
    return true;
  }
}
