/**
 * The user's task with the one filter, end to end in Chromium against the browser host, on two
 * machines' generated traces: filter by host; by a query with a phrase, a field and an exclusion;
 * by a custom XPath filter created from a selected trace, with a parameter. After each step the
 * Activities, Trace list (every activity selected), Messages, All records and Graph tabs and the
 * CSV and JSON Lines exports must hold exactly the same records (the lists are read by scrolling
 * them, as a user would). Then the custom filter goes out as .stvcf and comes back in; the host
 * restarts with files of another day and the restored time window is dropped with a note.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFilterScenario } from '../support/filter-scenario';
import { FIND_WAIT, HAS_CHROMIUM, findAnswer, launchChromium, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED filter end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

const configDir = mkdtempSync(join(tmpdir(), 'tl-filter-config-'));
const env = { TRACELENS_CONFIG_DIR: configDir };

async function waitLoaded(page: Page, count: number): Promise<void> {
  await expect.poll(() => page.locator('[data-testid="file-item"][data-state="loaded"]').count(), { timeout: 30_000 }).toBe(count);
}

/** Scrolls a virtualized list from top to bottom and gathers an attribute of every row it showed. */
async function scrollCollect(page: Page, rowsTestId: string, rowTestId: string, attrs: string[]): Promise<string[]> {
  await page.getByTestId(rowsTestId).waitFor();
  return page.evaluate(
    async ({ rowsTestId, rowTestId, attrs }) => {
      const scroller = document.querySelector<HTMLElement>(`[data-testid="${rowsTestId}"]`)!;
      const seen = new Map<string, string>();
      const settle = () => new Promise((r) => setTimeout(r, 120));
      for (let top = 0; ; top += Math.max(40, scroller.clientHeight / 2)) {
        scroller.scrollTop = top;
        await settle();
        // Rows whose page has not arrived show "…": wait for them.
        for (let k = 0; k < 40 && [...scroller.querySelectorAll(`[data-testid="${rowTestId}"]`)].some((r) => !r.getAttribute(`data-${attrs[0]}`)); k++) await settle();
        for (const row of scroller.querySelectorAll(`[data-testid="${rowTestId}"]`)) {
          const key = attrs.map((a) => row.getAttribute(`data-${a}`)).join(':');
          if (!key.includes('null')) seen.set(key, key);
        }
        if (top + scroller.clientHeight >= scroller.scrollHeight) break;
      }
      scroller.scrollTop = 0;
      return [...seen.keys()];
    },
    { rowsTestId, rowTestId, attrs },
  );
}

const status = (page: Page) => page.getByTestId('filter-summary').innerText();

interface Seen {
  activities: number;
  activityTraces: number;
  traceList: string[];
  messages: string[];
  records: string[];
  graphTraces: number;
  csv: string[];
  jsonl: string[];
}

describeBrowser('one filter for every view and export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-filter-'));
  const day1 = writeFilterScenario(join(dir, 'day1'));
  const day2 = writeFilterScenario(join(dir, 'day2'), { day: [2026, 10, 24], orders: 10, prefix: 'later_' });
  let browser: Browser;
  let host: HostProcess;
  let page: Page;
  /** fileId → file name, from the files pane. */
  let names = new Map<string, string>();

  const exportKeys = async (format: 'csv' | 'jsonl'): Promise<string[]> => {
    await page.getByTestId('file-menu-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
    const out = join(dir, `export.${format}`);
    await download.saveAs(out);
    const text = readFileSync(out, 'utf8');
    const rows: { file: string; record: string | number }[] = format === 'csv' ? parse(text, { columns: true }) : text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    return rows.map((r) => `${basename(r.file)}:${r.record}`);
  };

  /** What every consumer shows for the current filter, records as "file name:index". */
  const observe = async (): Promise<Seen> => {
    const named = (keys: string[]) => keys.map((k) => `${names.get(k.split(':')[0])}:${k.split(':')[1]}`).sort();
    await page.getByTestId('tab-activities').click();
    await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
    const acts = await scrollCollect(page, 'activity-rows', 'activity-row', ['index', 'traces']);
    const activityTraces = acts.reduce((n, k) => n + Number(k.split(':')[1]), 0);
    let traceList: string[] = [];
    if (acts.length > 0) {
      await page.getByTestId('activity-row').first().click();
      await page.getByTestId('activity-rows').press('Shift+End');
      await expect.poll(() => page.getByTestId('trace-total').innerText()).toContain(`of ${acts.length} activit`);
      traceList = named(await scrollCollect(page, 'trace-rows', 'trace-row', ['file', 'index']));
    }
    await page.getByTestId('tab-messages').click();
    await page.locator('[data-testid="message-table"][data-ready="true"]').waitFor();
    const messages = named(await scrollCollect(page, 'message-rows', 'message-row', ['file', 'index']));
    await page.getByTestId('tab-records').click();
    await page.locator('[data-testid="record-table"][data-ready="true"]').waitFor();
    const records = named(await scrollCollect(page, 'record-rows', 'record-row', ['file', 'index']));
    await page.getByTestId('tab-graph').click();
    await page.getByTestId('graph-summary').waitFor();
    // The graph answers asynchronously after the tab opens: read it once it has drawn (the same count, or the test fails after the timeout).
    const graphCount = async () => Number(await page.getByTestId('graph-summary').getAttribute('data-traces'));
    await expect.poll(graphCount, { timeout: 10_000 }).toBe(records.length);
    const graphTraces = await graphCount();
    await page.getByTestId('tab-activities').click();
    return { activities: acts.length, activityTraces, traceList, messages, records, graphTraces, csv: (await exportKeys('csv')).sort(), jsonl: (await exportKeys('jsonl')).sort() };
  };

  /** Every consumer keeps exactly the same records. */
  const expectAgreement = (s: Seen, traces: number) => {
    expect(s.records).toHaveLength(traces);
    expect(s.traceList).toEqual(s.records);
    expect(s.csv).toEqual(s.records);
    expect(s.jsonl).toEqual(s.records);
    expect(s.activityTraces).toBe(traces);
    expect(s.graphTraces).toBe(traces);
    // Messages are the message records among them.
    for (const m of s.messages) expect(s.records).toContain(m);
  };

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess(day1.files, [], env);
    page = await browser.newPage({ viewport: { width: 1500, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').nth(1).waitFor({ timeout: 30_000 });
    names = new Map(await page.getByTestId('file-item').evaluateAll((els) => els.map((e) => [e.getAttribute('data-file-id')!, e.getAttribute('data-name')!] as [string, string])));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(configDir, { recursive: true, force: true });
  });

  it('shows how much is hidden, and nothing before a filter', async () => {
    await expect.poll(() => status(page)).toMatch(/showing 25 of 25 activities \(252 of 252 traces\)/);
    expect(await status(page)).not.toMatch(/filters?;/);
    // The keyboard help lists the query grammar.
    await page.keyboard.press('F1');
    const help = await page.getByTestId('query-help').innerText();
    expect(help).toContain('"timeout contacting"');
    expect(help).toContain('duration>500ms');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcuts-dialog').count()).toBe(0);
  });

  // The first filter after the load: its record count reads All records' merged order, made after the load (filter/records.ts).
  it('filters by host: every view and both exports keep WEB01 only', async () => {
    await page.getByTestId('filter-hosts-button').click();
    await page.getByTestId('filter-hosts').locator('input[data-value="WEB01"]').check();
    await page.keyboard.press('Escape');
    await expect.poll(() => status(page)).toMatch(/of 252 traces\); 1 filter; Clear/);
    const seen = await observe();
    expect(seen.records.every((k) => k.startsWith('web01_portal.svclog:'))).toBe(true);
    expectAgreement(seen, 24 * 6);
    expect(seen.messages).toHaveLength(24);
    await screenshot(page, 'filter-host');
  });

  it('filters by a query with a phrase, a field and an exclusion', async () => {
    await page.getByTestId('filter-clear').click();
    const box = page.getByTestId('filter-text');
    // A mistake is shown with its position and a suggestion, and not applied.
    await box.fill('"timeout contacting" hots:APP01');
    await expect.poll(() => page.getByTestId('query-error').innerText()).toMatch(/Character 22: unknown field "hots"; did you mean host:/);
    await screenshot(page, 'filter-query-error');
    await box.fill('"timeout contacting" host:APP01 -retry');
    await expect.poll(() => page.getByTestId('query-error').count()).toBe(0);
    // Orders 4, 8, … 24 failed with a timeout; the retries (1, 5, …) are excluded.
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/showing 6 of 25 activities \(6 of 252 traces\); 1 filter/);
    const seen = await observe();
    expectAgreement(seen, 6);
    expect(seen.messages).toHaveLength(0);
    // Find looks only among what the filter keeps, with STV's options.
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('failed');
    await page.getByTestId('find-input').press('Enter');
    await expect.poll(findAnswer(page), FIND_WAIT).toBe('1 of 6');
    await page.getByTestId('find-matchCase').check();
    await page.getByTestId('find-input').fill('FAILED');
    await page.getByTestId('find-input').press('Enter');
    await expect.poll(findAnswer(page), FIND_WAIT).toBe('No hits');
    await screenshot(page, 'filter-query');
    await page.getByTestId('find-matchCase').uncheck();
    await page.getByTestId('find-input').press('Escape');
  });

  it('filters by a custom XPath filter created from a selected trace, with a parameter', async () => {
    await page.getByTestId('filter-clear').click();
    await expect.poll(() => status(page)).toMatch(/showing 25 of 25 activities/);
    // Select order 2's payload trace (event id 101 on WEB01) by finding it.
    await page.getByTestId('filter-text').fill('host:WEB01 eventid=101');
    await expect.poll(() => status(page)).toMatch(/showing 24 of 25 activities/);
    await page.getByTestId('activity-row').nth(1).click();
    await page.getByTestId('trace-row').first().click();
    await page.getByTestId('custom-filters').click();
    await page.getByTestId('custom-filter-create').click();
    const dialog = page.getByTestId('custom-filter-dialog');
    await dialog.waitFor();
    const customer = dialog.locator('[data-testid="custom-filter-node"][data-path$=":CustomerId"]');
    await customer.locator('input[type="checkbox"]').first().check();
    await customer.getByTestId('custom-filter-as-param').check();
    await customer.getByTestId('custom-filter-param-name').fill('Customer id');
    await expect.poll(() => dialog.getByTestId('custom-filter-xpath').inputValue()).toMatch(/CustomerId\[\.='\{0\}'\]$/);
    await dialog.getByTestId('custom-filter-name').fill('Orders of one customer');
    await dialog.getByTestId('custom-filter-description').fill('The payload names this customer');
    await screenshot(page, 'filter-custom-create');
    await dialog.getByTestId('custom-filter-save').click();
    await screenshot(page, 'filter-custom-saved');
    // The menu lists it: applying it asks for the parameter.
    await page.getByTestId('custom-filter-toggle').click();
    await page.getByTestId('custom-filter-param-0').fill('C-2');
    await screenshot(page, 'filter-custom-parameter');
    await page.getByTestId('custom-filter-apply').click();
    await page.getByTestId('filter-text').fill('');
    // Customer C-2 is order k with k % 3 == 1: 8 orders, each with one payload trace at that path
    // (the message records carry the payload deeper, inside the SOAP body).
    await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/showing 8 of 25 activities \(8 of 252 traces\); 1 filter/);
    const seen = await observe();
    expectAgreement(seen, 8);
    expect(seen.messages).toHaveLength(0);
    await screenshot(page, 'filter-custom');
  });

  it('exports the custom filters as .stvcf and imports them again', async () => {
    await page.getByTestId('custom-filters').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('custom-filter-export').click()]);
    const out = join(dir, 'filters.stvcf');
    await download.saveAs(out);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('<Name>Orders of one customer</Name>');
    expect(xml).toMatch(/<Parameter Index="0" Name="Customer id"\/>/);
    // Remove it from the library, then import the file: it comes back with its parameter.
    await page.getByRole('button', { name: 'Remove Orders of one customer' }).click();
    await expect.poll(() => page.getByTestId('custom-filter-item').count()).toBe(0);
    const edited = join(dir, 'edited.stvcf');
    writeFileSync(edited, xml.replace('Orders of one customer', 'Customer orders (imported)'));
    await page.getByTestId('custom-filter-file').setInputFiles(edited);
    await expect.poll(() => page.getByTestId('custom-filter-item').count()).toBe(1);
    expect(await page.getByTestId('custom-filter-item').innerText()).toContain('Customer orders (imported)');
    await page.keyboard.press('Escape');
  });

  it('after a restart with files of another day, a restored time window hides nothing silently', async () => {
    await page.getByTestId('filter-clear').click();
    // A time window on day 1, kept in the settings.
    await page.getByTestId('filter-from-time').fill('2026-11-20 22:00:10');
    await page.getByTestId('filter-from-time').press('Enter');
    await page.getByTestId('filter-to-time').fill('2026-11-20 22:00:30');
    await page.getByTestId('filter-to-time').press('Enter');
    await expect.poll(() => status(page)).toMatch(/1 filter/);
    await page.waitForTimeout(600); // settings are written batched
    await page.close();
    await host.stop();
    host = await startHostProcess(day2.files, [], env);
    page = await browser.newPage({ viewport: { width: 1500, height: 900 }, acceptDownloads: true });
    await page.goto(host.url);
    await waitLoaded(page, 2);
    await expect.poll(() => page.getByTestId('notice').allInnerTexts(), { timeout: 10_000 }).toEqual(
      expect.arrayContaining([expect.stringMatching(/time filter 2026-11-20 22:00:10 – 2026-11-20 22:00:30 \(UTC\) does not overlap the loaded traces/)]),
    );
    await expect.poll(() => status(page)).toMatch(/showing 11 of 11 activities \(105 of 105 traces\)$/);
    expect(await page.getByTestId('filter-from-time').inputValue()).toBe('');
    await screenshot(page, 'filter-restored-window-dropped');
    // The custom filter library survived the restart (settings).
    await page.getByTestId('custom-filters').click();
    await expect.poll(() => page.getByTestId('custom-filter-item').count()).toBe(1);
  });
});

/**
 * A custom filter over a long scan: the matching traces appear in the lists while the scan runs,
 * not only at its end. The scan is lengthened with the parse workers' test hook
 * (TRACELENS_TEST_SCAN_PAUSE_MS: a pause after every 100 events), so "before the end" does not
 * depend on how fast this machine is.
 */
describeBrowser('an XPath filter shows its first matches while it scans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-filter-stream-'));
  const scenario = writeFilterScenario(dir, { orders: 200 });
  const config = mkdtempSync(join(tmpdir(), 'tl-filter-stream-config-'));
  let browser: Browser;
  let host: HostProcess;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess(scenario.files, [], { TRACELENS_CONFIG_DIR: config, TRACELENS_TEST_SCAN_PAUSE_MS: '400' });
    page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').nth(1).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(config, { recursive: true, force: true });
  });

  it('lists the first matching activities, traces and records before the scan ends, then all of them', async () => {
    await expect.poll(() => status(page)).toMatch(/showing 201 of 201 activities \(2,100 of 2,100 traces\)/);
    // The filter comes from a Service Trace Viewer filter file.
    const stvcf = join(dir, 'customer.stvcf');
    writeFileSync(
      stvcf,
      `<?xml version="1.0" encoding="utf-8"?><CustomFilters><CustomFilter><Name>Customer C-2</Name><Description>Payloads of customer C-2</Description>` +
        `<XPath>//ns:CustomerId[.='C-2']</XPath><Namespaces><Namespace Prefix="ns" Uri="urn:tracelens:orders"/></Namespaces></CustomFilter></CustomFilters>`,
    );
    await page.getByTestId('custom-filters').click();
    await page.getByTestId('custom-filter-file').setInputFiles(stvcf);
    await expect.poll(() => page.getByTestId('custom-filter-item').count()).toBe(1);
    await page.getByTestId('custom-filter-toggle').check();
    await page.getByTestId('custom-filters').click(); // the menu closes

    // While the status bar still shows the scan (with Cancel), the Activities list already holds
    // orders of customer C-2 (orders 1, 4, 7, … in time order), and nothing else.
    const during = async () =>
      page.evaluate(() => ({
        scanning: document.querySelector('[data-testid="filter-scan"]')?.textContent ?? '',
        rows: [...document.querySelectorAll('[data-testid="activity-row"]')].map((r) => [...r.children].map((c) => c.textContent).join('\t')),
      }));
    let seen = await during();
    await expect
      .poll(async () => {
        seen = await during();
        return seen.scanning !== '' && seen.rows.length > 0;
      }, { timeout: 20_000 })
      .toBe(true);
    expect(seen.scanning).toMatch(/Custom filter “Customer C-2”: [\d,]+ of 2,100 traces scanned, [1-9][\d,]* matching so far/);
    expect(seen.rows.length).toBeLessThan(67);
    expect(seen.rows[0]).toContain('Process order 1\t');
    for (const r of seen.rows) expect(Number(/Process order (\d+)\t/.exec(r)?.[1]) % 3).toBe(1);
    await screenshot(page, 'filter-custom-streaming');

    // All records shows the matches so far too.
    await page.getByTestId('tab-records').click();
    await expect.poll(() => page.getByTestId('record-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // At the end: every order of customer C-2 (k % 3 == 1 for k = 1…200): its payload trace and
    // the message record that carries the payload on each side.
    await expect.poll(() => status(page), { timeout: 60_000 }).toMatch(/showing 201 of 2,100 records; 1 filter/);
    await page.getByTestId('tab-activities').click();
    await expect.poll(() => status(page)).toMatch(/showing 67 of 201 activities \(201 of 2,100 traces\); 1 filter/);
    const rows = await page.getByTestId('activity-row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(seen.rows.length);
  });
});
