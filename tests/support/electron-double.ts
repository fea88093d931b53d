/**
 * A test double of the parts of the `electron` API that electron/main and electron/preload use,
 * faithful where the app relies on Electron's behaviour: app events and readiness, calls that
 * Electron allows only before `ready` (they throw after it, as Electron's do), one ipcMain handler
 * per channel, menu templates validated as Menu.buildFromTemplate validates them (roles,
 * accelerators), dialogs that return what the "user" chose, windows whose webContents emit
 * navigation and pop-up requests, and file:// fetches through net.fetch.
 *
 * Tests install it with `vi.mock('electron', () => electronModule())` and reset it per case with
 * `resetElectron()`; the helpers below act as the user or the OS would.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DoubleOptions {
  userData: string;
  documents: string;
  /** Whether this process gets the single-instance lock (false: another instance runs). */
  lock?: boolean;
  packaged?: boolean;
}

type Listener = (...args: never[]) => unknown;

/** An Electron event object: handlers call preventDefault(). */
export interface DoubleEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
const newEvent = (): DoubleEvent => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

// Electron's menu roles (MenuItemConstructorOptions['role']).
const ROLES = new Set([
  'undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll', 'reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut',
  'toggleSpellChecker', 'togglefullscreen', 'window', 'minimize', 'close', 'help', 'about', 'services', 'hide', 'hideOthers', 'unhide', 'quit', 'showSubstitutions',
  'toggleSmartQuotes', 'toggleSmartDashes', 'toggleTextReplacement', 'startSpeaking', 'stopSpeaking', 'zoom', 'front', 'appMenu', 'fileMenu', 'editMenu', 'viewMenu',
  'shareMenu', 'recentDocuments', 'toggleTabBar', 'selectNextTab', 'selectPreviousTab', 'showAllTabs', 'mergeAllWindows', 'clearRecentDocuments', 'moveTabToNewWindow', 'windowMenu',
]);
const MODIFIERS = new Set(['Command', 'Cmd', 'Control', 'Ctrl', 'CommandOrControl', 'CmdOrCtrl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta']);
const KEY = /^([0-9A-Z]|F([1-9]|1[0-9]|2[0-4])|Plus|Space|Tab|Capslock|Numlock|Scrolllock|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc|VolumeUp|VolumeDown|VolumeMute|MediaNextTrack|MediaPreviousTrack|MediaStop|MediaPlayPause|PrintScreen|num[0-9]|numdec|numadd|numsub|nummult|numdiv|[)!@#$%^&*(:;:+=<,_\-.>/?~`{\]|[\\}"'])$/;

/** Electron's accelerator grammar: modifiers joined with "+", then exactly one key code. */
export function isValidAccelerator(acc: string): boolean {
  const parts = acc.split('+');
  const key = parts.pop()!;
  return parts.every((m) => MODIFIERS.has(m)) && KEY.test(key);
}

export interface DoubleMenuItem {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  enabled: boolean;
  submenu?: DoubleMenu;
  click?: () => unknown;
}
export interface DoubleMenu {
  items: DoubleMenuItem[];
}

function buildMenu(template: readonly Record<string, unknown>[]): DoubleMenu {
  return {
    items: template.map((t) => {
      const role = t.role as string | undefined;
      if (role !== undefined && !ROLES.has(role)) throw new Error(`Invalid role: ${role}`);
      if (!role && t.type !== 'separator' && !t.label && !t.submenu) throw new Error('Invalid template for MenuItem: must have at least one of label, role or type');
      const accelerator = t.accelerator as string | undefined;
      if (accelerator !== undefined && !isValidAccelerator(accelerator)) throw new Error(`Invalid accelerator: ${accelerator}`);
      return {
        label: t.label as string | undefined,
        role,
        type: (t.type as string | undefined) ?? (t.submenu ? 'submenu' : 'normal'),
        accelerator,
        enabled: t.enabled !== false,
        submenu: t.submenu ? buildMenu(t.submenu as Record<string, unknown>[]) : undefined,
        click: t.click as (() => unknown) | undefined,
      };
    }),
  };
}

class DoubleSession {
  permissionRequestHandler?: (wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
  permissionCheckHandler?: (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
  setPermissionRequestHandler(h: DoubleSession['permissionRequestHandler']) {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: DoubleSession['permissionCheckHandler']) {
    this.permissionCheckHandler = h;
  }
}

let nextId = 1;
class DoubleWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler?: (details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' };
  destroyed = false;
  constructor(readonly session: DoubleSession) {
    super();
  }
  setWindowOpenHandler(h: DoubleWebContents['windowOpenHandler']) {
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    // Electron serialises with the structured clone algorithm: functions cannot be sent.
    structuredClone(args);
    this.sent.push({ channel, args });
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export interface BrowserWindowOptions {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  show?: boolean;
  title?: string;
  webPreferences?: Record<string, unknown>;
  [k: string]: unknown;
}

function makeElectron(opts: DoubleOptions) {
  const defaultSession = new DoubleSession();
  let ready = false;
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((r) => (resolveReady = r));
  const beforeReady = (what: string) => {
    if (ready) throw new Error(`${what} can only be called before app is ready`);
  };
  const recentDocuments: string[] = [];
  const windows: DoubleBrowserWindow[] = [];
  const dialogAnswers = { open: [] as { canceled: boolean; filePaths: string[] }[], save: [] as { canceled: boolean; filePath?: string }[] };
  const dialogCalls: { kind: 'open' | 'save' | 'message'; window?: DoubleBrowserWindow; options: Record<string, unknown> }[] = [];
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const rendererListeners = new Map<string, Set<Listener>>();
  const exposed = new Map<string, unknown>();
  const schemes: { scheme: string; privileges: Record<string, boolean> }[] = [];
  const protocolHandlers = new Map<string, (req: Request) => Promise<Response> | Response>();
  let applicationMenu: DoubleMenu | null = null;

  class DoubleApp extends EventEmitter {
    isPackaged = opts.packaged ?? false;
    quitCalled = false;
    sandboxEnabled = false;
    whenReady() {
      return readyPromise;
    }
    isReady() {
      return ready;
    }
    requestSingleInstanceLock() {
      return opts.lock ?? true;
    }
    quit() {
      this.quitCalled = true;
    }
    enableSandbox() {
      beforeReady('app.enableSandbox()');
      this.sandboxEnabled = true;
    }
    getPath(name: string) {
      if (name === 'userData') return opts.userData;
      if (name === 'documents') return opts.documents;
      throw new Error(`Failed to get '${name}' path`);
    }
    getVersion() {
      return '0.1.0';
    }
    getName() {
      return 'TraceLens';
    }
    addRecentDocument(path: string) {
      recentDocuments.push(path);
    }
    clearRecentDocuments() {
      recentDocuments.length = 0;
    }
  }
  const app = new DoubleApp();

  class DoubleBrowserWindow extends EventEmitter {
    readonly webContents = new DoubleWebContents(defaultSession);
    url?: string;
    visible = false;
    minimized = false;
    maximized = false;
    focused = false;
    destroyed = false;
    constructor(readonly options: BrowserWindowOptions) {
      super();
      if (!ready) throw new Error('Cannot create BrowserWindow before app is ready');
      windows.push(this);
    }
    static getAllWindows() {
      return windows.filter((w) => !w.destroyed);
    }
    loadURL(url: string) {
      this.url = url;
      setImmediate(() => this.emit('ready-to-show'));
      return Promise.resolve();
    }
    show() {
      this.visible = true;
    }
    maximize() {
      this.maximized = true;
    }
    isMaximized() {
      return this.maximized;
    }
    isMinimized() {
      return this.minimized;
    }
    minimize() {
      this.minimized = true;
    }
    restore() {
      this.minimized = false;
    }
    focus() {
      this.focused = true;
    }
    isDestroyed() {
      return this.destroyed;
    }
    getNormalBounds() {
      return { x: this.options.x ?? 0, y: this.options.y ?? 0, width: this.options.width ?? 800, height: this.options.height ?? 600 };
    }
    close() {
      this.emit('close', newEvent());
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
  }

  const electron = {
    app,
    BrowserWindow: DoubleBrowserWindow,
    session: { defaultSession },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    ipcMain: {
      handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, fn);
      },
      removeHandler(channel: string) {
        handlers.delete(channel);
      },
    },
    ipcRenderer: {
      invoke(channel: string, ...args: unknown[]) {
        const win = windows.find((w) => !w.destroyed);
        return invokeMain({ sender: win?.webContents, senderFrame: { url: win?.url ?? '', parent: null } }, channel, ...args);
      },
      on(channel: string, l: Listener) {
        if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
        rendererListeners.get(channel)!.add(l);
      },
      removeListener(channel: string, l: Listener) {
        rendererListeners.get(channel)?.delete(l);
      },
    },
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
        exposed.set(key, api);
      },
    },
    webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
    Menu: {
      buildFromTemplate: (template: readonly Record<string, unknown>[]) => buildMenu(template),
      setApplicationMenu(menu: DoubleMenu | null) {
        applicationMenu = menu;
      },
    },
    dialog: {
      async showOpenDialog(a: unknown, b?: unknown) {
        const [window, options] = b === undefined ? [undefined, a] : [a, b];
        dialogCalls.push({ kind: 'open', window: window as DoubleBrowserWindow, options: options as Record<string, unknown> });
        return dialogAnswers.open.shift() ?? { canceled: true, filePaths: [] };
      },
      async showSaveDialog(a: unknown, b?: unknown) {
        const [window, options] = b === undefined ? [undefined, a] : [a, b];
        dialogCalls.push({ kind: 'save', window: window as DoubleBrowserWindow, options: options as Record<string, unknown> });
        return dialogAnswers.save.shift() ?? { canceled: true, filePath: '' };
      },
      async showMessageBox(a: unknown, b?: unknown) {
        const [window, options] = b === undefined ? [undefined, a] : [a, b];
        dialogCalls.push({ kind: 'message', window: window as DoubleBrowserWindow, options: options as Record<string, unknown> });
        return { response: 0, checkboxChecked: false };
      },
    },
    protocol: {
      registerSchemesAsPrivileged(list: { scheme: string; privileges: Record<string, boolean> }[]) {
        beforeReady('protocol.registerSchemesAsPrivileged');
        schemes.push(...list);
      },
      handle(scheme: string, handler: (req: Request) => Promise<Response> | Response) {
        if (!ready) throw new Error('protocol.handle must be called after app is ready');
        protocolHandlers.set(scheme, handler);
      },
    },
    net: {
      async fetch(url: string) {
        const u = new URL(url);
        if (u.protocol !== 'file:') return fetch(url);
        try {
          const body = await readFile(fileURLToPath(u));
          const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }[extname(u.pathname)] ?? 'application/octet-stream';
          return new Response(body, { status: 200, headers: { 'content-type': type } });
        } catch {
          return new Response('', { status: 404 });
        }
      },
    },
  };

  async function invokeMain(event: unknown, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = handlers.get(channel);
    if (!h) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    return h(event, ...structuredClone(args));
  }

  /** What tests use to act as the OS, the user or the page. */
  const control = {
    electron,
    recentDocuments,
    windows,
    dialogCalls,
    dialogAnswers,
    schemes,
    exposed,
    get applicationMenu() {
      return applicationMenu;
    },
    /** The app becomes ready (Electron emits `ready` and resolves whenReady). */
    async becomeReady() {
      ready = true;
      app.emit('ready');
      resolveReady();
      await new Promise((r) => setImmediate(r));
    },
    /** The OS hands the app a file (macOS open-file); returns whether the app took it. */
    openFile(path: string): boolean {
      const e = newEvent();
      app.emit('open-file', e, path);
      return e.defaultPrevented;
    },
    /** A second instance was started with this command line. */
    secondInstance(argv: string[], cwd: string) {
      app.emit('second-instance', newEvent(), argv, cwd, {});
    },
    /** The page tries to navigate; returns whether the app let it. */
    navigate(win: DoubleBrowserWindow, url: string): boolean {
      const e = newEvent();
      win.webContents.emit('will-navigate', e, url);
      return !e.defaultPrevented;
    },
    /** The page calls window.open (or a link asks for a new window). */
    windowOpen(win: DoubleBrowserWindow, url: string) {
      return win.webContents.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' }) ?? { action: 'allow' };
    },
    /** The page asks for a permission (camera, notifications…); resolves with the app's answer. */
    requestPermission(win: DoubleBrowserWindow, permission: string): Promise<boolean> {
      const h = win.webContents.session.permissionRequestHandler;
      if (!h) return Promise.resolve(true); // Electron grants by default
      return new Promise((r) => h(win.webContents, permission, r, { requestingUrl: win.url }));
    },
    checkPermission(win: DoubleBrowserWindow, permission: string): boolean {
      return win.webContents.session.permissionCheckHandler?.(win.webContents, permission, win.url ?? '', {}) ?? true;
    },
    /** An IPC invoke as Electron delivers it: from some webContents and frame. */
    invokeMain,
    /** A request to a registered protocol, as the page's loads make it. */
    async request(url: string): Promise<Response> {
      const h = protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
      if (!h) throw new Error(`no handler for ${url}`);
      return h(new Request(url));
    },
    /** Delivers a main→renderer event to the preload's listeners. */
    deliverToRenderer(channel: string, ...args: unknown[]) {
      for (const l of rendererListeners.get(channel) ?? []) (l as (...a: unknown[]) => void)({}, ...args);
    },
    rendererListenerCount: (channel: string) => rendererListeners.get(channel)?.size ?? 0,
    /** Clicks the menu item at this path of labels (e.g. ['&File', '&Open…']). */
    async clickMenu(...labels: string[]) {
      let menu = applicationMenu;
      let item: DoubleMenuItem | undefined;
      for (const label of labels) {
        item = menu?.items.find((i) => i.label === label || i.role === label);
        if (!item) throw new Error(`no menu item ${labels.join(' › ')}`);
        menu = item.submenu ?? null;
      }
      if (!item!.enabled) throw new Error(`${labels.join(' › ')} is disabled`);
      await item!.click?.();
      await new Promise((r) => setImmediate(r));
    },
  };
  return control;
}

export type ElectronDouble = ReturnType<typeof makeElectron>;
export type DoubleWindow = ElectronDouble['windows'][number];

let current: ElectronDouble | undefined;

export function resetElectron(opts: DoubleOptions): ElectronDouble {
  current = makeElectron(opts);
  return current;
}

/** The module `electron` resolves to under vi.mock: each export reads the current double. */
export function electronModule(): Record<string, unknown> {
  const names = ['app', 'BrowserWindow', 'session', 'screen', 'ipcMain', 'ipcRenderer', 'contextBridge', 'webUtils', 'Menu', 'dialog', 'protocol', 'net'];
  const mod: Record<string, unknown> = {};
  for (const n of names) {
    Object.defineProperty(mod, n, {
      enumerable: true,
      get: () => {
        if (!current) throw new Error('resetElectron() first');
        return (current.electron as Record<string, unknown>)[n];
      },
    });
  }
  return mod;
}
