/**
 * Find over the whole XML of each trace, as STV's "Look in: whole trace": the file is read in
 * large chunks and searched natively (Buffer.indexOf) in its own encoding; hit offsets map to
 * events by binary search over the events' byte ranges. The scan awaits each read, so the main
 * thread keeps serving other calls, and it stops at a deadline (the result then says so).
 *
 * Matching is case-insensitive for ASCII letters (the chunk is folded to lower case; other letters
 * match as typed or lower-cased). Text in XML is escaped, so the needle is also looked for with
 * its markup characters written as entities: "a < b" finds "a &lt; b".
 */
import { open } from 'node:fs/promises';
import type { TextEncoding } from '../../engine/encoding';
import type { Column, WcfTraceFile } from '../../engine/wcf-traces';
import { Lru } from './lru';

const CHUNK_BYTES = 4 << 20;
/** A find over many gigabytes still answers: what was scanned by then is returned, marked incomplete. */
const DEADLINE_MS = 20_000;

export interface RawMatch {
  /** 1 for each event of the file whose bytes contain the text. */
  mask: Uint8Array;
  /** False when the deadline stopped the scan (or the file could not be read to its end). */
  complete: boolean;
}

/** The needle and its XML-escaped spellings, ASCII-lowered, distinct. */
export function needleVariants(text: string): string[] {
  const lowered = [text, text.toLowerCase()];
  const out = new Set<string>();
  for (const t of lowered) {
    out.add(t);
    const markup = t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    out.add(markup);
    out.add(markup.replace(/"/g, '&quot;').replace(/'/g, '&apos;'));
  }
  return [...out].map(asciiLower);
}

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The needle as bytes of the file's encoding. */
export function encodePattern(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf16le' ? le : le.swap16();
}

/** Folds ASCII A–Z to a–z in place; in UTF-16 only in code units whose other byte is 0. */
export function foldAscii(buf: Buffer, length: number, encoding: TextEncoding): void {
  if (encoding === 'utf8') {
    for (let i = 0; i < length; i++) {
      const c = buf[i];
      if (c >= 65 && c <= 90) buf[i] = c | 32;
    }
    return;
  }
  const lo = encoding === 'utf16le' ? 0 : 1; // the byte holding an ASCII letter
  for (let i = 0; i + 1 < length; i += 2) {
    const c = buf[i + lo];
    if (c >= 65 && c <= 90 && buf[i + 1 - lo] === 0) buf[i + lo] = c | 32;
  }
}

/** The event whose byte range holds [offset, offset + length), or -1. */
export function eventAt(starts: Column, ends: Column, count: number, offset: number, length: number): number {
  let lo = 0;
  let hi = count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && offset + length <= ends[found] ? found : -1;
}

/** Scans one file for any of the patterns; events are marked, each event is searched to its first hit only. */
async function scanFile(file: WcfTraceFile, patterns: Buffer[], deadline: number, chunkBytes: number): Promise<RawMatch> {
  const n = file.recordCount;
  const mask = new Uint8Array(n);
  const ev = file.events;
  if (n === 0 || patterns.length === 0) return { mask, complete: true };
  const overlap = Math.max(...patterns.map((p) => p.length)) - 1;
  const step = chunkBytes - overlap - (overlap & 1); // UTF-16: chunks stay on even offsets
  const from = ev.start[0];
  const to = ev.end[n - 1];
  const buf = Buffer.allocUnsafe(chunkBytes);
  const utf16 = file.encoding !== 'utf8';
  const handle = await open(file.path, 'r');
  try {
    for (let pos = from; pos < to; pos += step) {
      if (Date.now() > deadline) return { mask, complete: false };
      const { bytesRead } = await handle.read(buf, 0, Math.min(chunkBytes, to - pos), pos);
      if (bytesRead <= 0) return { mask, complete: false };
      foldAscii(buf, bytesRead, file.encoding);
      const chunk = buf.subarray(0, bytesRead);
      for (const p of patterns) {
        for (let at = chunk.indexOf(p); at >= 0; ) {
          const offset = pos + at;
          const e = utf16 && (offset - from) % 2 !== 0 ? -1 : eventAt(ev.start, ev.end, n, offset, p.length);
          if (e >= 0) mask[e] = 1;
          // Past this event: one hit per event is enough.
          const next = e >= 0 ? Math.max(at + 1, ev.end[e] - pos) : at + 1;
          at = next < bytesRead ? chunk.indexOf(p, next) : -1;
        }
      }
      if (pos + bytesRead >= to) break;
    }
    return { mask, complete: true };
  } finally {
    await handle.close();
  }
}

/** Raw matches per loaded file object (a reload or a newer partial snapshot is a new object) and text. */
const cache = new WeakMap<WcfTraceFile, Lru<Promise<RawMatch>>>();

/** The events of `file` whose whole XML contains `text` (case-insensitive); cached, and shared by concurrent callers. */
export function rawMatches(file: WcfTraceFile, text: string, opts: { deadlineMs?: number; chunkBytes?: number } = {}): Promise<RawMatch> {
  let perFile = cache.get(file);
  if (!perFile) cache.set(file, (perFile = new Lru(8)));
  const lru = perFile;
  const key = text.toLowerCase();
  return lru.get(key, () => {
    const patterns = needleVariants(text).map((v) => encodePattern(v, file.encoding));
    const scan = scanFile(file, patterns, Date.now() + (opts.deadlineMs ?? DEADLINE_MS), Math.max(opts.chunkBytes ?? CHUNK_BYTES, 4096));
    // An unfinished or failed scan is not kept: the next find tries again.
    scan.then(
      (r) => !r.complete && lru.delete(key),
      () => lru.delete(key),
    );
    return scan;
  });
}
