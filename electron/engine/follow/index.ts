/**
 * Following one open file as it grows: after each change on disk, `step()` says whether the file is
 * the same, grew (and gives the file with the new records indexed incrementally), or must be read
 * again whole (truncated, replaced, or a format that cannot be read from the middle). Engine code:
 * no Electron, no session; the services decide when to step (see services/follow/).
 */
import type { AppendTail } from '../capabilities';
import type { LoadedFile } from '../types';
import { compareIdentity, fileIdentity, type FileIdentity } from './identity';

export type FollowStep =
  | { kind: 'same' }
  | { kind: 'grown'; file: LoadedFile; added: number; size: number }
  /** Read the whole file again; `reason` completes "… was read again: REASON." */
  | { kind: 'reload'; reason: string }
  /** The file cannot be read any more (deleted, permissions): `reason` says so. */
  | { kind: 'gone'; reason: string };

/** Whether the file's engine can append to it (others are read again whole when they change). */
export function canAppend(file: LoadedFile): boolean {
  return file.provides.append !== undefined;
}

export class FileTail {
  private constructor(
    private readonly path: string,
    private seen: FileIdentity,
    /** Undefined: the file is read again whole when it changes. */
    private tail: AppendTail | undefined,
    private readonly loaded: LoadedFile,
  ) {}

  /**
   * Starts following a file just loaded from `loadedSize` bytes of `path` through its engine's
   * `append` capability. A half-written last record is dropped from `current` (it is read whole
   * once it is complete).
   */
  static async start(file: LoadedFile, path: string, loadedSize: number): Promise<FileTail> {
    const seen = { ...(await fileIdentity(path)) };
    seen.size = loadedSize;
    return new FileTail(path, seen, await file.provides.append?.start(loadedSize), file);
  }

  /** The file as far as it has been followed. */
  get current(): LoadedFile {
    return this.tail?.file ?? this.loaded;
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
    if (!this.tail) return { kind: 'reload', reason: 'it changed, and its format is read whole' };
    const r = await this.tail.append(size);
    if (r.kind === 'none') return { kind: 'same' };
    if (r.kind === 'reload') return r;
    this.tail = r.tail;
    return { kind: 'grown', file: r.tail.file, added: r.added, size: r.size };
  }
}
