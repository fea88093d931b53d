/**
 * A newcomer's first minutes: `npm start -- assets/samples/*` (out/launch.cjs) on a machine where
 * the electron package's installer cannot reach its download host (a stand-in electron package
 * whose installer downloads from a closed port, as install.js does from github.com). The launcher
 * must say what it tried and why it failed, start the browser host, and the sample must open in
 * Chromium with its activities. Where the installer succeeds, Electron is started on the files.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { configDir, hostFromChild, REPO } from './support/host';

const SAMPLES = ['web01_orderportal.svclog', 'app01_orderservice.svclog', 'app01_u_ex261120.log'].map((f) => join(REPO, 'assets', 'samples', f));
const LAUNCH = join(REPO, 'out', 'launch.cjs');

/** A stand-in electron package whose install.js fetches `url` and, if it gets it, installs a binary recording its arguments. */
function standInElectron(url: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tl-standin-electron-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  writeFileSync(
    join(dir, 'install.js'),
    `const fs = require('fs'), path = require('path');
fetch(${JSON.stringify(url)}).then(async (res) => {
  const script = await res.text();
  fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), script, { mode: 0o755 });
  fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v45.4.1');
  fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
}).catch((err) => { console.error(err.stack); process.exit(1); });
`,
  );
  return dir;
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function runLauncher(pkg: string, env: NodeJS.ProcessEnv = {}) {
  const { DISPLAY: _d, WAYLAND_DISPLAY: _w, TRACELENS_BROWSER: _b, ...base } = process.env;
  return spawn(process.execPath, [LAUNCH, ...SAMPLES], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...base, TRACELENS_CONFIG_DIR: configDir(), TRACELENS_ELECTRON_PACKAGE: pkg, ...env },
  });
}

describe.skipIf(!HAS_CHROMIUM || process.platform === 'win32')('a newcomer runs npm start on the samples', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('is told why Electron could not be installed and gets the samples in the browser host', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/electron-v45.4.1-linux-x64.zip`;
    const host = await hostFromChild(runLauncher(standInElectron(url)));
    try {
      const said = host.stderr().trim().split('\n');
      expect(said[0]).toMatch(/^TraceLens: the Electron binary is not installed \(.*path\.txt is missing\); running the electron package's installer \(gives up after 60 s without progress\)…$/);
      expect(said).toContain(`TraceLens: the electron package's installer failed: could not download ${url}: connect ECONNREFUSED 127.0.0.1:${port}; starting the browser host instead.`);

      const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      page.on('pageerror', (e) => console.error('page error:', e));
      await page.goto(host.url);
      for (const name of ['web01_orderportal.svclog', 'app01_orderservice.svclog', 'app01_u_ex261120.log']) {
        const item = page.locator(`[data-testid="file-item"][data-name="${name}"]`);
        await expect.poll(() => item.getAttribute('data-state'), { timeout: 30_000 }).toBe('loaded');
      }
      expect(await page.getByTestId('problems').count()).toBe(0);
      // The Activities tab lists the traces' activities; the ⚑ column brings the failed ones first.
      const rows = page.getByTestId('activity-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBeGreaterThan(5);
      expect((await rows.allInnerTexts()).some((t) => /Process action/i.test(t))).toBe(true);
      await page.getByTestId('activity-header-severity').click();
      await expect.poll(() => rows.first().getAttribute('data-severity')).toBe('error');
      await rows.first().click();
      // Its traces across both machines, to the 100 ns tick; the error shows its exception.
      await page.getByTestId('trace-row').first().waitFor();
      expect(await page.getByTestId('trace-total').innerText()).toMatch(/^\d+ traces? of 1 activity$/);
      const error = page.locator('[data-testid="trace-row"][data-level="error"]').first();
      await error.click();
      await expect.poll(() => page.getByTestId('detail').innerText()).toMatch(/System\.TimeoutException[\s\S]*The order database did not answer/);
      await screenshot(page, 'newcomer-samples');
      await page.close();
    } finally {
      await host.stop();
    }
  });

  it('starts Electron on the samples once the installer succeeds', async () => {
    const binaryDir = mkdtempSync(join(tmpdir(), 'tl-standin-binary-'));
    const record = join(binaryDir, 'args.json');
    const script = `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`;
    const server = (await import('node:http')).createServer((_req, res) => res.end(script));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const pkg = standInElectron(`http://127.0.0.1:${(server.address() as { port: number }).port}/electron.zip`);
      const child = runLauncher(pkg, { DISPLAY: ':99' });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).toBe(0);
      expect(err).toContain(`TraceLens: Electron installed (${join(pkg, 'dist', 'electron')}).`);
      expect(err.trim().split('\n').at(-1)).toBe('TraceLens: starting the desktop app (Electron).');
      expect(existsSync(record)).toBe(true);
      expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual([join(REPO, 'out', 'main.cjs'), ...SAMPLES]);
    } finally {
      server.close();
    }
  });
});
