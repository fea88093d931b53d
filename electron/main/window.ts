/** The main window, locked down: isolated, sandboxed, no Node, no navigation, no pop-ups, no permissions. */
import { BrowserWindow, screen, type WebContents } from 'electron';
import { join } from 'node:path';
import { settingsStore } from '../services/settings';
import { APP_ORIGIN } from './protocol';

/** The saved bounds, if they still fit on a connected display. */
function savedBounds(): { x?: number; y?: number; width: number; height: number; maximized?: boolean } {
  const w = settingsStore().get().window;
  if (!w) return { width: 1400, height: 900 };
  const visible = screen.getAllDisplays().some((d) => {
    const a = d.workArea;
    return w.x < a.x + a.width - 50 && w.x + w.width > a.x + 50 && w.y >= a.y - 10 && w.y < a.y + a.height - 50;
  });
  return visible ? w : { width: w.width, height: w.height, maximized: w.maximized };
}

/** Remembers the window's normal bounds (and whether it was maximized) when it closes. */
function rememberBounds(win: BrowserWindow): void {
  win.on('close', () => {
    const b = win.getNormalBounds();
    settingsStore().set({ window: { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() } });
  });
}

export function createMainWindow(outDir: string): BrowserWindow {
  const bounds = savedBounds();
  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: 800,
    minHeight: 500,
    title: 'TraceLens',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // Middle-click would open links in new windows outside will-navigate's reach.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockDown(win.webContents);
  rememberBounds(win);
  win.once('ready-to-show', () => {
    if (bounds.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Log content must never open windows or the system browser.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}
