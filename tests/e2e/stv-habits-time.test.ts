/**
 * Service Trace Viewer habits, part two (time, details, workspaces), as an engineer uses them in
 * Chromium against the browser host: a three-machine run and an IIS log over three days; switch
 * the times to local (the browser runs in New York) and to a named zone and see every view move by
 * the zone's offset; filter by a local time; the choice survives a restart.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeThreeMachines } from '../support/three-machine';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED STV habits (time) end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-stv-time-config-'));

/** A W3C log with a request every 30 min from 2026-11-18 00:00 to 2026-11-20 12:00 UTC (spans days). */
function writeIisLog(path: string): void {
  const lines = ['#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Date: 2026-11-18 00:00:00', '#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken'];
  for (let t = Date.UTC(2026, 10, 18); t <= Date.UTC(2026, 10, 20, 12); t += 30 * 60_000) {
    const iso = new Date(t).toISOString();
    lines.push(`${iso.slice(0, 10)} ${iso.slice(11, 19)} W3SVC1 WEB01 10.0.0.5 GET /orders/submit - 443 - 10.0.0.9 Mozilla/5.0 200 0 0 ${120 + (t / 60_000) % 7}`);
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}

/** "2026-11-20 09:00:03.123456" (or a time of day "09:00:03.123456") moved by `minutes`. */
function shift(text: string, minutes: number): string {
  const m = /^(?:(\d{4}-\d{2}-\d{2}) )?(\d{2}:\d{2}(?::\d{2})?)(\.\d+)?$/.exec(text.trim());
  if (!m) throw new Error(`not a time: ${text}`);
  const d = new Date(Date.parse(`${m[1] ?? '2026-01-01'}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}Z`) + minutes * 60_000).toISOString();
  const time = d.slice(11, 11 + m[2].length);
  return `${m[1] ? `${d.slice(0, 10)} ` : ''}${time}${m[3] ?? ''}`;
}

describeBrowser('STV habits: time zones in every view', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-stv-time-'));
  const run = writeThreeMachines(join(dir, 'run'), 40);
  const iisLog = join(dir, 'u_ex261118.log');
  writeIisLog(iisLog);
  let browser: Browser;
  let context: BrowserContext;
  let host: HostProcess;
  let page: Page;

  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  /** Picks UTC, Local or a named zone in the toolbar's Time menu. */
  async function pickZone(zone: 'utc' | 'local' | string) {
    await page.getByTestId('time-zone-button').click();
    if (zone === 'utc' || zone === 'local') await page.getByTestId(`zone-${zone}`).click();
    else {
      await page.getByTestId('zone-name').fill(zone);
      await page.getByTestId('zone-apply').click();
    }
    await expect.poll(() => page.getByTestId('time-zone-button').innerText()).toMatch(zone === 'utc' ? /Time: UTC/ : zone === 'local' ? /Time: Local/ : `Time: ${zone}`);
  }
  /** What an engineer reads in each view: the first activity's start, the first trace's time, the detail's Time, a message, a record, the graph ruler and the IIS table. */
  async function readViews() {
    await page.getByTestId('tab-activities').click();
    const start = await text('[data-testid="activity-row"] .c-start');
    const trace = await text('[data-testid="trace-row"] .c-time');
    const detailTime = (await page.locator('.detail-pane table.fields tr', { hasText: /^Time/ }).first().locator('td').innerText()).trim();
    await page.getByTestId('tab-messages').click();
    const message = await text('[data-testid="message-row"] .c-time');
    await page.getByTestId('tab-records').click();
    const record = await text('[data-testid="record-row"] .c-time');
    await page.getByTestId('tab-graph').click();
    await page.getByTestId('graph-tick').first().waitFor();
    // Each tick's label (without its <title> tooltip) by its distance from the run's start, the tooltip's "(+…)".
    const ticks = () =>
      page.locator('[data-testid="graph-tick"] text').evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [/\(\+[^)]*\)/.exec(e.querySelector('title')?.textContent ?? '')?.[0] ?? '', [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')])),
      );
    // The graph opens on the selection and then fits it: read the ruler once it has settled.
    let graphTicks = await ticks();
    await expect
      .poll(async () => {
        const before = JSON.stringify(graphTicks);
        await page.waitForTimeout(400);
        graphTicks = await ticks();
        return before === JSON.stringify(graphTicks) && Object.keys(graphTicks).length > 0;
      })
      .toBe(true);
    await page.getByTestId('tab-activities').click();
    return { start, trace, detailTime, message, record, graphTicks };
  }

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess([...run.files, iisLog]);
    context = await browser.newContext({ viewport: { width: 1500, height: 900 }, timezoneId: 'America/New_York' });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').nth(run.files.length).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="activity-row"]').first().waitFor();
    // The first order's activity, and its first trace in the detail pane.
    await page.locator('[data-testid="activity-row"][data-type="processAction"]').first().click();
    await page.locator('[data-testid="trace-row"]').first().click();
    await page.getByTestId('detail').waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts in UTC, names it, and moves every view by New York\'s offset on Local', async () => {
    expect(await page.getByTestId('time-zone-button').innerText()).toMatch(/Time: UTC/);
    const utc = await readViews();
    // WEB01's clock is the reference: its times are shown clock-adjusted.
    expect(utc.detailTime).toMatch(/^2026-11-20 \d\d:\d\d:\d\d\.\d{7} UTC \(clock-adjusted\)$/);
    expect(await text('[data-testid="trace-header-time"]')).toBe('Time (UTC)');

    await page.getByTestId('time-zone-button').click();
    await expect.poll(() => page.getByTestId('zone-local').locator('xpath=..').innerText()).toMatch(/Local \(America\/New_York, UTC-05:00 now|Local \(America\/New_York, UTC-04:00 now/);
    await page.getByTestId('zone-local').click();
    await expect.poll(() => page.getByTestId('time-zone-button').innerText()).toMatch(/Time: Local/);
    expect(await text('[data-testid="trace-header-time"]')).toBe('Time (local)');

    // 2026-11-20 is winter time in New York: UTC−5, to the microsecond (and the 100 ns digit).
    const local = await readViews();
    expect(local.start).toBe(shift(utc.start, -300));
    expect(local.trace).toBe(shift(utc.trace, -300));
    expect(local.detailTime).toBe(`${shift(utc.detailTime.slice(0, 27), -300)} America/New_York (clock-adjusted)`);
    expect(local.message).toBe(shift(utc.message, -300));
    expect(local.record).toBe(shift(utc.record, -300));
    const common = Object.keys(utc.graphTicks).filter((k) => k in local.graphTicks);
    expect(common.length).toBeGreaterThan(0);
    for (const k of common) expect(local.graphTicks[k]).toBe(shift(utc.graphTicks[k], -300));
    await screenshot(page, 'stv-time-local');
  });

  it('shows a named IANA zone, refuses a name that is not one, and keeps the microseconds', async () => {
    await pickZone('utc');
    const utcTrace = await text('[data-testid="trace-row"] .c-time');
    await page.getByTestId('time-zone-button').click();
    const name = page.getByTestId('zone-name');
    await name.fill('Mars/Olympus_Mons');
    await expect.poll(() => page.getByTestId('time-zone-menu').innerText()).toMatch(/“Mars\/Olympus_Mons” is not a time zone/);
    expect(await page.getByTestId('zone-apply').isDisabled()).toBe(true);
    await name.fill('Asia/Kolkata');
    await page.getByTestId('zone-apply').click();
    await expect.poll(() => page.getByTestId('time-zone-button').innerText()).toMatch(/Time: Asia\/Kolkata/);
    expect(await text('[data-testid="trace-row"] .c-time')).toBe(shift(utcTrace, 330));
    expect(await text('[data-testid="trace-header-time"]')).toBe('Time (Asia/Kolkata)');
  });

  it('reads the filter\'s time boxes in the chosen zone', async () => {
    await pickZone('local');
    await page.getByTestId('tab-records').click();
    const rows = page.locator('[data-testid="record-row"]');
    // The 20th record in time order, as shown in local time: typed into From, it becomes the first.
    const sixth = (await rows.nth(19).locator('.c-time').textContent())!;
    const from = page.getByTestId('filter-from-time');
    await from.fill(sixth.slice(0, 26));
    await from.press('Enter');
    await expect.poll(async () => (await rows.first().locator('.c-time').textContent())?.slice(0, 26)).toBe(sixth.slice(0, 26));
    await expect.poll(() => from.inputValue()).toBe(sixth.slice(0, 26).replace(/\.?0+$/, ''));
    // In UTC the same box shows the same instant, five hours later on the clock.
    await pickZone('utc');
    await expect.poll(() => from.inputValue()).toBe(shift(sixth.slice(0, 26), 300).replace(/\.?0+$/, ''));
    await page.getByTestId('filter-clear').click();
    await page.getByTestId('tab-activities').click();
  });

  it('reads the query\'s times in the chosen zone: the clock you see is the clock you type', async () => {
    await pickZone('local');
    await page.getByTestId('tab-records').click();
    const rows = page.locator('[data-testid="record-row"]');
    const firstRow = async () => ((await rows.first().locator('.c-time').textContent()) ?? '').slice(0, 26);
    const all = await page.locator('[data-testid="record-row"]').first().waitFor().then(firstRow);
    // The 20th record as shown in New York time, typed into the query box as a wall clock.
    const twentieth = ((await rows.nth(19).locator('.c-time').textContent()) ?? '').slice(0, 26);
    const typed = twentieth.replace(' ', 'T');
    const box = page.getByTestId('filter-text');
    await box.fill(`time>=${typed}`);
    await expect.poll(firstRow).toBe(twentieth);
    expect(await box.getAttribute('title')).toMatch(/time>=22:01:20 in local \(America\/New_York\) as shown/);
    // In UTC the same text is a clock five hours ahead of New York's: an earlier instant, so earlier
    // records pass, and the first one shown reads at or after the typed clock (in UTC now).
    await pickZone('utc');
    let utcFirst = '';
    await expect.poll(async () => (utcFirst = await firstRow()) !== '' && utcFirst !== shift(twentieth, 300)).toBe(true);
    expect(utcFirst >= twentieth).toBe(true);
    expect(utcFirst < shift(twentieth, 300)).toBe(true);
    expect(await box.inputValue()).toBe(`time>=${typed}`);
    // A mistake names the zone the time is read in.
    await pickZone('Asia/Kolkata');
    await box.fill('time>=25:00');
    await expect.poll(() => page.getByTestId('query-error').innerText()).toMatch(/read in Asia\/Kolkata/);
    await screenshot(page, 'stv-time-query-zone');
    await page.getByTestId('filter-clear').click();
    await expect.poll(firstRow).toBe(shift(all, 630));
    await pickZone('utc');
    await page.getByTestId('tab-activities').click();
  });

  it('moves the IIS table and the timeline axis, whose dates carry the year', async () => {
    await pickZone('utc');
    await page.getByTestId('view-iis').click();
    const firstTime = () => text('[data-testid="iis-request-row"] .c-time');
    // The first request (00:00 UTC on the 18th, give or take WEB01's clock correction), with its year.
    await expect.poll(firstTime).toMatch(/^2026-11-18 00:00:00/);
    const utcFirst = await firstTime();
    const ticks = async () =>
      page.locator('[data-testid="timeline-svg"] .x-axis .tick').evaluateAll((els) =>
        els.map((e) => ({ label: e.textContent ?? '', x: Number(/translate\(([-\d.]+)/.exec(e.getAttribute('transform') ?? '')?.[1]) })),
      );
    await expect.poll(async () => (await ticks()).map((t) => t.label)).toContain('2026-11-19');
    const utcTicks = await ticks();
    expect(utcTicks.some((t) => /^[A-Z][a-z]{2} \d\d$/.test(t.label))).toBe(false);
    const day19 = utcTicks.find((t) => t.label === '2026-11-19')!.x;
    const day20 = utcTicks.find((t) => t.label === '2026-11-20')!.x;
    const pxPerHour = (day20 - day19) / 24;
    await screenshot(page, 'stv-time-iis-utc');

    await pickZone('local');
    await expect.poll(firstTime).toBe(shift(utcFirst, -300));
    expect(utcFirst).toMatch(/^2026-11-18/);
    expect(await firstTime()).toMatch(/^2026-11-17 19:00/);
    // New York's midnight of the 19th is 05:00 UTC: the tick moves five hours right.
    await expect.poll(async () => (await ticks()).find((t) => t.label === '2026-11-19')?.x ?? NaN).toBeCloseTo(day19 + 5 * pxPerHour, 0);
    await screenshot(page, 'stv-time-iis-local');
  });

  it('resets the chart zoom when the time window is cleared', async () => {
    const svg = page.getByTestId('timeline-svg');
    const box = (await svg.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + 80);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + 80, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('shared-range').waitFor();
    await page.getByTestId('zoom-to-range').click();
    await expect.poll(() => page.getByTestId('zoom-reset').isDisabled()).toBe(false);
    await page.getByTestId('shared-range-clear').click();
    await expect.poll(() => page.getByTestId('zoom-reset').isDisabled()).toBe(true);
    await expect.poll(() => page.locator('[data-testid="timeline-svg"] path.bar').evaluateAll((l) => l.reduce((n, p) => n + Number(p.getAttribute('data-bars')), 0))).toBeGreaterThan(50);
    await page.getByTestId('view-traces').click();
  });

  it('keeps the chosen zone after a restart', async () => {
    await page.reload();
    await page.locator('[data-testid="activity-row"]').first().waitFor();
    await expect.poll(() => page.getByTestId('time-zone-button').innerText()).toMatch(/Time: Local/);
  });
});

describeBrowser('STV habits: the Formatted tab of a trace that logged a call stack', () => {
  const fixture = join(__dirname, '..', 'fixtures', 'svclog', 'callstack.svclog');
  let browser: Browser;
  let host: HostProcess;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess([fixture]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="activity-row"][data-traces="2"]').click();
    // The error: TimeoutException, logged with the call stack and the logical operations.
    await page.locator('[data-testid="trace-row"]').nth(1).click();
    await page.getByTestId('formatted-diagnostics').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('reads the call stack, the logical operation stack, the timestamp and the trace identifier', async () => {
    const stack = await page.getByTestId('call-stack').innerText();
    const lines = stack.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[6].trim()).toBe('at Contoso.Orders.OrderProcessor.Submit(Order order) in C:\\src\\Orders\\OrderProcessor.cs:line 47');
    expect(stack).toContain('at Contoso.Orders.StockClient.Reserve(Int32 sku) in C:\\src\\Orders\\StockClient.cs:line 88');
    expect(await page.getByTestId('logical-operations').locator('li').allInnerTexts()).toEqual(['ReserveStock', 'SubmitOrder']);
    expect(await page.getByTestId('diagnostics-timestamp').innerText()).toBe('5022100412');
    const diag = await page.getByTestId('formatted-diagnostics').innerText();
    expect(diag).toMatch(/Process\s+Contoso\.Orders \(4242\)/);
    expect(diag).toMatch(/Thread\s+9/);
    expect(await page.getByTestId('trace-identifier').innerText()).toBe('http://msdn.microsoft.com/en-US/library/System.ServiceModel.Diagnostics.ThrowingException.aspx');
    expect(await page.getByTestId('formatted-exception').innerText()).toMatch(/System\.TimeoutException[\s\S]*did not answer within 00:00:30/);
    // The diagnostics block is its own part, not repeated in the application data.
    expect(await page.getByTestId('app-data').innerText()).not.toMatch(/Callstack|LogicalOperation/);
    // The plain-text trace's description stops before the diagnostics block.
    expect(await page.locator('[data-testid="trace-row"]').first().locator('.c-text').innerText()).toBe('Submitting order 1000.');
    await screenshot(page, 'stv-formatted-callstack');
    await page.getByTestId('call-stack').scrollIntoViewIfNeeded();
    await screenshot(page, 'stv-formatted-diagnostics');
  });

  it('folds each part, and hides basic or diagnostics information as STV\'s options do, after a restart too', async () => {
    await page.getByTestId('formatted-diagnostics').locator('summary').click();
    await expect.poll(() => page.getByTestId('call-stack').isVisible()).toBe(false);
    await page.getByTestId('formatted-diagnostics').locator('summary').click();
    await expect.poll(() => page.getByTestId('call-stack').isVisible()).toBe(true);
    await page.getByTestId('show-diagnostics').uncheck();
    await page.getByTestId('show-basic').uncheck();
    await expect.poll(() => page.getByTestId('formatted-diagnostics').count()).toBe(0);
    expect(await page.getByTestId('formatted-basic').count()).toBe(0);
    expect(await page.getByTestId('formatted-exception').isVisible()).toBe(true);
    await page.waitForTimeout(600); // the settings are written batched
    await page.reload();
    await page.locator('[data-testid="activity-row"][data-traces="2"]').click();
    await page.locator('[data-testid="trace-row"]').nth(1).click();
    await page.getByTestId('formatted-exception').waitFor();
    expect(await page.getByTestId('show-diagnostics').isChecked()).toBe(false);
    expect(await page.getByTestId('formatted-diagnostics').count()).toBe(0);
    await page.getByTestId('show-diagnostics').check();
    await page.getByTestId('show-basic').check();
    await page.getByTestId('call-stack').waitFor();
  });
});

describeBrowser('STV habits: the Problems badge', () => {
  const fixtures = join(__dirname, '..', 'fixtures', 'svclog');
  let browser: Browser;
  let host: HostProcess;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess(['two-process-client.svclog', 'truncated.svclog', 'garbage.svclog', 'not-a-trace.xml'].map((f) => join(fixtures, f)));
    page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-item"][data-state="loaded"], [data-testid="file-item"][data-state="failed"]').length === 4, undefined, { timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('counts the files\' problems in the toolbar and opens the list with a click, in either view', async () => {
    const badge = page.getByTestId('problems-badge');
    // Each file's problems are asked for when its state arrives: read the counts once they stop changing.
    const read = async () => [Number(await badge.getAttribute('data-count')), await page.getByTestId('problems').locator('li[data-testid^="problem-"]').count()];
    let seen = await read();
    await expect
      .poll(async () => {
        const before = JSON.stringify(seen);
        await page.waitForTimeout(400);
        seen = await read();
        return before === JSON.stringify(seen);
      })
      .toBe(true);
    const [count, listed] = seen;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeGreaterThanOrEqual(listed);
    expect(await badge.innerText()).toMatch(new RegExp(`^\\s*${count} problems$`));
    expect(await badge.getAttribute('class')).toMatch(/has-errors/);
    await badge.click();
    const popover = page.getByTestId('problems-popover');
    await popover.waitFor();
    const text = await popover.innerText();
    expect(text).toMatch(/truncated\.svclog/);
    expect(text).toMatch(/not-a-trace\.xml/);
    await expect.poll(() => popover.locator('li[data-testid^="problem-"]').count()).toBe(listed);
    await screenshot(page, 'stv-problems-badge');
    await page.keyboard.press('Escape');
    await expect.poll(() => popover.count()).toBe(0);
    // The IIS view has no files pane: the badge is the way to the problems there.
    await page.getByTestId('view-iis').click();
    await badge.click();
    await expect.poll(() => page.getByTestId('problems-popover').locator('li[data-testid^="problem-"]').count()).toBe(listed);
    await page.mouse.click(5, 400);
    await expect.poll(() => page.getByTestId('problems-popover').count()).toBe(0);
    await page.getByTestId('view-traces').click();
  });
});

describeBrowser('STV habits: save a Service Trace Viewer project and reopen it from the recent list', () => {
  const fixtures = join(__dirname, '..', 'fixtures');
  const traces = ['two-process-client.svclog', 'two-process-server.svclog'].map((f) => join(fixtures, 'svclog', f));
  const dir = mkdtempSync(join(tmpdir(), 'tl-stvproj-e2e-'));
  const project = join(dir, 'incident.stvproj');
  let browser: Browser;
  let host: HostProcess | undefined;
  let page: Page;
  const open = async (files: string[], loaded: number) => {
    await host?.stop();
    host = await startHostProcess(files);
    await page.goto(host.url);
    if (loaded) await page.waitForFunction((n) => document.querySelectorAll('[data-testid="file-item"][data-state="loaded"]').length === n, loaded, { timeout: 30_000 });
  };

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 800 }, acceptDownloads: true });
    page.on('pageerror', (e) => console.error('page error:', e));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves the loaded traces as a project STV opens, saying the IIS log is not in it', async () => {
    await open([...traces, join(fixtures, 'iis', 'native.log')], 3);
    await page.getByTestId('file-menu-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-project').click()]);
    expect(download.suggestedFilename()).toBe('project.stvproj');
    await download.saveAs(project);
    const xml = readFileSync(project, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<traceviewer_project>\n/);
    expect([...xml.matchAll(/<e2efile path="([^"]+)" \/>/g)].map((m) => m[1]).sort()).toEqual([...traces].sort());
    await expect.poll(() => page.getByTestId('notice').allInnerTexts()).toContainEqual(expect.stringMatching(/lists the traces only .*not in it: native\.log/));
  });

  it('opens the project by path, and after a restart reopens it from the toolbar\'s recent list', async () => {
    await open([project], 2);
    await open([], 0);
    await page.getByTestId('recent-button').click();
    const item = page.getByTestId('recent-menu').locator('li', { hasText: 'incident.stvproj' });
    expect(await item.getAttribute('title')).toBe(project);
    await screenshot(page, 'stv-recent-project');
    await item.click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="file-item"][data-state="loaded"]').length === 2, undefined, { timeout: 30_000 });
    const names = await page.getByTestId('file-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')).sort());
    expect(names).toEqual(['two-process-client.svclog', 'two-process-server.svclog']);
  });
});
