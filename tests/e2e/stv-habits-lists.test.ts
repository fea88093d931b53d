/**
 * Service Trace Viewer habits in the lists, end to end in Chromium against the browser host, on a
 * generated multi-machine run (the three-machine orders plus a checkout service with two
 * operations): tell PlaceOrder from CancelOrder in the activity list without resizing, group the
 * trace list by process/thread, sort and group Messages, Ctrl+A / Ctrl+C into a text area,
 * Ctrl+F10 to the next transfer, a row's context menu, and three bookmarks stepped through with F2
 * after the host restarts with the saved workspace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityBoundary, guidSource, sortEvents, traceEvent, traceRecord, ZERO_ACTIVITY } from '../../scripts/svclog-writer.mjs';
import { writeThreeMachines } from '../support/three-machine';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED list habits end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;
process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-lists-config-'));

const SERVICE = 'http://contoso.com/services/2026/11/checkout/ICheckoutService';

/** WEB02's checkout service: PlaceOrder and CancelOrder calls, whose activity names differ only at the end. */
function writeCheckout(dir: string): string {
  const { guid } = guidSource(7);
  const proc = { name: 'CheckoutService', pid: 7100, tid: 40 };
  const events: string[] = [];
  let t = Date.UTC(2026, 10, 20, 9, 0, 1) * 10_000;
  for (let k = 0; k < 6; k++) {
    const a = guid();
    const op = k % 2 ? 'CancelOrder' : 'PlaceOrder';
    const emit = (sub: string, level: number, act: string, body = '', related?: string) => events.push(traceEvent({ t: (t += 1_500_000), sub, level, act, related, host: 'WEB02', proc, body }));
    emit('Transfer', 255, ZERO_ACTIVITY, '', a);
    emit('Start', 255, a, activityBoundary(`Process action '${SERVICE}/${op}'.`, 'ProcessAction'));
    emit('Information', 8, a, traceRecord('Information', 'TraceCode', `${op} for basket ${k}.`));
    // A 300 ms call: its duration (≥ 100 ms) must not be cut either.
    emit('Stop', 255, a);
  }
  const path = join(dir, 'WEB02_CheckoutService.svclog');
  writeFileSync(path, sortEvents(events).join(''));
  return path;
}

const cellTexts = (page: Page, list: string, col: string) => page.locator(`[data-testid="${list}-row"] .c-${col}`).allInnerTexts();
/** Waits until the trace list holds the traces of every activity (after Ctrl+A in the activity list). */
async function everyActivity(page: Page): Promise<void> {
  const activities = await page.getByTestId('activity-table').getAttribute('data-total');
  await expect.poll(async () => (await page.getByTestId('trace-total').innerText()).endsWith(`of ${activities} activities`)).toBe(true);
  await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
}
const selectedRow = (page: Page) => page.locator('[data-testid="trace-row"].selected');

describeBrowser('list habits from Service Trace Viewer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-lists-'));
  const run = writeThreeMachines(dir, 40);
  const files = [...run.files, writeCheckout(dir)];
  let browser: Browser;
  let context: BrowserContext;
  let host: HostProcess;
  let page: Page;

  const open = async (h: HostProcess) => {
    const p = await context.newPage();
    p.on('pageerror', (e) => console.error('page error:', e));
    await p.goto(h.url);
    await p.locator('[data-testid="file-item"][data-state="loaded"]').nth(files.length - 1).waitFor({ timeout: 30_000 });
    await p.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
    return p;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess(files);
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
    page = await open(host);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells two operations of one service apart in the activity list without resizing', async () => {
    await page.getByTestId('activity-header-name').click(); // by name: the checkout calls sort together
    await expect.poll(async () => (await cellTexts(page, 'activity', 'name')).some((n) => n.includes('PlaceOrder'))).toBe(true);
    await screenshot(page, 'lists-activities-fitted');
    const names = await cellTexts(page, 'activity', 'name');
    // What the cell shows (shortened in the middle), not its tooltip: the operation stays visible.
    expect(names.filter((n) => n.endsWith("/PlaceOrder'.")).length).toBe(3);
    expect(names.filter((n) => n.endsWith("/CancelOrder'.")).length).toBe(3);
    expect(names.find((n) => n.includes('CancelOrder'))).toMatch(/^Process.*….*\/CancelOrder'\.$/);
    // Durations of 100 ms and more are whole, and End and Hosts are inside the pane.
    const durations = page.locator('[data-testid="activity-row"] .c-duration');
    expect(await durations.first().evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await cellTexts(page, 'activity', 'duration')).toContain('300.000 ms');
    const pane = (await page.getByTestId('activity-rows').boundingBox())!;
    for (const col of ['end', 'hosts']) {
      const box = (await page.getByTestId(`activity-header-${col}`).boundingBox())!;
      expect(box.x + Math.min(box.width, 40)).toBeLessThanOrEqual(pane.x + pane.width);
    }
    await screenshot(page, 'lists-activities-fitted');
  });

  it('shows, hides and moves columns from the header menu, and remembers them', async () => {
    await page.getByTestId('activity-header-traces').click({ button: 'right' });
    await page.getByTestId('activity-columns-menu').getByRole('menuitemcheckbox', { name: 'Activity ID' }).click();
    await expect.poll(() => page.getByTestId('activity-header-id').count()).toBe(1);
    await page.getByTestId('activity-header-traces').click({ button: 'right' });
    await page.getByTestId('activity-columns-menu').getByRole('menuitemcheckbox', { name: 'Activity ID' }).click();
    await expect.poll(() => page.getByTestId('activity-header-id').count()).toBe(0);
    await page.getByTestId('activity-header-hosts').click({ button: 'right' });
    await page.getByTestId('activity-columns-menu').getByRole('menuitem', { name: 'Move "Hosts" left' }).click();
    const order = await page.locator('[data-testid="activity-table"] [role="columnheader"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order.slice(-2)).toEqual(['activity-header-hosts', 'activity-header-end']);
  });

  it('groups the trace list by process and thread, and collapses a group', async () => {
    const order = page.locator('[data-testid="activity-row"]').filter({ hasText: 'SubmitOrder' }).first();
    await order.click();
    await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
    await page.getByTestId('trace-group-by').selectOption('process');
    await expect.poll(() => page.getByTestId('trace-group').count()).toBeGreaterThanOrEqual(3);
    const groups = await page.getByTestId('trace-group').allInnerTexts();
    expect(groups.some((g) => /OrderPortal \(4100\) on WEB01, thread \d+/.test(g))).toBe(true);
    expect(groups.some((g) => /StockService \(6300\) on DB01, thread \d+/.test(g))).toBe(true);
    const web = page.getByTestId('trace-group').filter({ hasText: 'WEB01' });
    const count = Number(await web.getAttribute('data-count'));
    const before = Number(await page.getByTestId('trace-table').getAttribute('data-total'));
    await web.click();
    await expect.poll(async () => Number(await page.getByTestId('trace-table').getAttribute('data-total'))).toBe(before - count);
    await screenshot(page, 'lists-trace-grouped');
    await page.getByTestId('trace-group-by').selectOption('none');
  });

  it('selects every trace with Ctrl+A and pastes them with Ctrl+C into a text area', async () => {
    await page.getByTestId('activity-rows').click();
    await page.keyboard.press('Control+a');
    await everyActivity(page);
    const total = Number(await page.getByTestId('trace-table').getAttribute('data-total'));
    expect(total).toBeGreaterThan(1000);
    await page.locator('[data-testid="trace-row"]').first().click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    await page.evaluate(() => {
      const area = document.createElement('textarea');
      area.id = 'paste-here';
      document.body.append(area);
    });
    await expect
      .poll(async () => {
        await page.locator('#paste-here').fill('');
        await page.locator('#paste-here').focus();
        await page.keyboard.press('Control+v');
        return (await page.locator('#paste-here').inputValue()).trim().split('\n').length;
      })
      .toBe(total + 1);
    const lines = (await page.locator('#paste-here').inputValue()).trim().split('\n');
    expect(lines[0].split('\t')).toEqual(['Time', 'Delta time', 'Level', 'Process', 'Thread', 'Source', 'Activity name', 'Description']);
    expect(lines[1].split('\t')).toHaveLength(8);
    expect(lines.some((l) => l.includes('Deadlock on stock row'))).toBe(true);
    await page.locator('#paste-here').evaluate((el) => el.remove());
  });

  it('colours the rows a highlight rule matches', async () => {
    await page.getByTestId('highlights-button').click();
    await page.getByTestId('highlight-query').fill('level:warning');
    await page.getByTestId('highlight-add').click();
    await page.getByTestId('highlight-query').fill('"Deadlock on stock"');
    await page.getByTestId('highlight-colour').last().selectOption('red');
    await page.getByTestId('highlight-add').click();
    await page.getByTestId('highlights-button').click();
    // Only warnings are yellow, only the deadlocks red (rows come into the list as it scrolls).
    const scrollTo = async (row: ReturnType<Page['locator']>) => {
      await page.getByTestId('trace-rows').evaluate((el) => (el.scrollTop = 0));
      for (let i = 0; i < 80 && !(await row.count()); i++) {
        await page.getByTestId('trace-rows').evaluate((el) => (el.scrollTop += el.clientHeight));
        await page.waitForTimeout(50);
      }
    };
    const warning = page.locator('[data-testid="trace-row"][data-level="warning"]').first();
    await scrollTo(warning);
    await expect.poll(() => warning.getAttribute('class')).toMatch(/hl-yellow/);
    expect(await page.locator('[data-testid="trace-row"].hl-yellow').evaluateAll((els) => els.every((e) => e.getAttribute('data-level') === 'warning'))).toBe(true);
    const deadlock = page.locator('[data-testid="trace-row"]', { hasText: 'Deadlock on stock row' }).first();
    await scrollTo(deadlock);
    await expect.poll(() => deadlock.getAttribute('class')).toMatch(/hl-red/);
    await screenshot(page, 'lists-highlights');
  });

  it('goes to the next transfer with Ctrl+F10, not the next trace', async () => {
    await page.getByTestId('trace-rows').evaluate((el) => (el.scrollTop = 0));
    // The rows of the top are drawn (not those of where the list was scrolled before).
    await expect.poll(() => page.locator('[data-testid="trace-row"]').first().getAttribute('data-pos')).toBe('0');
    // (A locator resolves again on each use: the row is named by its position once found.)
    const from = Number(await page.locator('[data-testid="trace-row"]:not([data-kind="Transfer"])').first().getAttribute('data-pos'));
    await page.locator(`[data-testid="trace-row"][data-pos="${from}"]`).click();
    const pos = async () => Number(await selectedRow(page).getAttribute('data-pos'));
    await page.keyboard.press('Control+F10');
    await expect.poll(pos).toBeGreaterThan(from);
    const first = await pos();
    expect(await selectedRow(page).getAttribute('data-kind')).toBe('Transfer');
    // Nothing between was a transfer: this is the next one, not the next trace.
    const between = await page.locator('[data-testid="trace-row"]').evaluateAll((els, [a, b]) => els.filter((e) => Number(e.getAttribute('data-pos')) > a && Number(e.getAttribute('data-pos')) < b).map((e) => e.getAttribute('data-kind')), [from, first]);
    expect(between).not.toContain('Transfer');
    await page.keyboard.press('Control+F10');
    await expect.poll(pos).toBeGreaterThan(first);
    expect(await selectedRow(page).getAttribute('data-kind')).toBe('Transfer');
    await page.keyboard.press('Control+F9');
    await expect.poll(pos).toBe(first);
    // A double-click follows; it does not select the row's text.
    await selectedRow(page).dblclick();
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
  });

  it('offers copy, filter by value, hide process, find and graph on a row', async () => {
    await page.getByTestId('activity-rows').click();
    await page.keyboard.press('Control+a');
    await everyActivity(page);
    await page.locator('[data-testid="trace-row"] .c-process', { hasText: 'StockService' }).first().click({ button: 'right' });
    const menu = page.getByTestId('trace-menu');
    const items = await menu.getByRole('menuitem').allInnerTexts();
    expect(items.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(expect.arrayContaining([expect.stringMatching(/^Copy row/), expect.stringMatching(/^Filter by "StockService/), expect.stringMatching(/^Find "StockService/), expect.stringMatching(/^Hide process StockService/), expect.stringMatching(/^Open in graph/)]));
    await screenshot(page, 'lists-row-menu');
    await menu.getByRole('menuitem', { name: /^Hide process/ }).click();
    await expect.poll(async () => (await cellTexts(page, 'trace', 'process')).some((p) => p.startsWith('StockService'))).toBe(false);
    expect((await cellTexts(page, 'trace', 'process')).length).toBeGreaterThan(0);
    await page.getByTestId('filter-clear').click();
  });

  it('sorts Messages by any column, groups them, and colours them by their activity', async () => {
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.getByTestId('tab-messages').getAttribute('aria-selected')).toBe('true');
    await page.locator('[data-testid="message-table"][data-ready="true"]').waitFor();
    await page.getByTestId('message-header-action').click();
    await expect.poll(() => page.getByTestId('message-header-action').getAttribute('aria-sort')).toBe('ascending');
    const actions = async () => (await page.locator('[data-testid="message-row"]').evaluateAll((els) => els.map((e) => e.querySelector('.c-action')?.getAttribute('title') ?? '')));
    const sorted = async () => {
      const now = await actions();
      return now.length > 10 && now.every((a, i) => i === 0 || now[i - 1].localeCompare(a) <= 0);
    };
    await expect.poll(sorted).toBe(true);
    expect((await actions())[0]).toBe('http://tracelens.sample/orders/IOrderService/SubmitOrder');
    // The Action is shortened in the middle: the operation is on screen.
    expect((await cellTexts(page, 'message', 'action'))[0]).toMatch(/SubmitOrder$/);
    await page.getByTestId('message-header-action').click();
    await expect.poll(async () => (await actions())[0]).toBe('http://tracelens.sample/stock/IStockService/ReserveResponse');
    // Red rows: messages whose activity failed.
    await page.getByTestId('message-header-severity').click();
    await expect.poll(() => page.locator('[data-testid="message-row"]').first().getAttribute('data-severity')).toBe('error');
    await expect.poll(() => page.locator('[data-testid="message-row"].sev-error').count()).toBeGreaterThan(0);
    const messages = Number(await page.getByTestId('message-table').getAttribute('data-total'));
    await page.getByTestId('message-group-by').selectOption('process');
    await expect.poll(async () => Number(await page.getByTestId('message-table').getAttribute('data-total'))).toBe(messages + 3);
    // Collapse each group as it comes into view: three headers with their counts remain.
    for (let i = 1; i <= 3; i++) {
      await page.locator('[data-testid="message-group"][data-collapsed="false"]').first().click();
      await expect.poll(() => page.locator('[data-testid="message-group"][data-collapsed="true"]').count()).toBe(i);
    }
    await expect.poll(() => page.getByTestId('message-group').count()).toBe(3);
    const groups = await page.getByTestId('message-group').allInnerTexts();
    expect(groups.join('\n')).toMatch(/OrderService \(5200\) on APP01 \(\d+\)/);
    expect((await page.getByTestId('message-group').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))).reduce((a, b) => a + b, 0)).toBe(messages);
    await screenshot(page, 'lists-messages-grouped');
    // A double-click opens the message's activity in the graph.
    await page.getByTestId('message-group-by').selectOption('none');
    await page.locator('[data-testid="message-row"]').first().dblclick();
    await expect.poll(() => page.getByTestId('tab-graph').getAttribute('aria-selected')).toBe('true');
    // A graph mark has the rows' context menu too.
    const body = page.getByTestId('graph-body');
    await expect.poll(async () => (await body.getAttribute('data-sample-mark')) ?? '', { timeout: 10_000 }).not.toBe('');
    const [x, y, , index] = (await body.getAttribute('data-sample-mark'))!.split(',');
    const box = (await body.boundingBox())!;
    await page.mouse.click(box.x + Number(x), box.y + Number(y), { button: 'right' });
    const graphMenu = page.getByTestId('graph-menu');
    await expect.poll(() => graphMenu.getByRole('menuitem').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Find "/), expect.stringMatching(/^Bookmark/)]));
    await expect.poll(() => page.getByTestId('detail').getAttribute('data-index')).toBe(index);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByTestId('tab-activities').getAttribute('aria-selected')).toBe('true');
  });

  it('bookmarks three traces and steps through them with F2 after a restart', async () => {
    const order = page.locator('[data-testid="activity-row"]').filter({ hasText: 'SubmitOrder' }).first();
    await order.click();
    await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
    const marked: string[] = [];
    for (const pos of [1, 4, 7]) {
      const row = page.locator(`[data-testid="trace-row"][data-pos="${pos}"]`);
      await row.click();
      await page.keyboard.press('Control+F2');
      await expect.poll(() => row.getAttribute('data-bookmarked')).toBe('true');
      marked.push(`${await row.getAttribute('data-file')}:${await row.getAttribute('data-index')}`);
    }
    await screenshot(page, 'lists-bookmarks');
    await page.getByTestId('file-menu-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-workspace').click()]);
    const saved = join(dir, 'bookmarks.tracelens');
    await download.saveAs(saved);
    expect(JSON.parse(readFileSync(saved, 'utf8')).bookmarks).toHaveLength(3);
    await page.close();
    await host.stop();

    // A new host opens the workspace (a restart): F2 goes to each bookmark in time order.
    host = await startHostProcess([saved]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
    page = await open(host);
    await expect.poll(() => page.getByTestId('bookmark-count').innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/3 bookmarks/);
    const at = async () => {
      const d = page.getByTestId('detail');
      return `${await d.getAttribute('data-file')}:${await d.getAttribute('data-index')}`;
    };
    const names = (ids: string[]) => ids.map((id) => id.split(':')[1]);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const before = seen.length ? seen[seen.length - 1] : '';
      await page.keyboard.press('F2');
      await expect.poll(async () => (await page.getByTestId('detail').count()) > 0 && (await at()) !== before, { timeout: 10_000 }).toBe(true);
      seen.push(await at());
    }
    expect(names(seen)).toEqual(names(marked));
    await page.keyboard.press('F2');
    await expect.poll(at).toBe(seen[0]);
    await page.keyboard.press('Shift+F2');
    await expect.poll(at).toBe(seen[2]);
    await expect.poll(() => page.locator('[data-testid="trace-row"][data-bookmarked="true"]').count()).toBeGreaterThan(0);
  });
});
