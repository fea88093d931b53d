/**
 * The IIS triage view end to end in Chromium against the browser host: the timeline and the 503
 * bursts list agree with the engine / the generator's manifest, brushing filters the request table,
 * a burst click filters the activity view to that window (samples: APP01's 503.2 burst with the two
 * services' traces), a request leads to its WCF activities, and a FREB file opens in the FREB view.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_GEN_DIR, corpusFile, describeBenchGen, describeCorpus } from '../support/corpus';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { REPO, startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED IIS end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;
const SAMPLES = join(REPO, 'assets', 'samples');

/** A host with its own settings (the shared window is persisted with the filter). */
function startHost(files: string[]): Promise<HostProcess> {
  process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-iis-config-'));
  return startHostProcess(files);
}

/** Opens the app on the host, waits for these files, and switches to the IIS view. */
async function openIis(browser: Browser, host: HostProcess, names: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(host.url);
  for (const name of names) await page.locator(`[data-testid="file-item"][data-name="${name}"][data-state="loaded"]`).waitFor({ timeout: 60_000 });
  await page.getByTestId('view-iis').click();
  await page.locator('[data-testid="iis-timeline"][data-ready="true"]').waitFor();
  await page.locator('[data-testid="iis-request-table"][data-ready="true"]').waitFor();
  return page;
}

const count = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-count'));
const tableTotal = async (page: Page) => Number(await page.getByTestId('iis-request-table').getAttribute('data-total'));
const legend503 = (page: Page) => count(page, 'legend-503');

/** Drags over the timeline plot from x fraction a to b. */
async function brush(page: Page, a: number, b: number): Promise<void> {
  const box = (await page.locator('[data-testid="timeline-brush"] .overlay').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * a, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * b, y, { steps: 4 });
  await page.mouse.up();
}

describeBrowser('IIS triage view', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  describe('on the samples (IIS log of APP01 + the two services’ traces)', () => {
    let host: HostProcess;
    let page: Page;
    const files = ['app01_u_ex261120.log', 'web01_orderportal.svclog', 'app01_orderservice.svclog'];
    beforeAll(async () => {
      host = await startHost(files.map((f) => join(SAMPLES, f)));
      page = await openIis(browser, host, files);
    });
    afterAll(() => host?.stop());

    it('shows the 503.2 burst in the chart and the list; a click on it filters the activity view to its window', async () => {
      expect(await legend503(page)).toBe(64);
      const bursts = page.getByTestId('burst-row');
      await expect.poll(() => bursts.count()).toBe(1);
      expect(await bursts.first().getAttribute('data-count')).toBe('64');
      await page.getByTestId('view-traces').click();
      await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
      const allActivities = Number(await page.getByTestId('activity-table').getAttribute('data-total'));
      await page.getByTestId('view-iis').click();
      await bursts.first().click();
      const from = Number(await bursts.first().getAttribute('data-from'));
      const to = Number(await bursts.first().getAttribute('data-to'));
      await expect.poll(() => page.getByTestId('shared-range').getAttribute('data-from')).toBe(String(from));
      await expect.poll(() => tableTotal(page)).toBeLessThan(364);
      await expect.poll(() => count(page, 'legend-503')).toBe(64);
      await screenshot(page, 'iis-samples-burst');
      await page.getByTestId('view-traces').click();
      await expect.poll(async () => Number(await page.getByTestId('activity-table').getAttribute('data-total'))).toBeLessThan(allActivities);
      const n = Number(await page.getByTestId('activity-table').getAttribute('data-total'));
      expect(n).toBeGreaterThan(0);
      // Every listed activity has traces in the window.
      const starts = await page.getByTestId('activity-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-traces')));
      expect(starts.every((t) => Number(t) > 0)).toBe(true);
      expect(await page.getByTestId('filter-from-time').inputValue()).toContain('01:51:10');
      // The whole time shows in the box (it was cut after the seconds).
      for (const box of ['filter-from-time', 'filter-to-time']) expect(await page.getByTestId(box).evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await screenshot(page, 'iis-samples-traces-window');
      await page.getByTestId('shared-range-clear').click();
      await expect.poll(async () => Number(await page.getByTestId('activity-table').getAttribute('data-total'))).toBe(allActivities);
      expect(await page.getByTestId('shared-range').count()).toBe(0);
      void to;
    });

    it('from a request in the burst, opens a WCF activity that served it in the Traces view', async () => {
      await page.getByTestId('view-iis').click();
      await page.getByTestId('iis-filter-uri').fill('OrderService');
      await page.getByTestId('iis-filter-status').fill('200');
      await expect.poll(() => tableTotal(page)).toBeLessThan(364);
      const rows = page.getByTestId('iis-request-row');
      // Rows and bursts carry their day: a triage spans several days' logs.
      await expect.poll(() => rows.first().locator('.c-time').innerText()).toMatch(/^2026-11-20 \d{2}:\d{2}:\d{2}$/);
      expect(await page.getByTestId('burst-row').first().locator('td').first().innerText()).toMatch(/^(2026-)?11-20 01:51:\d{2}$/);
      await expect.poll(async () => (await rows.first().getAttribute('data-stem')) === '/OrderService.svc' && (await rows.first().getAttribute('data-status')) === '200').toBe(true);
      await rows.first().click();
      const cand = page.getByTestId('wcf-candidate');
      await cand.first().waitFor();
      expect(await cand.first().innerText()).toMatch(/same machine \(APP01\).*To header/);
      // At most one request a bucket here: the count axis says 0 and 1, never 200m (0.2 of a request).
      await expect.poll(() => page.locator('g.y-axis .tick text').allTextContents()).toEqual(['0', '1']);
      await screenshot(page, 'iis-samples-request-candidates');
      const activityId = await cand.first().getAttribute('data-activity-id');
      await cand.first().getByTestId('open-activity').click();
      await expect.poll(async () => page.getByTestId('view-traces').getAttribute('aria-selected')).toBe('true');
      await expect.poll(async () => (await page.locator('[data-testid="activity-row"][aria-selected="true"]').getAttribute('title').catch(() => null)) ?? (await page.locator('[data-testid="activity-row"][aria-selected="true"] .c-name').getAttribute('title').catch(() => ''))).toContain(activityId!);
      await screenshot(page, 'iis-samples-activity-opened');
      await page.getByTestId('view-iis').click();
      await page.getByTestId('iis-filter-clear').click();
    });
  });

  describeBenchGen('on a generated log with 503.2 bursts', () => {
    let host: HostProcess;
    let page: Page;
    let manifest: { lines: number; byStatus: Record<string, number>; s503_2: number };
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tl-iis-e2e-'));
      const out = join(dir, 'gen_u_ex160630.log');
      execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-iislog.mjs'), out, '5M']);
      manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
      host = await startHost([out]);
      page = await openIis(browser, host, ['gen_u_ex160630.log']);
    });
    afterAll(() => host?.stop());

    it('the chart counts every request and every 503 of the manifest; the list has the bursts', async () => {
      const series = ['2xx', '3xx', '4xx', '503', '5xx'];
      let total = 0;
      for (const s of series) total += await count(page, `legend-${s}`);
      expect(total).toBe(manifest.lines);
      expect(await legend503(page)).toBe(manifest.s503_2);
      expect(await tableTotal(page)).toBe(manifest.lines);
      const rows = page.getByTestId('burst-row');
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      const sum = (await rows.evaluateAll((r) => r.map((x) => Number(x.getAttribute('data-count'))))).reduce((a, b) => a + b, 0);
      expect(sum).toBe(manifest.s503_2);
      expect(Number(await page.getByTestId('burst-list').getAttribute('data-total'))).toBe(await rows.count());
      expect(await page.getByTestId('slow-marker').count()).toBeGreaterThan(0);
      await screenshot(page, 'iis-generated-overview');
    });

    it('brushing a range filters the table to it; zooming re-buckets finer', async () => {
      const before = await tableTotal(page);
      const width0 = Number(await page.getByTestId('iis-timeline').getAttribute('data-width-us'));
      await brush(page, 0.3, 0.5);
      const range = page.getByTestId('shared-range');
      await range.waitFor();
      const from = Number(await range.getAttribute('data-from'));
      const to = Number(await range.getAttribute('data-to'));
      await expect.poll(() => tableTotal(page)).toBeLessThan(before);
      expect(await tableTotal(page)).toBeGreaterThan(0);
      const times = await page.getByTestId('iis-request-row').evaluateAll((r) => r.map((x) => Number(x.getAttribute('data-time'))));
      expect(times.length).toBeGreaterThan(0);
      expect(times.every((t) => t >= from && t < to)).toBe(true);
      await page.getByTestId('zoom-to-range').click();
      await expect.poll(async () => Number(await page.getByTestId('iis-timeline').getAttribute('data-width-us'))).toBeLessThan(width0);
      await screenshot(page, 'iis-generated-brushed');
      await page.getByTestId('iis-request-header-timeTaken').click();
      expect(await page.getByTestId('iis-request-header-timeTaken').getAttribute('aria-sort')).toBe('descending');
      const timeTaken = () => page.getByTestId('iis-request-row').evaluateAll((r) => r.map((x) => Number(x.getAttribute('data-time-taken'))));
      // The new first page replaces the old one when it lands: wait for it, then check the order.
      await expect.poll(async () => (await timeTaken())[0] >= 5000).toBe(true);
      const tt = await timeTaken();
      expect(tt.length).toBeGreaterThan(10);
      expect(tt).toEqual([...tt].sort((a, b) => b - a));
      await page.getByTestId('shared-range-clear').click();
      await expect.poll(() => tableTotal(page)).toBe(before);
    });

    it('the wheel zooms in (finer buckets) and Shift+drag pans', async () => {
      const tl = page.getByTestId('iis-timeline');
      // Clearing the window above already reset the zoom (the button is disabled when there is nothing to reset).
      await expect.poll(() => page.getByTestId('zoom-reset').isDisabled()).toBe(true);
      const width0 = Number(await tl.getAttribute('data-width-us'));
      const box = (await page.getByTestId('timeline-svg').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -400);
      await expect.poll(async () => Number(await tl.getAttribute('data-width-us'))).toBeLessThan(width0);
      const from0 = Number(await tl.getAttribute('data-domain-from'));
      await page.keyboard.down('Shift');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
      await expect.poll(async () => Number(await tl.getAttribute('data-domain-from'))).toBeLessThan(from0);
      expect(await page.getByTestId('shared-range').count()).toBe(0);
      await screenshot(page, 'iis-generated-zoomed');
    });
  });

  describeCorpus('on corpus logs', () => {
    let host: HostProcess;
    let page: Page;
    const files = ['mrpinkzh__IISLog.log', 'daolavi__iis.log'];
    beforeAll(async () => {
      host = await startHost([...files.map((f) => corpusFile('iis', f)), corpusFile('freb', 'alulab__fr000001.xml')]);
      page = await openIis(browser, host, [...files, 'alulab__fr000001.xml']);
    });
    afterAll(() => host?.stop());

    it('counts both logs in the chart and the table; top URIs filter the table', async () => {
      expect(await tableTotal(page)).toBe(10_485 + 4_041);
      let total = 0;
      for (const s of ['2xx', '3xx', '4xx', '503', '5xx']) total += await count(page, `legend-${s}`);
      const none = (await page.getByTestId('legend-none').count()) ? await count(page, 'legend-none') : 0;
      expect(total + none).toBe(10_485 + 4_041);
      const top = page.getByTestId('top-uri-row').first();
      const stem = (await top.getAttribute('data-stem'))!;
      const n = Number(await top.getAttribute('data-count'));
      await top.click();
      await expect.poll(() => tableTotal(page)).toBe(n);
      expect(await page.getByTestId('iis-request-row').evaluateAll((r) => r.every((x) => x.getAttribute('data-stem') === r[0].getAttribute('data-stem')))).toBe(true);
      expect(await page.getByTestId('iis-request-row').first().getAttribute('data-stem')).toBe(stem);
      await page.getByTestId('iis-filter-clear').click();
      await expect.poll(() => tableTotal(page)).toBe(10_485 + 4_041);
    });

    it('opens a FREB file in the FREB view', async () => {
      await page.getByTestId('freb-item').first().click();
      const view = page.getByTestId('freb-view');
      await view.waitFor();
      expect(await page.getByTestId('freb-url').innerText()).toMatch(/^https?:\/\//);
      expect(await page.getByTestId('freb-status').innerText()).toMatch(/^\d{3}/);
      expect(await page.getByTestId('freb-event').count()).toBeGreaterThan(3);
      expect(await page.getByTestId('freb-slowest').locator('tr').count()).toBeGreaterThan(0);
      // Corpus screenshots stay in test-results (never committed).
      await screenshot(page, 'iis-corpus-freb');
    });
  });
});
