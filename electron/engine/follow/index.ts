/**
 * Following one open file as it grows: after each change on disk, `step()` says whether the file is
 * the same, grew (and gives the file with the new records indexed incrementally), or must be read
 * again whole (truncated, replaced, or a format that cannot be read from the middle). Engine code:
 * no Electron, no session; the services decide when to step (see services/follow/).
 */
import { IisLogFile, appendIis, cursorAfterLoad, type IisCursor } from '../iis';
import { GrowingSvclog, SvclogFile, appendSvclog, withoutTail } from '../svclog';
import type { LoadedFile } from '../types';
import { compareIdentity, fileIdentity, type FileIdentity } from './identity';

export type FollowStep =
  | { kind: 'same' }
  | { kind: 'grown'; file: LoadedFile; added: number; size: number }
  /** Read the whole file again; `reason` completes "… was read again: REASON." */
  | { kind: 'reload'; reason: string }
  /** The file cannot be read any more (deleted, permissions): `reason` says so. */
  | { kind: 'gone'; reason: string };

/** Whether the engine can append to files of this kind (others are read again whole when they change). */
export function canAppend(file: LoadedFile): boolean {
  return file instanceof SvclogFile || (file instanceof IisLogFile && !file.table.data.encoding);
}

export class FileTail {
  private constructor(
    private file: LoadedFile,
    private readonly path: string,
    private seen: FileIdentity,
    private cursor: IisCursor | undefined,
  ) {}

  /** A followed trace's columns with room to grow (made at its first append). */
  private growing?: GrowingSvclog;

  /**
   * Starts following a file just loaded from `loadedSize` bytes of `path`. A half-written last IIS
   * row is dropped from `current` (it is read whole once its line ends).
   */
  static async start(file: LoadedFile, path: string, loadedSize: number): Promise<FileTail> {
    const seen = { ...(await fileIdentity(path)) };
    seen.size = loadedSize;
    let cursor: IisCursor | undefined;
    if (file instanceof SvclogFile) file = await withoutTail(file);
    else if (file instanceof IisLogFile && canAppend(file)) {
      const c = await cursorAfterLoad(file, loadedSize);
      if ('cursor' in c) {
        file = c.file;
        cursor = c.cursor;
      }
    }
    return new FileTail(file, path, seen, cursor);
  }

  /** The file as far as it has been followed. */
  get current(): LoadedFile {
    return this.file;
  }

  /** Looks at the file on disk and reads what was appended. Never throws. */
  async step(): Promise<FollowStep> {
    let now: FileIdentity;
    try {
      now = await fileIdentity(this.path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      return { kind: 'gone', reason: code === 'ENOENT' ? 'it was deleted or moved' : `it cannot be read any more (${code ?? String(e)})` };
    }
    const growth = compareIdentity(this.seen, now);
    if (growth.kind === 'same') {
      this.seen = { ...this.seen, mtimeMs: now.mtimeMs };
      return growth;
    }
    if (growth.kind === 'replaced') return { kind: 'reload', reason: growth.reason };
    try {
      const step = await this.append(now.size);
      if (step.kind !== 'reload') this.seen = { ...now, head: this.seen.head.length >= now.head.length ? this.seen.head : now.head };
      return step;
    } catch (e) {
      return { kind: 'reload', reason: `reading what was appended failed (${e instanceof Error ? e.message : String(e)})` };
    }
  }

  private async append(size: number): Promise<FollowStep> {
    const file = this.file;
    if (file instanceof SvclogFile) {
      const r = await appendSvclog(file, size, (this.growing ??= new GrowingSvclog(file.data)));
      if (!r) return { kind: 'same' };
      this.file = r.file;
      return { kind: 'grown', file: r.file, added: r.added, size: r.file.size };
    }
    if (file instanceof IisLogFile && this.cursor) {
      const r = await appendIis(file, this.cursor, size);
      if (r.kind === 'none') return { kind: 'same' };
      if (r.kind === 'reload') return r;
      this.file = r.file;
      this.cursor = r.cursor;
      return { kind: 'grown', file: r.file, added: r.added, size: r.cursor.completeEnd };
    }
    return { kind: 'reload', reason: 'it changed, and its format is read whole' };
  }
}
