/**
 * electron/main and electron/preload executed against the Electron test double
 * (tests/support/electron-double.ts): the locked-down window, the app:// protocol and its CSP,
 * IPC sender checks, files arriving by command line, open-file and a second instance, recent
 * documents, the save dialog, and the menu against the keyboard help.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, type Result } from '../../shared/contract';
import type { FileInfo } from '../../shared/model';
import { SHORTCUTS } from '../../shared/shortcuts';
import { electronModule, resetElectron, type DoubleMenu, type DoubleWindow, type ElectronDouble } from '../support/electron-double';

vi.mock('electron', () => electronModule());

const SAMPLES = resolve(__dirname, '../../assets/samples');
const WEB = join(SAMPLES, 'web01_orderportal.svclog');
const APP = join(SAMPLES, 'app01_orderservice.svclog');
const IIS = join(SAMPLES, 'app01_u_ex261120.log');
const ORIGIN = 'app://tracelens';

let e: ElectronDouble;
let dir: string;
const argv = process.argv;
const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-main-'));
  mkdirSync(join(dir, 'userData'));
  mkdirSync(join(dir, 'documents'));
  e = resetElectron({ userData: join(dir, 'userData'), documents: join(dir, 'documents') });
  vi.resetModules();
  warn.mockClear();
});
afterEach(() => {
  process.argv = argv;
  for (const w of e.windows) if (!w.isDestroyed()) w.close();
});

/** Starts electron/main as Electron would, with this command line, and makes the app ready. */
async function startMain(args: string[], opts: { beforeReady?: () => void } = {}): Promise<DoubleWindow> {
  process.argv = ['/opt/electron/electron', '/repo/out/main.cjs', ...args];
  await import('../../electron/main/main');
  opts.beforeReady?.();
  await e.becomeReady();
  expect(e.windows).toHaveLength(1);
  return e.windows[0];
}

/** A contract call as the app's own page makes it (or as `from` says). */
async function call<T>(win: DoubleWindow, channel: string, payload: unknown, from: { sender?: unknown; url?: string; subframe?: boolean } = {}): Promise<Result<T>> {
  const top = { url: `${ORIGIN}/index.html`, parent: null };
  const event = { sender: from.sender ?? win.webContents, senderFrame: { url: from.url ?? `${ORIGIN}/index.html`, parent: from.subframe ? top : null } };
  return (await e.invokeMain(event, ELECTRON_INVOKE_CHANNEL, channel, payload)) as Result<T>;
}

async function loadedFiles(win: DoubleWindow, count: number): Promise<FileInfo[]> {
  let files: FileInfo[] = [];
  await vi.waitFor(
    async () => {
      const r = await call<FileInfo[]>(win, 'files.list', {});
      files = r.ok ? r.value : [];
      expect(files.filter((f) => f.state === 'loaded')).toHaveLength(count);
    },
    { timeout: 30_000, interval: 50 },
  );
  return files;
}

/** The keys a help line lists ("F3 / Enter", "Double-click, F11", "F1 or ?"), and an accelerator as the help writes it. */
const helpKeys = (s: { keys: string }) => s.keys.split(/ \/ |, | or /);
const helpKey = (accelerator: string) => accelerator.replace('CmdOrCtrl', 'Ctrl').replace('Left', '←').replace('Right', '→');
const labels = (m: DoubleMenu | null | undefined) => m?.items.map((i) => i.label ?? i.role ?? i.type) ?? [];
const submenu = (...path: string[]) => {
  let m = e.applicationMenu;
  for (const l of path) m = m?.items.find((i) => i.label === l || i.role === l)?.submenu ?? null;
  return m;
};

describe('the Electron main process', () => {
  it('opens one locked-down window: isolated, sandboxed, no Node, served from app:// with a preload', async () => {
    const win = await startMain([]);
    expect(e.electron.app.sandboxEnabled).toBe(true);
    expect(e.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(win.options.webPreferences).toEqual({
      preload: expect.stringMatching(/preload\.cjs$/),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(win.options.show).toBe(false);
    expect(win.url).toBe(`${ORIGIN}/index.html`);
    await vi.waitFor(() => expect(win.visible).toBe(true));
  });

  it('refuses navigation away from the app, window.open, webviews and every permission', async () => {
    const win = await startMain([]);
    expect(e.navigate(win, `${ORIGIN}/index.html#activities`)).toBe(true);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://tracelens.evil/index.html', 'app://other/index.html', 'javascript:alert(1)']) {
      expect(e.navigate(win, url), url).toBe(false);
    }
    expect(e.windowOpen(win, 'https://example.com/')).toEqual({ action: 'deny' });
    expect(e.windowOpen(win, `${ORIGIN}/index.html`)).toEqual({ action: 'deny' });
    const attach = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    win.webContents.emit('will-attach-webview', attach, {}, {});
    expect(attach.defaultPrevented).toBe(true);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      expect(await e.requestPermission(win, p), p).toBe(false);
      expect(e.checkPermission(win, p), p).toBe(false);
    }
  });

  it('accepts contract calls only from its own window and origin', async () => {
    const win = await startMain([]);
    const info = await call<{ host: string }>(win, 'app.info', {});
    expect(info).toEqual({ ok: true, value: expect.objectContaining({ name: 'TraceLens', host: 'electron' }) });
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the TraceLens window.' } };
    const other = new e.electron.BrowserWindow({});
    expect(await call(win, 'app.info', {}, { sender: other.webContents })).toEqual(forbidden);
    expect(await call(win, 'app.info', {}, { url: 'https://example.com/' })).toEqual(forbidden);
    expect(await call(win, 'app.info', {}, { url: 'app://tracelens.evil/index.html' })).toEqual(forbidden);
    expect(await call(win, 'app.info', {}, { url: '' })).toEqual(forbidden);
    // A frame inside the window, even on the app's origin, is not the app's page.
    expect(await call(win, 'app.info', {}, { subframe: true })).toEqual(forbidden);
    expect(await e.invokeMain({ sender: win.webContents, senderFrame: null }, ELECTRON_INVOKE_CHANNEL, 'app.info', {})).toEqual(forbidden);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('refused IPC from an unknown sender (https://example.com/)'));
    // Bad channels and payloads from the right window are refused by the contract, not thrown.
    expect(await call(win, 'nope', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await call(win, 'files.open', { paths: 'x' })).toMatchObject({ ok: false });
  });

  it('opens files from the command line, open-file and a second instance once each, and records them as recent', async () => {
    const cwd = SAMPLES;
    const win = await startMain([WEB, '--enable-logging', join(dir, 'missing.svclog'), '.'], {
      // macOS may hand a file over before the app is ready, and the same file again.
      beforeReady: () => {
        expect(e.openFile(APP)).toBe(true);
        expect(e.openFile(WEB)).toBe(true);
      },
    });
    let files = await loadedFiles(win, 2);
    expect(files.map((f) => f.path).sort()).toEqual([APP, WEB].sort());

    win.minimize();
    e.secondInstance(['/opt/electron/electron', '/repo/out/main.cjs', 'app01_u_ex261120.log', '--flag', 'web01_orderportal.svclog'], cwd);
    files = await loadedFiles(win, 3);
    expect(files.map((f) => f.path).sort()).toEqual([APP, IIS, WEB].sort());
    // The second instance brings the window back.
    expect(win.isMinimized()).toBe(false);
    expect(win.focused).toBe(true);

    expect(e.openFile(IIS)).toBe(true);
    expect(await loadedFiles(win, 3)).toHaveLength(3);

    // Each arrival is one recent document (the OS list) and leads the menu's Open Recent.
    expect(e.recentDocuments).toEqual([WEB, APP, IIS, WEB, IIS]);
    expect(labels(submenu('&File', 'Open &Recent')).slice(0, 3)).toEqual([IIS, WEB, APP]);
    const settings = JSON.parse(readFileSync(join(dir, 'userData', 'settings.json'), 'utf8')) as { recentFiles?: string[] };
    expect(settings.recentFiles?.slice(0, 3)).toEqual([IIS, WEB, APP]);

    await e.clickMenu('&File', 'Open &Recent', 'Clear Recent');
    expect(e.recentDocuments).toEqual([]);
    expect(labels(submenu('&File', 'Open &Recent'))).toEqual(['Clear Recent']);
    expect(submenu('&File', 'Open &Recent')!.items[0].enabled).toBe(false);
  });

  it('hands a workspace from a second instance to the page, which applies its view state', async () => {
    const win = await startMain([]);
    const ws = join(dir, 'w.tracelens');
    writeFileSync(ws, JSON.stringify({ format: 'tracelens-workspace', version: 1, files: [] }));
    e.secondInstance(['/opt/electron/electron', ws], '/');
    expect(win.webContents.sent).toContainEqual({ channel: ELECTRON_EVENT_CHANNEL, args: ['menu.command', { command: 'workspace.open', path: ws }] });
  });

  it('quits at once when another instance holds the lock, leaving the files to it', async () => {
    e = resetElectron({ userData: join(dir, 'userData'), documents: join(dir, 'documents'), lock: false });
    process.argv = ['/opt/electron/electron', '/repo/out/main.cjs', WEB];
    await import('../../electron/main/main');
    await e.becomeReady();
    expect(e.electron.app.quitCalled).toBe(true);
    expect(e.windows).toHaveLength(0);
  });

  it('File › Open uses the files picked in the dialog; a cancelled dialog opens nothing', async () => {
    const win = await startMain([]);
    e.dialogAnswers.open.push({ canceled: true, filePaths: [] }, { canceled: false, filePaths: [WEB] });
    await e.clickMenu('&File', '&Open…');
    expect((await call<FileInfo[]>(win, 'files.list', {})) as { value: FileInfo[] }).toMatchObject({ value: [] });
    await e.clickMenu('&File', '&Open…');
    expect((await loadedFiles(win, 1)).map((f) => f.path)).toEqual([WEB]);
    expect(e.dialogCalls[0]).toMatchObject({ kind: 'open', window: win, options: { properties: ['openFile', 'multiSelections'] } });
    const filters = (e.dialogCalls[0].options.filters as { extensions: string[] }[]).flatMap((f) => f.extensions);
    for (const ext of ['svclog', 'e2e', 'tracelens', 'stvproj', 'log']) expect(filters).toContain(ext);
  });

  it('File › Follow Folder… asks for a folder and hands it to the renderer (which follows it over the contract)', async () => {
    const win = await startMain([]);
    e.dialogAnswers.open.push({ canceled: true, filePaths: [] }, { canceled: false, filePaths: [dir] });
    await e.clickMenu('&File', '&Follow Folder…');
    await e.clickMenu('&File', '&Follow Folder…');
    expect(e.dialogCalls.filter((c) => c.kind === 'open').map((c) => c.options.properties)).toEqual([['openDirectory'], ['openDirectory']]);
    expect(win.webContents.sent.filter((s) => s.args[0] === 'menu.command').map((s) => s.args[1])).toEqual([{ command: 'follow.folder', path: dir }]);
  });

  it('saves where the save dialog says, and nothing when it is cancelled', async () => {
    const win = await startMain([WEB]);
    await loadedFiles(win, 1);
    const chosen = join(dir, 'chosen', 'mine.tracelens');
    mkdirSync(join(dir, 'chosen'));
    e.dialogAnswers.save.push({ canceled: true, filePath: '' }, { canceled: false, filePath: chosen });
    expect(await call(win, 'workspace.save', { state: {} })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await call(win, 'workspace.save', { state: {} })).toEqual({ ok: true, value: { path: chosen, fileName: 'mine.tracelens' } });
    const saved = JSON.parse(readFileSync(chosen, 'utf8')) as { files: { path: string }[] };
    expect(saved.files).toHaveLength(1);
    expect(e.dialogCalls.filter((c) => c.kind === 'save')[1]).toMatchObject({
      window: win,
      options: { defaultPath: join(dir, 'documents', 'workspace.tracelens'), filters: [{ name: 'TraceLens workspace', extensions: ['tracelens'] }, { name: 'All files', extensions: ['*'] }] },
    });
    expect(readFileSync(chosen, 'utf8')).not.toBe('');
    expect(existsSync(join(dir, 'documents', 'workspace.tracelens'))).toBe(false);
  });

  it('the Go menu holds every shortcut the renderer runs by name, with its key, and runs it in the window', async () => {
    const win = await startMain([]);
    const go = submenu('&Go')!;
    const commands = SHORTCUTS.filter((s) => s.command);
    // Every key of the help that a menu item can carry (not clicks, list keys, Esc, Enter, Ctrl+A/C: the Edit menu's own).
    expect(commands.map((s) => s.command)).toEqual(['find', 'find-next', 'find-previous', 'follow-transfer', 'next-trace', 'previous-trace', 'back', 'forward', 'errors-warnings', 'next-transfer', 'previous-transfer', 'view-activities', 'view-messages', 'view-records', 'view-graph', 'graph', 'refresh', 'toggle-bookmark', 'next-bookmark', 'previous-bookmark']);
    const keyed = SHORTCUTS.filter((s) => !s.command && s.accelerator === undefined).map((s) => s.keys);
    expect(keyed).toEqual(['↑ ↓ Page Up/Down Home End', 'Ctrl+click, Shift+click', 'Esc', 'Ctrl+A', 'Ctrl+C', 'Right-click', 'Right-click a header', '→ / ←']);
    expect(go.items.map((i) => [i.label, i.accelerator])).toEqual(commands.map((s) => [s.action, s.accelerator]));
    for (const s of commands) {
      // The accelerator is the key the help lists for it (Ctrl+F10, Alt+1…4, F4, F5, F2…).
      expect(helpKeys(s)).toContain(helpKey(s.accelerator!));
      await e.clickMenu('&Go', s.action);
    }
    expect(win.webContents.sent.map((m) => m.args)).toEqual(commands.map((s) => ['menu.command', { command: 'shortcut', id: s.command }]));
  });

  it('the menu carries the keyboard help’s accelerators, and Help › Keyboard Shortcuts shows that table', async () => {
    const win = await startMain([]);
    const accelerators: string[] = [];
    const walk = (m: DoubleMenu | undefined) => m?.items.forEach((i) => (i.accelerator && accelerators.push(i.accelerator), walk(i.submenu)));
    walk(e.applicationMenu ?? undefined);
    expect(accelerators.sort()).toEqual(SHORTCUTS.flatMap((s) => s.accelerator ?? []).sort());
    // Each accelerator is the shortcut the help shows (CmdOrCtrl is Ctrl off macOS, ⌘ on it).
    for (const s of SHORTCUTS.filter((x) => x.accelerator)) expect(helpKeys(s)).toContain(helpKey(s.accelerator!));
    expect(labels(e.applicationMenu)).toEqual(['&File', 'editMenu', '&View', '&Go', 'help']);
    expect(labels(submenu('&File'))).toEqual(['&Open…', 'Open &Recent', '&Follow Folder…', 'separator', 'Save &Workspace…', '&Export', 'separator', 'quit']);

    await e.clickMenu('help', '&Keyboard Shortcuts');
    const shown = e.dialogCalls.find((c) => c.kind === 'message')!;
    expect(shown.window).toBe(win);
    const lines = String(shown.options.detail).split('\n');
    expect(lines).toHaveLength(SHORTCUTS.length);
    SHORTCUTS.forEach((s, i) => expect(lines[i]).toMatch(new RegExp(`^${s.keys.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +${s.action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)));

    await e.clickMenu('&File', 'Save &Workspace…');
    await e.clickMenu('&File', '&Export', 'Traces or requests as CSV…');
    expect(win.webContents.sent.map((s) => s.args)).toEqual([
      ['menu.command', { command: 'workspace.save' }],
      ['menu.command', { command: 'export', format: 'csv' }],
    ]);
  });

  it('the development menu has reload and dev tools; the packaged app does not', async () => {
    await startMain([]);
    expect(labels(submenu('&View'))).toContain('toggleDevTools');
    e.windows[0].close();
    e = resetElectron({ userData: join(dir, 'userData'), documents: join(dir, 'documents'), packaged: true });
    vi.resetModules();
    await startMain([]);
    expect(labels(submenu('&View'))).not.toContain('toggleDevTools');
  });
});

describe('the app:// protocol', () => {
  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(renderer, 'assets', 'a.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    const { serveRenderer, CSP } = await import('../../electron/main/protocol');
    await e.becomeReady();
    serveRenderer(renderer);
    const index = await e.request(`${ORIGIN}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>t</title>');
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    const directives = new Map(CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(CSP).not.toMatch(/unsafe-(inline|eval)/);
    expect((await e.request(`${ORIGIN}/assets/a.js`)).status).toBe(200);
    for (const url of [`${ORIGIN}/..%2Fsecret.txt`, `${ORIGIN}/%2e%2e/secret.txt`, 'app://elsewhere/index.html', `${ORIGIN}/nope.html`]) {
      const r = await e.request(url);
      expect(r.status, url).toBe(404);
      expect(await r.text(), url).not.toContain('secret');
    }
  });
});

describe('the preload bridge', () => {
  it('exposes invoke, subscribe and pathForFile only, over the one invoke and event channel', async () => {
    const win = await startMain([]);
    await import('../../electron/preload/preload');
    const bridge = e.exposed.get('tracelens') as { invoke: (c: string, r: unknown) => Promise<unknown>; subscribe: (l: (ev: string, p: unknown) => void) => () => void; pathForFile: (f: unknown) => string };
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'pathForFile', 'subscribe']);
    expect(await bridge.invoke('app.info', {})).toMatchObject({ ok: true, value: { host: 'electron' } });
    const got: unknown[] = [];
    const off = bridge.subscribe((ev, p) => got.push([ev, p]));
    e.deliverToRenderer(ELECTRON_EVENT_CHANNEL, 'menu.command', { command: 'workspace.save' });
    expect(got).toEqual([['menu.command', { command: 'workspace.save' }]]);
    off();
    expect(e.rendererListenerCount(ELECTRON_EVENT_CHANNEL)).toBe(0);
    expect(bridge.pathForFile({ path: '/x/y.svclog' })).toBe('/x/y.svclog');
    expect(win.isDestroyed()).toBe(false);
  });
});
