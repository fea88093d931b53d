/**
 * Live follow, as an engineer uses it during an incident: an IIS log and a WCF trace are open while
 * the service still writes them. New 503s appear in the IIS timeline and the request table, a new
 * activity appears in the activity list (and gets its Stop from a later write), a list scrolled to
 * its end follows the new rows while one scrolled elsewhere stays put, a selected row stays on its
 * record and its place on screen while both files grow with records dated before it (All records,
 * Activities, the trace list, Messages, the IIS request table), a request with wide values written
 * later is shown exactly and Top URIs equal a fresh load's, a request picked in the IIS table keeps
 * its selection, its detail and its place while Top URIs and the timeline count new 503s, Pause holds the views still
 * (the file is marked as changed) and Resume catches up, a log truncated by the writer is read
 * again with a note, and a folder followed with File › Follow folder… picks up the next hourly log.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iisHeader, iisRow, messageEvents, orderEvents } from '../support/growing-logs';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED live follow end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

const T0 = Date.UTC(2024, 2, 1, 10, 0, 0);
const GUID = (n: number) => `0000${String(n).padStart(4, '0')}-1111-4222-a333-444455556666`;
/** Generous: the product promises a second; a loaded shared machine may be slower, never this slow. */
const SOON = { timeout: 20_000, intervals: [100, 250, 500] };

describeBrowser('live follow of growing logs', () => {
  let browser: Browser;
  let host: HostProcess;
  let page: Page;
  let dir: string;
  let iisPath: string;
  let tracePath: string;
  let rowsWritten = 0;

  const writeRows = (n: number, status = 200, sub = 0) => {
    let text = '';
    for (let k = 0; k < n; k++) text += iisRow({ at: new Date(T0 + rowsWritten++ * 1000), status, substatus: sub, uri: status === 503 ? '/OrderService.svc' : '/health' });
    appendFileSync(iisPath, text);
  };
  const legend503 = async () => Number(await page.getByTestId('legend-503').getAttribute('data-count'));
  const total = async (testId: string) => Number(await page.getByTestId(testId).getAttribute('data-total'));
  const fileRecords = async (name: string) => Number((await page.locator(`[data-testid="file-item"][data-name="${name}"] [data-testid="file-records"]`).textContent())!.replace(/\D/g, ''));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-live-'));
    process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-live-config-'));
    iisPath = join(dir, 'u_ex24030110.log');
    tracePath = join(dir, 'orders.svclog');
    writeFileSync(iisPath, iisHeader(new Date(T0)));
    writeRows(120);
    writeRows(3, 503, 2);
    writeFileSync(tracePath, Array.from({ length: 5 }, (_, k) => orderEvents({ name: `Order ${k + 1}`, act: GUID(k + 1), t0Ms: T0 + k * 1000, traces: 3, stop: true })).join(''));
    browser = await launchChromium();
    host = await startHostProcess([iisPath, tracePath]);
    page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    for (const name of ['u_ex24030110.log', 'orders.svclog']) await page.locator(`[data-testid="file-item"][data-name="${name}"][data-state="loaded"]`).waitFor({ timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('says the files are followed', async () => {
    await expect.poll(() => page.getByTestId('file-following').count(), SOON).toBe(2);
    expect(await page.getByTestId('follow-state').textContent()).toContain('Following');
  });

  it('new 503s appear in the IIS timeline and the request table; a half-written row waits for its end', async () => {
    await page.getByTestId('view-iis').click();
    await page.locator('[data-testid="iis-timeline"][data-ready="true"]').waitFor();
    expect(await legend503()).toBe(3);
    const requests = await total('iis-request-table');
    writeRows(40);
    writeRows(25, 503, 2);
    // The writer is in the middle of a row: it is not a request yet.
    const half = iisRow({ at: new Date(T0 + rowsWritten++ * 1000), status: 503, substatus: 2 });
    appendFileSync(iisPath, half.slice(0, 30));
    await expect.poll(legend503, SOON).toBe(28);
    await expect.poll(() => total('iis-request-table'), SOON).toBe(requests + 65);
    appendFileSync(iisPath, half.slice(30));
    await expect.poll(legend503, SOON).toBe(29);
    expect(await fileRecords('u_ex24030110.log')).toBe(requests + 66);
    await screenshot(page, 'live-follow-iis');
  });

  it('a new activity appears in the list, and its Stop written later completes it', async () => {
    await page.getByTestId('view-traces').click();
    await page.getByTestId('tab-activities').click();
    await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
    const before = await total('activity-table');
    appendFileSync(tracePath, orderEvents({ name: 'Order 99', act: GUID(99), t0Ms: T0 + 60_000, traces: 2, stop: false }));
    const row = page.locator('[data-testid="activity-row"]', { hasText: 'Order 99' });
    await row.waitFor(SOON);
    expect(await total('activity-table')).toBe(before + 1);
    await row.click();
    await expect.poll(() => page.locator('[data-testid="trace-row"]').count(), SOON).toBe(3);
    // The Stop arrives in a later write, cut in the middle of an event.
    const rest = orderEvents({ name: 'Order 99', act: GUID(99), t0Ms: T0 + 60_000, traces: 2, stop: true, start: false });
    const stop = rest.slice(rest.lastIndexOf('<E2ETraceEvent'));
    appendFileSync(tracePath, stop.slice(0, 200));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.locator('[data-testid="trace-row"]').count()).toBe(3);
    appendFileSync(tracePath, stop.slice(200));
    await expect.poll(() => page.locator('[data-testid="trace-row"]').count(), SOON).toBe(4);
    // The selection stayed on the activity the user picked.
    expect(await page.locator('[data-testid="activity-row"][aria-selected="true"]').textContent()).toContain('Order 99');
    expect(await page.locator('[data-testid="trace-row"]').last().getAttribute('data-kind')).toBe('Stop');
  });

  it('tail mode: All records scrolled to its end follows new rows; scrolled elsewhere it stays', async () => {
    await page.getByTestId('tab-records').click();
    await page.locator('[data-testid="record-table"][data-ready="true"]').waitFor();
    const rows = page.getByTestId('record-rows');
    await rows.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const n = await total('record-table');
    writeRows(30, 503, 2);
    await expect.poll(() => total('record-table'), SOON).toBe(n + 30);
    // The newest row is on screen: the list followed.
    await expect.poll(() => page.locator(`[data-testid="record-row"][data-pos="${n + 29}"]`).isVisible(), SOON).toBe(true);
    await rows.evaluate((el) => (el.scrollTop = 0));
    const top = await rows.evaluate((el) => el.scrollTop);
    writeRows(10);
    await expect.poll(() => total('record-table'), SOON).toBe(n + 40);
    expect(await rows.evaluate((el) => el.scrollTop)).toBe(top);
    expect(await page.locator('[data-testid="record-row"][data-pos="0"]').isVisible()).toBe(true);
  });

  it('two files growing under a selected row: it stays selected, on the same record and the same place on screen', async () => {
    const rows = page.getByTestId('record-rows');
    await rows.evaluate((el) => (el.scrollTop = 50 * 24));
    const target = page.locator('[data-testid="record-row"][data-pos="60"]');
    await target.click();
    const picked = { file: await target.getAttribute('data-file'), index: await target.getAttribute('data-index') };
    const y = (await target.boundingBox())!.y;
    const n = await total('record-table');
    // Both writers flush records dated before the selected one (a buffered writer, a clock behind):
    // in time order they land above it, in both files at once and in several writes.
    const early = (k: number) => iisRow({ at: new Date(T0 - 600_000 + k * 1000), status: 503, substatus: 2 });
    for (let round = 0; round < 3; round++) {
      appendFileSync(iisPath, Array.from({ length: 10 }, (_, k) => early(round * 10 + k)).join(''));
      appendFileSync(tracePath, orderEvents({ name: `Late order ${round}`, act: GUID(200 + round), t0Ms: T0 - 500_000 + round * 1000, traces: 3, stop: true }));
      await new Promise((r) => setTimeout(r, 300));
    }
    await expect.poll(() => total('record-table'), SOON).toBe(n + 45);
    const selected = page.locator('[data-testid="record-row"].selected');
    await expect.poll(() => selected.getAttribute('data-pos'), SOON).toBe(String(60 + 45));
    expect({ file: await selected.getAttribute('data-file'), index: await selected.getAttribute('data-index') }).toEqual(picked);
    expect(await selected.isVisible()).toBe(true);
    expect(Math.abs((await selected.boundingBox())!.y - y)).toBeLessThanOrEqual(1);
    await screenshot(page, 'live-follow-anchored');
    // The keyboard goes on from the selected record, not from where it was before the rows came.
    await rows.press('ArrowDown');
    await expect.poll(() => page.locator('[data-testid="record-row"].selected').getAttribute('data-pos'), SOON).toBe(String(60 + 46));
  });

  it('Activities, the trace list and the IIS request table keep the selected row on its record and its place while both files grow above it', async () => {
    // Enough to scroll: 60 more activities (one with 80 traces) and 300 more requests, later in time.
    const bulk = (k: number) => ({ name: `Bulk order ${k}`, act: GUID(300 + k), t0Ms: T0 + 120_000 + k * 1000 });
    await page.getByTestId('tab-activities').click();
    await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
    const before = await total('activity-table');
    appendFileSync(tracePath, Array.from({ length: 60 }, (_, k) => orderEvents({ ...bulk(k), traces: k === 30 ? 80 : 1, stop: true })).join(''));
    writeRows(300);
    await expect.poll(() => total('activity-table'), SOON).toBe(before + 60);
    // Sorted by start, the bulk orders are the last 60: scrolled so that order 30 is in view with rows above it out of view.
    const activityAt = before + 30;
    const activityRows = page.getByTestId('activity-rows');
    await activityRows.evaluate((el, pos) => (el.scrollTop = (pos - 6) * 22), activityAt);
    const activity = page.locator(`[data-testid="activity-row"][data-pos="${activityAt}"]`);
    await expect.poll(() => activity.textContent(), SOON).toContain('Bulk order 30');
    await activity.click();
    const activityY = (await activity.boundingBox())!.y;
    const trace = page.locator('[data-testid="trace-row"]', { hasText: 'Bulk order 30: step 40' });
    const traceRows = page.getByTestId('trace-rows');
    await expect.poll(() => page.getByTestId('trace-table').getAttribute('data-total'), SOON).toBe('82');
    await traceRows.evaluate((el) => (el.scrollTop = 36 * 22));
    await trace.click();
    const traceY = (await trace.boundingBox())!.y;
    const activities = await total('activity-table');

    // Both writers flush what they had buffered: 3 activities dated before all others, and 10
    // traces of the selected activity dated between its Start and the selected trace.
    for (let round = 0; round < 3; round++) {
      appendFileSync(tracePath, orderEvents({ name: `Buffered order ${round}`, act: GUID(400 + round), t0Ms: T0 - 400_000 + round * 1000, traces: 1, stop: true }));
      appendFileSync(iisPath, Array.from({ length: 10 }, (_, k) => iisRow({ at: new Date(T0 - 900_000 + (round * 10 + k) * 1000), status: 503, substatus: 2 })).join(''));
      await new Promise((r) => setTimeout(r, 300));
    }
    appendFileSync(tracePath, orderEvents({ ...bulk(30), t0Ms: bulk(30).t0Ms - 9, traces: 10, start: false }));
    await expect.poll(() => total('activity-table'), SOON).toBe(activities + 3);
    await expect.poll(() => page.getByTestId('trace-table').getAttribute('data-total'), SOON).toBe('92');
    // The activity stays selected, on its row and its place on screen; so does the trace.
    const selectedActivity = page.locator('[data-testid="activity-row"][aria-selected="true"]');
    await expect.poll(() => selectedActivity.getAttribute('data-pos'), SOON).toBe(String(activityAt + 3));
    expect(await selectedActivity.textContent()).toContain('Bulk order 30');
    expect(Math.abs((await selectedActivity.boundingBox())!.y - activityY)).toBeLessThanOrEqual(1);
    const selectedTrace = page.locator('[data-testid="trace-row"].selected');
    await expect.poll(() => selectedTrace.textContent(), SOON).toContain('Bulk order 30: step 40');
    await expect.poll(async () => Math.abs((await selectedTrace.boundingBox())!.y - traceY), SOON).toBeLessThanOrEqual(1);
    await screenshot(page, 'live-follow-anchored-activities');
    // The keyboard goes on from the selected activity.
    await activityRows.press('ArrowDown');
    await expect.poll(() => selectedActivity.textContent(), SOON).toContain('Bulk order 31');

    // The request table, scrolled to the middle with one request selected, while early rows come in.
    await page.getByTestId('view-iis').click();
    await page.locator('[data-testid="iis-timeline"][data-ready="true"]').waitFor();
    const requestRows = page.getByTestId('iis-request-rows');
    await page.locator('[data-testid="iis-request-table"][data-ready="true"]').waitFor();
    await requestRows.evaluate((el) => (el.scrollTop = 150 * 22));
    await page.locator('[data-testid="iis-request-row"][data-pos="160"]').click();
    await page.getByTestId('request-fields').waitFor();
    // Read once the detail pane is open beside the table.
    const request = page.locator('[data-testid="iis-request-row"][aria-selected="true"]');
    const picked = { file: await request.getAttribute('data-file'), row: await request.getAttribute('data-row') };
    const requestAt = Number(await request.getAttribute('data-pos'));
    const requestY = (await request.boundingBox())!.y;
    const requests = await total('iis-request-table');
    const errors = await legend503();
    for (let round = 0; round < 3; round++) {
      appendFileSync(iisPath, Array.from({ length: 10 }, (_, k) => iisRow({ at: new Date(T0 - 1_800_000 + (round * 10 + k) * 1000), status: 503, substatus: 2 })).join(''));
      await new Promise((r) => setTimeout(r, 300));
    }
    await expect.poll(() => total('iis-request-table'), SOON).toBe(requests + 30);
    // New 503s appear in the timeline.
    await expect.poll(legend503, SOON).toBe(errors + 30);
    const selectedRequest = page.locator('[data-testid="iis-request-row"][aria-selected="true"]');
    await expect.poll(() => selectedRequest.getAttribute('data-pos'), SOON).toBe(String(requestAt + 30));
    expect({ file: await selectedRequest.getAttribute('data-file'), row: await selectedRequest.getAttribute('data-row') }).toEqual(picked);
    expect(Math.abs((await selectedRequest.boundingBox())!.y - requestY)).toBeLessThanOrEqual(1);
    await screenshot(page, 'live-follow-anchored-requests');
    await requestRows.press('ArrowDown');
    await expect.poll(() => selectedRequest.getAttribute('data-pos'), SOON).toBe(String(requestAt + 31));
    await page.getByTestId('view-traces').click();
    await page.getByTestId('tab-records').click();
  });

  it('Messages keeps its top row and the selected message on their records and places while messages dated before them come in', async () => {
    await page.getByTestId('tab-messages').click();
    const table = page.locator('[data-testid="message-table"][data-ready="true"]');
    await table.waitFor();
    const before = await total('message-table');
    // The service logs 120 messages (later than everything so far): enough to scroll.
    appendFileSync(tracePath, messageEvents({ act: GUID(500), t0Ms: T0 + 300_000, count: 120 }));
    await expect.poll(() => total('message-table'), SOON).toBe(before + 120);
    const rows = page.getByTestId('message-rows');
    const at = before + 60;
    await rows.evaluate((el, pos) => (el.scrollTop = (pos - 8) * 22), at);
    const target = page.locator(`[data-testid="message-row"][data-pos="${at}"]`);
    await expect.poll(() => target.textContent(), SOON).toContain('Order60');
    await target.click();
    await expect.poll(() => target.getAttribute('aria-selected')).toBe('true');
    const picked = { file: await target.getAttribute('data-file'), index: await target.getAttribute('data-index') };
    const y = (await target.boundingBox())!.y;
    // The row at the top of the list: its record and place.
    const topRow = async () => {
      const box = (await rows.boundingBox())!;
      for (const row of await page.locator('[data-testid="message-row"]').all()) {
        const b = await row.boundingBox();
        if (b && b.y >= box.y - 1) return { index: await row.getAttribute('data-index'), y: b.y };
      }
      return undefined;
    };
    const top = await topRow();
    expect(top).toBeDefined();

    // A buffered writer flushes 30 messages dated before all of them, in three writes.
    for (let round = 0; round < 3; round++) {
      appendFileSync(tracePath, messageEvents({ act: GUID(600 + round), t0Ms: T0 - 1_200_000 + round * 10_000, count: 10, first: 1000 + round * 10 }));
      await new Promise((r) => setTimeout(r, 300));
    }
    await expect.poll(() => total('message-table'), SOON).toBe(before + 150);
    const selected = page.locator('[data-testid="message-row"][aria-selected="true"]');
    await expect.poll(() => selected.getAttribute('data-pos'), SOON).toBe(String(at + 30));
    expect({ file: await selected.getAttribute('data-file'), index: await selected.getAttribute('data-index') }).toEqual(picked);
    expect(await selected.textContent()).toContain('Order60');
    expect(Math.abs((await selected.boundingBox())!.y - y)).toBeLessThanOrEqual(1);
    const topNow = await topRow();
    expect(topNow?.index).toBe(top!.index);
    expect(Math.abs(topNow!.y - top!.y)).toBeLessThanOrEqual(1);
    await screenshot(page, 'live-follow-anchored-messages');
    // The keyboard goes on from the selected message.
    await rows.press('ArrowDown');
    await expect.poll(() => selected.textContent(), SOON).toContain('Order61');
    await page.getByTestId('tab-records').click();
  });

  it('a request with wide values written later is shown exactly; Top URIs after growth are those of a fresh load; the selected request stays selected', async () => {
    await page.getByTestId('view-iis').click();
    await page.locator('[data-testid="iis-request-table"][data-ready="true"]').waitFor();
    // Select a request; it must stay selected (same file and row) through the growth.
    await page.locator('[data-testid="iis-request-row"]').nth(3).click();
    const selected = page.locator('[data-testid="iis-request-row"][aria-selected="true"]');
    const picked = { file: await selected.getAttribute('data-file'), row: await selected.getAttribute('data-row') };
    const before = await total('iis-request-table');
    // The service writes on: ordinary rows, then one with values wider than any before (status 999,
    // sub-status 65535, time-taken past 2^32 ms, a 70 KiB URI), then more, in three writes.
    const wide = { status: 999, substatus: 65535, timeTaken: 4_294_967_295, uri: `/export/${'q'.repeat(70 * 1024)}` };
    writeRows(40);
    await new Promise((r) => setTimeout(r, 300));
    appendFileSync(iisPath, iisRow({ at: new Date(T0 + rowsWritten++ * 1000), ...wide }));
    await new Promise((r) => setTimeout(r, 300));
    writeRows(20, 503, 2);
    await expect.poll(() => total('iis-request-table'), SOON).toBe(before + 61);
    expect({ file: await selected.getAttribute('data-file'), row: await selected.getAttribute('data-row') }).toEqual(picked);

    // Top URIs as they are now equal those of the same bytes opened fresh in another window.
    const topUris = (p: Page) => p.getByTestId('top-uri-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    const copy = join(dir, 'fresh');
    mkdirSync(copy, { recursive: true });
    copyFileSync(iisPath, join(copy, 'u_ex24030110.log'));
    const other = await startHostProcess([join(copy, 'u_ex24030110.log')]);
    try {
      const fresh = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      await fresh.goto(other.url);
      await fresh.locator('[data-testid="file-item"][data-state="loaded"]').waitFor({ timeout: 60_000 });
      await fresh.getByTestId('view-iis').click();
      await fresh.locator(`[data-testid="top-uri-row"][data-stem="${wide.uri}"]`).waitFor(SOON);
      const want = await topUris(fresh);
      expect(want.find((r) => r[0] === wide.uri)).toEqual([wide.uri, '1', '1', '4,294,967,295', '4,294,967,295', '4,294,967,295']);
      await expect.poll(() => topUris(page), SOON).toEqual(want);
      await fresh.close();
    } finally {
      await other.stop();
    }

    // The wide request, found by its status, shows every value exactly.
    await page.getByTestId('iis-filter-status').fill('999');
    await expect.poll(() => total('iis-request-table'), SOON).toBe(1);
    const row = page.getByTestId('iis-request-row').first();
    await expect.poll(() => row.getAttribute('data-status'), SOON).toBe('999');
    expect(await row.getAttribute('data-substatus')).toBe('65535');
    expect(await row.getAttribute('data-time-taken')).toBe('4294967295');
    expect(await row.getAttribute('data-stem')).toBe(wide.uri);
    expect(await row.locator('.c-status').innerText()).toBe('999.65535');
    expect(await row.locator('.c-timeTaken').innerText()).toBe('4,294,967,295');
    await row.click();
    await page.getByTestId('request-fields').waitFor();
    const fields = await page.getByTestId('request-fields').evaluate((dl) => Object.fromEntries([...dl.querySelectorAll('div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])));
    expect(fields['cs-uri-stem']).toBe(wide.uri);
    expect(fields['time-taken']).toBe('4294967295');
    await screenshot(page, 'live-follow-wide-values');
    await page.getByTestId('iis-filter-status').fill('');
    await expect.poll(() => total('iis-request-table'), SOON).toBe(before + 61);
    await page.getByTestId('view-traces').click();
    await page.getByTestId('tab-records').click();
  });

  it('while the IIS log grows, the picked request keeps its selection, its detail and its place; Top URIs and the timeline count the new 503s', async () => {
    await page.getByTestId('view-iis').click();
    await page.locator('[data-testid="iis-request-table"][data-ready="true"]').waitFor();
    // Scrolled away from both ends, the engineer picks a request and reads its fields.
    const rows = page.getByTestId('iis-request-rows');
    await rows.evaluate((el) => (el.scrollTop = 40 * 22));
    const target = page.locator('[data-testid="iis-request-row"][data-pos="50"]');
    await target.click();
    const picked = { file: await target.getAttribute('data-file'), row: await target.getAttribute('data-row'), stem: await target.getAttribute('data-stem') };
    const fields = () => page.getByTestId('request-fields').evaluate((dl) => Object.fromEntries([...dl.querySelectorAll('div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])));
    const detail = await fields();
    expect(detail['cs-uri-stem']).toBe(picked.stem);
    const scrollTop = await rows.evaluate((el) => el.scrollTop);
    const y = (await target.boundingBox())!.y;
    const requests = await total('iis-request-table');
    const errors = await legend503();
    const orderServiceCount = async () => Number((await page.locator('[data-testid="top-uri-row"][data-stem="/OrderService.svc"]').getAttribute('data-count')) ?? 0);
    const orderService = await orderServiceCount();
    // The service writes on, in several writes: healthy requests and a burst of 503.2s.
    for (let round = 0; round < 4; round++) {
      writeRows(40);
      writeRows(10, 503, 2);
      await new Promise((r) => setTimeout(r, 250));
    }
    await expect.poll(() => total('iis-request-table'), SOON).toBe(requests + 200);
    await expect.poll(legend503, SOON).toBe(errors + 40);
    await expect.poll(orderServiceCount, SOON).toBe(orderService + 40);
    // Top URIs still rank by requests: /health first.
    expect(await page.locator('[data-testid="top-uri-row"]').first().getAttribute('data-stem')).toBe('/health');
    // The picked request: still selected, its detail still shown, still where it was on screen.
    const selected = page.locator('[data-testid="iis-request-row"][aria-selected="true"]');
    expect(await selected.count()).toBe(1);
    expect({ file: await selected.getAttribute('data-file'), row: await selected.getAttribute('data-row'), stem: await selected.getAttribute('data-stem') }).toEqual(picked);
    expect(await fields()).toEqual(detail);
    expect(await rows.evaluate((el) => el.scrollTop)).toBe(scrollTop);
    expect(Math.abs((await selected.boundingBox())!.y - y)).toBeLessThanOrEqual(1);
    await screenshot(page, 'live-follow-iis-picked');
    await page.getByTestId('view-traces').click();
    await page.getByTestId('tab-records').click();
  });

  it('Pause holds the views still and marks the file; Resume reads what was written', async () => {
    await page.getByTestId('follow-toggle').click();
    await expect.poll(() => page.getByTestId('follow-state').textContent()).toContain('Paused');
    const n = await total('record-table');
    writeRows(7, 503, 2);
    await page.locator('[data-testid="file-item"][data-name="u_ex24030110.log"] [data-testid="file-changed"]').waitFor(SOON);
    expect(await total('record-table')).toBe(n);
    await page.getByTestId('follow-toggle').click();
    await expect.poll(() => total('record-table'), SOON).toBe(n + 7);
    expect(await page.getByTestId('file-changed').count()).toBe(0);
  });

  it('a log truncated by its writer is read again whole, with a note', async () => {
    rowsWritten = 0;
    writeFileSync(iisPath, iisHeader(new Date(T0)));
    writeRows(10, 503, 2);
    const note = page.locator('[data-testid="file-item"][data-name="u_ex24030110.log"] [data-testid="file-note"]');
    await note.waitFor(SOON);
    expect(await note.textContent()).toMatch(/Read again at .* UTC: it shrank from \d+ to \d+ bytes \(truncated\)/);
    await expect.poll(() => fileRecords('u_ex24030110.log'), SOON).toBe(10);
    await page.getByTestId('view-iis').click();
    await expect.poll(legend503, SOON).toBe(10);
    // It is followed again from there.
    writeRows(5, 503, 2);
    await expect.poll(legend503, SOON).toBe(15);
    await screenshot(page, 'live-follow-truncated');
  });

  it('File › Follow folder… opens the newest log and then the next one IIS starts', async () => {
    const logs = join(dir, 'W3SVC2');
    mkdirSync(logs);
    writeFileSync(join(logs, 'u_ex24030108.log'), iisHeader(new Date(T0)) + iisRow({ at: new Date(T0 - 7200_000), server: 'WEB02' }));
    writeFileSync(join(logs, 'u_ex24030109.log'), iisHeader(new Date(T0)) + iisRow({ at: new Date(T0 - 3600_000), server: 'WEB02' }));
    await page.getByTestId('file-menu-button').click();
    await page.getByTestId('follow-folder').click();
    await page.getByTestId('follow-folder-path').fill(logs);
    await screenshot(page, 'live-follow-folder-dialog');
    await page.getByTestId('follow-folder-ok').click();
    await page.locator('[data-testid="file-item"][data-name="u_ex24030109.log"][data-state="loaded"]').waitFor({ ...SOON, state: 'attached' });
    expect(await page.locator('[data-testid="file-item"][data-name="u_ex24030108.log"]').count()).toBe(0);
    // The hour turns: IIS starts a new log in the folder.
    writeFileSync(join(logs, 'u_ex24030110.log'), iisHeader(new Date(T0)) + iisRow({ at: new Date(T0 + 5000), status: 503, substatus: 2, server: 'WEB02' }));
    await page.locator('[data-testid="file-item"][data-name="u_ex24030110.log"][data-state="loaded"]').nth(1).waitFor({ ...SOON, state: 'attached' });
    await expect.poll(legend503, SOON).toBe(16);
    await page.getByTestId('view-traces').click();
    await screenshot(page, 'live-follow-folder');
  });

  it('a folder that does not exist is refused with a sentence', async () => {
    await page.getByTestId('file-menu-button').click();
    await page.getByTestId('follow-folder').click();
    await page.getByTestId('follow-folder-path').fill(join(dir, 'no-such-folder'));
    await page.getByTestId('follow-folder-ok').click();
    await expect.poll(() => page.locator('.notice, [data-testid="notice"]').allTextContents(), SOON).toEqual(expect.arrayContaining([expect.stringContaining('does not exist')]));
  });

  it('`tracelens serve --follow-folder DIR` follows a folder from the start', async () => {
    const logs = join(dir, 'W3SVC3');
    mkdirSync(logs);
    writeFileSync(join(logs, 'u_ex24030111.log'), iisHeader(new Date(T0)) + iisRow({ at: new Date(T0), server: 'WEB03' }));
    const other = await startHostProcess([], ['--follow-folder', logs]);
    try {
      const p2 = await browser.newPage();
      await p2.goto(other.url);
      await p2.locator('[data-testid="file-item"][data-name="u_ex24030111.log"][data-state="loaded"]').waitFor({ ...SOON, state: 'attached' });
      writeFileSync(join(logs, 'u_ex24030112.log'), iisHeader(new Date(T0)) + iisRow({ at: new Date(T0 + 3600_000), server: 'WEB03' }));
      await p2.locator('[data-testid="file-item"][data-name="u_ex24030112.log"][data-state="loaded"]').waitFor({ ...SOON, state: 'attached' });
      expect(await p2.getByTestId('follow-state').getAttribute('title')).toContain(logs);
      await p2.close();
    } finally {
      await other.stop();
    }
  });
});
