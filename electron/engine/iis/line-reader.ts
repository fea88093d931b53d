/**
 * Re-reads one line of a log file by byte offset. Synchronous (a few hundred bytes, for the rows
 * on screen and for lazy string values) with an async twin for `detail()`.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Longest line read back; longer lines are shown cut. */
const MAX_LINE = 1 << 20;
const FIRST_READ = 4096;

function lineEnd(buf: Buffer, n: number): number {
  const nl = buf.indexOf(0x0a);
  let e = nl < 0 || nl > n ? n : nl;
  if (e > 0 && buf[e - 1] === 0x0d) e--;
  return e;
}

export function readLineSync(path: string, offset: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    let size = FIRST_READ;
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, offset);
      const nl = buf.subarray(0, n).indexOf(0x0a);
      if (nl >= 0 || n < size || size >= MAX_LINE) return buf.subarray(0, lineEnd(buf.subarray(0, n), n));
      size *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

export async function readLine(path: string, offset: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    let size = FIRST_READ;
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const { bytesRead: n } = await fh.read(buf, 0, size, offset);
      const nl = buf.subarray(0, n).indexOf(0x0a);
      if (nl >= 0 || n < size || size >= MAX_LINE) return buf.subarray(0, lineEnd(buf.subarray(0, n), n));
      size *= 4;
    }
  } finally {
    await fh.close();
  }
}
