/**
 * UTF-16 IIS logs (Notepad "Unicode" saves, some exports): transcoded to UTF-8 one chunk at a time
 * and fed to the scanner line by line, each line with its byte offset in the original file, so
 * that re-reading a row (detail, lazy values) finds it. Rare input: simple beats fast here.
 */
import { readSync } from 'node:fs';

export type Utf16 = 'utf16le' | 'utf16be';

const CHUNK = 4 << 20;

/** The scanner side of the transcoder: one line as UTF-8 (with its break, if it has one) and its offset in the file. */
export type LineSink = (utf8Line: Buffer, fileOffset: number) => void;

/** Text of UTF-16 bytes (an even count); big-endian bytes are swapped to little-endian first. */
function decodeUnits(bytes: Buffer, enc: Utf16): string {
  if (enc === 'utf16be') bytes.swap16();
  return bytes.toString('utf16le');
}

/**
 * Reads fd[start, end) as UTF-16 and calls `sink` for every line. `start` is past the BOM. Lines
 * are cut only at complete text, so a surrogate pair split by a chunk edge stays whole.
 */
export function transcodeUtf16(fd: number, enc: Utf16, start: number, end: number, sink: LineSink, poll?: (bytesRead: number) => void): void {
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry = '';
  let carryAt = start; // file offset of carry[0]
  for (let pos = start; pos < end; ) {
    const n = readSync(fd, buf, 0, Math.min(CHUNK, end - pos) & ~1, pos);
    if (n < 2) break;
    const even = n & ~1;
    pos += even;
    const text = carry + decodeUnits(buf.subarray(0, even), enc);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      sink(Buffer.from(text.slice(from, nl + 1), 'utf8'), carryAt + 2 * from);
      from = nl + 1;
    }
    carryAt += 2 * from;
    carry = text.slice(from);
    poll?.(pos - start);
  }
  if (carry) sink(Buffer.from(carry, 'utf8'), carryAt);
}

/** One line of a UTF-16 file from a byte offset, as UTF-8 (without its line break). */
export function utf16Line(bytes: Buffer, enc: Utf16): { line: Buffer; complete: boolean } {
  const text = decodeUnits(Buffer.from(bytes.subarray(0, bytes.length & ~1)), enc);
  const nl = text.indexOf('\n');
  const line = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  return { line: Buffer.from(line, 'utf8'), complete: nl >= 0 };
}
