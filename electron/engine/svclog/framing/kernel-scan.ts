/**
 * Extraction in the svclog kernel (kernel/extract.ts: EventExtractor's steps), and framing of a
 * whole UTF-8 window there too (kernel/scan.ts: the Framer's steps): per event, no JavaScript runs
 * at all, so a fresh process parses at full speed from its first byte. The kernel stores rows in
 * a batch in its memory; they are appended to the extractor's tables when the batch fills, before
 * an event the kernel leaves to the JavaScript extractor (a Malformed message), and at the
 * window's end. Problems are queued by kind and worded here as scanner.ts words them.
 */
import { KernelOutOfMemory } from '../../wasm-kernel';
import { EVENT_SPEC, MESSAGE_SPEC, columnsIn, type Columns, type EventSpec, type MessageSpec, type TableBuilder } from '../extraction/columns';
import { BATCH_AREA, type EventSearch } from './event-search';
import { FRAME_PROBLEMS, type FrameSink, type Framer } from './scanner';

/** scan.ts's exports beyond event-search.ts's interface. */
interface ScanExports {
  extractRow(buf: number, len: number, s: number, e: number, fileStart: number, fileEnd: number): number;
  setupBatch(cols: number): void;
  batchStart(rows: number, messages: number): void;
  setupScan(queue: number, cap: number, batchCapacity: number): void;
  setFramerState(skip: number, garbage: number, done: number): void;
  windowStart(len: number, final: number, stopAt: number, base: number): void;
  scanStep(): number;
  problemsRead(): void;
  batchRows: WebAssembly.Global;
  batchMessages: WebAssembly.Global;
  skipLeading: WebAssembly.Global;
  inGarbage: WebAssembly.Global;
  done: WebAssembly.Global;
  keep: WebAssembly.Global;
  eventStart: WebAssembly.Global;
  eventEnd: WebAssembly.Global;
  problems: WebAssembly.Global;
}

// scanStep's answers and the problem kinds (kernel/scan.ts).
const R_KEEP = 0;
const R_EVENT = 1;
const R_FULL = 2;
// extractRow's answers (kernel/extract.ts).
const X_OK = 0;
const X_OUT_OF_MEMORY = 2;
const PROBLEM_TEXT: Record<number, (size: number) => (at: number) => string> = {
  1: () => FRAME_PROBLEMS.cut,
  2: () => FRAME_PROBLEMS.truncated,
  3: (size) => FRAME_PROBLEMS.large(size),
  4: () => FRAME_PROBLEMS.doctype,
  5: () => FRAME_PROBLEMS.xmlDeclaration,
  6: () => FRAME_PROBLEMS.garbage,
};

/** Rows a batch holds, and problems the queue holds. */
const BATCH_ROWS = 4096;
const QUEUE = 64;
const EVENT_COLUMNS = Object.keys(EVENT_SPEC).length;
const MESSAGE_COLUMNS = Object.keys(MESSAGE_SPEC).length;
/** Windows are under 2 GiB: a stop beyond that is no stop. */
const NO_STOP = 0x7fffffff;

export class KernelScan {
  private readonly k: ScanExports;
  private readonly events: Columns<EventSpec>;
  private readonly messages: Columns<MessageSpec>;
  private readonly queue: Int32Array;

  /** Rows go to `rows` and `messageRows` (the extractor's tables). */
  constructor(
    private readonly search: EventSearch,
    private readonly rows: TableBuilder<EventSpec>,
    private readonly messageRows: TableBuilder<MessageSpec>,
  ) {
    this.k = search.k as unknown as ScanExports;
    const buffer = search.buffer;
    const area = search.layout.batch;
    const table = area;
    const ev = columnsIn(EVENT_SPEC, buffer, table + 4 * (EVENT_COLUMNS + MESSAGE_COLUMNS), BATCH_ROWS);
    const ms = columnsIn(MESSAGE_SPEC, buffer, ev.end, BATCH_ROWS);
    const queueAt = Math.ceil(ms.end / 8) * 8;
    if (queueAt + QUEUE * 12 > area + BATCH_AREA) throw new Error('The svclog kernel batch does not fit its area.');
    new Int32Array(buffer, table, EVENT_COLUMNS + MESSAGE_COLUMNS).set([...ev.offsets, ...ms.offsets]);
    this.events = ev.cols;
    this.messages = ms.cols;
    this.queue = new Int32Array(buffer, queueAt, QUEUE * 3);
    this.k.setupBatch(table);
    this.k.setupScan(queueAt, QUEUE, BATCH_ROWS);
    this.startBatch();
  }

  /**
   * Frames window bytes [0, len) as framer.scan would (its state is read and set around the window),
   * the window starting at byte `fileBase` of the file. Returns the index from which bytes are kept.
   */
  scan(framer: Framer, len: number, final: boolean, sink: FrameSink, stopAt: number, fileBase: number): number {
    const k = this.k;
    const buf = this.search.window.subarray(0, len);
    k.setFramerState(framer.skipLeading ? 1 : 0, framer.inGarbage ? 1 : 0, framer.done ? 1 : 0);
    k.windowStart(len, final ? 1 : 0, Math.min(stopAt, NO_STOP), fileBase);
    this.flush();
    for (;;) {
      const answer = k.scanStep();
      this.report(sink);
      if (answer === R_KEEP) {
        this.flush();
        framer.skipLeading = k.skipLeading.value !== 0;
        framer.inGarbage = k.inGarbage.value !== 0;
        framer.done = k.done.value !== 0;
        return k.keep.value as number;
      }
      this.flush();
      if (answer === R_EVENT) sink.event(buf, k.eventStart.value as number, k.eventEnd.value as number);
      else if (answer !== R_FULL) throw new KernelOutOfMemory('svclog');
      this.startBatch();
    }
  }

  /**
   * Extracts one event [s, e) of the window (`len` bytes of data; framed in JavaScript) into the
   * batch, at [fileStart, fileEnd) in the file. False when the JavaScript extractor must take it
   * (the batch is then empty, so its row comes in order).
   */
  addEvent(len: number, s: number, e: number, fileStart: number, fileEnd: number): boolean {
    // An empty batch starts after the tables' rows (the JavaScript extractor may have added some).
    const pending = this.k.batchRows.value as number;
    if (pending >= BATCH_ROWS) this.flush();
    else if (pending === 0) this.startBatch();
    const answer = this.k.extractRow(0, len, s, e, fileStart, fileEnd);
    if (answer === X_OK) return true;
    if (answer === X_OUT_OF_MEMORY) throw new KernelOutOfMemory('svclog');
    this.flush();
    return false;
  }

  private startBatch(): void {
    this.k.batchStart(this.rows.length, this.messageRows.length);
  }

  /** Appends the batch's rows to the extractor's tables (before any row made elsewhere, and before they are read). */
  flush(): void {
    const rows = this.k.batchRows.value as number;
    const messages = this.k.batchMessages.value as number;
    if (rows > 0) this.rows.append(this.events, rows);
    if (messages > 0) this.messageRows.append(this.messages, messages);
    this.startBatch();
  }

  private report(sink: FrameSink): void {
    const n = this.k.problems.value as number;
    if (n === 0) return;
    const q = this.queue;
    for (let i = 0; i < n; i++) sink.problem(q[3 * i + 1], PROBLEM_TEXT[q[3 * i]](q[3 * i + 2]));
    this.k.problemsRead();
  }
}
