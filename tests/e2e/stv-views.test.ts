/**
 * Service Trace Viewer parity, end to end in Chromium against the browser host: activities sorted
 * errors first, traces, the exception and XML in the detail, follow transfer and back, find,
 * errors-only filter, message view, multi-select, keyboard, and settings across a host restart.
 * Counts come from ../shared/corpus/MANIFEST.md (bookstore: 4 Critical, 24 Error, 1,153 messages).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, describeCorpus } from '../support/corpus';
import { FIND_WAIT, HAS_CHROMIUM, findAnswer, launchChromium, screenshot } from './support/browser';
import { REPO, startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED STV end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;
const SAMPLES = join(REPO, 'assets', 'samples');
const TRACELOG = 'bookstore__app_tracelog.svclog';
const MESSAGES = 'bookstore__app_messages.svclog';

/** Hosts started here keep settings in a fresh directory (the restart test reuses it on purpose). */
const configDir = mkdtempSync(join(tmpdir(), 'tl-stv-config-'));
process.env.TRACELENS_CONFIG_DIR = configDir;

async function openApp(browser: Browser, host: HostProcess, name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(host.url);
  await page.locator(`[data-testid="file-item"][data-name="${name}"][data-state="loaded"]`).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
  return page;
}

const activityRows = (page: Page) => page.getByTestId('activity-row');
/** The activity row at a list position (rows are virtualized: nth() would count rendered rows). */
async function activityAt(page: Page, pos: number) {
  await page.getByTestId('activity-rows').evaluate((el) => (el.scrollTop = 0));
  return page.locator(`[data-testid="activity-row"][data-pos="${pos}"]`);
}
const traceRows = (page: Page) => page.getByTestId('trace-row');
const traceTotal = async (page: Page) => (await page.getByTestId('trace-total').innerText()).trim();

/** Waits until the trace list shows traces of exactly these activities. */
async function tracesOf(page: Page, activity: string): Promise<void> {
  await expect.poll(async () => (await traceRows(page).first().getAttribute('data-activity').catch(() => null)) === activity, { timeout: 10_000 }).toBe(true);
}

describeBrowser('STV views', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  describeCorpus(`on ${TRACELOG}`, () => {
    let host: HostProcess;
    let page: Page;
    beforeAll(async () => {
      host = await startHostProcess([corpusFile('svclog', TRACELOG)]);
      page = await openApp(browser, host, TRACELOG);
    });
    afterAll(() => host?.stop());

    it('sorts activities errors first, shows the traces of one and its exception, then the XML', async () => {
      await page.getByTestId('activity-header-severity').click();
      await expect.poll(() => activityRows(page).first().getAttribute('data-severity')).toBe('error');
      const first = activityRows(page).first();
      const traces = await first.getAttribute('data-traces');
      await first.click();
      await tracesOf(page, (await first.getAttribute('data-index'))!);
      expect(await traceTotal(page)).toBe(`${traces} traces of 1 activity`);
      await traceRows(page).filter({ has: page.locator('.glyph.error, .glyph.critical') }).first().click();
      const exception = page.getByTestId('exception');
      await exception.waitFor();
      expect(await exception.innerText()).toMatch(/Exception/);
      expect(await page.getByTestId('stack-trace').innerText()).toMatch(/\bat /);
      await screenshot(page, 'stv-error-exception');
      await page.getByTestId('detail-tab-xml').click();
      const xml = page.getByTestId('detail-xml');
      expect(await xml.innerText()).toContain('<E2ETraceEvent');
      expect(await xml.locator('.x-tag').count()).toBeGreaterThan(10);
      await screenshot(page, 'stv-error-xml');
      await page.getByTestId('detail-tab-formatted').click();
    });

    it('follows a transfer (double-click and F11) and comes back with Alt+←', async () => {
      await page.getByTestId('activity-header-start').click();
      await expect.poll(() => activityRows(page).first().getAttribute('data-type')).toBe('root');
      await activityRows(page).first().click();
      const root = (await activityRows(page).first().getAttribute('data-index'))!;
      await tracesOf(page, root);
      const transfer = page.locator('[data-testid="trace-row"][data-kind="Transfer"]:not([data-transfer="-1"])').first();
      const target = (await transfer.getAttribute('data-transfer'))!;
      expect(target).not.toBe(root);
      await transfer.dblclick();
      await tracesOf(page, target);
      expect(await page.locator(`[data-testid="activity-row"][data-index="${target}"]`).getAttribute('aria-selected')).toBe('true');
      await screenshot(page, 'stv-followed-transfer');
      await page.keyboard.press('Alt+ArrowLeft');
      await tracesOf(page, root);
      await page.keyboard.press('Alt+ArrowRight');
      await tracesOf(page, target);
      await page.keyboard.press('Alt+ArrowLeft');
      await tracesOf(page, root);
      // F11 on the selected Transfer does the same.
      await transfer.click();
      await page.keyboard.press('F11');
      await tracesOf(page, target);
    });

    it('finds a string across all traces and steps through the hits', async () => {
      await page.keyboard.press('Control+f');
      const input = page.getByTestId('find-input');
      await input.waitFor();
      await input.fill('exception');
      await input.press('Enter');
      const status = page.getByTestId('find-status');
      await expect.poll(findAnswer(page), FIND_WAIT).toMatch(/^1 of \d+$/);
      const total = Number((await status.innerText()).split(' of ')[1]);
      expect(total).toBeGreaterThan(1);
      const selected = page.locator('[data-testid="trace-row"][aria-selected="true"]');
      await expect.poll(() => selected.locator('mark.find-mark').count()).toBeGreaterThan(0);
      const firstHit = await selected.getAttribute('data-index');
      await input.press('Enter');
      await expect.poll(findAnswer(page), FIND_WAIT).toBe(`2 of ${total}`);
      await expect.poll(() => selected.getAttribute('data-index')).not.toBe(firstHit);
      expect(await page.getByTestId('detail').locator('mark.find-mark').count()).toBeGreaterThan(0);
      await screenshot(page, 'stv-find');
      await input.press('Shift+Enter');
      await expect.poll(findAnswer(page), FIND_WAIT).toBe(`1 of ${total}`);
      await expect.poll(() => selected.getAttribute('data-index')).toBe(firstHit);
      await page.getByRole('button', { name: 'Close find' }).click();
    });

    it('filters to errors only, on the main side, for activities and traces', async () => {
      await page.getByTestId('filter-level').selectOption({ label: 'Error and up (28)' });
      await page.getByTestId('filter-boundaries').uncheck();
      await expect.poll(() => page.getByTestId('activity-table').getAttribute('data-total')).toBe('23');
      await activityRows(page).first().click();
      await activityRows(page).first().press('Shift+End');
      await expect.poll(() => traceTotal(page)).toBe('28 traces of 23 activities');
      expect(await page.getByTestId('trace-table').getAttribute('data-total')).toBe('28');
      // The list is virtualized: check the rows it rendered (more than a screenful).
      const levels = await traceRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')));
      expect(levels.length).toBeGreaterThan(12);
      expect(levels.every((l) => l === 'error' || l === 'critical')).toBe(true);
      expect(levels).toContain('critical');
      await screenshot(page, 'stv-errors-only');
      // One click back to everything, then the errors-and-warnings preset: 4 + 24 + 81 traces.
      await page.getByTestId('filter-clear').click();
      await page.getByTestId('filter-errors-warnings').click();
      await expect.poll(() => page.getByTestId('filter-errors-warnings').getAttribute('aria-pressed')).toBe('true');
      await activityRows(page).first().click();
      await activityRows(page).first().press('Shift+End');
      await expect.poll(() => traceTotal(page)).toMatch(/^109 traces of \d+ activities$/);
      await page.getByTestId('filter-clear').click();
    });

    it('multi-selects activities with Ctrl+click and merges their traces', async () => {
      const header = page.getByTestId('activity-header-traces');
      await header.click();
      if ((await header.getAttribute('aria-sort')) !== 'descending') await header.click(); // most traces first
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
      await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
      const a = await activityAt(page, 1);
      const b = await activityAt(page, 2);
      const sum = Number(await a.getAttribute('data-traces')) + Number(await b.getAttribute('data-traces'));
      const ids = new Set([await a.getAttribute('data-index'), await b.getAttribute('data-index')]);
      await a.click();
      await b.click({ modifiers: ['Control'] });
      await expect.poll(() => traceTotal(page)).toBe(`${sum} traces of 2 activities`);
      await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
      // Only the rendered rows exist: they all belong to the two activities.
      const activities = await traceRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-activity')));
      expect(activities.every((a) => ids.has(a))).toBe(true);
      expect(await page.getByTestId('trace-table').getAttribute('data-total')).toBe(String(sum));
      await screenshot(page, 'stv-multi-select');
    });

    it('moves through the trace list with the keyboard (arrows, End, Home, F10/F9)', async () => {
      const a = await activityAt(page, 1);
      const n = Number(await a.getAttribute('data-traces'));
      await a.click();
      await expect.poll(() => traceTotal(page)).toBe(`${n} traces of 1 activity`);
      await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
      await traceRows(page).first().click();
      const selectedPos = () => page.locator('[data-testid="trace-row"][aria-selected="true"]').getAttribute('data-pos');
      await page.getByTestId('trace-rows').press('ArrowDown');
      await expect.poll(selectedPos).toBe('1');
      await page.getByTestId('trace-rows').press('End');
      await expect.poll(selectedPos).toBe(String(n - 1));
      await page.getByTestId('trace-rows').press('Home');
      await expect.poll(selectedPos).toBe('0');
      await page.keyboard.press('F10');
      await expect.poll(selectedPos).toBe('1');
      await page.keyboard.press('F9');
      await expect.poll(selectedPos).toBe('0');
      const firstIndex = await traceRows(page).first().getAttribute('data-index');
      await expect.poll(() => page.getByTestId('detail').getAttribute('data-index')).toBe(firstIndex); // the detail is read asynchronously
    });

    it('lists the keyboard shortcuts from the "?" button', async () => {
      await page.getByTestId('help-button').click();
      const dialog = page.getByTestId('shortcuts-dialog');
      await dialog.waitFor();
      expect(await dialog.innerText()).toMatch(/F10\s+Next trace of the activity[\s\S]*F9\s+Previous trace[\s\S]*Alt\+←\s+Back through selections/);
      await screenshot(page, 'stv-shortcuts');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
    });
  });

  describeCorpus(`message view on ${MESSAGES}`, () => {
    let host: HostProcess;
    let page: Page;
    beforeAll(async () => {
      host = await startHostProcess([corpusFile('svclog', MESSAGES)]);
      page = await openApp(browser, host, MESSAGES);
    });
    afterAll(() => host?.stop());

    it('lists every message record, shows one in the Message tab and opens its graph', async () => {
      await page.getByTestId('filter-clear').click(); // the filter persisted by earlier tests
      await page.getByTestId('tab-messages').click();
      await expect.poll(() => page.getByTestId('message-table').getAttribute('data-total')).toBe('1153');
      // A SOAP request (metadata GETs carry no envelope).
      // (The Action cell shows a long action shortened in the middle; its title holds it whole.)
      const row = page.locator('[data-testid="message-row"]:has(.c-action[title^="http://tempuri.org/"])').first();
      const activity = (await row.getAttribute('data-activity'))!;
      await row.click();
      await tracesOf(page, activity);
      await page.locator(`[data-testid="detail"][data-index="${await row.getAttribute('data-index')}"]`).waitFor();
      await screenshot(page, 'stv-message-selected');
      await page.getByTestId('detail-tab-message').click();
      expect(await page.getByTestId('detail-message').innerText()).toMatch(/Envelope/);
      await screenshot(page, 'stv-message');
      await row.dblclick();
      // A double-click opens the message's activity in the graph; its activity stays selected.
      await expect.poll(() => page.getByTestId('tab-graph').getAttribute('aria-selected')).toBe('true');
      await page.getByTestId('tab-activities').click();
      await expect.poll(() => page.locator(`[data-testid="activity-row"][data-index="${activity}"]`).getAttribute('aria-selected')).toBe('true');
      await screenshot(page, 'stv-message-activity');

      // A message that is not SOAP (a metadata HTTP GET): sorted by Action, those without one come
      // first; its Message tab shows the logged HTTP request.
      await page.getByTestId('tab-messages').click();
      await page.getByTestId('message-header-action').click();
      await expect.poll(() => page.getByTestId('message-header-action').getAttribute('aria-sort')).toBe('ascending');
      const get = page.locator('[data-testid="message-row"]').first();
      await expect.poll(async () => (await get.locator('.c-action').getAttribute('title')) ?? '').not.toMatch(/^http/);
      await get.click();
      await page.locator(`[data-testid="detail"][data-index="${await get.getAttribute('data-index')}"]`).waitFor();
      await page.getByTestId('detail-tab-message').click();
      const http = await page.getByTestId('detail-message').innerText();
      expect(http).not.toMatch(/Envelope/);
      expect(http).toMatch(/HttpRequest|HttpResponse/);
      await screenshot(page, 'stv-message-http');
    });
  });

  describe('settings across a host restart (bundled samples)', () => {
    const sample = join(SAMPLES, 'web01_orderportal.svclog');

    it('keeps pane sizes, column widths, sort, filter and recent files', async () => {
      let host = await startHostProcess([sample]);
      let page = await openApp(browser, host, 'web01_orderportal.svclog');
      await page.getByTestId('activity-header-duration').click();
      await page.getByTestId('filter-errors-warnings').click();
      // Drag the left/right splitter 120 px to the right, and widen the Activity column.
      const split = (await page.getByTestId('splitter-left').boundingBox())!;
      await page.mouse.move(split.x + 2, split.y + 200);
      await page.mouse.down();
      await page.mouse.move(split.x + 122, split.y + 200, { steps: 5 });
      await page.mouse.up();
      const leftWidth = Math.round((await page.locator('aside.left').boundingBox())!.width);
      const col = (await page.getByTestId('activity-header-name').boundingBox())!;
      await page.mouse.move(col.x + col.width - 2, col.y + 10);
      await page.mouse.down();
      await page.mouse.move(col.x + col.width + 60, col.y + 10, { steps: 4 });
      await page.mouse.up();
      const colWidth = Math.round((await page.getByTestId('activity-header-name').boundingBox())!.width);
      expect(colWidth).toBeGreaterThan(Math.round(col.width) + 40);
      await page.waitForTimeout(600); // settings are written after a short debounce
      await page.close();
      await host.stop();

      host = await startHostProcess([]);
      page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      await page.goto(host.url);
      // Recent files are offered again; opening one brings the file back.
      await page.getByTestId('recent-button').click();
      await page.getByTestId('recent-menu').getByText(sample).click();
      await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
      expect(await page.getByTestId('activity-header-duration').getAttribute('aria-sort')).toBe('ascending');
      expect(await page.getByTestId('filter-errors-warnings').getAttribute('aria-pressed')).toBe('true');
      expect(Math.round((await page.locator('aside.left').boundingBox())!.width)).toBe(leftWidth);
      expect(Math.round((await page.getByTestId('activity-header-name').boundingBox())!.width)).toBe(colWidth);
      await screenshot(page, 'stv-settings-restored');
      await page.close();
      await host.stop();
    });

    it('finds text only the XML holds (a stack frame) when looking in the whole trace, not in indexed fields', async () => {
      const host = await startHostProcess([join(SAMPLES, 'app01_orderservice.svclog')]);
      const page = await openApp(browser, host, 'app01_orderservice.svclog');
      await page.getByTestId('filter-clear').click();
      await page.keyboard.press('Control+f');
      const input = page.getByTestId('find-input');
      expect(await page.getByTestId('find-look-in').inputValue()).toBe('xml');
      await input.fill('orderstore.load');
      await input.press('Enter');
      await expect.poll(findAnswer(page), FIND_WAIT).toMatch(/^1 of \d+$/);
      await expect.poll(() => page.getByTestId('stack-trace').locator('mark.find-mark').count()).toBeGreaterThan(0);
      await screenshot(page, 'stv-find-whole-trace');
      await page.getByTestId('find-look-in').selectOption('fields');
      await input.press('Enter');
      await expect.poll(findAnswer(page), FIND_WAIT).toBe('No hits');
      await page.close();
      await host.stop();
    });

    it('filters by any set of levels (keyboard) and by several sources, hosts and processes', async () => {
      const host = await startHostProcess([sample, join(SAMPLES, 'app01_orderservice.svclog')]);
      const page = await openApp(browser, host, 'app01_orderservice.svclog');
      await page.getByTestId('filter-clear').click();
      const allActivities = Number(await page.getByTestId('activity-table').getAttribute('data-total'));
      // "Warning only": uncheck Critical, Error, Information and Verbose with the keyboard.
      await page.getByTestId('filter-levels-button').focus();
      await page.keyboard.press('ArrowDown'); // opens, on Critical
      for (const key of ['Space', 'ArrowDown', 'Space', 'ArrowDown', 'ArrowDown', 'Space', 'ArrowDown', 'Space']) await page.keyboard.press(key);
      const warnings = (await page.getByTestId('filter-levels').locator('label', { hasText: 'Warning' }).innerText()).match(/\((\d+)\)/)![1];
      await screenshot(page, 'stv-filter-levels');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('filter-levels-button').evaluate((el) => el === document.activeElement)).toBe(true);
      await page.getByTestId('filter-boundaries').uncheck();
      expect(await page.getByTestId('filter-level').inputValue()).toBe('custom');
      await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
      await activityRows(page).first().click();
      await activityRows(page).first().press('Shift+End');
      await expect.poll(() => page.getByTestId('trace-table').getAttribute('data-total')).toBe(warnings);
      const levels = await traceRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')));
      expect(levels.length).toBeGreaterThan(0);
      expect(new Set(levels)).toEqual(new Set(['warning']));
      await page.getByTestId('filter-clear').click();

      // Two sources at once, then one host of the two, then one of its processes.
      await page.getByTestId('filter-sources-button').click();
      const sources = page.getByTestId('filter-sources').locator('input[type="checkbox"]');
      await sources.nth(0).check();
      await sources.nth(1).check();
      await page.keyboard.press('Escape');
      const sourceCount = await sources.count();
      expect(await page.getByTestId('filter-sources-button').innerText()).toMatch(sourceCount > 2 ? /^2 sources/ : /^All sources/);
      await page.getByTestId('filter-clear').click();
      await page.getByTestId('filter-hosts-button').click();
      const hosts = page.getByTestId('filter-hosts').locator('input[type="checkbox"]');
      expect(await hosts.evaluateAll((l) => l.map((i) => i.getAttribute('data-value')))).toEqual(['APP01', 'WEB01']);
      await hosts.nth(1).check();
      await page.keyboard.press('Escape');
      await expect.poll(async () => Number(await page.getByTestId('activity-table').getAttribute('data-total'))).toBeLessThan(allActivities);
      const web01 = Number(await page.getByTestId('activity-table').getAttribute('data-total'));
      expect(web01).toBeGreaterThan(0);
      await page.getByTestId('filter-processes-button').click();
      const processes = page.getByTestId('filter-processes').locator('input[type="checkbox"]');
      const names = await processes.evaluateAll((l) => l.map((i) => i.getAttribute('data-value')!));
      const onWeb = names.findIndex((n) => n.endsWith(' on WEB01'));
      expect(onWeb).toBeGreaterThanOrEqual(0);
      await processes.nth(onWeb).check();
      await screenshot(page, 'stv-filter-processes');
      await page.keyboard.press('Escape');
      expect(Number(await page.getByTestId('activity-table').getAttribute('data-total'))).toBeGreaterThan(0);
      await page.getByTestId('filter-clear').click();
      await page.close();
      await host.stop();
    });

    it('shows the samples with an error selected (README screenshot)', async () => {
      const host = await startHostProcess([sample, join(SAMPLES, 'app01_orderservice.svclog')]);
      const page = await openApp(browser, host, 'app01_orderservice.svclog');
      await page.getByTestId('filter-clear').click();
      await page.getByTestId('activity-header-severity').click();
      await expect.poll(() => activityRows(page).first().getAttribute('data-severity')).toBe('error');
      await activityRows(page).first().click();
      await traceRows(page).filter({ has: page.locator('.glyph.error') }).first().click();
      await page.getByTestId('exception').waitFor();
      await screenshot(page, 'stv-samples');
      await page.close();
      await host.stop();
    });
  });
});
