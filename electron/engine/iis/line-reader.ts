/**
 * Re-reads one line of a log file by byte offset. Synchronous (a few hundred bytes, for the rows
 * on screen and for lazy string values) with an async twin for `detail()`. Lines of UTF-16 files
 * come back transcoded to UTF-8, as the scanner saw them.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { utf16Line, type Utf16 } from './utf16';

/** Longest line read back; longer lines are shown cut. */
const MAX_LINE = 1 << 20;
const FIRST_READ = 4096;

function lineEnd(buf: Buffer, n: number): number {
  const nl = buf.indexOf(0x0a);
  let e = nl < 0 || nl > n ? n : nl;
  if (e > 0 && buf[e - 1] === 0x0d) e--;
  return e;
}

/** The line in the first n bytes read, or null when more must be read to find its end. */
function lineOf(buf: Buffer, n: number, size: number, encoding: Utf16 | undefined): Buffer | null {
  const last = n < size || size >= MAX_LINE;
  if (encoding) {
    const { line, complete } = utf16Line(buf.subarray(0, n), encoding);
    return complete || last ? line : null;
  }
  const nl = buf.subarray(0, n).indexOf(0x0a);
  return nl >= 0 || last ? buf.subarray(0, lineEnd(buf.subarray(0, n), n)) : null;
}

export function readLineSync(path: string, offset: number, encoding?: Utf16): Buffer {
  const fd = openSync(path, 'r');
  try {
    for (let size = FIRST_READ; ; size *= 4) {
      const buf = Buffer.allocUnsafe(size);
      const line = lineOf(buf, readSync(fd, buf, 0, size, offset), size, encoding);
      if (line) return line;
    }
  } finally {
    closeSync(fd);
  }
}

export async function readLine(path: string, offset: number, encoding?: Utf16): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    for (let size = FIRST_READ; ; size *= 4) {
      const buf = Buffer.allocUnsafe(size);
      const { bytesRead } = await fh.read(buf, 0, size, offset);
      const line = lineOf(buf, bytesRead, size, encoding);
      if (line) return line;
    }
  } finally {
    await fh.close();
  }
}
