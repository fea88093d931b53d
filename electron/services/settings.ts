/**
 * Viewer settings (window bounds, pane sizes, column widths, last filter, recent files) kept in a
 * JSON file on the main side: the browser host's origin changes every run, so the page's own
 * storage would forget them. Electron puts the file under userData (see `useSettingsDir`); the
 * CLI host under $TRACELENS_CONFIG_DIR, $XDG_CONFIG_HOME/tracelens or ~/.config/tracelens.
 * What is read back is validated field by field: a bad field is dropped, not the whole file.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MAX_COLUMN_WIDTHS, MAX_PANES, settingsSchema, type Settings } from '../../shared/channels/svclog';
import { validFields } from '../../shared/untrusted';
import { ServiceError } from './errors';
import { readSentenceZoneFrom } from './display-zone';
import { readSmallFile } from './openable';

const FILE_NAME = 'settings.json';
const MAX_RECENT = 20;
const MAX_SETTINGS_BYTES = 1024 * 1024;

export function defaultSettingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRACELENS_CONFIG_DIR) return env.TRACELENS_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'tracelens');
  return join(homedir(), '.config', 'tracelens');
}

/** Keeps the valid fields of untrusted JSON; `notes` says what was dropped. */
export function validateSettings(raw: unknown, notes: string[] = []): Settings {
  return validFields(settingsSchema.shape, raw, 'settings', notes) as Settings;
}

export class SettingsStore {
  private cache?: Settings;
  private recentListeners = new Set<() => void>();

  /** Called after the recent list changed (the desktop menu shows it). */
  onRecentChange(listener: () => void): () => void {
    this.recentListeners.add(listener);
    return () => this.recentListeners.delete(listener);
  }

  constructor(readonly dir: string) {}

  get path(): string {
    return join(this.dir, FILE_NAME);
  }

  get(): Settings {
    if (!this.cache) {
      const notes: string[] = [];
      try {
        this.cache = validateSettings(JSON.parse(readSmallFile(this.path, MAX_SETTINGS_BYTES, 'settings file', this.path)), notes);
      } catch (e) {
        if (!(e instanceof ServiceError && e.code === 'not-found')) notes.push(e instanceof ServiceError ? e.message : 'it is not JSON; defaults are used.');
        this.cache = {};
      }
      for (const n of notes) console.warn(`TraceLens: ${this.path}: ${n}`);
    }
    return structuredClone(this.cache);
  }

  /** Merges `patch` (maps merged key by key, lists replaced) and writes the file atomically. */
  set(patch: Settings): Settings {
    const cur = this.get();
    const next: Settings = { ...cur, ...patch };
    // Maps keep their newest entries within the schema's bounds (a bound passed would drop the field).
    if (patch.panes) next.panes = newest({ ...cur.panes, ...patch.panes }, MAX_PANES);
    if (patch.columns) next.columns = newest({ ...cur.columns, ...patch.columns }, MAX_COLUMN_WIDTHS);
    if (next.recentFiles) next.recentFiles = [...new Set(next.recentFiles)].slice(0, MAX_RECENT);
    this.cache = validateSettings(next);
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.cache, null, 2));
      renameSync(tmp, this.path);
    } catch (e) {
      console.warn(`TraceLens: could not save settings to ${this.path}: ${String(e)}`);
    }
    if (patch.recentFiles) for (const l of this.recentListeners) l();
    return this.get();
  }

  /** Puts paths first in the recent files list. */
  addRecent(paths: readonly string[]): Settings {
    return this.set({ recentFiles: [...paths, ...(this.get().recentFiles ?? [])] });
  }
}

function newest<T>(map: Record<string, T>, max: number): Record<string, T> {
  const entries = Object.entries(map);
  return entries.length <= max ? map : Object.fromEntries(entries.slice(-max));
}

let store: SettingsStore | undefined;

/** Electron calls this with app.getPath('userData') before the first call. */
export function useSettingsDir(dir: string): void {
  store = new SettingsStore(dir);
}

export function settingsStore(): SettingsStore {
  store ??= new SettingsStore(defaultSettingsDir());
  return store;
}

// Main-side sentences (follow notes, link reasons) print times in the user's Time choice.
readSentenceZoneFrom(() => settingsStore().get().timeZone);
