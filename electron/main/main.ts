/**
 * Electron's entry: app lifecycle, one locked-down window, the menu, and the ways files arrive
 * (command line, macOS open-file, a second instance's arguments, File › Open, drag and drop).
 * All real work happens in the transport-free session (electron/services).
 */
import { app, BrowserWindow, Menu } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MenuCommand } from '../../shared/contract';
import { Session } from '../services/session';
import { isStvProjectPath, isWorkspacePath } from '../services/workspace';
import { openPaths as openWorkspaceAware } from '../services/workspace-state';
import { settingsStore, useSettingsDir } from '../services/settings';
import { filesFromArgv } from './args';
import { pushEvent, registerIpc } from './ipc';
import { buildMenu } from './menu';
import { registerSchemePrivileges, serveRenderer } from './protocol';
import { addRecent, clearRecent, importLegacyRecent } from './recent';
import { saveDialogSink } from './save-dialog';
import { createMainWindow } from './window';

const OUT_DIR = dirname(fileURLToPath(import.meta.url));
const dev = !app.isPackaged;

registerSchemePrivileges();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const session = new Session();
  let win: BrowserWindow | undefined;
  const pending: string[] = filesFromArgv(process.argv, process.cwd());

  const sendCommand = (c: MenuCommand) => pushEvent(win, 'menu.command', c);
  const openPaths = (arrived: string[]) => {
    // The same file can arrive twice before the window is up (command line and macOS open-file).
    const paths = [...new Set(arrived)];
    if (paths.length === 0) return;
    // With the window up, the renderer opens workspaces itself so it can apply their view state;
    // before that, they open here and the renderer picks the state up when it connects.
    const workspaces = win ? paths.filter((p) => isWorkspacePath(p) || isStvProjectPath(p)) : [];
    for (const path of workspaces) sendCommand({ command: 'workspace.open', path });
    for (const problem of openWorkspaceAware(session, paths.filter((p) => !workspaces.includes(p)))) console.warn(`TraceLens: ${problem}`);
    addRecent(paths);
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  };
  const refreshMenu = () =>
    Menu.setApplicationMenu(
      buildMenu(() => win, { openPaths, clearRecent, command: sendCommand }, dev),
    );

  // macOS delivers files through open-file, possibly before the app is ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) openPaths([path]);
    else pending.push(path);
  });
  app.on('second-instance', (_event, argv, cwd) => openPaths(filesFromArgv(argv, cwd)));
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(() => {
    // Viewer settings (window bounds, panes, filters, recent files) live beside the app's other data.
    useSettingsDir(app.getPath('userData'));
    importLegacyRecent();
    // One recent list: whatever changes it (the menu, the page, a workspace opened) refreshes the menu.
    settingsStore().onRecentChange(() => refreshMenu());
    serveRenderer(join(OUT_DIR, 'renderer'));
    registerIpc(() => win, {
      session,
      appInfo: { name: 'TraceLens', version: app.getVersion(), host: 'electron', platform: process.platform },
      output: saveDialogSink(() => win),
    });
    refreshMenu();
    win = createMainWindow(OUT_DIR);
    win.on('closed', () => (win = undefined));
    const startup = pending.splice(0);
    openPaths(startup);
    // Nothing to load yet: warm the parsers while the user picks a file (a load warms them itself).
    if (startup.length === 0) void session.prewarm();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = createMainWindow(OUT_DIR);
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
