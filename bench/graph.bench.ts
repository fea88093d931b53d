// Graph bench (`node bench/run.mjs graph`): the built browser host on the 1 GB generated svclog
// (GRAPH_BENCH_FILE, default /tmp/tl-bench/svc-1G.svclog; generated with ../shared/bench if
// missing), driven by Debian's Chromium. Times in the page with performance.now from the user's
// click until the canvas has drawn the new answer (its data-drawn-at): the first graph after the
// load, the Sequence/Time, Raw/Adjusted and Focus switches; frame intervals (requestAnimationFrame)
// and canvas draw times while zooming with the wheel and dragging. It also checks that no message
// is lost: at Fit the arrows drawn plus those in bundles equal the file's message pairs (from
// `tracelens summary --json`), and in zoomed windows they equal the pairs the answer counted.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadavg } from 'node:os';
import { BENCH_DIR, ensureSvclog, startHost } from './browser-host';
import { clickBreakdown, profileTop, recordCalls, type TimedClick } from './click-breakdown';
import { frameWork, traceRendererMain } from './frame-work';

const root = process.cwd();
const { chromium } = createRequire(join(root, 'package.json'))('playwright-core') as typeof import('playwright-core');
const FILE = process.env.GRAPH_BENCH_FILE ?? join(BENCH_DIR, 'svc-1G.svclog');
const RUNS = Math.max(3, Number(process.env.GRAPH_BENCH_RUNS ?? 5));

/** Every timed click, for the breakdown of where their time went (click-breakdown.ts). */
const clicks: TimedClick[] = [];

/**
 * Clicks `selector` and resolves with the ms until the canvas drew what the user waits for: the
 * last drawing before the graph settled (no request on its way and no drawing for SETTLED_MS) with
 * the summary matching `done` (an answer that fits a focus, or a finer window after it, counts).
 * The click is kept in `clicks` under `label` (wall-clock times and a performance mark).
 */
async function clickUntilDrawn(page: Page, selector: string, done: string, label: string): Promise<number> {
  const mark = `tl-click-${clicks.length}`;
  const { at, drawn } = await page.evaluate(
    async ({ selector, done, mark, settledMs }) => {
      const test = new Function('s', `return (${done});`) as (s: Element) => boolean;
      const canvas = document.querySelector('[data-testid="graph-canvas"]')!;
      const summary = document.querySelector('[data-testid="graph-summary"]')!;
      const t0 = performance.now();
      performance.mark(mark, { startTime: t0 });
      (document.querySelector(selector) as HTMLElement).click();
      return new Promise<{ at: number; drawn: number }>((resolve) => {
        const check = () => {
          const drawn = Number(canvas.getAttribute('data-drawn-at'));
          const ready = drawn > t0 && test(summary) && summary.textContent && !summary.textContent.includes('loading');
          if (ready && performance.now() - drawn >= settledMs) resolve({ at: performance.timeOrigin + t0, drawn: performance.timeOrigin + drawn });
          else requestAnimationFrame(check);
        };
        check();
      });
    },
    { selector, done, mark, settledMs: SETTLED_MS },
  );
  clicks.push({ label, at, drawn, mark });
  return drawn - at;
}
/** The summary shows a focus's answer (builds before data-focus: the Focus button became the unfocus one). */
const FOCUSED = `(s.hasAttribute('data-focus') ? s.getAttribute('data-focus') !== '' : document.querySelector('[data-testid="graph-unfocus"]') !== null)`;
/** Quiet time after which a switch is done (its last drawing is what is timed). */
const SETTLED_MS = 150;

const stats = (xs: number[]) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))], max: s[s.length - 1] };
};

/** How many axis positions the pane shows (the graph's data-view: top,bottom). */
async function viewSpan(page: Page): Promise<number> {
  const [top, bottom] = ((await page.getByTestId('graph-summary').getAttribute('data-view')) ?? '0,0').split(',').map(Number);
  return bottom - top;
}

async function arrowCounts(page: Page): Promise<{ total: number; drawn: number; bundled: number; lod: string }> {
  // Read once the answers have settled (no request for 300 ms), all four values from the same
  // answer in one call: separate reads could straddle a newer answer arriving under load.
  for (let last = ''; ; ) {
    await page.waitForFunction(() => !document.querySelector('[data-testid="graph-summary"]')?.textContent?.includes('loading'));
    await page.waitForTimeout(300);
    const now = await page.evaluate(() => {
      const s = document.querySelector('[data-testid="graph-summary"]')!;
      return JSON.stringify({ total: Number(s.getAttribute('data-arrows')), drawn: Number(s.getAttribute('data-arrows-drawn')), bundled: Number(s.getAttribute('data-arrows-bundled')), lod: s.getAttribute('data-lod') ?? '' });
    });
    if (now === last) return JSON.parse(now) as { total: number; drawn: number; bundled: number; lod: string };
    last = now;
  }
}

async function main(): Promise<void> {
  ensureSvclog(root, FILE, '1G');
  if (!existsSync(join(root, 'out', 'cli.cjs'))) throw new Error('out/cli.cjs is missing: run `npm run build` first (`npm run bench` does).');
  const summary = JSON.parse(spawnSync(process.execPath, [join(root, 'out', 'cli.cjs'), 'summary', FILE, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout) as { svclog: { events: number; messagePairs: number } };
  console.log(`${FILE}: ${summary.svclog.events.toLocaleString('en-US')} events, ${summary.svclog.messagePairs.toLocaleString('en-US')} message pairs`);
  const browser = await chromium.launch({ executablePath: process.env.TRACELENS_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const host = await startHost(root, [FILE], 'tl-graph-bench-', { traceCalls: true });
  let failures = 0;
  const check = (ok: boolean, what: string) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures++;
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await recordCalls(page);
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').waitFor({ timeout: 600_000 });
    await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
    // The first graph: from the tab's click until the canvas has drawn the marks.
    const first = await page.evaluate(async () => {
      const t0 = performance.now();
      (document.querySelector('[data-testid="tab-graph"]') as HTMLElement).click();
      return new Promise<number>((resolve) => {
        const check = () => {
          const c = document.querySelector('[data-testid="graph-canvas"]');
          if (c && Number(c.getAttribute('data-drawn-marks')) > 0) resolve(Number(c.getAttribute('data-drawn-at')) - t0);
          else requestAnimationFrame(check);
        };
        check();
      });
    });
    console.log(`first graph after the load: ${first.toFixed(0)} ms; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    // What the host makes after the load, one step per turn of its event loop: a view request waits for one step at most.
    const prepared = host.traced.map((l) => /^span prepareAfterLoad (.+) at [\d.]+ took ([\d.]+)/.exec(l)).filter((m) => m !== null);
    if (prepared.length) console.log(`host preparations after the load (each holds its event loop): ${prepared.map((m) => `${m[1]} ${Number(m[2]).toFixed(0)} ms`).join(', ')}`);

    // Nothing lost at Fit: every message pair of the file is an arrow or in a bundle.
    await page.getByTestId('graph-fit').click();
    const fit = await arrowCounts(page);
    const fitSpan = await viewSpan(page);
    check(fit.total === summary.svclog.messagePairs && fit.drawn + fit.bundled === fit.total, `Fit: ${fit.drawn.toLocaleString('en-US')} arrows drawn + ${fit.bundled.toLocaleString('en-US')} in bundles = ${(fit.drawn + fit.bundled).toLocaleString('en-US')}; message pairs in the file: ${summary.svclog.messagePairs.toLocaleString('en-US')}`);

    // Pan and zoom: frame intervals and draw times.
    const box = (await page.getByTestId('graph-body').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; draws: number[]; stop: boolean };
      w.frames = [];
      w.draws = [];
      w.stop = false;
      let last = performance.now();
      const tick = (t: number) => {
        w.frames.push(t - last);
        last = t;
        w.draws.push(Number(document.querySelector('[data-testid="graph-canvas"]')?.getAttribute('data-draw-ms')));
        if (!w.stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // In about 50× (12 steps of ×1.39), drag down and up, out 7× (6 steps): the window ends
    // about 7× narrower than the whole run, and the frames' work is traced throughout, including
    // the redraws once each gesture rests.
    const work = await frameWork(page, async () => {
      for (let i = 0; i < 12; i++) {
        await page.mouse.wheel(0, -240);
        await page.waitForTimeout(40);
      }
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 300, { steps: 30 });
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 200, { steps: 30 });
      await page.mouse.up();
      for (let i = 0; i < 6; i++) {
        await page.mouse.wheel(0, 240);
        await page.waitForTimeout(40);
      }
      // The answer for the window it rests on and its drawing.
      await page.waitForTimeout(1500);
    });
    const { frames, draws } = await page.evaluate(() => {
      const w = window as unknown as { frames: number[]; draws: number[]; stop: boolean };
      w.stop = true;
      return { frames: w.frames.slice(1), draws: w.draws };
    });
    const f = stats(frames);
    const d = stats(draws);
    const ww = stats(work.wall);
    const wc = stats(work.cpu);
    console.log(`pan/zoom frame work (main thread, from a Chromium trace): ${work.wall.length} frames, wall median ${ww.median.toFixed(1)} ms, p95 ${ww.p95.toFixed(1)} ms, max ${ww.max.toFixed(1)} ms; CPU median ${wc.median.toFixed(1)} ms, p95 ${wc.p95.toFixed(1)} ms, max ${wc.max.toFixed(1)} ms (target p95 < 16 ms); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (const l of work.longest) console.log(`  a long frame: ${l.wall.toFixed(1)} ms wall, ${l.cpu.toFixed(1)} ms CPU: ${l.parts}`);
    console.log(`pan/zoom: ${frames.length} frames, interval median ${f.median.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms; canvas draw median ${d.median.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, max ${d.max.toFixed(1)} ms`);

    // Zoomed in: still every pair of the answer's window is drawn or bundled.
    const zoomed = await arrowCounts(page);
    const zoomedSpan = await viewSpan(page);
    check(zoomed.total < fit.total && zoomedSpan < fitSpan / 3, `zoomed in: the pane shows ${zoomedSpan.toFixed(0)} of the ${fitSpan.toFixed(0)} rows shown at Fit; the answer's window holds ${zoomed.total} of the ${fit.total} message pairs`);
    check(zoomed.drawn + zoomed.bundled === zoomed.total, `zoomed: ${zoomed.drawn} drawn + ${zoomed.bundled} bundled = ${zoomed.total} message pairs in the window`);

    // Switches, with the renderer's main thread traced (where a slow one's time went: click-breakdown.ts).
    const rows: { op: string; runs: number[] }[] = [];
    const layout: number[] = [];
    const raw: number[] = [];
    const focus: number[] = [];
    const focusPreparing: number[] = [];
    const switches = await traceRendererMain(page, async () => {
      for (let i = 0; i < RUNS; i++) {
        layout.push(await clickUntilDrawn(page, '[data-testid="graph-layout-time"]', `s.getAttribute('data-layout') === 'time'`, 'Time'));
        layout.push(await clickUntilDrawn(page, '[data-testid="graph-layout-sequence"]', `s.getAttribute('data-layout') === 'sequence'`, 'Sequence'));
        raw.push(await clickUntilDrawn(page, '[data-testid="mode-raw"]', `s.getAttribute('data-mode') === 'raw'`, 'Raw'));
        raw.push(await clickUntilDrawn(page, '[data-testid="mode-adjusted"]', `s.getAttribute('data-mode') === 'adjusted'`, 'Adjusted'));
      }
    });
    const switchLines = await clickBreakdown(page, clicks, host.traced, switches.events);
    // Focus on the activity of a trace clicked in the graph.
    await page.waitForFunction(() => document.querySelector('[data-testid="graph-body"]')?.getAttribute('data-sample-mark'), undefined, { timeout: 10_000 }).catch(() => undefined);
    const sample = await page.getByTestId('graph-body').getAttribute('data-sample-mark');
    if (!sample) console.log('no trace under the pointer to focus on: Focus not timed');
    if (sample) {
      const [x, y] = sample.split(',').map(Number);
      const summary = (p: Page) => p.getByTestId('graph-summary').getAttribute('data-traces');
      await page.mouse.click(box.x + x, box.y + y);
      await page.waitForFunction(() => !(document.querySelector('[data-testid="graph-focus"]') as HTMLButtonElement | null)?.disabled);
      const focusOnOff = async (into: number[], label: string) => {
        into.push(await clickUntilDrawn(page, '[data-testid="graph-focus"]', FOCUSED, `Focus on${label}`));
        const focused = `${(await page.getByTestId('graph-unfocus').textContent())?.trim()}: ${await summary(page)} traces in the answer`;
        into.push(await clickUntilDrawn(page, '[data-testid="graph-unfocus"]', `!(${FOCUSED})`, `Focus off${label}`));
        return focused;
      };
      const firstFocus = clicks.length;
      if (process.env.GRAPH_BENCH_PROFILE === '1') {
        const top = await profileTop(page, async () => {
          for (let i = 0; i < 3; i++) await focusOnOff([], ' (profiled)');
        });
        console.log('the renderer\'s JS self time over three Focus on/off (sampled):');
        for (const l of top) console.log(`  ${l}`);
      }
      const traced = await traceRendererMain(page, async () => {
        for (let i = 0; i < RUNS; i++) {
          const focused = await focusOnOff(focus, '');
          if (!i) console.log(focused);
        }
        // Right after a clock switch, while the host prepares the other clock's window (250 ms after
        // an answer) and the layouts of the new clock are made: Focus at several delays after it.
        for (let i = 0; i < RUNS; i++) {
          const wait = [0, 200, 250, 300, 350][i % 5];
          for (const mode of ['raw', 'adjusted']) {
            raw.push(await clickUntilDrawn(page, `[data-testid="mode-${mode}"]`, `s.getAttribute('data-mode') === '${mode}'`, mode === 'raw' ? 'Raw' : 'Adjusted'));
            await page.waitForTimeout(wait);
            await focusOnOff(focusPreparing, ` ${wait} ms after ${mode === 'raw' ? 'Raw' : 'Adjusted'}`);
          }
        }
      });
      console.log(`Focus on/off, each: ${focus.map((t) => t.toFixed(0)).join(' ')} ms`);
      console.log(`Focus on/off right after a clock switch, each: ${focusPreparing.map((t) => t.toFixed(0)).join(' ')} ms`);
      console.log('\nwhere each Focus on/off went (ms; page = the renderer, host = the main side):');
      for (const l of await clickBreakdown(page, clicks.slice(firstFocus).filter((c) => c.label.startsWith('Focus')), host.traced, traced.events)) console.log(`  ${l}`);
    }
    console.log('\nthe switches (Sequence/Time, Raw/Adjusted) before the Focus runs:');
    for (const l of switchLines) console.log(`  ${l}`);
    rows.push({ op: 'switch Sequence / Time', runs: layout }, { op: 'switch Raw / Adjusted', runs: raw }, { op: 'Focus on / off', runs: focus }, { op: 'Focus on / off right after Raw / Adjusted', runs: focusPreparing }, { op: 'Focus on / off, all', runs: [...focus, ...focusPreparing] });
    console.log('\n| operation | median ms | max ms |\n|---|---:|---:|');
    console.log(`| first graph after the load | ${first.toFixed(0)} | ${first.toFixed(0)} |`);
    for (const r of rows) {
      const s = stats(r.runs);
      if (r.runs.length) console.log(`| ${r.op} | ${s.median.toFixed(0)} | ${s.max.toFixed(0)} |`);
    }
    console.log(`| pan/zoom frame interval (p95) | ${f.median.toFixed(1)} | ${f.p95.toFixed(1)} |`);
    console.log(`| canvas draw per frame (p95) | ${d.median.toFixed(1)} | ${d.p95.toFixed(1)} |`);
    console.log(`| pan/zoom frame work, wall (p95) | ${ww.median.toFixed(1)} | ${ww.p95.toFixed(1)} |`);
    console.log(`| pan/zoom frame work, CPU (p95) | ${wc.median.toFixed(1)} | ${wc.p95.toFixed(1)} |`);
  } finally {
    await browser.close();
    host.child.kill();
  }
  if (failures) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
