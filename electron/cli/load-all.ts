/** Loads files headless with the same Session the app uses (CLI commands share this). */
import { basename } from 'node:path';
import type { FileInfo } from '../../shared/model';
import { Session } from '../services/session';
import type { LoadedFile } from '../engine/types';
import { isStvProjectPath, isWorkspacePath, readStvProject, readWorkspace } from '../services/workspace';

export interface LoadedSet {
  /** Every file asked for, in order, with its final state and problems. */
  infos: FileInfo[];
  /** The files that loaded, by id. */
  files: Map<string, LoadedFile>;
  /** The session that loaded them: the app's views, filter and exports run on it. */
  session: Session;
  /** Sentences about workspaces and projects: one that could not be read, entries not found or refused. */
  problems: string[];
}

/**
 * Workspaces (.tracelens) and Service Trace Viewer projects (.stvproj) among `paths` become the
 * files they list (resolved relative to them, regular files only, as when the app opens them);
 * what they list that cannot be opened is named in `problems`.
 */
export function expandWorkspaces(paths: readonly string[]): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    if (!isWorkspacePath(p) && !isStvProjectPath(p)) {
      if (!files.includes(p)) files.push(p);
      continue;
    }
    try {
      const r = isStvProjectPath(p) ? readStvProject(p, basename(p)) : readWorkspace(p, basename(p)).files;
      files.push(...r.found.filter((f) => !files.includes(f)));
      problems.push(...r.missing);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { files, problems };
}

export async function loadAll(paths: readonly string[]): Promise<LoadedSet> {
  const session = new Session({ concurrency: 2 });
  const { files, problems } = expandWorkspaces(paths);
  const opened = session.open(files.map((path) => ({ path })));
  await session.whenIdle();
  const current = new Map(session.list().map((f) => [f.id, f]));
  return {
    infos: opened.map((f) => current.get(f.id) ?? f),
    files: new Map(session.loaded().map((l) => [l.info.id, l.file])),
    session,
    problems,
  };
}
