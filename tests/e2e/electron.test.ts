/**
 * The desktop shell end to end with Playwright's Electron driver. Runs where the Electron binary
 * exists; these build machines cannot download it, so there it skips and says why.
 */
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../electron/cli/electron-binary';
import { screenshot } from './support/browser';
import { REPO } from './support/host';

const binary = findElectronBinary();
if ('missing' in binary) console.warn(`SKIPPED Electron end-to-end test: ${binary.missing}`);

describe.skipIf('missing' in binary)('Electron shell', () => {
  it('opens the sample files from the command line in a locked-down window', async () => {
    const app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [join(REPO, 'out', 'main.cjs'), join(REPO, 'assets', 'samples', 'web01_orderportal.svclog')],
      env: { ...process.env, ELECTRON_DISABLE_SECURITY_WARNINGS: 'false' },
    });
    try {
      const page = await app.firstWindow();
      await page.getByTestId('file-item').first().waitFor();
      await expect.poll(async () => page.getByTestId('file-item').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('loaded');
      // The renderer has no Node: require and process are absent, the bridge is the only way out.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (window as { tracelens?: unknown }).tracelens)).toBe('object');
      // contextIsolation + sandbox: no Node globals in the page, and the bridge exposes only plain functions.
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((window as unknown as { tracelens: object }).tracelens).sort())).toEqual(['invoke', 'pathForFile', 'subscribe']);
      const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
      expect(csp).toContain("script-src 'self'");
      await screenshot(page, 'electron-sample');
    } finally {
      await app.close();
    }
  });
});
