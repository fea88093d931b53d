/** Handlers of workspace save/open and export (shared/channels/files-io.ts). */
import { basename, isAbsolute } from 'node:path';
import type { FilesIoResponses, Saved } from '../../../shared/channels/files-io';
import { ServiceError } from '../errors';
import { EXPORT_EXTENSIONS, exportSession, type ExportOutcome } from '../export-service';
import { zipFolder } from '../export/zip-folder';
import { rm } from 'node:fs/promises';
import type { RequestOf } from '../../../shared/contract';
import type { SaveFilter } from '../output';
import { settingsStore } from '../settings';
import { saveStvProject, saveWorkspace } from '../workspace';
import { openWorkspaceFile } from '../workspace-state';
import type { DispatchContext, HandlersFor } from './types';

const WORKSPACE_FILTERS: SaveFilter[] = [{ name: 'TraceLens workspace', extensions: ['tracelens'] }];
const PROJECT_FILTERS: SaveFilter[] = [{ name: 'Service Trace Viewer project', extensions: ['stvproj'] }];

export async function saveTo(ctx: DispatchContext, name: string, filters: SaveFilter[], write: (path: string) => Promise<void>): Promise<Saved> {
  if (!ctx.output) throw new ServiceError('unsupported', 'This shell cannot save files.');
  const path = await ctx.output.target(name, filters);
  if (!path) return { cancelled: true };
  await write(path);
  const downloadUrl = ctx.output.publish(path, name);
  return downloadUrl ? { downloadUrl, fileName: name } : { path, fileName: basename(path) };
}

/** Paths of the loaded files on this machine (uploads are temporary copies: not worth saving). */
function savedPaths(ctx: DispatchContext): string[] {
  return ctx.session
    .list()
    .filter((f) => f.state === 'loaded' && isAbsolute(f.path))
    .map((f) => f.path);
}

/** Parquet from the app: a folder the user names (desktop), or the folder zipped and downloaded (browser host). */
async function exportParquetDatasets(ctx: DispatchContext, req: RequestOf<'export.run'>): Promise<FilesIoResponses['export.run']> {
  const name = `tracelens-parquet-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
  const options = { ...req, format: 'parquet' as const, version: ctx.appInfo.version };
  if (!ctx.output?.downloads) {
    let outcome = { written: 0, problems: [] as string[] };
    const saved = await saveTo(ctx, name, [{ name: 'Parquet datasets (a new folder)', extensions: ['*'] }], async (output) => {
      outcome = await exportSession(ctx.session, { ...options, output });
    });
    return { ...saved, ...outcome };
  }
  let outcome: ExportOutcome = { written: 0, problems: [] };
  const saved = await saveTo(ctx, `${name}.zip`, [{ name: 'Zip', extensions: ['zip'] }], async (zipPath) => {
    const folder = `${zipPath}.datasets`;
    try {
      outcome = await exportSession(ctx.session, { ...options, output: folder });
      if (outcome.written > 0) await zipFolder(folder, zipPath);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
  return outcome.written > 0 ? { ...saved, ...outcome } : { ...outcome };
}

export const filesIoHandlers: HandlersFor<keyof FilesIoResponses> = {
  async 'export.run'(req, ctx) {
    if (ctx.session.loaded().length === 0) throw new ServiceError('not-found', 'Nothing is loaded to export.');
    if (req.format === 'parquet') return exportParquetDatasets(ctx, req);
    const ext = EXPORT_EXTENSIONS[req.format as keyof typeof EXPORT_EXTENSIONS];
    let outcome = { written: 0, problems: [] as string[] };
    const saved = await saveTo(ctx, `tracelens-export.${req.format === 'perfetto' ? 'perfetto.json' : req.format === 'otlp' ? 'otlp.json' : ext}`, [{ name: req.format.toUpperCase(), extensions: [ext] }], async (output) => {
      outcome = await exportSession(ctx.session, { ...req, output, version: ctx.appInfo.version });
    });
    return { ...saved, ...outcome };
  },
  async 'workspace.save'(req, ctx) {
    const files = savedPaths(ctx);
    return saveTo(ctx, 'workspace.tracelens', WORKSPACE_FILTERS, async (path) => {
      // A download's final folder is unknown, so it keeps absolute paths; a chosen path gets relative ones.
      const state = { ...req.state, machines: { groups: ctx.services.machines.state.groups.map((g) => [...g]) } };
      await saveWorkspace(path, files, state, ctx.uploads ? null : 'workspace');
      if (!ctx.uploads) settingsStore().addRecent([path]);
    });
  },
  async 'workspace.saveProject'(_req, ctx) {
    const loaded = ctx.session.list().filter((f) => f.state === 'loaded');
    const traces = loaded.filter((f) => f.format === 'svclog' && isAbsolute(f.path));
    if (traces.length === 0) throw new ServiceError('not-found', 'No WCF traces (.svclog) from this machine are loaded: a Service Trace Viewer project lists traces only.');
    const omitted = loaded.filter((f) => !traces.includes(f)).map((f) => f.name);
    const saved = await saveTo(ctx, 'project.stvproj', PROJECT_FILTERS, async (path) => {
      await saveStvProject(path, traces.map((f) => f.path), ctx.uploads ? null : 'project');
      if (!ctx.uploads) settingsStore().addRecent([path]);
    });
    return { ...saved, omitted };
  },
  'workspace.open'(req, ctx) {
    if ('path' in req) {
      const opened = openWorkspaceFile(ctx.session, req.path, basename(req.path));
      // Opened from a path (the recent list, the desktop menu): it leads the one recent list.
      settingsStore().addRecent([req.path]);
      return opened;
    }
    if (!ctx.uploads) throw new ServiceError('unsupported', 'Uploads exist only in the browser host.');
    return openWorkspaceFile(ctx.session, ctx.uploads.pathOf(req.uploadId), req.name);
  },
  'workspace.current': (_req, ctx) => ctx.services.workspace,
};
