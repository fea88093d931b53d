/**
 * Message flow and clock skew, end to end in Chromium against the browser host, on a generated
 * five-host scenario with known clock offsets: arrows between hosts, the raw/adjusted toggle (the
 * backwards arrows disappear), typed and dragged overrides and their reset, selection from the graph
 * into the trace list. Counts are read from the graph's summary attributes, not from pixels.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, writeScenario } from '../support/skew-scenario';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED graph end-to-end tests: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-graph-config-'));

const summary = (page: Page) => page.getByTestId('graph-summary');
const attr = async (page: Page, name: string) => Number(await summary(page).getAttribute(`data-${name}`));
const effectiveMs = async (page: Page, host: string) => Number(await page.locator(`[data-testid="skew-row"][data-host="${host}"]`).getAttribute('data-effective-ms'));

describeBrowser('message-flow graph and clock skew', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-graph-scenario-'));
  const scenario = writeScenario(dir);
  let browser: Browser;
  let host: HostProcess;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess(scenario.files);
    page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').nth(scenario.files.length - 1).waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-graph').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="graph-summary"]')?.getAttribute('data-arrows')) > 0, undefined, { timeout: 15_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws message arrows between hosts, none backwards in adjusted time', async () => {
    expect(await summary(page).getAttribute('data-mode')).toBe('adjusted');
    expect(await attr(page, 'cross-host')).toBeGreaterThan(0);
    expect(await attr(page, 'backwards')).toBe(0);
    const hosts = await page.getByTestId('graph-host').evaluateAll((els) => els.map((e) => e.getAttribute('data-host')));
    expect(hosts.sort()).toEqual(['APP01', 'DB01', 'EDGE01', 'LEGACY01', 'WEB01']);
    await screenshot(page, 'graph-adjusted');
  });

  it('shows backwards arrows in raw time and hides them again in adjusted time', async () => {
    await page.getByTestId('mode-raw').click();
    await expect.poll(() => summary(page).getAttribute('data-mode')).toBe('raw');
    await expect.poll(() => attr(page, 'backwards')).toBeGreaterThan(0);
    await screenshot(page, 'graph-raw');
    await page.getByTestId('mode-adjusted').click();
    await expect.poll(() => summary(page).getAttribute('data-mode')).toBe('adjusted');
    await expect.poll(() => attr(page, 'backwards')).toBe(0);
  });

  it('overrides an offset by typing it, and resets it', async () => {
    await page.getByTestId('skew-button').click();
    await page.getByTestId('skew-panel').waitFor();
    const auto = await effectiveMs(page, 'DB01');
    const box = page.getByTestId('override-DB01');
    await box.fill(String(auto + 4000));
    await box.press('Enter');
    await expect.poll(() => effectiveMs(page, 'DB01')).toBe(auto + 4000);
    // A clock 4 s off makes its messages run backwards even in adjusted time.
    await expect.poll(() => attr(page, 'backwards')).toBeGreaterThan(0);
    await screenshot(page, 'graph-skew-override');
    await page.getByTestId('reset-DB01').click();
    await expect.poll(() => effectiveMs(page, 'DB01')).toBe(auto);
    await expect.poll(() => attr(page, 'backwards')).toBe(0);
    await page.getByTestId('skew-button').click();
  });

  it('overrides an offset by dragging a host column along the time axis', async () => {
    await page.getByTestId('skew-button').click();
    const before = await effectiveMs(page, 'APP01');
    await page.getByTestId('skew-button').click();
    const header = page.locator('[data-testid="graph-host"][data-host="APP01"]');
    const b = (await header.boundingBox())!;
    await page.mouse.move(b.x + b.width - 10, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width - 10, b.y + b.height / 2 + 60, { steps: 6 });
    await page.mouse.up();
    await page.getByTestId('skew-button').click();
    await expect.poll(() => effectiveMs(page, 'APP01')).toBeLessThan(before);
    await page.getByTestId('reset-APP01').click();
    await expect.poll(() => effectiveMs(page, 'APP01')).toBe(before);
    await page.getByTestId('skew-button').click();
  });

  it('selects the clicked mark in the trace list', async () => {
    const body = page.getByTestId('graph-body');
    await body.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('+');
    await expect.poll(async () => (await body.getAttribute('data-sample-mark')) ?? '', { timeout: 5000 }).not.toBe('');
    const [x, y, fileId, index] = (await body.getAttribute('data-sample-mark'))!.split(',');
    const box = (await body.boundingBox())!;
    await page.mouse.click(box.x + Number(x), box.y + Number(y));
    const selected = page.locator('[data-testid="trace-row"][aria-selected="true"]');
    const selectedRef = async () => ((await selected.count()) ? `${await selected.getAttribute('data-file')},${await selected.getAttribute('data-index')}` : '');
    await expect.poll(selectedRef, { timeout: 10_000 }).toBe(`${fileId},${index}`);
    await screenshot(page, 'graph-selected');
  });

  it('brings a trace selected in the trace list into view in the graph', async () => {
    await page.getByTestId('tab-activities').click();
    // The list is scrolled to the activity selected from the graph: pick another one on screen.
    await page.locator('[data-testid="activity-row"][aria-selected="true"]').waitFor();
    await page.locator('[data-testid="activity-row"][aria-selected="false"]').nth(3).click();
    const row = page.getByTestId('trace-row').nth(1);
    await row.click();
    const ref = `${await row.getAttribute('data-file')},${await row.getAttribute('data-index')}`;
    await page.getByTestId('tab-graph').click();
    await expect.poll(() => page.getByTestId('graph-canvas').getAttribute('data-selected-drawn'), { timeout: 10_000 }).toBe('true');
    const selected = page.locator('[data-testid="trace-row"][aria-selected="true"]');
    expect(`${await selected.getAttribute('data-file')},${await selected.getAttribute('data-index')}`).toBe(ref);
    await screenshot(page, 'graph-reverse-selection');
  });

  it('focuses on the selected activity and what it leads to', async () => {
    const before = await attr(page, 'columns');
    await page.getByTestId('graph-expand-all').click();
    await expect.poll(() => attr(page, 'columns')).toBeGreaterThan(before);
    const all = await attr(page, 'columns');
    await page.getByTestId('graph-focus').click();
    await expect.poll(() => attr(page, 'columns')).toBeLessThan(all);
    expect(await attr(page, 'columns')).toBeGreaterThan(0);
    await screenshot(page, 'graph-focus');
    await page.getByTestId('graph-unfocus').click();
    await expect.poll(() => attr(page, 'columns')).toBe(all);
    // Collapse all: one column per process (the graph opened with the selected activity expanded).
    await page.getByTestId('graph-collapse-all').click();
    await expect.poll(() => attr(page, 'columns')).toBe(6);
    expect(await page.locator('[data-testid="graph-column"][data-level="process"]').count()).toBe(6);
    expect(before).toBeGreaterThan(6);
  });

  it('exports the visible graph as SVG and PNG downloads', async () => {
    await screenshot(page, 'graph-export');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('graph-export-svg').click()]);
    expect(svg.suggestedFilename()).toBe('tracelens-graph.svg');
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text).toMatch(/>(WEB01|APP01|DB01|LEGACY01|EDGE01)</);
    expect(text).toContain('adjusted time');
    expect(text).toMatch(/<circle /);
    expect(text).not.toMatch(/<script|<foreignObject/i);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('graph-export-png').click()]);
    expect(png.suggestedFilename()).toBe('tracelens-graph.png');
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(2000);
  });
});

describeBrowser('graph frame budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-graph-big-'));
  // The default scenario with 12× the calls: over 10,000 traces, all visible at once when fitted.
  const scenario = writeScenario(dir, { ...DEFAULT_SCENARIO, calls: DEFAULT_SCENARIO.calls.map((c) => ({ ...c, count: c.count * 12 })) });
  let browser: Browser;
  let host: HostProcess;
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pans and zooms 10,000 visible marks inside a 60 Hz frame', async () => {
    browser = await launchChromium();
    host = await startHostProcess(scenario.files);
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').nth(scenario.files.length - 1).waitFor({ timeout: 60_000 });
    await page.getByTestId('tab-graph').click();
    const canvas = page.getByTestId('graph-canvas');
    await expect.poll(async () => Number(await canvas.getAttribute('data-drawn-marks')), { timeout: 20_000 }).toBeGreaterThanOrEqual(10_000);
    const box = (await page.getByTestId('graph-body').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const fullDrawMs = Number(await canvas.getAttribute('data-draw-ms'));
    const previews = async () => Number((await canvas.getAttribute('data-previews')) ?? 0);
    const previewsBefore = await previews();
    // Frame intervals and draw times while zooming in and out and dragging.
    await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; draws: number[] };
      w.frames = [];
      w.draws = [];
      let last = performance.now();
      const tick = (t: number) => {
        w.frames.push(t - last);
        last = t;
        const ms = Number(document.querySelector('[data-testid="graph-canvas"]')?.getAttribute('data-draw-ms'));
        w.draws.push(ms);
        if (w.frames.length < 400) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, -40);
      await page.waitForTimeout(30);
    }
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, 40);
      await page.waitForTimeout(30);
    }
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 200, { steps: 20 });
    await page.mouse.up();
    const endedAt = await page.evaluate(() => performance.now());
    const previewed = (await previews()) - previewsBefore;
    const { frames, draws } = await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; draws: number[] };
      return { frames: w.frames, draws: w.draws };
    });
    const sorted = (l: number[]) => l.filter(Number.isFinite).sort((a, b) => a - b);
    const p = (l: number[], q: number) => l[Math.min(l.length - 1, Math.floor(l.length * q))];
    const f = sorted(frames.slice(1));
    const d = sorted(draws);
    console.log(`graph frame budget: ${await canvas.getAttribute('data-drawn-marks')} marks; full draw ${fullDrawMs.toFixed(1)} ms; ${previewed} previewed frames; frame interval median ${p(f, 0.5).toFixed(1)} ms, p95 ${p(f, 0.95).toFixed(1)} ms; canvas draw median ${p(d, 0.5).toFixed(1)} ms, max ${d[d.length - 1].toFixed(1)} ms`);
    // Once the gesture rests, the scene is drawn in full again, for the new transform.
    await expect.poll(async () => Number(await canvas.getAttribute('data-drawn-at')), { timeout: 20_000 }).toBeGreaterThan(endedAt);
    await screenshot(page, 'graph-10k-marks');
    // The gesture's frames are previews of the last drawing (a blit, whatever the number of marks),
    // not a scene build and a draw of 10,000 marks each: most frames' drawing leaves the frame free.
    expect(previewed).toBeGreaterThanOrEqual(5);
    expect(p(d, 0.5)).toBeLessThan(12);
  });
});
