/**
 * Follows a growing svclog file: only the bytes after the last complete event are parsed (with the
 * engine's own `parseRange`), and the new part is added in place after the events already indexed
 * (growing.ts: nothing indexed is copied again). A half-written last event is not an event yet: it
 * is parsed again, whole, on the next append.
 */
import { detectBom } from '../encoding';
import { readHead } from '../detect';
import type { SvclogData } from './extraction/data';
import { SvclogFile } from './file';
import { parseRange } from './extraction/parse';
import { GrowingSvclog } from './growing';
import type { AppendTail, Appendable } from '../capabilities';
import { summarizeSvclog } from './queries/summary';

/** `file` with other data (the summary is made as the engine makes it). */
function svclogFile(file: SvclogFile, size: number, data: SvclogData): SvclogFile {
  return new SvclogFile(file.path, file.fileId, size, file.encoding, data, (f) => summarizeSvclog([f]) as unknown as Record<string, unknown>);
}

/** Byte offset where the next event can start: the end of the last complete one (past the BOM for none). */
async function completeEnd(file: SvclogFile): Promise<number> {
  const n = file.data.eventCount;
  if (n > 0) return file.data.events.end[n - 1];
  return detectBom(await readHead(file.path, 4)).length;
}

/**
 * The file as following starts from it: problems about a half-written last event (the writer was
 * mid-event when it was read) are left out; that event is read whole once it is complete.
 */
export async function withoutTail(file: SvclogFile): Promise<SvclogFile> {
  const end = await completeEnd(file);
  const problems = file.data.problems.filter((p) => p.offset === undefined || p.offset < end);
  if (problems.length === file.data.problems.length || file.data.eventCount === 0) return file;
  return svclogFile(file, file.size, { ...file.data, problems });
}

export interface SvclogAppend {
  file: SvclogFile;
  /** Events added. */
  added: number;
}

/**
 * Parses what was appended to `file` since it was read. Null when no new event is complete yet.
 * Problems about a half-written last event are left out until it is complete (or never is).
 */
export async function appendSvclog(file: SvclogFile, size: number, growing: GrowingSvclog): Promise<SvclogAppend | null> {
  const from = await completeEnd(file);
  if (size <= from) return null;
  const part = parseRange({ path: file.path, encoding: file.encoding, from, to: Infinity, skipLeading: false });
  if (part.eventCount === 0) return null;
  const tailFrom = part.events.end[part.eventCount - 1];
  part.problems = part.problems.filter((p) => p.offset === undefined || p.offset < tailFrom);
  // Problems at or after `from` were about the half-written tail, which is read again now.
  growing.dropProblemsFrom(from);
  const next = svclogFile(file, Math.max(size, from + part.bytesRead), growing.add(part));
  return { file: next, added: part.eventCount };
}

/** The `append` capability of a trace: its events as following starts, then each append on the last. */
export const svclogAppendable = (file: SvclogFile): Appendable => ({
  async start() {
    // The columns with room to grow are made at the first append and shared by every later tail.
    let growing: GrowingSvclog | undefined;
    const tail = (current: SvclogFile): AppendTail => ({
      file: current,
      async append(size) {
        const r = await appendSvclog(current, size, (growing ??= new GrowingSvclog(current.data)));
        return r ? { kind: 'grown', tail: tail(r.file), added: r.added, size: r.file.size } : { kind: 'none' };
      },
    });
    return tail(await withoutTail(file));
  },
});
