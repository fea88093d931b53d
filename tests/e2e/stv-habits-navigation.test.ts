/**
 * Service Trace Viewer's navigation keys, end to end in Chromium against the browser host, on a
 * generated three-machine run: → on a Transfer goes into the activity it leads to and ← comes
 * back; Alt+← after jumping elsewhere brings back the selection, the trace picked in it and how
 * far the list was scrolled (Alt+→ goes forward again); F5 reads again a file changed on disk
 * while following is paused, and the trace looked at stays selected.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeThreeMachines } from '../support/three-machine';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED STV navigation end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;
process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-nav-config-'));

describeBrowser('STV navigation: ←/→ on transfers, Alt+← with the scroll position, F5', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-nav-'));
  const run = writeThreeMachines(dir, 40);
  let browser: Browser;
  let host: HostProcess;
  let page: Page;

  const selectedActivities = () => page.locator('[data-testid="activity-row"].selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-pos')));
  const selectedTrace = () => page.locator('[data-testid="trace-row"].selected');
  /** The trace the detail pane shows, as file:index. */
  const shown = async () => {
    const d = page.getByTestId('detail');
    return (await d.count()) ? `${await d.getAttribute('data-file')}:${await d.getAttribute('data-index')}` : '';
  };
  /** Clicks a trace row and, as a user does, waits for the detail to show it (it follows the selection a moment later); returns what it shows. */
  const pick = async (row: ReturnType<Page['locator']>) => {
    const was = await shown();
    await row.click();
    await expect.poll(async () => !['', was].includes(await shown())).toBe(true);
    // Read for the row clicked, it is no longer dimmed as the previous trace's.
    await expect.poll(() => page.getByTestId('detail').getAttribute('aria-busy')).toBe('false');
    return shown();
  };
  const traceScroll = () => page.getByTestId('trace-rows').evaluate((el) => el.scrollTop);

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess(run.files);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').nth(run.files.length - 1).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes into the activity a Transfer leads to with →, and comes back to the Transfer with ←', async () => {
    // A "Receive bytes" activity: its last trace is the Transfer to the order it received.
    await page.locator('[data-testid="activity-row"][data-type="receiveBytes"]').first().click();
    await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
    const before = await selectedActivities();
    const transfer = page.locator('[data-testid="trace-row"][data-kind="Transfer"]').last();
    const pos = await transfer.getAttribute('data-pos');
    const atTransfer = await pick(transfer);
    await expect.poll(() => selectedTrace().getAttribute('data-pos')).toBe(pos);

    await page.keyboard.press('ArrowRight');
    await expect.poll(selectedActivities).not.toEqual(before);
    const into = await page.locator('[data-testid="activity-row"].selected .c-name').innerText();
    expect(into).toMatch(/^Process.*(SubmitOrder|Reserve)'\.$/);
    await expect.poll(shown).not.toBe(atTransfer);
    await screenshot(page, 'nav-transfer-followed');

    await page.keyboard.press('ArrowLeft');
    await expect.poll(selectedActivities).toEqual(before);
    await expect.poll(shown).toBe(atTransfer);
    await expect.poll(() => selectedTrace().getAttribute('data-pos')).toBe(pos);
    // → on a trace that is not a Transfer does nothing.
    // The detail follows a click a moment later: wait for it to show the plain trace before pressing →.
    const plain = page.locator('[data-testid="trace-row"]:not([data-kind="Transfer"])').first();
    const plainPos = await plain.getAttribute('data-pos');
    const still = await pick(plain);
    await expect.poll(() => selectedTrace().getAttribute('data-pos')).toBe(plainPos);
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    expect(await selectedActivities()).toEqual(before);
    expect(await selectedTrace().getAttribute('data-pos')).toBe(plainPos);
    expect(await shown()).toBe(still);
  });

  it('brings back the selection, the trace and the scroll position with Alt+←, and goes forward with Alt+→', async () => {
    await page.getByTestId('activity-rows').click();
    await page.keyboard.press('Control+a');
    const activities = await page.getByTestId('activity-table').getAttribute('data-total');
    await expect.poll(async () => (await page.getByTestId('trace-total').innerText()).endsWith(`of ${activities} activities`)).toBe(true);
    await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
    // Far down the merged list, a trace is picked.
    await page.getByTestId('trace-rows').evaluate((el) => (el.scrollTop = Math.floor(el.scrollHeight * 0.6)));
    await expect.poll(async () => Number(await page.locator('[data-testid="trace-row"]').first().getAttribute('data-pos'))).toBeGreaterThan(100);
    const row = page.locator('[data-testid="trace-row"]').nth(8);
    const pos = (await row.getAttribute('data-pos'))!;
    const picked = await pick(row);
    await expect.poll(() => selectedTrace().getAttribute('data-pos')).toBe(pos);
    const scrolled = await traceScroll();
    expect(scrolled).toBeGreaterThan(1000);

    // Somewhere else: one activity, its list at the top.
    await page.locator('[data-testid="activity-row"][data-type="processAction"]').nth(2).click();
    await expect.poll(async () => (await page.getByTestId('trace-total').innerText()).endsWith(`of ${activities} activities`)).toBe(false);
    await expect.poll(traceScroll).toBeLessThan(scrolled);

    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(async () => (await page.getByTestId('trace-total').innerText()).endsWith(`of ${activities} activities`)).toBe(true);
    await expect.poll(traceScroll).toBe(scrolled);
    await expect.poll(shown).toBe(picked);
    await expect.poll(() => selectedTrace().getAttribute('data-pos')).toBe(pos);
    // The picked row is on screen where it was, not merely somewhere in the list.
    const box = (await selectedTrace().boundingBox())!;
    const pane = (await page.getByTestId('trace-rows').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(pane.y);
    expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height);
    // Scrolled sideways (the click brought the row's middle into view), the header moves with the rows.
    const header = (await page.getByTestId('trace-header-time').boundingBox())!;
    const cell = (await selectedTrace().locator('.c-time').boundingBox())!;
    expect(Math.abs(header.x - cell.x)).toBeLessThan(2);
    await screenshot(page, 'nav-back-restored');

    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => (await page.getByTestId('trace-total').innerText()).endsWith(`of ${activities} activities`)).toBe(false);
    expect((await selectedActivities()).length).toBe(1);
  });

  it('reads again with F5 a file changed on disk while following is paused, keeping the trace looked at', async () => {
    // Nothing changed: F5 says so.
    await page.keyboard.press('F5');
    await expect.poll(() => page.getByTestId('notice').allInnerTexts().then((t) => t.join('\n'))).toMatch(/No file changed on disk since it was loaded/);

    await page.getByTestId('follow-toggle').click();
    await expect.poll(() => page.getByTestId('follow-state').textContent()).toContain('Paused');
    await page.locator('[data-testid="activity-row"][data-type="processAction"]').first().click();
    const row = page.locator('[data-testid="trace-row"]').nth(2);
    const picked = await pick(row);
    const description = await row.locator('.c-text').innerText();
    const web = page.locator('[data-testid="file-item"]', { hasText: 'WEB01' }).first();
    const records = async () => Number((await web.getByTestId('file-records').innerText()).replace(/\D/g, ''));
    const before = await records();

    // WEB01's log gets one more order, written later, as a running service would.
    const webPath = run.files.find((f) => /WEB01/i.test(f))!;
    const text = readFileSync(webPath, 'utf8');
    const events = text.match(/<E2ETraceEvent[\s\S]*?<\/E2ETraceEvent>/g)!;
    appendFileSync(webPath, events.slice(-3).join('').replace(/2026-11-20T(\d\d)/g, (_m, h: string) => `2026-11-20T${String(Number(h) + 1).padStart(2, '0')}`));
    await expect.poll(() => web.getByTestId('file-changed').count(), { timeout: 15_000 }).toBe(1);
    expect(await records()).toBe(before);

    await page.keyboard.press('F5');
    await expect.poll(records, { timeout: 20_000 }).toBe(before + 3);
    await expect.poll(() => web.getByTestId('file-changed').count()).toBe(0);
    await expect.poll(shown).toBe(picked);
    await expect.poll(() => selectedTrace().locator('.c-text').innerText()).toBe(description);
    await screenshot(page, 'nav-refreshed');
    await page.getByTestId('follow-toggle').click();
  });
});
