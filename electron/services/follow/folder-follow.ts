/**
 * Following a folder IIS writes its logs into: IIS starts a new file each hour or day
 * (u_exYYMMDDHH.log, u_exYYMMDD.log, httperr1.log…). The newest log already there is opened at
 * once; every log that appears later is opened as it appears. Bounded for big folders: a scan
 * reads names only (no stat per file), and at most MAX_OPEN_PER_SCAN new files are opened at once.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { watchPath, type Watch } from './watch';

/** Names of the logs a folder follow opens (IIS W3C, HTTP.sys error logs, and trace files). */
export const FOLLOWED_NAME = /\.(log|svclog)$/i;
const MAX_OPEN_PER_SCAN = 16;
/** Files whose age is compared to find the newest at the start (the rest are the oldest names). */
const MAX_STAT_AT_START = 2000;
export const FOLDER_TIMING = { pollMs: 2000, minGapMs: 300 };

export class FolderFollow {
  private constructor(
    private readonly dir: string,
    private readonly known: Set<string>,
    private readonly onNew: (paths: string[]) => boolean,
  ) {}

  private watch?: Watch;

  /** Reads the folder (a plain sentence is thrown when it cannot be), opens its newest log and starts watching. */
  static async start(dir: string, onNew: (paths: string[]) => boolean): Promise<FolderFollow> {
    let names: string[];
    try {
      const st = await stat(dir);
      if (!st.isDirectory()) throw new Error(`${dir} is not a folder.`);
      names = await readdir(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      throw new Error(code === 'ENOENT' ? `The folder ${dir} does not exist.` : code === 'EACCES' || code === 'EPERM' ? `TraceLens may not read the folder ${dir}.` : e instanceof Error ? e.message : String(e));
    }
    const f = new FolderFollow(dir, new Set(names), onNew);
    const newest = await newestLog(dir, names.filter((n) => FOLLOWED_NAME.test(n)));
    if (newest) onNew([join(dir, newest)]);
    f.watch = watchPath(dir, () => f.scan(), FOLDER_TIMING);
    return f;
  }

  kick(): void {
    this.watch?.kick();
  }

  close(): void {
    this.watch?.close();
  }

  private async scan(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const fresh = names.filter((n) => !this.known.has(n) && FOLLOWED_NAME.test(n)).sort();
    if (fresh.length === 0) return;
    // A log just created may still be empty (IIS writes its header a moment later): it waits for its first bytes.
    const take: string[] = [];
    for (const n of fresh.slice(0, MAX_OPEN_PER_SCAN)) {
      const s = await stat(join(this.dir, n)).catch(() => undefined);
      if (s?.isFile() && s.size > 0) take.push(n);
    }
    if (take.length === 0) return;
    // While paused nothing is opened, and the names stay new for the next scan.
    if (!this.onNew(take.map((n) => join(this.dir, n)))) return;
    for (const n of take) this.known.add(n);
    if (fresh.length > take.length) this.kick();
  }
}

/** The most recently modified of `names` (only the last MAX_STAT_AT_START by name are compared). */
async function newestLog(dir: string, names: string[]): Promise<string | undefined> {
  const candidates = names.sort().slice(-MAX_STAT_AT_START);
  let best: { name: string; mtime: number } | undefined;
  for (const name of candidates) {
    const s = await stat(join(dir, name)).catch(() => undefined);
    if (s?.isFile() && s.size > 0 && (!best || s.mtimeMs >= best.mtime)) best = { name, mtime: s.mtimeMs };
  }
  return best?.name;
}
