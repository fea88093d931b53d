/**
 * Viewer settings (window bounds, pane sizes, column widths, last filter, recent files) kept in a
 * JSON file on the main side: the browser host's origin changes every run, so the page's own
 * storage would forget them. Electron puts the file under userData (see `useSettingsDir`); the
 * CLI host under $TRACELENS_CONFIG_DIR, $XDG_CONFIG_HOME/tracelens or ~/.config/tracelens.
 * What is read back is validated field by field: a bad field is dropped, not the whole file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { settingsSchema, type Settings } from '../../shared/channels/svclog';

const FILE_NAME = 'settings.json';
const MAX_RECENT = 20;

export function defaultSettingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRACELENS_CONFIG_DIR) return env.TRACELENS_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'tracelens');
  return join(homedir(), '.config', 'tracelens');
}

/** Keeps the valid fields of untrusted JSON. */
export function validateSettings(raw: unknown): Settings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, unknown> = {};
  const shape = settingsSchema.shape;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(k in shape)) continue;
    const parsed = shape[k as keyof typeof shape].safeParse(v);
    if (parsed.success && parsed.data !== undefined) out[k] = parsed.data;
  }
  return out as Settings;
}

export class SettingsStore {
  private cache?: Settings;

  constructor(readonly dir: string) {}

  get path(): string {
    return join(this.dir, FILE_NAME);
  }

  get(): Settings {
    if (!this.cache) {
      try {
        this.cache = validateSettings(JSON.parse(readFileSync(this.path, 'utf8')));
      } catch {
        this.cache = {};
      }
    }
    return structuredClone(this.cache);
  }

  /** Merges `patch` (maps merged key by key, lists replaced) and writes the file atomically. */
  set(patch: Settings): Settings {
    const cur = this.get();
    const next: Settings = { ...cur, ...patch };
    if (patch.panes) next.panes = { ...cur.panes, ...patch.panes };
    if (patch.columns) next.columns = { ...cur.columns, ...patch.columns };
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
    return this.get();
  }

  /** Puts paths first in the recent files list. */
  addRecent(paths: readonly string[]): Settings {
    return this.set({ recentFiles: [...paths, ...(this.get().recentFiles ?? [])] });
  }
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
