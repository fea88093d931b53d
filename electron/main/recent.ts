/** File › Open Recent: our own list (shown in the menu on every OS) plus the OS's recent documents. */
import { app } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX = 10;
const file = () => join(app.getPath('userData'), 'recent-files.json');

export function readRecent(): string[] {
  try {
    const list: unknown = JSON.parse(readFileSync(file(), 'utf8'));
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function addRecent(paths: readonly string[]): string[] {
  const list = [...paths, ...readRecent().filter((p) => !paths.includes(p))].slice(0, MAX);
  for (const p of paths) app.addRecentDocument(p);
  try {
    writeFileSync(file(), JSON.stringify(list));
  } catch (e) {
    console.warn(`TraceLens: could not save the recent files list: ${String(e)}`);
  }
  return list;
}

export function clearRecent(): void {
  app.clearRecentDocuments();
  try {
    writeFileSync(file(), '[]');
  } catch {
    /* nothing to keep */
  }
}
