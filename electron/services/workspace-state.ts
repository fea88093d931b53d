/**
 * The workspace last opened in a session (its saved view state and the files it could not find),
 * so a page that connects later (the browser host started with a .tracelens on its command line)
 * can still apply it. Kept beside the session, not in it: only workspace code needs it.
 */
import type { OpenedWorkspace } from '../../shared/channels/files-io';
import type { FileInfo } from '../../shared/model';
import type { Session } from './session';
import { machines as machineJoins } from './machines/machines';
import { settingsStore } from './settings';
import { isStvProjectPath, isWorkspacePath, readStvProject, readWorkspace } from './workspace';

export function currentWorkspace(session: Session): OpenedWorkspace | null {
  return session.services.workspace;
}

/** Opens a workspace or Service Trace Viewer project file (`path` on disk, `name` to show). */
export function openWorkspaceFile(session: Session, path: string, name: string): OpenedWorkspace & { files: FileInfo[] } {
  let opened: OpenedWorkspace;
  let found: string[];
  if (isStvProjectPath(name)) {
    const r = readStvProject(path, name);
    opened = { name, state: null, missing: r.missing };
    found = r.found;
  } else {
    const { workspace, files } = readWorkspace(path, name);
    opened = { name, state: { skew: workspace.skew, machines: workspace.machines, filters: workspace.filters, timeRange: workspace.timeRange, layout: workspace.layout, bookmarks: workspace.bookmarks }, missing: files.missing };
    machineJoins(session).state.restore(workspace.machines.groups);
    found = files.found;
  }
  session.services.workspace = opened;
  return { ...opened, files: found.length ? session.open(found.map((p) => ({ path: p }))) : [] };
}

/**
 * Opens paths from a command line or a drop: workspaces and projects are expanded into their
 * files, everything else is opened as a log. Problems reading a workspace are returned as sentences.
 */
export function openPaths(session: Session, paths: readonly string[]): string[] {
  const problems: string[] = [];
  const logs: string[] = [];
  for (const p of paths) {
    if (isWorkspacePath(p) || isStvProjectPath(p)) {
      try {
        const r = openWorkspaceFile(session, p, p.split(/[\\/]/).pop() ?? p);
        problems.push(...r.missing);
        // Opened by path (a command line): it leads the one recent list.
        settingsStore().addRecent([p]);
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
    } else logs.push(p);
  }
  if (logs.length) session.open(logs.map((path) => ({ path })));
  return problems;
}
