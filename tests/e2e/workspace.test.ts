/**
 * Workspaces and exports in the real UI (browser host): save a workspace as a download, reopen it
 * in a fresh host with its filter restored, open an STV project, export CSV and Perfetto.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { REPO, startHostProcess, type HostProcess } from './support/host';

const SAMPLES = join(REPO, 'assets', 'samples');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

async function waitLoaded(page: Page, count: number): Promise<void> {
  await expect.poll(() => page.locator('[data-testid="file-item"][data-state="loaded"]').count(), { timeout: 30_000 }).toBe(count);
}

describeBrowser('workspaces and exports in the UI', () => {
  let browser: Browser;
  let host: HostProcess;
  const dir = mkdtempSync(join(tmpdir(), 'tl-ws-e2e-'));
  beforeAll(async () => {
    for (const f of ['web01_orderportal.svclog', 'app01_orderservice.svclog']) copyFileSync(join(SAMPLES, f), join(dir, f));
    browser = await launchChromium();
    host = await startHostProcess([join(dir, 'web01_orderportal.svclog'), join(dir, 'app01_orderservice.svclog')]);
  });
  afterAll(async () => {
    await host?.stop();
    await browser?.close();
  });

  it('saves a workspace download and reopens it with its files and filter', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 }, acceptDownloads: true });
    await page.goto(host.url);
    await waitLoaded(page, 2);
    await page.getByTestId('filter-text').fill('SubmitOrder');
    // The text filter applies after a 250 ms pause in typing.
    await page.waitForTimeout(600);
    await page.getByTestId('file-menu-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-workspace').click()]);
    const saved = join(dir, 'incident.tracelens');
    await download.saveAs(saved);
    const ws = JSON.parse(readFileSync(saved, 'utf8'));
    expect(ws.format).toBe('tracelens-workspace');
    expect(ws.files.map((f: { path: string }) => f.path)).toEqual([join(dir, 'web01_orderportal.svclog'), join(dir, 'app01_orderservice.svclog')]);
    expect(ws.filters.text).toBe('SubmitOrder');
    await page.close();

    // A fresh host (own settings, nothing loaded): open the workspace through the File menu.
    const fresh = await startHostProcess([], [], { TRACELENS_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'tl-fresh-')) });
    try {
      const p2 = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      await p2.goto(fresh.url);
      await p2.getByTestId('workspace-input').setInputFiles(saved);
      await waitLoaded(p2, 2);
      await expect.poll(() => p2.getByTestId('filter-text').inputValue()).toBe('SubmitOrder');
      // The restored filter applies to the reopened files' activities (the ones about SubmitOrder).
      await expect.poll(() => p2.getByTestId('activity-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await screenshot(p2, 'workspace-reopened');
      await p2.close();
    } finally {
      await fresh.stop();
    }
  });

  it('opens a Service Trace Viewer project and reports its missing files', async () => {
    const project = join(dir, 'case.stvproj');
    writeFileSync(project, `<?xml version="1.0" encoding="utf-8"?><traceviewer_project><e2efile path="${join(dir, 'web01_orderportal.svclog')}" /><e2efile path="C:\\Traces\\lost.svclog" /></traceviewer_project>`);
    const fresh = await startHostProcess([]);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      await page.goto(fresh.url);
      await page.getByTestId('workspace-input').setInputFiles(project);
      await waitLoaded(page, 1);
      await expect.poll(() => page.getByTestId('notice').allInnerTexts()).toEqual([expect.stringMatching(/C:\\Traces\\lost\.svclog \(listed in case\.stvproj\) was not found/)]);
      await page.close();
    } finally {
      await fresh.stop();
    }
  });

  it('a project opened while the page is still starting is applied once (its notice is not doubled)', async () => {
    // The page's start-up check for a workspace opened before it connected (workspace.current) is
    // held back until the user's own open has finished, as a busy machine can order them: the host
    // then names the same project, which must not be applied a second time.
    const project = join(dir, 'early.stvproj');
    writeFileSync(project, `<?xml version="1.0" encoding="utf-8"?><traceviewer_project><e2efile path="${join(dir, 'app01_orderservice.svclog')}" /><e2efile path="C:\\Traces\\gone.svclog" /></traceviewer_project>`);
    const fresh = await startHostProcess([]);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      let release!: () => void;
      const userOpened = new Promise<void>((r) => (release = r));
      await page.routeWebSocket(/\/ws/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((m) => {
          const msg = JSON.parse(String(m)) as { channel: string };
          // The start-up question reaches the host only after the user's own open has finished.
          if (msg.channel === 'workspace.current') void userOpened.then(() => server.send(m));
          else server.send(m);
        });
        server.onMessage((m) => {
          const msg = JSON.parse(String(m)) as { result?: { value?: { missing?: string[] } } };
          if (msg.result?.value?.missing?.length) release();
          ws.send(m);
        });
      });
      await page.goto(fresh.url);
      await page.getByTestId('workspace-input').setInputFiles(project);
      await waitLoaded(page, 1);
      await userOpened;
      // The user's open is applied once the start-up check (held back above) has answered: wait
      // for its notice, then make sure the late start-up answer does not add a second one.
      const notices = () => page.getByTestId('notice').allInnerTexts();
      const once = [expect.stringMatching(/C:\\Traces\\gone\.svclog \(listed in early\.stvproj\) was not found/)];
      await expect.poll(notices, { timeout: 30_000 }).toEqual(once);
      await page.waitForTimeout(1000);
      expect(await notices()).toEqual(once);
      await page.close();
    } finally {
      await fresh.stop();
    }
  });

  it('exports CSV and Perfetto JSON from the File menu', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 }, acceptDownloads: true });
    await page.goto(host.url);
    await waitLoaded(page, 2);
    for (const [format, check] of [
      ['csv', (text: string) => expect(text.split('\n')[0]).toMatch(/^time,rawTime,file,record,computer/)],
      ['perfetto', (text: string) => expect(JSON.parse(text).traceEvents.filter((e: { ph: string }) => e.ph === 's')).toHaveLength(80)],
    ] as const) {
      await page.getByTestId('file-menu-button').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
      const out = join(dir, `export.${format}`);
      await download.saveAs(out);
      check(readFileSync(out, 'utf8'));
    }
    // Ctrl+S saves the workspace (the keyboard help lists it; the browser would save the page).
    await page.getByTestId('record-total').click();
    const [ws] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    expect(ws.suggestedFilename()).toBe('workspace.tracelens');
    await ws.saveAs(join(dir, 'ctrl-s.tracelens'));
    expect(JSON.parse(readFileSync(join(dir, 'ctrl-s.tracelens'), 'utf8')).format).toBe('tracelens-workspace');
    await page.close();
  });
});
