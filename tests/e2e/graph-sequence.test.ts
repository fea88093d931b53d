/**
 * User task, end to end in Chromium against the browser host, on a generated three-machine run
 * (WEB01 → APP01 → DB01, one activity per order across all three): select an order, open the
 * graph and read that order's traces across the three hosts in order without zooming; follow a
 * SubmitOrder arrow to its receive; expand a collapsed transfer with its +; switch to thread
 * columns and back; switch to Raw and see backwards arrows while no column moves. What is drawn on
 * the canvas is read from the graph's accessible lists, which are built from the same scene.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeThreeMachines } from '../support/three-machine';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { CLI, startHostProcess, type HostProcess } from './support/host';

if (!HAS_CHROMIUM) console.warn('SKIPPED graph sequence end-to-end test: /usr/bin/chromium is missing');
const describeBrowser = HAS_CHROMIUM ? describe : describe.skip;

process.env.TRACELENS_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tl-graph-seq-config-'));

const summary = (page: Page) => page.getByTestId('graph-summary');
/** A switch is a new layout on the main side and a redraw: on a machine shared by many jobs that can take seconds. */
const SWITCH = { timeout: 10_000 };
const attr = async (page: Page, name: string) => (await summary(page).getAttribute(`data-${name}`)) ?? '';

interface TraceItem {
  host: string;
  activity: number;
  file: string;
  index: number;
  y: number;
  text: string;
}
const traceItems = (page: Page) =>
  page.getByTestId('graph-trace-item').evaluateAll((els) =>
    els.map((e) => ({ host: e.getAttribute('data-host')!, activity: Number(e.getAttribute('data-activity')), file: e.getAttribute('data-file')!, index: Number(e.getAttribute('data-index')), y: Number(e.getAttribute('data-y')), text: e.textContent ?? '' })),
  ) as Promise<TraceItem[]>;

/** Header cells of the innermost row: what each column is and where it is. */
const columnHeads = (page: Page) => page.getByTestId('graph-column').evaluateAll((els) => els.map((e) => `${e.textContent}@${Math.round(e.getBoundingClientRect().left)}`));

describeBrowser('graph: reading one order across three machines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-graph-three-'));
  const run = writeThreeMachines(dir);
  let browser: Browser;
  let host: HostProcess;
  let page: Page;
  /** The run's traces and message pairs, as `tracelens summary` counts them. */
  const counted = JSON.parse(spawnSync(process.execPath, [CLI, 'summary', ...run.files, '--json'], { encoding: 'utf8' }).stdout) as { svclog: { events: number; messagePairs: number } };
  const whole = { traces: counted.svclog.events, messagePairs: counted.svclog.messagePairs };
  let order = -1;
  /** The selected order's traces (file:index), as the trace list shows them. */
  let orderTraces: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    host = await startHostProcess(run.files);
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').nth(run.files.length - 1).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens on the selected order, its traces on three hosts readable in order without zooming', async () => {
    // The user picks an order (a SubmitOrder activity) in the Activities list, then opens the graph.
    const rows = page.locator('[data-testid="activity-row"]', { hasText: 'SubmitOrder' });
    await rows.nth(5).click();
    order = Number(await rows.nth(5).getAttribute('data-index'));
    const traces = page.locator('[data-testid="trace-row"]');
    await expect.poll(() => traces.count()).toBeGreaterThan(10);
    const inList = await traces.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-file')}:${e.getAttribute('data-index')}`));
    orderTraces = inList;
    await page.getByTestId('tab-graph').click();
    await expect.poll(() => attr(page, 'expanded'), { timeout: 15_000 }).toContain(String(order));
    await page.waitForTimeout(1500);
    await screenshot(page, 'graph-open-debug');
    await expect.poll(async () => (await traceItems(page)).filter((t) => t.activity === order).length, { timeout: 10_000 }).toBe(inList.length);
    const mine = (await traceItems(page)).filter((t) => t.activity === order);
    // Every trace of the order, in the trace list's order, one readable row apart.
    expect(mine.map((t) => `${t.file}:${t.index}`)).toEqual(inList);
    const hostsInOrder = mine.map((t) => t.host).filter((h, i, a) => i === 0 || a[i - 1] !== h);
    expect(hostsInOrder.slice(0, 5)).toEqual(['WEB01', 'APP01', 'DB01', 'APP01', 'WEB01']);
    for (let i = 1; i < mine.length; i++) expect(mine[i].y - mine[i - 1].y).toBeGreaterThanOrEqual(14);
    expect(mine.some((t) => /Reserving stock for order/.test(t.text))).toBe(true);
    expect(await attr(page, 'layout')).toBe('sequence');
    // The rest is collapsed into process columns, and the canvas labels do not overprint.
    expect(await page.locator('[data-testid="graph-column"][data-level="process"]').count()).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('graph-canvas').getAttribute('data-labels'))).toBeGreaterThan(5);
    await screenshot(page, 'graph-open-order');
  });

  it('follows a SubmitOrder arrow to its receive on APP01', async () => {
    const arrow = page.locator('[data-testid="graph-arrow-item"]', { hasText: /^Follow SubmitOrder from WEB01/ }).first();
    const [x1, y1, x2, y2] = await arrow.evaluate((e) => ['x1', 'y1', 'x2', 'y2'].map((k) => Number(e.getAttribute(`data-${k}`))));
    const to = `${await arrow.getAttribute('data-to-file')},${await arrow.getAttribute('data-to-index')}`;
    // Click the arrow's line (not its label), away from any column's marks.
    const body = (await page.getByTestId('graph-body').boundingBox())!;
    const f = 0.5;
    await page.mouse.click(body.x + x1 + (x2 - x1) * f, body.y + y1 + (y2 - y1) * f);
    const selected = page.locator('[data-testid="trace-row"][aria-selected="true"]');
    await expect.poll(async () => ((await selected.count()) ? `${await selected.getAttribute('data-file')},${await selected.getAttribute('data-index')}` : ''), { timeout: 10_000 }).toBe(to);
    await expect.poll(() => page.getByTestId('graph-canvas').getAttribute('data-selected-drawn')).toBe('true');
    // ↓ steps to the next trace of that column and keeps it in view.
    await page.getByTestId('graph-body').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => `${await selected.getAttribute('data-file')},${await selected.getAttribute('data-index')}`).not.toBe(to);
    await expect.poll(() => page.getByTestId('graph-canvas').getAttribute('data-selected-drawn')).toBe('true');
  });

  it('expands a collapsed transfer with its +', async () => {
    // The next orders' transfers are a little further down: zoom out a step until one shows.
    const plus = page.locator('[data-testid="graph-transfer-item"][data-expand="true"]').first();
    for (let i = 0; i < 4 && !(await plus.count()); i++) {
      await page.getByTestId('graph-body').press('-');
      await page.waitForTimeout(300);
    }
    const target = await plus.getAttribute('data-target');
    const [x, y] = await plus.evaluate((e) => [Number(e.getAttribute('data-toggle-x')), Number(e.getAttribute('data-toggle-y'))]);
    const body = (await page.getByTestId('graph-body').boundingBox())!;
    const before = Number(await attr(page, 'columns'));
    await page.mouse.click(body.x + x, body.y + y);
    await expect.poll(async () => (await attr(page, 'expanded')).split(','), SWITCH).toContain(target!);
    await expect.poll(() => page.locator(`[data-testid="graph-column"][data-activity="${target}"]`).count()).toBeGreaterThan(0);
    expect(Number(await attr(page, 'columns'))).toBeGreaterThan(before);
    await screenshot(page, 'graph-transfer-expanded');
  });

  it('switches to thread columns and back', async () => {
    await page.getByTestId('graph-by-thread').click();
    await expect.poll(() => attr(page, 'columns-by'), SWITCH).toBe('thread');
    const heads = await page.getByTestId('graph-column').allTextContents();
    // WEB01 writes on 4 threads, APP01 on 3, DB01 on 2.
    expect(heads.filter((h) => /^thread \d+$/.test(h))).toHaveLength(9);
    await screenshot(page, 'graph-threads');
    await page.getByTestId('graph-by-activity').click();
    await expect.poll(() => attr(page, 'columns-by'), SWITCH).toBe('activity');
  });

  it('switches to Raw: backwards arrows appear and no column moves', async () => {
    await expect.poll(async () => (await columnHeads(page)).length).toBeGreaterThan(3);
    const before = await columnHeads(page);
    expect(Number(await attr(page, 'backwards'))).toBe(0);
    await page.getByTestId('mode-raw').click();
    await expect.poll(() => attr(page, 'mode'), SWITCH).toBe('raw');
    await expect.poll(async () => Number(await attr(page, 'backwards'))).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="graph-arrow-item"][data-backwards="true"]').count()).toBeGreaterThan(0);
    expect(await columnHeads(page)).toEqual(before);
    await screenshot(page, 'graph-raw-order');
    await page.getByTestId('mode-adjusted').click();
    await expect.poll(() => attr(page, 'mode'), SWITCH).toBe('adjusted');
    expect(await columnHeads(page)).toEqual(before);
  });

  it('keeps the same traces in view across Raw/Adjusted, and stays readable while zooming and panning with the wheel', async () => {
    const selected = page.locator('[data-testid="trace-row"][aria-selected="true"]');
    const sel = `${await selected.getAttribute('data-file')}:${await selected.getAttribute('data-index')}`;
    const height = (await page.getByTestId('graph-body').boundingBox())!.height;
    /** The traces in view once the graph rests (the accessible list follows the drawing 150 ms after it). */
    const inView = async () => {
      await expect.poll(() => attr(page, 'view'), SWITCH).not.toBe('');
      let last = '';
      for (;;) {
        await page.waitForTimeout(400);
        const now = (await traceItems(page)).map((t) => `${t.file}:${t.index}`).join(' ');
        if (now === last && !(await summary(page).textContent())?.includes('loading')) return now.split(' ');
        last = now;
      }
    };
    /** The selected trace is drawn, inside the pane. */
    const selectedInView = async (when: string) => {
      await expect.poll(() => page.getByTestId('graph-canvas').getAttribute('data-selected-drawn'), { ...SWITCH, message: `selected trace drawn ${when}` }).toBe('true');
      const item = (await traceItems(page)).find((t) => `${t.file}:${t.index}` === sel);
      expect(item, `selected trace ${sel} listed in view ${when}`).toBeDefined();
      expect(item!.y).toBeGreaterThanOrEqual(0);
      expect(item!.y).toBeLessThanOrEqual(height);
      return item!;
    };
    /** No two labels on the canvas share a pixel. */
    const labelsClear = async () => {
      const boxes = await page.getByTestId('graph-label-item').evaluateAll((els) => els.map((e) => ({ x: Number(e.getAttribute('data-x')), y: Number(e.getAttribute('data-y')), w: Number(e.getAttribute('data-w')), text: e.textContent })));
      expect(boxes.length).toBeGreaterThan(0);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const apart = a.x + a.w <= b.x + 1 || b.x + b.w <= a.x + 1 || a.y + 13 <= b.y + 1 || b.y + 13 <= a.y + 1;
          expect(apart, `labels "${a.text}" and "${b.text}" overprint`).toBe(true);
        }
    };
    const heads = await columnHeads(page);
    const adjusted = await inView();
    await selectedInView('before the switch');
    // Raw: the same columns in the same places, the selected trace still in view with most of its neighbours.
    await page.getByTestId('mode-raw').click();
    await expect.poll(() => attr(page, 'mode'), SWITCH).toBe('raw');
    const raw = await inView();
    expect(await columnHeads(page)).toEqual(heads);
    await selectedInView('in Raw');
    expect(raw.filter((t) => adjusted.includes(t)).length).toBeGreaterThanOrEqual(adjusted.length * 0.8);
    // And back: exactly the traces that were in view before.
    await page.getByTestId('mode-adjusted').click();
    await expect.poll(() => attr(page, 'mode'), SWITCH).toBe('adjusted');
    expect(await inView()).toEqual(adjusted);
    expect(await columnHeads(page)).toEqual(heads);
    await labelsClear();

    // Wheel in on the selected trace, then out past where it started, then drag: it stays in view and no labels overprint.
    const body = (await page.getByTestId('graph-body').boundingBox())!;
    const at = await selectedInView('before the wheel');
    await page.mouse.move(body.x + body.width / 2, body.y + at.y);
    const drawnAt = async () => Number(await page.getByTestId('graph-canvas').getAttribute('data-drawn-at'));
    for (const [dy, steps] of [
      [-120, 3],
      [120, 6],
    ]) {
      const before = await drawnAt();
      for (let i = 0; i < steps; i++) {
        await page.mouse.wheel(0, dy);
        await page.waitForTimeout(50);
      }
      await expect.poll(drawnAt, SWITCH).toBeGreaterThan(before);
      await inView();
      await selectedInView(`after the wheel (${dy})`);
      await labelsClear();
    }
    await screenshot(page, 'graph-wheel-zoomed');
    const mark = await selectedInView('after the wheel (screenshot)');
    await page.mouse.move(body.x + body.width / 2, body.y + mark.y);
    await page.mouse.down();
    await page.mouse.move(body.x + body.width / 2, body.y + mark.y + Math.min(120, height - mark.y - 20), { steps: 8 });
    await page.mouse.up();
    await inView();
    await selectedInView('after the drag');
    await labelsClear();
    expect(await columnHeads(page)).toEqual(heads);
  });

  it('shows the whole run at Fit with the pause as a labelled break, and the focused order', async () => {
    // Widen the graph's pane as a user reading it would (the README's screenshots are these).
    const splitter = page.locator('[data-testid="splitter-files"]');
    const sb = (await splitter.boundingBox())!;
    await page.mouse.move(sb.x + sb.width / 2, sb.y + 2);
    await page.mouse.down();
    await page.mouse.move(sb.x + sb.width / 2, sb.y + 150, { steps: 5 });
    await page.mouse.up();
    const b = (await page.getByTestId('splitter-graph').boundingBox())!;
    await page.mouse.move(b.x + 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + 420, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('graph-fit').click();
    await expect.poll(() => page.getByTestId('graph-break').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('graph-break').first().textContent()).toContain('12 min 04 s');
    await screenshot(page, 'graph-overview');
    // The Time layout keeps the same break; Sequence again for the focus.
    await page.getByTestId('graph-layout-time').click();
    await expect.poll(() => attr(page, 'layout'), SWITCH).toBe('time');
    // A switch fits the selected trace's activity (the break may be out of view): Fit shows the whole run.
    await page.getByTestId('graph-fit').click();
    await expect.poll(async () => (await page.getByTestId('graph-break').allTextContents()).join(' '), SWITCH).toContain('12 min 04 s');
    await screenshot(page, 'graph-time-layout');
    await page.getByTestId('graph-layout-sequence').click();
    await expect.poll(() => attr(page, 'layout'), SWITCH).toBe('sequence');
    await page.getByTestId('graph-focus').click();
    await expect.poll(async () => (await traceItems(page)).filter((t) => t.activity === order).length).toBeGreaterThan(10);
    await screenshot(page, 'graph-focus-order');
    await page.getByTestId('graph-unfocus').click();
  });

  it('Focus keeps the focused order in view, and Focus off brings the rest back around it', async () => {
    const height = (await page.getByTestId('graph-body').boundingBox())!.height;
    /** The order's traces drawn inside the pane, once the answers rest. */
    const orderInPane = async () => {
      const items = await traceItems(page);
      return items
        .filter((t) => t.activity === order && t.y >= 0 && t.y <= height)
        .map((t) => `${t.file}:${t.index}`)
        .sort();
    };
    const all = [...orderTraces].sort();
    await page.getByTestId('graph-fit').click();
    await expect.poll(() => attr(page, 'traces'), SWITCH).toBe(String(whole.traces));
    // Select the order's first trace in the list, then focus on it: only the order and what it calls are drawn, the whole order in the pane.
    await page.getByTestId('tab-activities').click();
    await page.locator(`[data-testid="activity-row"][data-index="${order}"]`).click();
    await page.locator('[data-testid="trace-row"]').first().click();
    await page.getByTestId('tab-graph').click();
    await page.getByTestId('graph-focus').click();
    await expect.poll(() => page.getByTestId('graph-unfocus').count(), SWITCH).toBe(1);
    await expect.poll(orderInPane, SWITCH).toEqual(all);
    const focused = Number(await attr(page, 'traces'));
    expect(focused).toBeGreaterThanOrEqual(all.length);
    expect(focused).toBeLessThan(whole.traces / 10);
    const focusedColumns = Number(await attr(page, 'columns'));
    // Focus off: every trace of the run is back with the other columns, and the order stays in view.
    await page.getByTestId('graph-unfocus').click();
    await expect.poll(() => attr(page, 'traces'), SWITCH).toBe(String(whole.traces));
    await expect.poll(orderInPane, SWITCH).toEqual(all);
    expect(Number(await attr(page, 'columns'))).toBeGreaterThan(focusedColumns);
    // And on again, then off again: the same.
    await page.getByTestId('graph-focus').click();
    await expect.poll(() => attr(page, 'traces'), SWITCH).toBe(String(focused));
    await expect.poll(orderInPane, SWITCH).toEqual(all);
    await page.getByTestId('graph-unfocus').click();
    await expect.poll(() => attr(page, 'traces'), SWITCH).toBe(String(whole.traces));
  });

  it('Focus on/off right after a clock switch or a load shows the same graph as when nothing is being prepared', async () => {
    const height = (await page.getByTestId('graph-body').boundingBox())!.height;
    /**
     * What the graph shows once the answers rest (the accessible list follows the drawing): its
     * trace count, its columns, and every drawn trace (host, activity, record; with `y`, where).
     */
    const shown = async (p: Page, withY = true) => {
      let last = '';
      for (;;) {
        await p.waitForTimeout(400);
        const items = (await traceItems(p)).map((t) => `${t.host}|${t.activity}|${t.index}${withY ? `@${Math.round(t.y)}` : ''}`).sort();
        const heads = await p.getByTestId('graph-column').evaluateAll((els) => els.map((e) => e.textContent));
        const now = JSON.stringify({ traces: await attr(p, 'traces'), focus: await attr(p, 'focus'), heads, items });
        if (now === last && !(await summary(p).textContent())?.includes('loading')) return JSON.parse(now) as { traces: string; focus: string; heads: string[]; items: string[] };
        last = now;
      }
    };
    const orderInPane = async (p: Page) => (await traceItems(p)).filter((t) => t.activity === order && t.y >= 0 && t.y <= height).length;
    /** Focus on, then off, each read once it rests; `wait` ms after the clock switch before the click. */
    const focusOnOff = async () => {
      await page.getByTestId('graph-focus').click();
      await expect.poll(() => attr(page, 'focus'), SWITCH).toBe(String(order));
      const on = await shown(page);
      await page.getByTestId('graph-unfocus').click();
      await expect.poll(() => attr(page, 'focus'), SWITCH).toBe('');
      return { on, off: await shown(page) };
    };
    await page.getByTestId('graph-fit').click();
    await expect.poll(() => attr(page, 'traces'), SWITCH).toBe(String(whole.traces));
    // The graph at rest in each clock: nothing is being prepared (the other clock's window is made 250 ms after an answer).
    const reference = new Map<string, Awaited<ReturnType<typeof focusOnOff>>>();
    for (const mode of ['raw', 'adjusted']) {
      await page.getByTestId(`mode-${mode}`).click();
      await expect.poll(() => attr(page, 'mode'), SWITCH).toBe(mode);
      await page.waitForTimeout(1500);
      reference.set(mode, await focusOnOff());
      const ref = reference.get(mode)!;
      expect(ref.on.focus).toBe(String(order));
      expect(Number(ref.on.traces)).toBeLessThan(whole.traces / 10);
      expect(await orderInPane(page)).toBeGreaterThan(0);
      expect(ref.off.traces).toBe(String(whole.traces));
    }
    // Right after each switch, and while the other clock is being prepared: the same graph, focused and back.
    for (const wait of [0, 260]) {
      for (const mode of ['raw', 'adjusted']) {
        await page.getByTestId(`mode-${mode}`).click();
        await expect.poll(() => attr(page, 'mode'), SWITCH).toBe(mode);
        await page.waitForTimeout(wait);
        await page.getByTestId('graph-focus').click();
        await expect.poll(() => attr(page, 'focus'), SWITCH).toBe(String(order));
        expect(await shown(page), `Focus ${wait} ms after ${mode}`).toEqual(reference.get(mode)!.on);
        expect(await orderInPane(page)).toBe(orderTraces.length);
        await page.getByTestId('graph-unfocus').click();
        await expect.poll(() => attr(page, 'focus'), SWITCH).toBe('');
        expect(await shown(page), `Focus off ${wait} ms after ${mode}`).toEqual(reference.get(mode)!.off);
      }
    }

    // Right after a load (the host still prepares what the graph reads): the same files in a fresh host and page.
    const fresh = await startHostProcess(run.files);
    const second = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      await second.goto(fresh.url);
      await second.locator('[data-testid="file-item"][data-state="loaded"]').nth(run.files.length - 1).waitFor({ timeout: 30_000 });
      await second.locator(`[data-testid="activity-row"][data-index="${order}"]`).click();
      await second.locator('[data-testid="trace-row"]').first().click();
      await second.getByTestId('tab-graph').click();
      await second.getByTestId('graph-focus').click();
      await expect.poll(() => attr(second, 'focus'), SWITCH).toBe(String(order));
      // The pane is narrower than the first page's (widened above): the same traces and columns, placed for it.
      const on = await shown(second, false);
      const ref = reference.get('adjusted')!.on;
      expect(on.traces).toBe(ref.traces);
      expect(on.heads).toEqual(ref.heads);
      expect(on.items).toEqual(ref.items.map((i) => i.replace(/@-?\d+$/, '')));
      expect((await traceItems(second)).filter((t) => t.activity === order).map((t) => `${t.index}`)).toHaveLength(orderTraces.length);
      await second.getByTestId('graph-unfocus').click();
      await expect.poll(() => attr(second, 'traces'), SWITCH).toBe(String(whole.traces));
    } finally {
      await second.close();
      await fresh.stop();
    }
  });

  it('zooming narrows the window, and every message pair in it is an arrow or in a bundle', async () => {
    const span = async () => {
      const [top, bottom] = (await attr(page, 'view')).split(',').map(Number);
      return bottom - top;
    };
    /** The arrow counts of one answer, read when the answers rest. */
    const arrows = async () => {
      let last = '';
      for (;;) {
        await page.waitForTimeout(400);
        const now = JSON.stringify(await Promise.all(['arrows', 'arrows-drawn', 'arrows-bundled'].map((a) => attr(page, a).then(Number))));
        if (now === last && !(await summary(page).textContent())?.includes('loading')) return JSON.parse(now) as number[];
        last = now;
      }
    };
    await page.getByTestId('graph-fit').click();
    await expect.poll(() => attr(page, 'traces'), SWITCH).toBe(String(whole.traces));
    const [fitTotal, fitDrawn, fitBundled] = await arrows();
    expect(fitTotal).toBe(whole.messagePairs);
    expect(fitDrawn + fitBundled).toBe(fitTotal);
    const fitSpan = await span();
    const body = (await page.getByTestId('graph-body').boundingBox())!;
    await page.mouse.move(body.x + body.width / 2, body.y + body.height / 2);
    for (let i = 0; i < 8; i++) {
      await page.mouse.wheel(0, -240);
      await page.waitForTimeout(60);
    }
    await expect.poll(span, SWITCH).toBeLessThan(fitSpan / 10);
    const [total, drawn, bundled] = await arrows();
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(fitTotal);
    expect(drawn + bundled).toBe(total);
    await page.getByTestId('graph-fit').click();
  });
});
