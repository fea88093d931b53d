/**
 * Reads an IIS-family log from disk in large chunks and feeds the scanner. Synchronous on purpose:
 * it runs in a worker thread for big files and inline for small ones.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { detectBom } from '../encoding';
import { IisScanner, type ScanFormat } from './scanner';
import { ColumnBuilder, type IisFileData } from './store';

const CHUNK = 8 << 20;
/** A line longer than this is not a log line; the scanner gets it cut (it will warn about it). */
const MAX_LINE = 64 << 20;
const PROGRESS_MS = 50;

export interface ParseOptions {
  size: number;
  onProgress?: (bytesRead: number, rows: number) => void;
  /** Polled between chunks; true stops the parse (the result is then discarded by the caller). */
  shouldStop?: () => boolean;
}

export class ParseStopped extends Error {}

export function parseIisFile(path: string, format: ScanFormat, opts: ParseOptions): IisFileData {
  const fd = openSync(path, 'r');
  try {
    return parseFd(fd, format, opts);
  } finally {
    closeSync(fd);
  }
}

function parseFd(fd: number, format: ScanFormat, opts: ParseOptions): IisFileData {
  // Start small; the first chunk tells the average line length, and capacity is then set from it.
  const builder = new ColumnBuilder(Math.min(opts.size / 100 + 64, 1 << 16));
  const scanner = new IisScanner(builder, format);
  let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(opts.size, 4096) + 1));
  let filled = 0;
  let fileOffset = 0; // file offset of buf[0]
  let first = true;
  let estimated = false;
  let lastProgress = Date.now();
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
    const n = readSync(fd, buf, filled, buf.length - filled, fileOffset + filled);
    let start = 0;
    if (first) {
      first = false;
      const bom = detectBom(buf.subarray(0, n));
      if (bom.encoding !== 'utf8') {
        builder.warn('The file is UTF-16 encoded; IIS logs are read as UTF-8 or ANSI, so it was not indexed.', 0, 0);
        return builder.finish();
      }
      start = bom.length;
    }
    filled += n;
    const final = n === 0;
    const done = scanner.feed(buf, start, filled, fileOffset, final);
    if (!estimated && scanner.rows > 1000) {
      estimated = true;
      const perRow = (fileOffset + done) / scanner.rows;
      const est = Math.ceil((opts.size / perRow) * 1.04) + 1024;
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
      opts.onProgress(fileOffset, scanner.rows);
    }
  }
  opts.onProgress?.(opts.size, scanner.rows);
  return builder.finish();
}
