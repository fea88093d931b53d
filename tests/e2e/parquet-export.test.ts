/**
 * The user's task with the Parquet export, end to end in Chromium against the browser host: open
 * two machines' traces and an IIS log, set a filter, export Parquet from the File menu (the host
 * zips the datasets for the download), then read the download with DuckDB as an analyst would and
 * check it holds exactly what the filter showed: the status bar's activities, traces and records.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED Parquet export end-to-end test: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

const SAMPLES = resolve(__dirname, '../../assets/samples');
const FILES = ['web01_orderportal.svclog', 'app01_orderservice.svclog', 'app01_u_ex261120.log'].map((f) => join(SAMPLES, f));
const num = (s: string) => Number(s.replace(/,/g, ''));

describeBrowser('export what the filter shows as Parquet, and query it with DuckDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-parquet-e2e-'));
  const configDir = mkdtempSync(join(tmpdir(), 'tl-parquet-config-'));
  let browser: Browser;
  let host: HostProcess;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess([], [], { TRACELENS_CONFIG_DIR: configDir });
    page = await browser.newPage({ viewport: { width: 1500, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(configDir, { recursive: true, force: true });
  });

  it('holds exactly the activities, traces and IIS requests the status bar counts', async () => {
    // Open the traces and the IIS log as a user does (Open files…).
    await page.getByTestId('file-input').setInputFiles(FILES);
    await expect.poll(() => page.locator('[data-testid="file-item"][data-state="loaded"]').count(), { timeout: 30_000 }).toBe(3);
    const status = () => page.getByTestId('filter-summary').innerText();
    await expect.poll(status).toMatch(/showing 81 of 81 activities \(569 of 569 traces\)/);

    // Warnings and worse on APP01: its failing traces and its 4xx/5xx requests.
    await page.getByTestId('filter-text').fill('host:APP01 level>=warning');
    // The counts change once the filter has been applied (the "1 filter" shows at once).
    await expect.poll(status, { timeout: 10_000 }).toMatch(/showing \d+ of 81 activities \(\d{1,2} of 569 traces\); 1 filter/);
    const [, activities, traces] = /showing ([\d,]+) of [\d,]+ activities \(([\d,]+) of [\d,]+ traces\)/.exec(await status())!;
    await page.getByTestId('tab-records').click();
    await expect.poll(status).toMatch(/showing [\d,]+ of [\d,]+ records/);
    const [, records] = /showing ([\d,]+) of [\d,]+ records/.exec(await status())!;
    expect(num(traces)).toBeGreaterThan(0);
    expect(num(records)).toBeGreaterThan(num(traces));

    // File › Export everything as Parquet datasets: the browser host hands over a zip.
    await page.getByTestId('file-menu-button').click();
    await screenshot(page, 'export-parquet-menu');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-parquet').click()]);
    expect(download.suggestedFilename()).toMatch(/^tracelens-parquet-\d{8}-\d{6}\.zip$/);
    const zip = join(dir, 'export.zip');
    await download.saveAs(zip);
    const out = join(dir, 'datasets');
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zip)))) {
      expect(name).toMatch(/^[a-z_]+\/day=\d{4}-\d{2}-\d{2}\/machine=[A-Za-z0-9._-]+\/part-\d+\.parquet$/);
      mkdirSync(dirname(join(out, name)), { recursive: true });
      writeFileSync(join(out, name), bytes);
    }

    // DuckDB reads what the filter showed, no more and no less.
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const q = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();
    const ds = (name: string) => `read_parquet('${join(out, name)}/**/*.parquet', hive_partitioning = true)`;
    const count = async (name: string) => Number((await q(`select count(*) n from ${ds(name)}`))[0].n);
    expect(await count('svclog_activities')).toBe(num(activities));
    expect(await count('svclog_events')).toBe(num(traces));
    expect(await count('svclog_events') + (await count('iis_requests'))).toBe(num(records));
    // And it is what the filter means: APP01 only, warnings and worse, 4xx/5xx requests.
    expect(await q(`select distinct machine, level from ${ds('svclog_events')} order by level`)).toEqual([
      { machine: 'APP01', level: 'Error' },
      { machine: 'APP01', level: 'Warning' },
    ]);
    expect(Number((await q(`select min(status) s from ${ds('iis_requests')}`))[0].s)).toBeGreaterThanOrEqual(400);
    expect((await q(`select distinct machine from ${ds('iis_requests')}`)).map((r) => r.machine)).toEqual(['APP01']);
    db.closeSync();
  });
});
