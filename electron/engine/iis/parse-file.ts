/**
 * Reads an IIS-family log from disk in large chunks and feeds the scanner. Synchronous on purpose:
 * it runs in a worker thread for big files and inline for small ones.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { detectBom, type TextEncoding } from '../encoding';
import { IisScanner, type ScanFormat } from './scanner';
import { RowKernel } from './row-kernel';
import { KernelOutOfMemory } from '../wasm-kernel';
import { transcodeUtf16 } from './utf16';
import { clearRegion, type SharedRegion } from './shared-columns';
import { ColumnBuilder, type IisFileData, type RangeDicts } from './store';
import { traceStartup } from '../startup-trace';
import { columnStats, type ColumnStats } from './narrow';

/** Small enough that a chunk read is still in cache when the scanner reads it (measured: 8 MiB is slower). */
const CHUNK = 256 << 10;
/** A line longer than this is not a log line; the scanner gets it cut (it will warn about it). */
const MAX_LINE = 64 << 20;
const PROGRESS_MS = 50;

export interface ParseOptions {
  /** File size. */
  size: number;
  /** Byte range to index (default: the whole file); `start` must be a line start. */
  start?: number;
  end?: number;
  /** Return the string dictionaries as bytes (`dicts`), values left empty: for merging ranges. */
  rawDicts?: boolean;
  /** Shared columns to write the rows into (parallel ranges of one file; see shared-columns.ts). */
  region?: SharedRegion;
  /** Directive lines in force at `start` (see findPrelude). */
  prelude?: readonly string[];
  /** The user's field names for rows before any #Fields directive (instead of a guess). */
  fields?: readonly string[];
  onProgress?: (bytesRead: number, rows: number) => void;
  /** Polled between chunks; true stops the parse (the result is then discarded by the caller). */
  shouldStop?: () => boolean;
  /** False: scan with JavaScript only, not the WebAssembly row kernel (tests compare the two). */
  kernel?: boolean;
  /** Bytes of the kernel's dictionary heap (default DEFAULT_HEAP; tests make it small). */
  kernelHeap?: number;
}

export class ParseStopped extends Error {}

/** A file this long in a single line has lost its line breaks (no one row is this long). */
const ONE_LINE_MIN_BYTES = 1024;

export function parseIisFile(path: string, format: ScanFormat, opts: ParseOptions): IisFileData {
  return parseIisRange(path, format, opts).data;
}

/** A range's store; `lines` is the number of lines in it (to number the lines of the next range). */
export interface RangeResult {
  data: IisFileData;
  lines: number;
  dicts?: RangeDicts;
  /** With the dictionaries (a range to be joined): what its columns hold (see mergeParts). */
  stats?: ColumnStats;
}

/** Indexes a byte range. */
export function parseIisRange(path: string, format: ScanFormat, opts: ParseOptions): RangeResult {
  traceStartup(`IIS parse started (bytes ${opts.start ?? 0}–${opts.end ?? opts.size})`);
  const fd = openSync(path, 'r');
  try {
    try {
      return parseFd(fd, format, opts);
    } catch (e) {
      if (!(e instanceof KernelOutOfMemory)) throw e;
      // Dictionaries too big for the kernel's heap: the range again in JavaScript, on cleared rows.
      if (opts.region) clearRegion(opts.region);
      return parseFd(fd, format, { ...opts, kernel: false });
    }
  } finally {
    closeSync(fd);
  }
}

function parseFd(fd: number, format: ScanFormat, opts: ParseOptions): RangeResult {
  const rangeStart = opts.start ?? 0;
  const rangeEnd = Math.min(opts.end ?? opts.size, opts.size);
  const rangeSize = Math.max(0, rangeEnd - rangeStart);
  // Start small; the first chunk tells the average line length, and capacity is then set from it.
  const kernel = opts.kernel === false ? null : RowKernel.create(CHUNK, opts.kernelHeap);
  const builder = new ColumnBuilder(Math.min(rangeSize / 100 + 64, 1 << 16), opts.region, kernel ? () => kernel.interner() : undefined);
  const scanner = new IisScanner(builder, format, kernel);
  if (opts.prelude) scanner.prelude(opts.prelude);
  if (opts.fields?.length) scanner.userFields(opts.fields);
  // A line longer than the kernel's chunk moves the rest of the range to a bigger buffer (and JavaScript).
  let buf = kernel?.chunk ?? Buffer.allocUnsafe(Math.min(CHUNK, Math.max(rangeSize, 4096) + 1));
  let filled = 0;
  let fileOffset = rangeStart; // file offset of buf[0]
  let first = rangeStart === 0;
  let estimated = false;
  let lastProgress = Date.now();
  const finish = (lines: number): RangeResult => {
    if (!opts.rawDicts) return { data: builder.finish(), lines };
    const dicts: RangeDicts = { str: {}, custom: {} };
    const data = builder.finish(dicts);
    return { data, lines, dicts, stats: columnStats(data) };
  };
  for (;;) {
    if (opts.shouldStop?.()) throw new ParseStopped();
    if (filled === buf.length) {
      // One line fills the whole buffer: make room (bounded).
      if (buf.length >= MAX_LINE) {
        builder.warn(`A line at byte ${fileOffset} is longer than ${MAX_LINE >> 20} MiB; it was cut.`, 0, fileOffset);
        scanner.feed(buf, 0, filled, fileOffset, true);
        fileOffset += filled;
        filled = 0;
      } else {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
    }
    const want = Math.min(buf.length - filled, rangeEnd - (fileOffset + filled));
    const n = want > 0 ? readSync(fd, buf, filled, want, fileOffset + filled) : 0;
    let start = 0;
    if (first) {
      first = false;
      const bom = detectBom(buf.subarray(0, n));
      if (bom.encoding !== 'utf8') {
        builder.encoding = bom.encoding;
        const poll = (bytesRead: number) => {
          if (opts.shouldStop?.()) throw new ParseStopped();
          opts.onProgress?.(bytesRead, scanner.rows);
        };
        transcodeUtf16(fd, bom.encoding, bom.length, rangeEnd, (line, offset) => scanner.feed(line, 0, line.length, offset, true), poll);
        return finish(scanner.lines);
      }
      start = bom.length;
    }
    filled += n;
    const final = n === 0;
    const done = scanner.feed(buf, start, filled, fileOffset, final);
    if (!estimated && !builder.inRegion && scanner.rows > 1000) {
      estimated = true;
      const perRow = (fileOffset + done - rangeStart) / scanner.rows;
      const est = Math.ceil((rangeSize / perRow) * 1.04) + 1024;
      if (est > builder.capacity) builder.resize(est);
    }
    if (final) break;
    // Keep the unfinished last line at the start of the buffer.
    buf.copy(buf, 0, done, filled);
    fileOffset += done;
    filled -= done;
    const now = Date.now();
    if (opts.onProgress && now - lastProgress >= PROGRESS_MS) {
      lastProgress = now;
      opts.onProgress(fileOffset - rangeStart, scanner.rows);
    }
  }
  opts.onProgress?.(rangeSize, scanner.rows);
  traceStartup(`IIS parse finished (bytes ${rangeStart}–${rangeEnd})`);
  // A whole file in one line: its line breaks were lost (a copy that dropped CR/LF), so rows cannot be told apart.
  if (rangeStart === 0 && rangeEnd === opts.size && scanner.lines <= 1 && rangeSize > ONE_LINE_MIN_BYTES) {
    builder.warn(`The file has no line breaks: its ${rangeSize} bytes are one line, so its rows could not be told apart. Its line breaks were probably lost in a copy; restore them (each row starts with its date).`, 1, 0);
  }
  return finish(scanner.lines);
}

/**
 * Upper estimate of the rows in a byte range, from the line density of a few samples spread over it
 * (to size shared columns; a range that still outgrows its estimate moves to private columns).
 */
export function estimateRows(path: string, start: number, end: number): number {
  // Many small samples follow changes of line length along the range better than a few big ones.
  const SAMPLES = 16;
  const SAMPLE = 64 << 10;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(SAMPLE);
    let lines = 0;
    let bytes = 0;
    for (let k = 0; k < SAMPLES; k++) {
      const at = start + Math.floor(((end - start - SAMPLE) * k) / (SAMPLES - 1));
      const n = readSync(fd, buf, 0, Math.min(SAMPLE, end - start), Math.max(start, at));
      for (let p = buf.indexOf(0x0a); p >= 0 && p < n; p = buf.indexOf(0x0a, p + 1)) lines++;
      bytes += n;
    }
    // Line lengths vary along a file (cookies on some rows only): leave a margin.
    return Math.ceil(((end - start) / Math.max(1, bytes)) * lines * 1.08) + 4096;
  } finally {
    closeSync(fd);
  }
}

/** The file's text encoding from its first bytes (UTF-16 files are indexed as one range). */
export function fileEncoding(path: string): TextEncoding {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    return detectBom(head.subarray(0, readSync(fd, head, 0, 4, 0))).encoding;
  } finally {
    closeSync(fd);
  }
}

/** Start of the first line at or after `pos` (the file size when there is none). */
export function lineStartAfter(path: string, pos: number, size: number): number {
  if (pos <= 0) return 0;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let at = pos - 1; at < size; at += buf.length) {
      const n = readSync(fd, buf, 0, buf.length, at);
      const nl = buf.subarray(0, n).indexOf(0x0a);
      if (nl >= 0) return at + nl + 1;
      if (n === 0) break;
    }
    return size;
  } finally {
    closeSync(fd);
  }
}

/**
 * The directive lines in force at line start `at`: the last #Fields before it and the directives
 * just before that #Fields (#Software, #Date…). Null when no #Fields precedes `at`. Reads backwards,
 * down to line start `floor` (a follower that knows the prelude up to there searches only what was appended).
 */
export function findPrelude(path: string, at: number, floor = 0): string[] | null {
  const fd = openSync(path, 'r');
  try {
    const step = 4 << 20;
    const buf = Buffer.allocUnsafe(step + 16);
    const FIELDS = Buffer.from('#Fields:');
    for (let end = at; end > floor; end -= step) {
      const from = Math.max(floor, end - step);
      // Overlap by a few bytes so a "\n#Fields:" across the chunk edge is found.
      const n = readSync(fd, buf, 0, Math.min(end + 16, at) - from, from);
      const hay = buf.subarray(0, n);
      const isFields = (k: number) => k + FIELDS.length <= n && hay.subarray(k, k + FIELDS.length).equals(FIELDS);
      // Directives are rare, and a two-byte "\n#" is searched at memory speed (a longer needle is not):
      // the last #Fields is often hundreds of MB before a range's start.
      for (let k = hay.lastIndexOf('\n#'); k >= 0; k = k > 0 ? hay.lastIndexOf('\n#', k - 1) : -1) {
        if (isFields(k + 1)) return directiveRun(fd, from + k + 1);
      }
      if (from === floor && isFields(0)) return directiveRun(fd, floor);
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The #Fields line at `fieldsAt` and the directive lines right before it. */
function directiveRun(fd: number, fieldsAt: number): string[] {
  const back = Math.min(fieldsAt, 64 << 10);
  const buf = Buffer.allocUnsafe(back + (64 << 10));
  const n = readSync(fd, buf, 0, buf.length, fieldsAt - back);
  const text = buf.subarray(0, n).toString('utf8');
  const before = text.slice(0, back).split(/\r?\n/);
  before.pop(); // the (empty) start of the #Fields line
  const run: string[] = [];
  for (let i = before.length - 1; i >= 0 && before[i].startsWith('#'); i--) run.unshift(before[i]);
  const fieldsLine = text.slice(back).split(/\r?\n/, 1)[0];
  return [...run, fieldsLine];
}
