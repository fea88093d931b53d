/** Loads files headless with the same Session the app uses (CLI commands share this). */
import type { FileInfo } from '../../shared/model';
import { Session } from '../services/session';
import type { LoadedFile } from '../engine/types';
import { endIdleWorkers } from '../engine/worker-pool';
import { endEarlyParses } from '../engine/svclog/early-parse';

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

export async function loadAll(paths: readonly string[]): Promise<LoadedSet> {
  const session = new Session({ concurrency: 2, partialSnapshots: false });
  // The workspace reader (and the contract's schemas it validates with) is its own bundle, loaded
  // only when a workspace or project is named: plain files start parsing without it.
  const { files, problems } = paths.some((p) => /\.(tracelens|stvproj)$/i.test(p)) ? (await import('./workspaces')).expandWorkspaces(paths) : { files: [...new Set(paths)], problems: [] };
  const opened = session.open(files.map((path) => ({ path })));
  await session.whenIdle();
  // Nothing else is parsed in this process: the workers' memory goes before the index is built
  // (with any parse started early that no load took over: early-parse-start.ts).
  await Promise.all([endIdleWorkers(), endEarlyParses()]);
  const current = new Map(session.list().map((f) => [f.id, f]));
  return {
    infos: opened.map((f) => current.get(f.id) ?? f),
    files: new Map(session.loaded().map((l) => [l.info.id, l.file])),
    session,
    problems,
  };
}
