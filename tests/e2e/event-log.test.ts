/**
 * Windows event logs beside IIS logs and traces, end to end in Chromium against the browser host:
 * an engineer opens the sample IIS log of APP01 (with its 503.2 burst), the two services' traces
 * and APP01's System.evtx, sees WAS's worker-process crashes and the rapid-fail protection stop as
 * markers on the IIS timeline right before the 503s, filters All records by provider, and follows
 * a WCF ETW event's ActivityID to the WCF activity in the traces; from All records, File › Export ›
 * CSV writes the records the filter keeps with the event log's own fields, and the filter's query
 * finds records by words only their EventData holds; a dropped event log with one damaged record
 * still lists it, and says which record and why once its row is shown.
 */
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEvtx } from '../support/evtx-writer';
import { WCF_ACTIVITY, wasIncidentEvtx } from '../support/was-incident';
import { HAS_CHROMIUM, dropFiles, launchChromium, screenshot } from './support/browser';
import { REPO, startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED event log end-to-end test: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;
const SAMPLES = join(REPO, 'assets', 'samples');
const BURST_FROM_US = Date.parse('2026-11-20T01:51:10Z') * 1000;

describeBrowser('Windows event log with IIS logs and traces', () => {
  let browser: Browser;
  let host: HostProcess;
  let page: Page;
  const names = ['app01_u_ex261120.log', 'web01_orderportal.svclog', 'app01_orderservice.svclog', 'System.evtx'];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-evtx-'));
    writeFileSync(join(dir, 'System.evtx'), wasIncidentEvtx());
    process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-evtx-config-'));
    host = await startHostProcess([...names.slice(0, 3).map((n) => join(SAMPLES, n)), join(dir, 'System.evtx')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    for (const name of names) await page.locator(`[data-testid="file-item"][data-name="${name}"][data-state="loaded"]`).waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await browser?.close();
    host?.stop();
  });

  it('lists the event log as a Windows event log with its records', async () => {
    const item = page.locator('[data-testid="file-item"][data-name="System.evtx"]');
    expect(await item.getByTestId('file-format').innerText()).toBe('Windows event log (evtx)');
  });

  it('shows WAS crashes and the rapid-fail stop as markers beside the 503s on the IIS timeline', async () => {
    await page.getByTestId('view-iis').click();
    await page.locator('[data-testid="iis-timeline"][data-ready="true"]').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('legend-events').getAttribute('data-count'))).toBe(4);
    expect(Number(await page.getByTestId('legend-503').getAttribute('data-count'))).toBe(64);
    const markers = page.getByTestId('event-marker');
    expect(await markers.evaluateAll((l) => l.map((m) => m.getAttribute('data-kind')))).toEqual(['crash', 'crash', 'rapid-fail', 'recycle']);
    // The rapid-fail stop is drawn just left of the first 503 bar, within a few seconds of it.
    const rapid = markers.nth(2);
    expect(await rapid.locator('title').textContent()).toMatch(/^Application pool stopped by rapid-fail protection: Microsoft-Windows-WAS 5002 at 2026-11-20 01:51:09\.8\d*\nAppPoolID: OrderServicePool$/);
    const markerX = (await rapid.locator('path').boundingBox())!;
    // The 503.x bars are one path: its box starts at the first 503 bar.
    const first503 = (await page.locator('path.bar.s-503').boundingBox())!.x;
    expect(Number(await page.locator('path.bar.s-503').getAttribute('data-bars'))).toBeGreaterThan(0);
    const x = markerX.x + markerX.width / 2;
    expect(x).toBeLessThanOrEqual(first503 + 1);
    const pxPerUs = ((await page.locator('[data-testid="timeline-brush"] .overlay').boundingBox())!.width) / (Date.parse('2026-11-20T01:51:50Z') * 1000 - Date.parse('2026-11-20T01:50:00Z') * 1000);
    expect(first503 - x).toBeLessThan((BURST_FROM_US - Date.parse('2026-11-20T01:51:05Z') * 1000) * pxPerUs + 8);
    await screenshot(page, 'event-log-iis-timeline');
  });

  it('filters All records by provider and shows an event in full', async () => {
    await page.getByTestId('view-traces').click();
    await page.getByTestId('tab-records').click();
    const table = page.locator('[data-testid="record-table"][data-ready="true"]');
    await table.waitFor();
    const all = Number(await table.getAttribute('data-total'));
    expect(all).toBe(364 + 204 + 365 + 7);
    await page.getByTestId('filter-sources-button').click();
    const was = page.getByTestId('filter-sources').locator('input[type="checkbox"][data-value="Microsoft-Windows-WAS"]');
    await was.check();
    await page.keyboard.press('Escape');
    await expect.poll(async () => Number(await page.getByTestId('record-table').getAttribute('data-total'))).toBe(4);
    const rows = page.getByTestId('record-row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.locator('.c-source').allInnerTexts()).toEqual(Array(4).fill('Microsoft-Windows-WAS'));
    expect(await rows.locator('.c-kind').allInnerTexts()).toEqual(['Event 5011', 'Event 5009', 'Event 5002', 'Event 5079']);
    expect(await rows.locator('.c-host').allInnerTexts()).toEqual(Array(4).fill('APP01'));
    await rows.nth(2).click();
    const detail = page.locator('[data-testid="detail"][data-index="3"]');
    await detail.waitFor();
    expect(await detail.innerText()).toContain('OrderServicePool');
    await page.getByTestId('detail-tab-xml').click();
    expect(await page.getByTestId('detail-body-xml').innerText()).toContain('<Provider Name="Microsoft-Windows-WAS" Guid="{524B5D04-133C-4A62-8362-64E8EDB9CE40}" />');
    await screenshot(page, 'event-log-all-records');
    // Clearing the filter brings every record of every file back.
    await page.getByTestId('filter-clear').click();
    await expect.poll(async () => Number(await page.getByTestId('record-table').getAttribute('data-total'))).toBe(all);
  });

  it('exports the filtered All records as CSV with the event log fields', async () => {
    await page.getByTestId('filter-sources-button').click();
    await page.getByTestId('filter-sources').locator('input[type="checkbox"][data-value="Microsoft-Windows-WAS"]').check();
    await page.keyboard.press('Escape');
    await expect.poll(async () => Number(await page.getByTestId('record-table').getAttribute('data-total'))).toBe(4);
    await page.getByTestId('file-menu-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'tl-evtx-csv-')), 'records.csv');
    await download.saveAs(file);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.provider, r.eventId, r.level, r.computer])).toEqual([
      ['Microsoft-Windows-WAS', '5011', 'Warning', 'APP01'],
      ['Microsoft-Windows-WAS', '5009', 'Warning', 'APP01'],
      ['Microsoft-Windows-WAS', '5002', 'Error', 'APP01'],
      ['Microsoft-Windows-WAS', '5079', 'Information', 'APP01'],
    ]);
    expect(rows[2].data).toContain('AppPoolID: OrderServicePool');
    expect(rows[2].time).toMatch(/^2026-11-20T01:51:09\.8\d{6}Z$/);
    expect(rows.every((r) => r.file.endsWith('System.evtx') && Number(r.recordId) > 0)).toBe(true);
    await page.getByTestId('filter-clear').click();
    await expect.poll(async () => Number(await page.getByTestId('record-table').getAttribute('data-total'))).toBe(364 + 204 + 365 + 7);
  });

  it('finds event-log records by words only their EventData holds, and shows those fields in the row', async () => {
    const box = page.getByTestId('filter-text');
    const total = async () => Number(await page.getByTestId('record-table').getAttribute('data-total'));
    const rows = page.getByTestId('record-row');
    // The exit code of the crashed worker process is only in WAS 5009's EventData.
    await box.fill('e0434352');
    await expect.poll(total).toBe(1);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('.c-source').innerText()).toBe('Microsoft-Windows-WAS');
    expect(await rows.first().locator('.c-kind').innerText()).toBe('Event 5009');
    expect(await rows.first().locator('.c-text').innerText()).toBe('AppPoolID: OrderServicePool; ProcessID: 4820; ExitCode: e0434352');
    // A phrase of a service name, and a field query on the description, find the Service Control Manager's record.
    await box.fill('"Intelligent Transfer"');
    await expect.poll(total).toBe(1);
    await expect.poll(() => rows.first().locator('.c-text').innerText()).toBe('param1: Background Intelligent Transfer Service; param2: stopped');
    await box.fill('description:OrderServicePool');
    await expect.poll(total).toBe(4);
    await expect.poll(async () => (await rows.locator('.c-kind').allInnerTexts()).join(' ')).toBe('Event 5011 Event 5009 Event 5002 Event 5079');
    await screenshot(page, 'event-log-data-search');
    await page.getByTestId('filter-clear').click();
    await expect.poll(total).toBe(364 + 204 + 365 + 7);
  });

  it("follows a WCF ETW event's ActivityID to the WCF activity in the traces", async () => {
    await page.getByTestId('filter-sources-button').click();
    await page.getByTestId('filter-sources').locator('input[type="checkbox"][data-value="Microsoft-Windows-Application Server-Applications"]').check();
    await page.keyboard.press('Escape');
    await expect.poll(async () => Number(await page.getByTestId('record-table').getAttribute('data-total'))).toBe(1);
    await page.getByTestId('record-row').first().click();
    await page.locator('[data-testid="detail"][data-index="5"]').waitFor();
    await page.getByTestId('detail-tab-formatted').click();
    const open = page.getByTestId('open-wcf-activity');
    await open.waitFor();
    expect(await open.innerText()).toBe("Open WCF activity “Process action 'http://tracelens.sample/orders/IOrderService/ListOrders'.”");
    await screenshot(page, 'event-log-activity-link');
    await open.click();
    const id = WCF_ACTIVITY.slice(1, -1).toLowerCase();
    await expect.poll(async () => (await page.locator('[data-testid="activity-row"][aria-selected="true"]').getAttribute('title').catch(() => null)) ?? (await page.locator('[data-testid="activity-row"][aria-selected="true"] .c-name').getAttribute('title').catch(() => ''))).toContain(id);
    // The WCF trace it lands on already belongs to that activity: its own Activity ID offers no jump back to itself.
    await page.getByTestId('detail-tab-formatted').click();
    await expect.poll(async () => (await page.getByTestId('formatted-basic').innerText()).toLowerCase()).toMatch(new RegExp(`activity id\\s+${id}[\\s\\S]*activity name`));
    expect(await page.getByTestId('open-wcf-activity').count()).toBe(0);
  });

  it('lists a record whose EventData is damaged, and says which one and why once it is shown', async () => {
    const at = (s: number) => Date.parse('2026-11-20T01:52:00Z') * 1000 + s * 1_000_000;
    const crash = (s: number, dataAsValue: 'whole' | 'damaged', app: string) => ({ provider: 'Application Error', eventId: 1000, level: 2, timeUs: at(s), computer: 'APP01', pid: 4820, tid: 11, channel: 'Application', data: [['AppName', app], ['ExceptionCode', 'e0434352']] as [string, string][], dataAsValue });
    await dropFiles(page, [{ name: 'Application.evtx', content: Buffer.from(writeEvtx([crash(0, 'whole', 'w3wp.exe'), crash(1, 'damaged', 'OrderService.exe'), crash(2, 'whole', 'svchost.exe')], { firstRecordId: 900 })) }]);
    const item = page.locator('[data-testid="file-item"][data-name="Application.evtx"][data-state="loaded"]');
    await item.waitFor({ timeout: 60_000 });
    // The load reads System fields only: three records, nothing wrong yet.
    expect(await item.getByTestId('file-records').innerText()).toBe('3');
    expect(await item.innerText()).not.toContain('warning');
    await page.getByTestId('view-traces').click();
    await page.getByTestId('tab-records').click();
    await page.locator('[data-testid="record-table"][data-ready="true"]').waitFor();
    await page.getByTestId('filter-sources-button').click();
    await page.getByTestId('filter-sources').locator('input[type="checkbox"][data-value="Application Error"]').check();
    await page.keyboard.press('Escape');
    await expect.poll(async () => Number(await page.getByTestId('record-table').getAttribute('data-total'))).toBe(3);
    const rows = page.getByTestId('record-row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => rows.locator('.c-text').allInnerTexts()).toEqual(['AppName: w3wp.exe; ExceptionCode: e0434352', '', 'AppName: svchost.exe; ExceptionCode: e0434352']);
    // Showing the rows built their lines: the files pane now says which record could not be read, and why.
    await expect.poll(() => item.innerText()).toContain('1 warning');
    const problem = page.getByTestId('problems').getByTestId('problem-warning').filter({ hasText: 'Record 901' });
    await expect.poll(() => problem.innerText()).toMatch(/Record 901 at byte [\d,]+: its EventData could not be read \(.+\); it is listed with its System fields and no summary\./);
    // Its detail shows what was read, and why the rest is missing.
    await rows.nth(1).click();
    const detail = page.getByTestId('detail');
    await expect.poll(() => detail.innerText()).toContain('could not be read');
    const text = await detail.innerText();
    expect(text).toContain('Application Error 1000 (its EventData could not be read)');
    expect(text).toContain('APP01');
    expect(text).toContain('901');
    await screenshot(page, 'event-log-damaged-record');
    // A text search over every record finds the others and reports the damaged one once.
    await page.getByTestId('filter-text').fill('e0434352');
    await expect.poll(async () => Number(await page.getByTestId('record-table').getAttribute('data-total'))).toBe(2);
    expect(await item.innerText()).toContain('1 warning');
    await page.getByTestId('filter-clear').click();
  });
});
