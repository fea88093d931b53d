/**
 * Live follow of one session's open files: every loaded file read from the user's own path is
 * watched; what is appended is indexed incrementally (engine/follow) and swapped in, and the
 * renderer, told by `files.grew` (only the grown files' infos), asks its counts and visible pages again. A file truncated or replaced
 * is read again whole, with a note, at most once per RELOAD_GAP_MS (a file replaced in a loop
 * cannot keep the host busy). Pausing stops reading; a file that changed meanwhile is marked.
 */
import { stat } from 'node:fs/promises';
import type { FollowState } from '../../../shared/channels/follow';
import { formatTimeUs } from '../../../shared/time';
import { sentenceZone } from '../display-zone';
import { FileTail } from '../../engine/follow';
import type { LoadedFile } from '../../engine/types';
import type { Session } from '../session';
import { FolderFollow } from './folder-follow';
import { watchPath, type Watch } from './watch';

/**
 * How often a followed file is looked at without an fs.watch event, and the least pause after each
 * read (watch.ts makes it at least as long as the read took): small, so the views stay within a
 * second of the writer.
 */
export const FOLLOW_TIMING = { pollMs: 500, minGapMs: 100 };
const RELOAD_GAP_MS = 2000;

interface Followed {
  /** The loaded file this follower started from (a reload gives another object: start again). */
  loaded: LoadedFile;
  tail?: FileTail;
  watch: Watch;
}


export class LiveFollow {
  private on = true;
  private readonly files = new Map<string, Followed>();
  private readonly folders = new Map<string, FolderFollow>();
  private readonly lastReload = new Map<string, number>();

  constructor(private readonly session: Session) {
    session.onEvent((event) => {
      if (event === 'files.changed') this.sync();
    });
    this.sync();
  }

  state(): FollowState {
    return { on: this.on, folders: [...this.folders.keys()] };
  }

  /** Follow on (read what was appended, now and from now on) or paused. */
  set(on: boolean): FollowState {
    this.on = on;
    for (const [id, f] of this.files) {
      this.session.setLive(id, on ? 'following' : undefined);
      if (on) f.watch.kick();
    }
    for (const folder of this.folders.values()) if (on) folder.kick();
    return this.state();
  }

  /** Follows a folder: its newest log is opened now, and each log that appears in it later. */
  async followFolder(dir: string): Promise<FollowState> {
    if (!this.folders.has(dir)) {
      const folder = await FolderFollow.start(dir, (paths) => {
        if (this.on) this.session.open(paths.map((path) => ({ path })));
        return this.on;
      });
      this.folders.set(dir, folder);
    }
    return this.set(true);
  }

  unfolder(dir: string): FollowState {
    this.folders.get(dir)?.close();
    this.folders.delete(dir);
    return this.state();
  }

  /** Stops every watcher (the window or host is closing). */
  close(): void {
    for (const f of this.files.values()) f.watch.close();
    for (const d of this.folders.values()) d.close();
    this.files.clear();
    this.folders.clear();
  }

  /** Starts following files that finished loading, stops for files removed or being read again. */
  private sync(): void {
    const loaded = new Map(this.session.loaded().map((l) => [l.info.id, l]));
    for (const [id, f] of this.files) {
      const now = loaded.get(id);
      if (!now || (now.file !== f.loaded && now.file !== f.tail?.current)) {
        f.watch.close();
        this.files.delete(id);
      }
    }
    for (const [id, l] of loaded) {
      if (this.files.has(id) || l.info.state !== 'loaded' || !this.session.isOwnPath(id)) continue;
      const path = this.session.sourcePath(id);
      const f: Followed = { loaded: l.file, watch: watchPath(path, () => this.step(id, f, l.info.size), FOLLOW_TIMING) };
      this.files.set(id, f);
      this.session.setLive(id, this.on ? 'following' : undefined);
      f.watch.kick();
    }
  }

  private async step(id: string, f: Followed, loadedSize: number): Promise<void> {
    if (this.files.get(id) !== f) return;
    const path = this.session.sourcePath(id);
    if (!this.on) {
      // Paused: only say that the file moved on (a stat, nothing read).
      const moved = await stat(path).then((s) => s.size !== this.session.list().find((i) => i.id === id)?.size, () => true);
      if (moved) this.session.setLive(id, 'paused');
      return;
    }
    if (!f.tail) {
      f.tail = await FileTail.start(f.loaded, path, loadedSize).catch(() => undefined);
      if (!f.tail) return this.session.setLive(id, undefined, `Not followed: ${path} cannot be read any more.`);
      if (f.tail.current !== f.loaded && !this.session.grow(id, f.loaded, f.tail.current, loadedSize)) return;
    }
    const was = f.tail.current;
    const step = await f.tail.step();
    if (this.files.get(id) !== f || !this.on) return;
    const zone = sentenceZone();
    const at = `${formatTimeUs(Date.now() * 1000, { zone }).slice(11, 19)} ${zone}`;
    if (step.kind === 'grown') {
      this.session.grow(id, was, step.file, step.size);
      this.session.setLive(id, 'following');
    } else if (step.kind === 'same') {
      this.session.setLive(id, 'following');
    } else if (step.kind === 'gone') {
      this.session.setLive(id, undefined, `At ${at} ${step.reason}; its records as last read are still shown.`);
      f.watch.close();
      this.files.delete(id);
    } else {
      const wait = (this.lastReload.get(id) ?? 0) + RELOAD_GAP_MS - Date.now();
      if (wait > 0) {
        setTimeout(() => f.watch.kick(), wait).unref();
        return;
      }
      this.lastReload.set(id, Date.now());
      f.watch.close();
      this.files.delete(id);
      this.session.reload(id);
      this.session.setLive(id, 'following', `Read again at ${at}: ${step.reason}.`);
    }
  }
}

const bySession = new WeakMap<Session, LiveFollow>();

/** The live follow of a session, started on first use (the CLI never asks, so it never watches). */
export function liveFollow(session: Session): LiveFollow {
  let f = bySession.get(session);
  if (!f) bySession.set(session, (f = new LiveFollow(session)));
  return f;
}
