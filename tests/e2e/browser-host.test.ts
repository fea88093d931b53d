/**
 * The browser host end to end, as a user drives it: Debian's Chromium (playwright-core) against
 * `tracelens serve` started on a corpus file; files added by drag and drop and by the file
 * picker; a load cancelled; a non-log file refused with a sentence. Screenshots in test-results/.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, describeCorpus } from '../support/corpus';
import { dropFiles, HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { REPO, startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED browser end-to-end tests: /usr/bin/chromium is missing (apt-get install chromium)');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

const SAMPLES = join(REPO, 'assets', 'samples');
// The hosts this file starts keep their settings in a throwaway directory, not the user's.
process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-e2e-config-'));

async function fileItem(page: Page, name: string) {
  const item = page.locator(`[data-testid="file-item"][data-name="${name}"]`);
  await item.waitFor();
  return item;
}

async function waitLoaded(page: Page, name: string): Promise<number> {
  const item = await fileItem(page, name);
  await expect.poll(() => item.getAttribute('data-state'), { timeout: 30_000 }).toMatch(/loaded|failed/);
  return Number((await item.getByTestId('file-records').innerText()).replace(/,/g, ''));
}

const total = async (page: Page) => Number((await page.getByTestId('record-total').innerText()).replace(/[^\d]/g, ''));

describeBrowser('browser host', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  describeCorpus('on corpus files', () => {
    let host: HostProcess;
    let page: Page;
    beforeAll(async () => {
      host = await startHostProcess([corpusFile('svclog', 'finservice__Web_tracelog.svclog')]);
      page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      page.on('pageerror', (e) => console.error('page error:', e));
      await page.goto(host.url);
    });
    afterAll(() => host?.stop());

    it('shows the file given on the command line and its records', async () => {
      expect(await waitLoaded(page, 'finservice__Web_tracelog.svclog')).toBe(62);
      await expect.poll(() => total(page)).toBe(62);
      // The generic list is the "All records" tab beside the STV activity and message views.
      await page.getByTestId('tab-records').click();
      await page.getByTestId('record-row').first().waitFor();
      expect(await page.getByTestId('record-row').count()).toBeGreaterThan(10);
      await screenshot(page, 'host-one-file');
    });

    it('adds a file dropped on the window', async () => {
      const name = 'finservice__Web_messages.svclog';
      await dropFiles(page, [{ name, content: readFileSync(corpusFile('svclog', name)) }]);
      expect(await waitLoaded(page, name)).toBe(2);
      await expect.poll(() => total(page)).toBe(64);
    });

    it('adds a file from the file picker', async () => {
      await page.getByTestId('file-input').setInputFiles(corpusFile('iis', 'daolavi__iis.log'));
      expect(await waitLoaded(page, 'daolavi__iis.log')).toBe(4041);
      await expect.poll(() => total(page)).toBe(64 + 4041);
      await screenshot(page, 'host-three-files');
    });

    it('shows a record’s detail when a row is clicked', async () => {
      await page.getByTestId('record-row').nth(2).click();
      await page.getByTestId('detail').waitFor();
      expect(await page.getByTestId('detail').innerText()).toMatch(/\S/);
    });

    it('refuses a non-log file with a sentence naming what it is', async () => {
      await page.getByTestId('file-input').setInputFiles(corpusFile('other', 'iislogloader__InvalidLogFile.log'));
      const item = await fileItem(page, 'iislogloader__InvalidLogFile.log');
      await expect.poll(() => item.getAttribute('data-state')).toBe('failed');
      const problems = await page.getByTestId('problems').innerText();
      expect(problems).toContain('iislogloader__InvalidLogFile.log');
      expect(problems).toMatch(/plain text that matches no trace or log format/);
      // The files loaded before are all still there.
      expect(await total(page)).toBe(64 + 4041);
      await screenshot(page, 'host-bad-file');
    });

    it('removes a file', async () => {
      const item = await fileItem(page, 'finservice__Web_messages.svclog');
      await item.getByRole('button', { name: /Remove/ }).click();
      await expect.poll(() => total(page)).toBe(62 + 4041);
    });
  });

  describe('cancelling a large load', () => {
    let dir: string;
    let big: string;
    beforeAll(async () => {
      // ~600 MB of real events: the sample trace repeated, written without holding it in memory.
      dir = mkdtempSync(join(tmpdir(), 'tl-cancel-'));
      big = join(dir, 'big.svclog');
      const chunk = readFileSync(join(SAMPLES, 'app01_orderservice.svclog'));
      const out = createWriteStream(big);
      for (let written = 0; written < 600e6; written += chunk.length) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((r) => out.end(() => r()));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /**
     * The user opens the big file from the Recent list once the page is up, as they would: a file
     * named on the command line starts loading before any page connects, and on a busy machine
     * it could finish before the page showed it.
     */
    async function startLoadFromRecent(): Promise<{ host: HostProcess; page: Page }> {
      const config = mkdtempSync(join(tmpdir(), 'tl-cancel-config-'));
      writeFileSync(join(config, 'settings.json'), JSON.stringify({ recentFiles: [big] }));
      const host = await startHostProcess([], [], { TRACELENS_CONFIG_DIR: config });
      const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      await page.goto(host.url);
      await page.getByTestId('recent-button').click();
      await page.getByTestId('recent-menu').getByText(big).click();
      return { host, page };
    }

    it('stops the load and says so', async () => {
      const { host, page } = await startLoadFromRecent();
      try {
        await page.getByTestId('load-progress').waitFor({ timeout: 20_000 });
        await page.getByTestId('cancel-load').click();
        const item = await fileItem(page, 'big.svclog');
        await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('cancelled');
        expect(await page.getByTestId('problems').innerText()).toContain('Loading was cancelled.');
        await expect(page.getByTestId('load-progress').count()).resolves.toBe(0);
        await screenshot(page, 'host-cancelled');
        await page.close();
      } finally {
        await host.stop();
      }
    });

    it('cancels one file from its own progress bar in the files pane', async () => {
      const { host, page } = await startLoadFromRecent();
      try {
        const item = await fileItem(page, 'big.svclog');
        await item.getByTestId('file-progress').waitFor({ timeout: 20_000 });
        await item.getByTestId('file-cancel').click();
        await expect.poll(() => item.getAttribute('data-state'), { timeout: 20_000 }).toBe('cancelled');
        expect(await item.getByTestId('file-progress').count()).toBe(0);
        await page.close();
      } finally {
        await host.stop();
      }
    });
  });

  describe('on the bundled samples', () => {
    let host: HostProcess;
    beforeAll(async () => {
      host = await startHostProcess([join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog'), join(SAMPLES, 'app01_u_ex261120.log')]);
    });
    afterAll(() => host?.stop());

    it('loads the three sample files with no problems, in light and dark themes', async () => {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 850 }, colorScheme: scheme });
        await page.goto(host.url);
        for (const name of ['web01_orderportal.svclog', 'app01_orderservice.svclog', 'app01_u_ex261120.log']) await waitLoaded(page, name);
        await expect.poll(() => total(page)).toBe(204 + 365 + 364);
        expect(await page.getByTestId('problems').count()).toBe(0);
        // Activities' start times (time of day to the microsecond) show whole.
        await page.getByTestId('activity-row').first().waitFor();
        const cutStarts = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-testid="activity-row"] .c-start')].filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent));
        expect(cutStarts).toEqual([]);
        await page.getByTestId('tab-records').click();
        await page.getByTestId('record-row').nth(5).click();
        await page.getByTestId('detail').waitFor();
        await screenshot(page, `host-samples-${scheme}`);
        // Times (with their 100 ns digit) and level names ("Information") show whole in their cells.
        const cut = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[data-testid="record-row"] .c-time, [data-testid="record-row"] .c-level')].filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent),
        );
        expect(cut).toEqual([]);
        // The record list's header stays inside its pane (it used to paint over the trace pane's
        // header) and follows the rows when they scroll sideways.
        const header = await page.evaluate(() => {
          const pane = document.querySelector('.record-table')!.getBoundingClientRect();
          const h = document.querySelector<HTMLElement>('.record-table > .row.header')!;
          const rows = document.querySelector<HTMLElement>('[data-testid="record-rows"]')!;
          rows.scrollLeft = 120;
          return { clipped: h.getBoundingClientRect().right <= pane.right + 0.5 && getComputedStyle(h).overflowX === 'hidden', rows: rows.scrollLeft };
        });
        expect(header.clipped).toBe(true);
        expect(header.rows).toBeGreaterThan(0);
        await expect.poll(() => page.evaluate(() => document.querySelector('.record-table > .row.header')!.scrollLeft)).toBe(header.rows);
        if (scheme === 'light') {
          // End jumps to a row whose page was never fetched: it is still selected and shown.
          const before = await page.getByTestId('detail').getAttribute('data-index');
          await page.getByTestId('record-rows').press('End');
          await expect.poll(() => page.locator('[data-testid="record-row"].selected').count()).toBe(1);
          await expect.poll(() => page.getByTestId('detail').getAttribute('data-index')).not.toBe(before);
        }
        await page.close();
      }
    });
  });
});
