/**
 * The `npm start` launcher against stand-in `electron` packages: an installer that downloads (from
 * a local server) and succeeds, one that cannot reach its host, one that fails with an HTTP error,
 * one that hangs; and a stand-in Electron binary that records the arguments it was started with.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type LaunchDeps } from '../../electron/cli/launcher';
import { processLaunchDeps } from '../../electron/cli/launch-process';
import { OUT_DIR } from '../../electron/cli/paths';

const VERSION = '45.4.1';
const root = mkdtempSync(join(tmpdir(), 'tl-launcher-'));
let server: Server;
let base = '';

/** The stand-in binary: a Node script that writes its arguments next to itself and exits 0. */
const BINARY = `#!${process.execPath}
require('fs').writeFileSync(require('path').join(__dirname, 'args.json'), JSON.stringify(process.argv.slice(2)));
`;

/** An installer shaped like electron's install.js: download with fetch, extract, write path.txt last. */
const downloadingInstaller = (url: string) => `
const fs = require('fs'), path = require('path');
(async () => {
  const res = await fetch(${JSON.stringify(url)});
  if (!res.ok) throw new Error('HTTPError: Response code ' + res.status + ' (' + res.statusText + ') for ' + ${JSON.stringify(url)});
  const bytes = Buffer.from(await res.arrayBuffer());
  fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), bytes, { mode: 0o755 });
  fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v${VERSION}');
  fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
})().catch((err) => { console.error(err.stack); process.exit(1); });
`;

let n = 0;
/** A stand-in electron package; `installer` is its install.js (which also records that it ran). */
function standIn(installer: string, opts: { installed?: boolean } = {}): string {
  const dir = join(root, `electron-${n++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: VERSION }));
  writeFileSync(join(dir, 'install.js'), `require('fs').writeFileSync(require('path').join(__dirname, 'installer-ran'), '');\n${installer}`);
  if (opts.installed) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), BINARY);
    chmodSync(join(dir, 'dist', 'electron'), 0o755);
    writeFileSync(join(dir, 'dist', 'version'), `v${VERSION}`);
    writeFileSync(join(dir, 'path.txt'), 'electron');
  }
  return dir;
}

interface Run {
  outcome: Awaited<ReturnType<typeof launch>>;
  lines: string[];
  progress: string[];
  browserFiles?: string[];
  installerRan: boolean;
  /** What the stand-in binary was started with, if it was. */
  electronArgs?: string[];
}

async function run(pkgDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const lines: string[] = [];
  const progress: string[] = [];
  let browserFiles: string[] | undefined;
  const real = processLaunchDeps();
  const deps: LaunchDeps = {
    ...real,
    env: { DISPLAY: ':0', TRACELENS_ELECTRON_PACKAGE: pkgDir, ...env },
    platform: 'linux',
    say: (l) => lines.push(l),
    progress: (l) => progress.push(l),
    startBrowserHost: async (files) => void (browserFiles = files),
  };
  const outcome = await launch(args, deps);
  const argsFile = join(env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist'), 'args.json');
  return {
    outcome,
    lines,
    progress,
    browserFiles,
    installerRan: existsSync(join(pkgDir, 'installer-ran')),
    electronArgs: existsSync(argsFile) ? (JSON.parse(readFileSync(argsFile, 'utf8')) as string[]) : undefined,
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/electron-v45.4.1-linux-x64.zip') {
      res.writeHead(200, { 'content-length': Buffer.byteLength(BINARY) });
      res.end(BINARY);
    } else {
      res.writeHead(404, 'Not Found');
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe.skipIf(process.platform === 'win32')('npm start launcher', () => {
  it('runs the installer when the binary is missing, shows its download, then starts Electron with the files', async () => {
    const pkg = standIn(downloadingInstaller(`${base}/electron-v45.4.1-linux-x64.zip`));
    const r = await run(pkg, ['a.svclog', 'b.log']);
    expect(r.outcome).toEqual({ shell: 'electron', exitCode: 0 });
    expect(r.installerRan).toBe(true);
    expect(r.lines[0]).toMatch(/the Electron binary is not installed .*path\.txt is missing\); running the electron package's installer \(gives up after 60 s without progress\)/);
    expect(r.progress[0]).toBe(`TraceLens: downloading electron-v45.4.1-linux-x64.zip from ${new URL(base).host}…`);
    expect(r.progress.at(-1)).toMatch(/downloading electron-v45\.4\.1-linux-x64\.zip: 0\.0 MB of 0\.0 MB \(100%\)$/);
    expect(r.lines).toContain(`TraceLens: Electron installed (${join(pkg, 'dist', 'electron')}).`);
    expect(r.lines.at(-1)).toBe('TraceLens: starting the desktop app (Electron).');
    expect(r.electronArgs).toEqual([join(OUT_DIR, 'main.cjs'), 'a.svclog', 'b.log']);
    expect(r.browserFiles).toBeUndefined();
  });

  it('falls back to the browser host with the host the installer could not reach', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const pkg = standIn(downloadingInstaller(`http://127.0.0.1:${port}/electron-v45.4.1-linux-x64.zip`));
    const r = await run(pkg, ['a.svclog'], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    // ELECTRON_SKIP_BINARY_DOWNLOAD is an install-time switch: `npm start` still tries.
    expect(r.installerRan).toBe(true);
    expect(r.outcome).toEqual({ shell: 'browser' });
    expect(r.browserFiles).toEqual(['a.svclog']);
    expect(r.lines.at(-1)).toBe(
      `TraceLens: the electron package's installer failed: could not download http://127.0.0.1:${port}/electron-v45.4.1-linux-x64.zip: connect ECONNREFUSED 127.0.0.1:${port}; starting the browser host instead.`,
    );
  });

  it("names the installer's own error when the download itself answered (HTTP 404)", async () => {
    const pkg = standIn(downloadingInstaller(`${base}/nothing-here.zip`));
    const r = await run(pkg, []);
    expect(r.outcome).toEqual({ shell: 'browser' });
    expect(r.lines.at(-1)).toBe(`TraceLens: the electron package's installer failed: Error: HTTPError: Response code 404 (Not Found) for ${base}/nothing-here.zip; starting the browser host instead.`);
  });

  it('stops an installer that makes no progress within the time limit', async () => {
    const pkg = standIn('setInterval(() => {}, 1000);');
    const t0 = Date.now();
    const r = await run(pkg, ['x.svclog'], { TRACELENS_ELECTRON_INSTALL_TIMEOUT: '1' });
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(r.lines[0]).toContain('gives up after 1 s without progress');
    expect(r.lines.at(-1)).toBe("TraceLens: the electron package's installer made no progress for 1 s and was stopped; starting the browser host instead.");
    expect(r.browserFiles).toEqual(['x.svclog']);
  });

  it('says so when the installer exits 0 without putting the binary in place', async () => {
    const pkg = standIn('process.exit(0);');
    const r = await run(pkg, []);
    expect(r.lines.at(-1)).toMatch(/the electron package's installer finished, but the Electron binary is not installed .*; starting the browser host instead\.$/);
  });

  it('starts an installed binary without running the installer', async () => {
    const pkg = standIn('process.exit(1);', { installed: true });
    const r = await run(pkg, ['w.tracelens']);
    expect(r.installerRan).toBe(false);
    expect(r.outcome).toEqual({ shell: 'electron', exitCode: 0 });
    expect(r.electronArgs).toEqual([join(OUT_DIR, 'main.cjs'), 'w.tracelens']);
    expect(r.lines).toEqual(['TraceLens: starting the desktop app (Electron).']);
  });

  it('re-installs a binary left by another electron version', async () => {
    const pkg = standIn('process.exit(3);', { installed: true });
    writeFileSync(join(pkg, 'dist', 'version'), 'v44.0.0');
    const r = await run(pkg, []);
    expect(r.installerRan).toBe(true);
    expect(r.lines[0]).toContain(`the Electron binary is version 44.0.0, the electron package ${VERSION}`);
    expect(r.lines.at(-1)).toBe("TraceLens: the electron package's installer failed: it exited with code 3; starting the browser host instead.");
  });

  it('--browser and TRACELENS_BROWSER=1 start the browser host without touching Electron', async () => {
    for (const [args, env, why] of [
      [['--browser', 'a.svclog'], {}, '--browser was given'],
      [['a.svclog'], { TRACELENS_BROWSER: '1' }, 'TRACELENS_BROWSER is set'],
    ] as const) {
      const pkg = standIn('process.exit(1);', { installed: true });
      const r = await run(pkg, [...args], env);
      expect(r.installerRan).toBe(false);
      expect(r.electronArgs).toBeUndefined();
      expect(r.browserFiles).toEqual(['a.svclog']);
      expect(r.lines).toEqual([`TraceLens: ${why}; starting the browser host instead.`]);
    }
  });

  it('ELECTRON_OVERRIDE_DIST_PATH: its binary is started; where it is missing, no installer runs', async () => {
    const dist = join(root, 'override');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), BINARY, { mode: 0o755 });
    const pkg = standIn('process.exit(1);');
    const r = await run(pkg, ['a.svclog'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(r.outcome).toEqual({ shell: 'electron', exitCode: 0 });
    expect(r.electronArgs).toEqual([join(OUT_DIR, 'main.cjs'), 'a.svclog']);

    const missing = await run(standIn('process.exit(1);'), [], { ELECTRON_OVERRIDE_DIST_PATH: join(root, 'nowhere') });
    expect(missing.installerRan).toBe(false);
    expect(missing.lines.at(-1)).toBe(`TraceLens: ELECTRON_OVERRIDE_DIST_PATH points at ${join(root, 'nowhere')}, where ${join(root, 'nowhere', 'electron')} is missing; starting the browser host instead.`);
  });

  it('on Linux without a display, the browser host is started instead of a window nobody can see', async () => {
    const pkg = standIn('process.exit(1);', { installed: true });
    const r = await run(pkg, [], { DISPLAY: '' });
    expect(r.electronArgs).toBeUndefined();
    expect(r.lines.at(-1)).toBe('TraceLens: there is no display to show a window on ($DISPLAY and $WAYLAND_DISPLAY are unset); starting the browser host instead.');
  });

  it('refuses an unknown option with the usage and exit code 2', async () => {
    const r = await run(standIn('process.exit(1);'), ['--brwoser']);
    expect(r.outcome).toEqual({ shell: 'none', exitCode: 2 });
    expect(r.lines[0]).toMatch(/^TraceLens: unknown option --brwoser\nusage: npm start -- \[--browser\] \[FILES…\]/);
    expect(r.installerRan).toBe(false);
  });

  it('says plainly when the electron package itself is absent', async () => {
    const r = await run(join(root, 'no-such-package'), []);
    expect(r.lines.at(-1)).toMatch(/^TraceLens: the electron package is not installed \(.*no-such-package has no package\.json; run npm ci\); starting the browser host instead\.$/);
  });
});
