/** Workspaces and Service Trace Viewer projects named on the command line, expanded to their files. */
import { basename } from 'node:path';
import { isStvProjectPath, isWorkspacePath, readStvProject, readWorkspace } from '../services/workspace';

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

