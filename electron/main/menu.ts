/** The native menu: File (Open, Open Recent), Edit, View, Help, with the platform's usual roles. */
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { acceleratorFor, SHORTCUTS } from '../../shared/shortcuts';
import type { MenuCommand } from '../../shared/contract';
import { readRecent } from './recent';

export const OPEN_DIALOG_FILTERS = [
  { name: 'Trace files', extensions: ['svclog', 'e2e', 'xml'] },
  { name: 'Workspaces and STV projects', extensions: ['tracelens', 'stvproj'] },
  { name: 'IIS logs', extensions: ['log', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

export interface MenuActions {
  openPaths(paths: string[]): void;
  clearRecent(): void;
  /** A command the renderer carries out with its own state (save workspace, export). */
  command(c: MenuCommand): void;
}

export function buildMenu(getWindow: () => BrowserWindow | undefined, actions: MenuActions, dev: boolean): Menu {
  const isMac = process.platform === 'darwin';
  const recent = readRecent();
  const openDialog = async () => {
    const win = getWindow();
    const options = { title: 'Open traces and logs', properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[], filters: OPEN_DIALOG_FILTERS };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (!result.canceled && result.filePaths.length > 0) actions.openPaths(result.filePaths);
  };
  const followFolderDialog = async () => {
    const win = getWindow();
    const options = { title: 'Follow a folder of logs (new logs in it open as they appear)', properties: ['openDirectory'] as 'openDirectory'[] };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (!result.canceled && result.filePaths.length > 0) actions.command({ command: 'follow.folder', path: result.filePaths[0] });
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: '&Open…', accelerator: acceleratorFor('Open files'), click: () => void openDialog() },
        {
          label: 'Open &Recent',
          submenu: [
            ...recent.map((p) => ({ label: p, click: () => actions.openPaths([p]) })),
            ...(recent.length ? [{ type: 'separator' as const }] : []),
            { label: 'Clear Recent', enabled: recent.length > 0, click: () => actions.clearRecent() },
          ],
        },
        { label: '&Follow Folder…', click: () => void followFolderDialog() },
        { type: 'separator' },
        { label: 'Save &Workspace…', accelerator: acceleratorFor('Save the workspace'), click: () => actions.command({ command: 'workspace.save' }) },
        {
          label: '&Export',
          submenu: [
            { label: 'Traces or requests as CSV…', click: () => actions.command({ command: 'export', format: 'csv' }) },
            { label: 'Traces or requests as JSON Lines…', click: () => actions.command({ command: 'export', format: 'jsonl' }) },
            { label: 'Activities and messages for Perfetto…', click: () => actions.command({ command: 'export', format: 'perfetto' }) },
            { label: 'Activities and messages as OTLP/JSON…', click: () => actions.command({ command: 'export', format: 'otlp' }) },
            { label: 'Everything as Parquet datasets…', click: () => actions.command({ command: 'export', format: 'parquet' }) },
          ],
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(dev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Go',
      // Every shortcut the renderer carries out by name (shared/shortcuts.ts): the menu shows its key and runs it.
      submenu: SHORTCUTS.filter((s) => s.command).map((s) => ({ label: s.action, accelerator: s.accelerator, click: () => actions.command({ command: 'shortcut', id: s.command! }) })),
    },
    {
      role: 'help',
      submenu: [
        {
          label: '&Keyboard Shortcuts',
          accelerator: acceleratorFor('This list'),
          click: () => {
            const win = getWindow();
            const width = Math.max(...SHORTCUTS.map((s) => s.keys.length));
            const options = {
              type: 'info' as const,
              title: 'Keyboard shortcuts',
              message: 'Keyboard shortcuts',
              detail: SHORTCUTS.map((s) => `${s.keys.padEnd(width)}   ${s.action}`).join('\n'),
            };
            void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
          },
        },
        { type: 'separator' },
        {
          label: `About ${app.getName()}`,
          click: () => {
            const win = getWindow();
            const options = {
              type: 'info' as const,
              title: 'About TraceLens',
              message: `TraceLens ${app.getVersion()}`,
              detail: 'WCF svclog traces and IIS logs, correlated across machines.\nElectron ' + process.versions.electron,
            };
            void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
