/**
 * Faults while the app runs: a parse worker that runs out of memory mid-file fails only that file
 * (with a sentence), the other files stay loaded and the app keeps working.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { REPO, startHostProcess, type HostProcess } from './support/host';

const SAMPLES = join(REPO, 'assets', 'samples');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

describeBrowser('a parse worker running out of memory', () => {
  let browser: Browser;
  let host: HostProcess;
  const dir = mkdtempSync(join(tmpdir(), 'tl-faults-'));
  beforeAll(async () => {
    // ~40 MB of real events: parsed in a worker, which a 2 MB heap cannot hold.
    writeFileSync(join(dir, 'huge.svclog'), Buffer.concat(Array(100).fill(readFileSync(join(SAMPLES, 'app01_orderservice.svclog')))));
    browser = await launchChromium();
    host = await startHostProcess([join(dir, 'huge.svclog'), join(SAMPLES, 'web01_orderportal.svclog')], [], { TRACELENS_WORKER_HEAP_MB: '2' });
  });
  afterAll(async () => {
    await host?.stop();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails that file with a sentence, keeps the others, and the app keeps working', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(host.url);
    const huge = page.locator('[data-testid="file-item"][data-name="huge.svclog"]');
    await expect.poll(() => huge.getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    await expect.poll(() => page.locator('[data-testid="file-item"][data-name="web01_orderportal.svclog"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('loaded');
    expect(await page.getByTestId('problems').innerText()).toMatch(/huge\.svclog[\s\S]*ran out of memory reading it/);
    // Still up: another file can be added and is read.
    await page.getByTestId('file-input').setInputFiles(join(SAMPLES, 'app01_u_ex261120.log'));
    await expect.poll(() => page.locator('[data-testid="file-item"][data-name="app01_u_ex261120.log"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('loaded');
    expect(host.child.exitCode).toBeNull();
    await screenshot(page, 'fault-worker-oom');
    await page.close();
  });
});
