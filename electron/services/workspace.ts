/**
 * Reading and writing workspaces (`.tracelens`) and reading Service Trace Viewer projects
 * (`.stvproj`: `<traceviewer_project><e2efile path="…"/></traceviewer_project>`, paths relative
 * to the project or absolute Windows paths). Missing files are reported; the rest still opens.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { readWorkspaceJson, WORKSPACE_FORMAT, WORKSPACE_VERSION, workspaceSchema, type Workspace, type WorkspaceState } from '../../shared/workspace';
import { ServiceError } from './errors';
import { notOpenable, readSmallFile } from './openable';

export interface ResolvedFiles {
  /** Absolute paths that exist. */
  found: string[];
  /** Sentences about files that could not be found or opened, and parts of the workspace dropped. */
  missing: string[];
}

const MAX_PROJECT_BYTES = 4 * 1024 * 1024;

export function isWorkspacePath(p: string): boolean {
  return /\.tracelens$/i.test(p);
}

export function isStvProjectPath(p: string): boolean {
  return /\.stvproj$/i.test(p);
}

/**
 * Builds the workspace document for `files` saved at `workspacePath`; with `relativeTo: null` (a
 * browser download, whose final folder is unknown) every path stays absolute.
 */
export function buildWorkspace(workspacePath: string, files: readonly string[], state: Partial<WorkspaceState>, relativeTo: 'workspace' | null = 'workspace'): Workspace {
  const base = dirname(resolve(workspacePath));
  return workspaceSchema.parse({
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    savedAt: new Date().toISOString(),
    files: files.map((abs) => {
      const rel = relative(base, abs);
      // Relative only when it stays on the same drive/root; a path climbing above "/" is absolute anyway.
      const usable = relativeTo !== null && rel !== '' && !isAbsolute(rel);
      return { path: usable ? rel.split(sep).join('/') : abs, absolute: abs };
    }),
    skew: state.skew ?? { overridesMs: {} },
    machines: state.machines ?? { groups: [] },
    filters: state.filters ?? {},
    timeRange: state.timeRange ?? null,
    layout: state.layout ?? {},
    // Bookmarks name their file by its path here; on disk by its place in `files`.
    bookmarks: (state.bookmarks ?? []).flatMap((b) => {
      const file = typeof b.file === 'string' ? files.indexOf(b.file) : -1;
      return file >= 0 ? [{ ...b, file }] : [];
    }),
  });
}

export async function saveWorkspace(workspacePath: string, files: readonly string[], state: Partial<WorkspaceState>, relativeTo: 'workspace' | null = 'workspace'): Promise<Workspace> {
  const ws = buildWorkspace(workspacePath, files, state, relativeTo);
  await writeFile(workspacePath, `${JSON.stringify(ws, null, 2)}\n`);
  return ws;
}

const decodeXmlAttr = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, n: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[n]!);
const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A Service Trace Viewer project listing `files` (the traces: STV opens nothing else), as STV
 * writes one: `<traceviewer_project><e2efile path="…"/>…` with paths relative to the project where
 * they share its root (Windows separators, as STV writes them; both readers take either), else
 * absolute. `relativeTo: null` (a browser download) keeps every path absolute.
 */
export function buildStvProject(projectPath: string, files: readonly string[], relativeTo: 'project' | null = 'project'): string {
  const base = dirname(resolve(projectPath));
  const entries = files.map((abs) => {
    const rel = relative(base, abs);
    const usable = relativeTo !== null && rel !== '' && !isAbsolute(rel);
    return `  <e2efile path="${xmlAttr(usable ? rel.split(sep).join('\\') : abs)}" />`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<traceviewer_project>\n${entries.join('\n')}${entries.length ? '\n' : ''}</traceviewer_project>\n`;
}

export async function saveStvProject(projectPath: string, files: readonly string[], relativeTo: 'project' | null = 'project'): Promise<void> {
  await writeFile(projectPath, buildStvProject(projectPath, files, relativeTo));
}

/**
 * Parses a workspace document (text). Throws a sentence naming the file when it is not one at all;
 * parts that do not fit are dropped and described in `notes`. Messages never quote the text.
 */
export function parseWorkspace(text: string, name: string, notes: string[] = []): Workspace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // V8's message quotes the text around the error: only say that it is not JSON.
    throw new ServiceError('invalid-request', `${name} is not a TraceLens workspace: it is not JSON.`);
  }
  try {
    return readWorkspaceJson(json, name, notes);
  } catch (e) {
    throw new ServiceError('invalid-request', e instanceof Error ? e.message : String(e));
  }
}

/** `name`: what to call the file in messages (an upload's original name). */
export function readWorkspace(workspacePath: string, name = basename(workspacePath)): { workspace: Workspace; files: ResolvedFiles } {
  const notes: string[] = [];
  const workspace = parseWorkspace(readSmallFile(workspacePath, MAX_PROJECT_BYTES, 'workspace', name), name, notes);
  const base = dirname(resolve(workspacePath));
  const files = resolveAll(workspace.files.map((f) => [f.path, f.absolute]), base, name);
  // Bookmarks go back to naming their file by the path it was found at (dropped when it was not).
  workspace.bookmarks = (workspace.bookmarks ?? []).flatMap((b) => {
    const path = typeof b.file === 'number' ? files.resolved[b.file] : undefined;
    return path ? [{ ...b, file: path }] : [];
  });
  return { workspace, files: { found: files.found, missing: [...notes, ...files.missing] } };
}

/** The trace files a Service Trace Viewer project lists. */
export function readStvProject(projectPath: string, name = basename(projectPath)): ResolvedFiles {
  const text = readSmallFile(projectPath, MAX_PROJECT_BYTES, 'project', name);
  if (/<!DOCTYPE/i.test(text)) throw new ServiceError('invalid-request', `${name} has a DOCTYPE; TraceLens does not read project files with entity declarations.`);
  let doc: { traceviewer_project?: { e2efile?: { '@_path'?: string } | { '@_path'?: string }[] } };
  try {
    doc = new XMLParser({ ignoreAttributes: false, processEntities: false }).parse(text);
  } catch {
    // The parser's message quotes the text: only say what is wrong.
    throw new ServiceError('invalid-request', `${name} is not a Service Trace Viewer project: its XML is malformed.`);
  }
  const root = doc.traceviewer_project;
  if (root === undefined) throw new ServiceError('invalid-request', `${name} is not a Service Trace Viewer project (no <traceviewer_project> element).`);
  const entries = root && typeof root === 'object' ? root.e2efile : undefined;
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
  // Entities stay unexpanded in the parser (no entity tricks): the five predefined ones are decoded here.
  const paths = list.map((e) => (typeof e['@_path'] === 'string' ? decodeXmlAttr(e['@_path']).trim() : '')).filter((p) => !!p);
  return resolveAll(paths.map((p) => [p, undefined]), dirname(resolve(projectPath)), name);
}

/** Windows-style paths from another machine: `C:\…` or `\\server\…` are absolute there. */
function windowsAbsolute(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function resolveAll(entries: [string, string | undefined][], base: string, from: string): ResolvedFiles & { resolved: (string | undefined)[] } {
  const found: string[] = [];
  const missing: string[] = [];
  const resolved: (string | undefined)[] = [];
  for (const [p, absolute] of entries) {
    const local = p.replace(/\\/g, '/');
    const candidates = windowsAbsolute(p)
      ? // Copied from a Windows machine: look next to the project for the same file name.
        [join(base, local.split('/').pop()!)]
      : [isAbsolute(local) ? local : resolve(base, local), ...(absolute ? [absolute] : [])];
    const verdicts = candidates.map((c) => ({ path: c, why: notOpenable(c) }));
    const hit = verdicts.find((v) => v.why === null)?.path;
    resolved.push(hit);
    const refused = verdicts.find((v) => v.why !== null && v.why !== 'it does not exist');
    if (hit) {
      if (!found.includes(hit)) found.push(hit);
    } else if (refused) missing.push(`${p.slice(0, 300)} (listed in ${from}) was not opened: ${refused.why}.`);
    else missing.push(`${p.slice(0, 300)} (listed in ${from}) was not found${windowsAbsolute(p) ? ' (a Windows path; looked for the same name next to the project)' : ''}.`);
  }
  return { found, missing, resolved };
}
