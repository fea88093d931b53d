/**
 * Watching logs grow, as an engineer does during an incident: a WCF trace and an IIS log are open
 * and followed while the service writes them. The lists keep the column widths they were fitted to
 * when the files opened (growth does not measure the rows again, so nothing jumps under the
 * pointer, and a long name that arrives later is shortened in the middle to its operation), and
 * the IIS timeline draws each new burst of 503s where it happened. (The renderer's long tasks while
 * files load and grow are measured in `node bench/run.mjs load` and `follow`, not here: a timed
 * assertion on a loaded machine measures the machine.)
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iisHeader, iisRow, orderEvents } from '../support/growing-logs';
import { HAS_CHROMIUM, launchChromium, openLoaded, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED steady views end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

const T0 = Date.UTC(2024, 2, 1, 10, 0, 0);
const GUID = (n: number) => `${String(n).padStart(8, '0')}-2222-4333-a444-555566667777`;
const SOON = { timeout: 20_000, intervals: [100, 250, 500] };
const LONG = (n: number) => `Process action 'http://contoso.com/Fulfilment/Warehouse/IInventoryReservationService/ReserveStockForOrder${n}'.`;

describeBrowser('steady views while followed files grow', () => {
  let browser: Browser;
  let host: HostProcess;
  let page: Page;
  let dir: string;
  let iisPath: string;
  let tracePath: string;

  /** The px widths of the activity list's columns, read from its header. */
  const activityWidths = () =>
    page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="activity-header-"]')].map((h) => [h.getAttribute('data-testid')!.slice('activity-header-'.length), Math.round(h.getBoundingClientRect().width * 10) / 10])));
  const bars = (series: string) => page.locator(`[data-testid="timeline-svg"] path.bar.s-${series}`);
  const legend = async (series: string) => Number(await page.getByTestId(`legend-${series}`).getAttribute('data-count'));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tl-steady-'));
    process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-steady-config-'));
    tracePath = join(dir, 'orders.svclog');
    iisPath = join(dir, 'u_ex24030110.log');
    // Forty short-named orders, one a second from T0 + 10 min.
    writeFileSync(tracePath, Array.from({ length: 40 }, (_, k) => orderEvents({ name: `Order ${k + 1}`, act: GUID(k + 1), t0Ms: T0 + 600_000 + k * 1000, traces: 3, stop: true })).join(''));
    // Ten minutes of 200s, one request a second, with three 503s in the first minute.
    let log = iisHeader(new Date(T0));
    for (let s = 0; s < 600; s++) log += iisRow({ at: new Date(T0 + s * 1000), status: s % 20 === 5 && s < 60 ? 503 : 200, substatus: s % 20 === 5 && s < 60 ? 2 : 0, uri: '/health' });
    writeFileSync(iisPath, log);
    browser = await launchChromium();
    host = await startHostProcess([tracePath, iisPath]);
    page = await openLoaded(browser, host, [tracePath, iisPath], { width: 1600, height: 950 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the activity columns as fitted while the trace grows with longer names, and shortens those in the middle', async () => {
    await expect.poll(() => page.getByTestId('file-following').count(), SOON).toBe(2);
    const rows = page.getByTestId('activity-row');
    const listed = async () => Number(await page.getByTestId('activity-table').getAttribute('data-total'));
    await expect.poll(listed, SOON).toBe(40);
    // Fitted once the first rows are painted: the name column to the short names (its least width).
    await expect.poll(async () => (await activityWidths()).name, SOON).toBe(200);
    const fitted = await activityWidths();
    // The service writes on: five rounds of orders with long WCF action names, dated before the
    // first ones (another thread's writer behind in time), so they sort to the top of the list.
    for (let round = 0; round < 5; round++) {
      appendFileSync(tracePath, Array.from({ length: 4 }, (_, k) => orderEvents({ name: LONG(round * 4 + k), act: GUID(100 + round * 4 + k), t0Ms: T0 + (round * 4 + k) * 1000, traces: 40, stop: true })).join(''));
      await expect.poll(listed, SOON).toBe(40 + (round + 1) * 4);
      expect(await activityWidths()).toEqual(fitted);
    }
    // The long names are on top, cut in the middle to the column's width; their end stays.
    const first = rows.first();
    const name = first.locator('.c-name');
    await expect.poll(() => name.textContent(), SOON).toMatch(/….*Order0'\.$/);
    expect(await name.getAttribute('title')).toContain(LONG(0));
    expect(await first.locator('.c-traces').textContent()).toBe('42');
    await screenshot(page, 'steady-views-activities-grown');
    // Asked for (a double-click on the header's edge), the column fits the rows on screen: the
    // service and its operation show, the start of the address gives way.
    await page.getByTestId('activity-resize-name').dblclick();
    await expect.poll(async () => (await activityWidths()).name, SOON).toBeGreaterThan(400);
    await expect.poll(() => name.textContent(), SOON).toMatch(/^Process action '….*ReservationService\/ReserveStockForOrder0'\.$/);
    await screenshot(page, 'steady-views-activities');
  });

  it('draws each new burst of 503s on the IIS timeline where it happened', async () => {
    await page.getByTestId('view-iis').click();
    await page.locator('[data-testid="iis-timeline"][data-ready="true"]').waitFor();
    expect(await legend('503')).toBe(3);
    // The first 503s are in the first minute: at the left of the chart, left of where the 200s end.
    const box = async (series: string) => (await bars(series).boundingBox())!;
    expect((await box('503')).x + (await box('503')).width).toBeLessThan((await box('2xx')).x + (await box('2xx')).width / 4);
    let written = 600;
    for (let burst = 1; burst <= 3; burst++) {
      // A minute of 200s, then ten 503.2s in two seconds at its end.
      let text = '';
      for (let s = 0; s < 60; s++) text += iisRow({ at: new Date(T0 + (written + s) * 1000), uri: '/health' });
      for (let k = 0; k < 10; k++) text += iisRow({ at: new Date(T0 + (written + 60) * 1000 + k * 200), status: 503, substatus: 2, uri: '/OrderService.svc' });
      written += 62;
      appendFileSync(iisPath, text);
      await expect.poll(() => legend('503'), SOON).toBe(3 + burst * 10);
      // The newest 503s are the chart's last bars: the 503 bars reach past the last 200s.
      await expect.poll(async () => (await box('503')).x + (await box('503')).width - ((await box('2xx')).x + (await box('2xx')).width), SOON).toBeGreaterThanOrEqual(0);
      expect(Number(await bars('503').getAttribute('data-bars'))).toBeGreaterThanOrEqual(3 + burst);
    }
    await screenshot(page, 'steady-views-iis-timeline');
  });

  it('keeps the selected request and the scroll of the request table while requests arrive, and ranks Top URIs as their counts overtake each other', async () => {
    const requestRows = page.getByTestId('iis-request-rows');
    await page.locator('[data-testid="iis-request-table"][data-ready="true"]').waitFor();
    await requestRows.evaluate((el) => (el.scrollTop = 100 * 22));
    await page.locator('[data-testid="iis-request-row"][data-pos="110"]').click();
    await page.getByTestId('request-fields').waitFor();
    const selected = page.locator('[data-testid="iis-request-row"][aria-selected="true"]');
    const picked = { file: await selected.getAttribute('data-file'), row: await selected.getAttribute('data-row'), pos: await selected.getAttribute('data-pos') };
    const y = (await selected.boundingBox())!.y;
    const scrollTop = await requestRows.evaluate((el) => el.scrollTop);
    const topUris = page.getByTestId('top-uri-row');
    /** Top URIs as shown: each row's stem (its text and the one it filters by) and count. */
    const ranks = () => topUris.evaluateAll((rows) => rows.map((r) => ({ stem: r.getAttribute('data-stem'), text: r.querySelector('td')?.textContent, count: Number(r.getAttribute('data-count')) })));
    let total = Number(await page.getByTestId('iis-request-table').getAttribute('data-total'));
    let written = 600 + 3 * 62;
    // Three writes later in time: /api/a leads, then /api/b overtakes it, then /api/c overtakes both.
    for (const [stem, n] of [['/api/a', 900], ['/api/b', 1000], ['/api/c', 1200]] as const) {
      let text = '';
      for (let k = 0; k < n; k++) text += iisRow({ at: new Date(T0 + (written + k / 10) * 1000), uri: stem });
      written += n / 10 + 1;
      appendFileSync(iisPath, text);
      total += n;
      await expect.poll(async () => Number(await page.getByTestId('iis-request-table').getAttribute('data-total')), SOON).toBe(total);
      await expect.poll(async () => (await ranks())[0]?.stem, SOON).toBe(stem);
      const shown = await ranks();
      // Every rank shows its own URI and count, in order.
      for (const r of shown) expect(r.text).toBe(r.stem);
      for (let i = 1; i < shown.length; i++) expect(shown[i].count).toBeLessThanOrEqual(shown[i - 1].count);
      expect(shown[0].count).toBe(n);
      // The request table did not move: the same request, selected at the same place.
      expect({ file: await selected.getAttribute('data-file'), row: await selected.getAttribute('data-row'), pos: await selected.getAttribute('data-pos') }).toEqual(picked);
      expect(Math.abs((await selected.boundingBox())!.y - y)).toBeLessThanOrEqual(1);
      expect(await requestRows.evaluate((el) => el.scrollTop)).toBe(scrollTop);
    }
    await screenshot(page, 'steady-views-iis-top-uris');
    // A click on the leader filters the table to its requests.
    await topUris.first().click();
    await expect.poll(async () => Number(await page.getByTestId('iis-request-table').getAttribute('data-total')), SOON).toBe(1200);
    expect(await page.locator('[data-testid="iis-request-row"]').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-stem') === '/api/c'))).toBe(true);
    await page.getByTestId('iis-filter-clear').click();
  });
});
