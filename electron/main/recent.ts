/**
 * File › Open Recent: the ONE recent list, `recentFiles` in the settings, which the toolbar's
 * Recent shows too (files, workspaces and projects opened by path), plus the OS's recent documents.
 * A list kept before in recent-files.json is taken into the settings once.
 */
import { app } from 'electron';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { settingsStore } from '../services/settings';

const MAX_SHOWN = 10;
const legacyFile = () => join(app.getPath('userData'), 'recent-files.json');

export function readRecent(): string[] {
  return (settingsStore().get().recentFiles ?? []).slice(0, MAX_SHOWN);
}

export function addRecent(paths: readonly string[]): string[] {
  for (const p of paths) app.addRecentDocument(p);
  return settingsStore().addRecent(paths).recentFiles ?? [];
}

export function clearRecent(): void {
  app.clearRecentDocuments();
  settingsStore().set({ recentFiles: [] });
}

/** Takes the older recent-files.json list into the settings (after what they already hold). */
export function importLegacyRecent(): void {
  try {
    const list: unknown = JSON.parse(readFileSync(legacyFile(), 'utf8'));
    const paths = Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= 4096).slice(0, MAX_SHOWN) : [];
    settingsStore().set({ recentFiles: [...(settingsStore().get().recentFiles ?? []), ...paths] });
    rmSync(legacyFile(), { force: true });
  } catch {
    /* no older list */
  }
}
