/**
 * Workspaces and exports in the renderer: the view state a workspace keeps (filters, time range,
 * layout, clock overrides), applying it when one opens, and handing saved files to the user
 * (a download in the browser host; Electron writes where the save dialog said).
 */
import type { Saved } from '../../shared/channels/files-io';
import type { TraceFilter } from '../../shared/channels/svclog';
import type { MenuCommand } from '../../shared/contract';
import type { WorkspaceState } from '../../shared/workspace';
import { getApi } from './api';
import { useClock } from './clockStore';
import { useMachines } from './machinesStore';
import { useStore } from './store';
import { effectiveFilter, useView, type LeftTab } from './viewStore';

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
    filters: { ...filters, sort: v.sort },
    timeRange: fromUs !== undefined && toUs !== undefined ? { fromUs, toUs } : null,
    layout: { leftTab: v.leftTab, panes: v.panes, columns: v.columns },
  };
}

const LEFT_TABS: readonly LeftTab[] = ['activities', 'messages', 'records', 'graph'];
const isLeftTab = (t: unknown): t is LeftTab => LEFT_TABS.includes(t as LeftTab);

/** Applies a saved view state; parts that do not fit today's views are ignored. */
export async function applyState(state: WorkspaceState): Promise<void> {
  const { sort, ...filters } = state.filters as TraceFilter & { sort?: { by: string; descending: boolean } };
  const view = useView.getState();
  view.setFilter({ ...(filters as TraceFilter), fromUs: state.timeRange?.fromUs, toUs: state.timeRange?.toUs });
  if (sort && typeof sort.by === 'string') useView.setState({ sort: sort as ReturnType<typeof useView.getState>['sort'] });
  const layout = state.layout as { leftTab?: string; panes?: Record<string, number>; columns?: Record<string, number> };
  if (isLeftTab(layout.leftTab)) view.setLeftTab(layout.leftTab);
  for (const [name, px] of Object.entries(layout.panes ?? {})) if (typeof px === 'number') view.setPane(name, px);
  for (const [key, px] of Object.entries(layout.columns ?? {})) if (typeof px === 'number') view.setColumn(key, px);
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
  for (const m of r.missing) notify(m);
}

export async function openWorkspaceFiles(files: readonly File[]): Promise<void> {
  for (const file of files) {
    try {
      await applyOpened(await getApi().openWorkspaceFile(file));
    } catch (e) {
      useStore.getState().notify(message(e));
    }
  }
}

/** Gives a saved file to the user: the browser downloads it; in Electron it is already on disk. */
function deliver(saved: Saved, what: string): void {
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
    deliver(await getApi().call('workspace.save', { state: collectState() }), 'Workspace');
  } catch (e) {
    useStore.getState().notify(message(e));
  }
}

/** Exports what the filter shows (levels, time range, text) in the given format. */
export async function exportAs(format: ExportFormat): Promise<void> {
  const f = effectiveFilter(useView.getState().filter) ?? {};
  const levels = f.levels?.filter((l): l is 'critical' | 'error' | 'warning' | 'info' | 'verbose' => l !== 'boundaries');
  try {
    const r = await getApi().call('export.run', { format, levels, fromUs: f.fromUs, toUs: f.toUs, text: f.text, rawTime: useClock.getState().report?.mode === 'raw' });
    for (const p of r.problems) useStore.getState().notify(p);
    if (r.written > 0) deliver(r, `Export (${r.written.toLocaleString('en-US')} ${format === 'otlp' ? 'spans' : format === 'perfetto' ? 'trace events' : 'rows'})`);
  } catch (e) {
    useStore.getState().notify(message(e));
  }
}

/** The desktop app's File menu, and a workspace opened before the page connected (command line). */
export async function connectWorkspace(): Promise<void> {
  const api = getApi();
  api.on('menu.command', (c) => {
    if (c.command === 'workspace.save') void saveWorkspace();
    else if (c.command === 'export') void exportAs(c.format);
    else void api.call('workspace.open', { path: c.path }).then(applyOpened, (e: unknown) => useStore.getState().notify(message(e)));
  });
  const opened = await api.call('workspace.current', {});
  if (opened) await applyOpened(opened);
}
