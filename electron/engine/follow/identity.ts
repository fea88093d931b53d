/**
 * Whether an open file only grew since it was last read, or was truncated or replaced (then the
 * whole file is read again). A log that is appended to keeps its inode, birth time and first bytes;
 * a rotation that renames a new file into place, or a writer that starts over, changes one of them.
 */
import { open, stat } from 'node:fs/promises';

/** Bytes compared at the start of the file: enough to cover a header (#Software/#Fields, an XML declaration). */
export const HEAD_BYTES = 512;

export interface FileIdentity {
  dev: number;
  ino: number;
  /** 0 where the file system does not record it. */
  birthtimeMs: number;
  size: number;
  mtimeMs: number;
  /** The first min(size, HEAD_BYTES) bytes. */
  head: Buffer;
}

export type Growth =
  | { kind: 'same' }
  | { kind: 'grown'; size: number }
  | { kind: 'replaced'; reason: string };

/** Stats the file and reads its first bytes. Throws what fs throws (a vanished file: ENOENT). */
export async function fileIdentity(path: string): Promise<FileIdentity> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    const head = Buffer.alloc(Math.min(st.size, HEAD_BYTES));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return { dev: st.dev, ino: st.ino, birthtimeMs: st.birthtimeMs, size: st.size, mtimeMs: st.mtimeMs, head: head.subarray(0, bytesRead) };
  } finally {
    await fh.close();
  }
}

/** Cheap check (no read) used on every poll: did size or modification time move? */
export async function movedSince(path: string, was: FileIdentity): Promise<boolean> {
  const st = await stat(path);
  return st.size !== was.size || st.mtimeMs !== was.mtimeMs || st.ino !== was.ino || st.dev !== was.dev;
}

/** Compares what was read before with the file now; a plain sentence says why a file counts as replaced. */
export function compareIdentity(was: FileIdentity, now: FileIdentity): Growth {
  if (now.dev !== was.dev || now.ino !== was.ino) return { kind: 'replaced', reason: 'it was replaced by another file' };
  if (was.birthtimeMs && now.birthtimeMs && Math.abs(now.birthtimeMs - was.birthtimeMs) > 1) return { kind: 'replaced', reason: 'it was created again' };
  if (now.size < was.size) return { kind: 'replaced', reason: `it shrank from ${was.size} to ${now.size} bytes (truncated)` };
  // The bytes read before must still be there: a writer that started over at the same size or larger changes them.
  const n = Math.min(was.head.length, now.head.length);
  if (!was.head.subarray(0, n).equals(now.head.subarray(0, n))) return { kind: 'replaced', reason: 'its first bytes changed (it was rewritten)' };
  if (now.size === was.size) return { kind: 'same' };
  return { kind: 'grown', size: now.size };
}
