/**
 * Reading and writing workspaces (`.tracelens`) and reading Service Trace Viewer projects
 * (`.stvproj`: `<traceviewer_project><e2efile path="…"/></traceviewer_project>`, paths relative
 * to the project or absolute Windows paths). Missing files are reported; the rest still opens.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { WORKSPACE_FORMAT, WORKSPACE_VERSION, workspaceSchema, type Workspace, type WorkspaceState } from '../../shared/workspace';
import { ServiceError } from './errors';

export interface ResolvedFiles {
  /** Absolute paths that exist. */
  found: string[];
  /** Sentences about files that could not be found. */
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
  });
}

export async function saveWorkspace(workspacePath: string, files: readonly string[], state: Partial<WorkspaceState>, relativeTo: 'workspace' | null = 'workspace'): Promise<Workspace> {
  const ws = buildWorkspace(workspacePath, files, state, relativeTo);
  await writeFile(workspacePath, `${JSON.stringify(ws, null, 2)}\n`);
  return ws;
}

function readSmallText(path: string, what: string, name: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new ServiceError('not-found', `The ${what} ${name} does not exist.`);
  }
  if (size > MAX_PROJECT_BYTES) throw new ServiceError('too-large', `The ${what} ${name} is ${size} bytes; a ${what} is at most ${MAX_PROJECT_BYTES}.`);
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}

/** Parses a workspace document (text), with a sentence naming the file when it is not one. */
export function parseWorkspace(text: string, name: string): Workspace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ServiceError('invalid-request', `${name} is not a TraceLens workspace: it is not JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  const r = workspaceSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ServiceError('invalid-request', `${name} is not a valid TraceLens workspace: ${issue.path.join('.') || 'document'}: ${issue.message}.`);
  }
  return r.data;
}

/** `name`: what to call the file in messages (an upload's original name). */
export function readWorkspace(workspacePath: string, name = basename(workspacePath)): { workspace: Workspace; files: ResolvedFiles } {
  const workspace = parseWorkspace(readSmallText(workspacePath, 'workspace', name), name);
  const base = dirname(resolve(workspacePath));
  return { workspace, files: resolveAll(workspace.files.map((f) => [f.path, f.absolute]), base, name) };
}

/** The trace files a Service Trace Viewer project lists. */
export function readStvProject(projectPath: string, name = basename(projectPath)): ResolvedFiles {
  const text = readSmallText(projectPath, 'project', name);
  if (/<!DOCTYPE/i.test(text)) throw new ServiceError('invalid-request', `${name} has a DOCTYPE; TraceLens does not read project files with entity declarations.`);
  let doc: { traceviewer_project?: { e2efile?: { '@_path'?: string } | { '@_path'?: string }[] } };
  try {
    doc = new XMLParser({ ignoreAttributes: false, processEntities: false }).parse(text);
  } catch (e) {
    throw new ServiceError('invalid-request', `${name} is not a Service Trace Viewer project: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const root = doc.traceviewer_project;
  if (root === undefined) throw new ServiceError('invalid-request', `${name} is not a Service Trace Viewer project (no <traceviewer_project> element).`);
  const entries = root && typeof root === 'object' ? root.e2efile : undefined;
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
  const paths = list.map((e) => e['@_path']?.trim()).filter((p): p is string => !!p);
  return resolveAll(paths.map((p) => [p, undefined]), dirname(resolve(projectPath)), name);
}

/** Windows-style paths from another machine: `C:\…` or `\\server\…` are absolute there. */
function windowsAbsolute(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function resolveAll(entries: [string, string | undefined][], base: string, from: string): ResolvedFiles {
  const found: string[] = [];
  const missing: string[] = [];
  for (const [p, absolute] of entries) {
    const local = p.replace(/\\/g, '/');
    const candidates = windowsAbsolute(p)
      ? // Copied from a Windows machine: look next to the project for the same file name.
        [join(base, local.split('/').pop()!)]
      : [isAbsolute(local) ? local : resolve(base, local), ...(absolute ? [absolute] : [])];
    const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (hit) {
      if (!found.includes(hit)) found.push(hit);
    } else missing.push(`${p} (listed in ${from}) was not found${windowsAbsolute(p) ? ' (a Windows path; looked for the same name next to the project)' : ''}.`);
  }
  return { found, missing };
}
