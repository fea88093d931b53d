/**
 * Workspaces and exports in the renderer: the view state a workspace keeps (filters, time range,
 * layout, clock overrides), applying it when one opens, and handing saved files to the user
 * (a download in the browser host; Electron writes where the save dialog said).
 */
import type { Saved } from '../../shared/channels/files-io';
import type { CustomFilter } from '../../shared/channels/filter';
import { addToLibrary } from './components/custom/CustomFilterMenu';
import type { MenuCommand } from '../../shared/contract';
import { plural } from '../../shared/format';
import { resolveZone } from '../../shared/time-zone';
import type { WorkspaceState } from '../../shared/workspace';
import { getApi } from './api';
import { runShortcut } from './shortcutCommands';
import { useClock } from './clockStore';
import { useMachines } from './machinesStore';
import { requestFilter, useIis } from './iisStore';
import { useStore } from './store';
import { useZoneStore } from './timeZone';
import { effectiveFilter, saveSettings, useView, type Bookmark } from './viewStore';

export const isWorkspaceFile = (name: string) => /\.(tracelens|stvproj)$/i.test(name);

export type ExportFormat = Extract<MenuCommand, { command: 'export' }>['format'];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What a workspace keeps of the current view. */
export function collectState(): WorkspaceState {
  const v = useView.getState();
  const clock = useClock.getState().report?.workspace;
  const { fromUs, toUs, ...filters } = v.filter;
  return {
    skew: { reference: clock?.reference, overridesMs: clock?.overridesMs ?? {} },
    // `custom` holds the applied custom filters; `library` every custom filter the user has.
    filters: { ...filters, sort: v.sort, ...(v.customFilters.length ? { library: v.customFilters } : {}) },
    timeRange: fromUs !== undefined && toUs !== undefined ? { fromUs, toUs } : null,
    layout: { leftTab: v.leftTab, panes: v.panes, columns: v.columns, timeZone: useZoneStore.getState().zone },
    bookmarks: bookmarksByPath(v.bookmarks),
  };
}

/** Bookmarks name their file by path in a workspace (file ids live one session). */
function bookmarksByPath(list: Bookmark[]): WorkspaceState['bookmarks'] {
  const pathOf = new Map(useStore.getState().files.map((f) => [f.id, f.path]));
  return list.flatMap((b) => {
    const file = pathOf.get(b.fileId);
    return file ? [{ file, index: b.index, timeUs: b.timeUs }] : [];
  });
}

/** A workspace's bookmarks on the files now open (matched by path). */
async function restoreBookmarks(list: NonNullable<WorkspaceState['bookmarks']>): Promise<void> {
  if (!list.length) return;
  const idOf = new Map((await getApi().call('files.list', {})).map((f) => [f.path, f.id]));
  useView.getState().setBookmarks(list.flatMap((b) => {
    const fileId = typeof b.file === 'string' ? idOf.get(b.file) : undefined;
    return fileId ? [{ fileId, index: b.index, timeUs: b.timeUs }] : [];
  }));
}

/** Applies a saved view state (validated field by field on the main side when the workspace was read). */
export async function applyState(state: WorkspaceState): Promise<void> {
  const { sort, library, ...filters } = state.filters;
  const view = useView.getState();
  if (library) addToLibrary(library as CustomFilter[]);
  view.setFilter({ ...filters, fromUs: state.timeRange?.fromUs, toUs: state.timeRange?.toUs });
  useView.setState((s) => ({ restored: s.restored + 1 }));
  if (sort) useView.setState({ sort });
  const { leftTab, panes = {}, columns = {}, timeZone } = state.layout;
  if (leftTab) view.setLeftTab(leftTab);
  if (timeZone) useZoneStore.getState().setZone(timeZone);
  // One update and one settings write for the whole layout, not one per column.
  useView.setState((s) => ({ panes: { ...s.panes, ...panes }, columns: { ...s.columns, ...columns } }));
  if (Object.keys(panes).length || Object.keys(columns).length) saveSettings({ panes, columns });
  await restoreBookmarks(state.bookmarks ?? []);
  // The main side restored the machine joins when it opened the workspace: show them.
  void useMachines.getState().refresh();
  if (state.skew.reference || Object.keys(state.skew.overridesMs).length) {
    await getApi().call('skew.restore', { reference: state.skew.reference, overridesMs: state.skew.overridesMs });
    await useClock.getState().refresh();
  }
}

async function applyOpened(r: { name: string; state: WorkspaceState | null; missing: string[] }): Promise<void> {
  const notify = useStore.getState().notify;
  if (r.state) await applyState(r.state);
  // Few notes: one notice each. Many (a hostile or badly damaged workspace): one notice listing
  // the first ten, so none is pushed out of the notice area by the others.
  if (r.missing.length <= 3) for (const m of r.missing) notify(m);
  else notify(`${r.name}: ${r.missing.length} parts could not be used. ${r.missing.slice(0, 10).join(' ')}${r.missing.length > 10 ? ` … and ${r.missing.length - 10} more.` : ''}`);
}

/**
 * Whether the page has opened a workspace itself. The startup check for a workspace opened before
 * the page connected (connectWorkspace) may answer after the user's own open has finished, and
 * then names that same workspace: applying it again doubled its notices.
 */
let openedByPage = false;

/**
 * Resolved once the page's start-up state (saved settings: filter, panes) is in place. A workspace
 * the user opens sooner applies its view state after it, or the late settings would overwrite the
 * workspace's filter.
 */
let markStarted!: () => void;
const started = new Promise<void>((resolve) => (markStarted = resolve));
export const startupFinished = (): void => markStarted();

export async function openWorkspaceFiles(files: readonly File[]): Promise<void> {
  openedByPage = true;
  for (const file of files) {
    try {
      const opened = await getApi().openWorkspaceFile(file);
      await started;
      await applyOpened(opened);
    } catch (e) {
      useStore.getState().notify(message(e));
    }
  }
}

/** Gives a saved file to the user: the browser downloads it; in Electron it is already on disk. */
export function deliver(saved: Saved, what: string): void {
  const notify = useStore.getState().notify;
  if (saved.cancelled) return;
  if (saved.downloadUrl) {
    const a = document.createElement('a');
    a.href = saved.downloadUrl;
    a.download = saved.fileName ?? 'tracelens-file';
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } else if (saved.path) notify(`${what} saved to ${saved.path}.`);
}

export async function saveWorkspace(): Promise<void> {
  try {
    const saved = await getApi().call('workspace.save', { state: collectState() });
    deliver(saved, 'Workspace');
    if (saved.path) await refreshRecent();
  } catch (e) {
    useStore.getState().notify(message(e));
  }
}

/** The one recent list as the main side keeps it (a workspace opened or saved by path leads it). */
async function refreshRecent(): Promise<void> {
  const st = await getApi().call('settings.get', {});
  useView.setState({ recentFiles: st.recentFiles ?? [] });
}

/** Saves the loaded traces as a Service Trace Viewer project; says which loaded files it cannot list. */
export async function saveProject(): Promise<void> {
  const notify = useStore.getState().notify;
  try {
    const r = await getApi().call('workspace.saveProject', {});
    deliver(r, 'Service Trace Viewer project');
    if (!r.cancelled && r.omitted.length) notify(`The project lists the traces only (Service Trace Viewer opens nothing else); not in it: ${r.omitted.slice(0, 10).join(', ')}${r.omitted.length > 10 ? ` and ${r.omitted.length - 10} more` : ''}. Save a workspace to keep them.`);
    if (!r.cancelled && r.path) void refreshRecent();
  } catch (e) {
    notify(message(e));
  }
}

/** Opens a workspace or project by its path (the recent list): its files and its view state. */
export async function openWorkspacePath(path: string): Promise<void> {
  openedByPage = true;
  try {
    const opened = await getApi().call('workspace.open', { path });
    await started;
    await applyOpened(opened);
    await refreshRecent();
  } catch (e) {
    useStore.getState().notify(message(e));
  }
}

/** Exports exactly what the views show: the one filter; from the IIS view, the requests its table shows; from All records, its records. */
export async function exportAs(format: ExportFormat): Promise<void> {
  const filter = effectiveFilter(useView.getState().filter);
  const iis = useIis.getState();
  const tabular = format === 'csv' || format === 'jsonl';
  const fromIis = iis.view === 'iis' && tabular;
  const fromRecords = !fromIis && tabular && useView.getState().leftTab === 'records';
  const range = filter?.fromUs !== undefined && filter.toUs !== undefined ? { fromUs: filter.fromUs, toUs: filter.toUs } : undefined;
  try {
    // From the IIS view: the requests its table shows (its filters, the window, the filter bar's shared parts).
    const shared = filter && effectiveFilter({ ...filter, fromUs: undefined, toUs: undefined, custom: undefined });
    const r = await getApi().call('export.run', {
      format,
      ...(fromIis
        ? { what: 'requests' as const, iisFilter: requestFilter(iis.filter, range, shared) ?? {} }
        : // From All records: every record it lists, each file's with its own fields.
          { filter, ...(fromRecords ? { what: 'records' as const } : {}) }),
      rawTime: useClock.getState().report?.mode === 'raw',
      // The views' zone ('local' named as this machine's zone), written with its offset.
      timeZone: resolveZone(useZoneStore.getState().zone),
    });
    for (const p of r.problems) useStore.getState().notify(p);
    if (r.written > 0) deliver(r, `Export (${plural(r.written, format === 'otlp' ? 'span' : format === 'perfetto' ? 'trace event' : 'row')}${format === 'parquet' ? ` in ${plural(Object.keys(r.datasets ?? {}).length, 'dataset')}` : ''})`);
  } catch (e) {
    useStore.getState().notify(message(e));
  }
}

/** The desktop app's File menu, and a workspace opened before the page connected (command line). */
export async function connectWorkspace(): Promise<void> {
  const api = getApi();
  api.on('menu.command', (c) => {
    if (c.command === 'workspace.save') void saveWorkspace();
    else if (c.command === 'shortcut') runShortcut(c.id);
    else if (c.command === 'export') void exportAs(c.format);
    else if (c.command === 'follow.folder') void useStore.getState().followFolder(c.path);
    else void openWorkspacePath(c.path);
  });
  const opened = await api.call('workspace.current', {});
  if (opened && !openedByPage) await applyOpened(opened);
  startupFinished();
}
