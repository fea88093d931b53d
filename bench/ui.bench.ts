// UI bench (`node bench/run.mjs ui`): the built browser host on the 100 MB generated svclog, driven
// by Debian's Chromium. Each operation is timed in the page with performance.mark/measure from
// the user action until the DOM holds the new rows (checked on every DOM mutation): scrolling the
// trace list, selecting an activity, changing a filter, sorting activities. Then the longest
// renderer main-thread task (PerformanceObserver 'longtask') while a large file loads
// (UI_BENCH_BIG, default /tmp/tl-bench/svc-1G.svclog; generated with ../shared/bench if missing).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { BENCH_DIR, ensureSvclog, launchBenchChromium, longTasks, observeLongTasks, startHost } from './browser-host';

const root = process.cwd();
const RUNS = Math.max(3, Number(process.env.UI_BENCH_RUNS ?? 7));
const MEDIUM = join(BENCH_DIR, 'svc-100M.svclog');
const BIG = process.env.UI_BENCH_BIG ?? join(BENCH_DIR, 'svc-1G.svclog');

/**
 * Runs `act` in the page between two performance marks and resolves with the measure once
 * `done` holds (tested after every DOM mutation batch and every 5 ms as a fallback).
 */
async function timed(page: Page, name: string, act: string, done: string): Promise<number> {
  return page.evaluate(
    async ({ name, act, done }) => {
      const test = new Function(`return (${done});`) as () => boolean;
      const run = new Function(act) as () => void;
      performance.mark(`${name}-start`);
      run();
      await new Promise<void>((resolve) => {
        const check = () => {
          if (!test()) return false;
          observer.disconnect();
          clearInterval(timer);
          resolve();
          return true;
        };
        const observer = new MutationObserver(() => void check());
        const timer = setInterval(check, 5);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        check();
      });
      performance.mark(`${name}-end`);
      return performance.measure(name, `${name}-start`, `${name}-end`).duration;
    },
    { name, act, done },
  );
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

async function main(): Promise<void> {
  ensureSvclog(root, MEDIUM, '100M');
  if (!existsSync(join(root, 'out', 'cli.cjs'))) throw new Error('out/cli.cjs is missing: run `npm run build` first (`npm run bench` does).');
  const browser = await launchBenchChromium(root);
  const results: { op: string; runs: number[] }[] = [];
  const host = await startHost(root, [MEDIUM], 'tl-ui-bench-');
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor();
    const table = '[data-testid="activity-table"]';
    const ready = (sel: string) => `document.querySelector('${sel}[data-ready="true"]') !== null`;

    // Selecting an activity: rows at several list positions; done when its traces are in the list.
    const select: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const pos = 1 + i * 2;
      const idx = await page.locator(`[data-testid="activity-row"][data-pos="${pos}"]`).getAttribute('data-index');
      select.push(
        await timed(
          page,
          `select-${i}`,
          `document.querySelector('[data-testid="activity-row"][data-pos="${pos}"]').click();`,
          `${ready('[data-testid="trace-table"]')} && document.querySelector('[data-testid="trace-row"]')?.getAttribute('data-activity') === '${idx}'`,
        ),
      );
    }
    results.push({ op: 'select an activity', runs: select });

    // Scrolling the trace list of the root activity (the largest): jump to random places.
    await page.locator('[data-testid="activity-header-traces"]').click();
    await page.locator('[data-testid="activity-header-traces"]').click();
    await page.locator(`${table}[data-ready="true"]`).waitFor();
    await page.locator('[data-testid="activity-row"][data-pos="0"]').click();
    await page.locator('[data-testid="trace-table"][data-ready="true"]').waitFor();
    const traceTotal = Number(await page.locator('[data-testid="trace-table"]').getAttribute('data-total'));
    const scroll: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const target = Math.floor(((i + 1) / (RUNS + 1)) * traceTotal);
      scroll.push(
        await timed(
          page,
          `scroll-${i}`,
          `document.querySelector('[data-testid="trace-rows"]').scrollTop = ${target} * 22;`,
          `document.querySelector('[data-testid="trace-row"][data-pos="${target + 2}"]') !== null`,
        ),
      );
    }
    results.push({ op: `scroll the trace list (${traceTotal} traces)`, runs: scroll });

    // Changing a filter: the errors-and-warnings switch, on and off; done when the new activity page is in.
    const filter: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = await page.locator(table).getAttribute('data-total');
      filter.push(
        await timed(
          page,
          `filter-${i}`,
          `document.querySelector('[data-testid="filter-errors-warnings"]').click();`,
          `${ready(table)} && document.querySelector('${table}').getAttribute('data-total') !== '${before}'`,
        ),
      );
    }
    results.push({ op: 'change a filter (errors & warnings)', runs: filter });

    // Sorting activities by each column in turn.
    const sort: number[] = [];
    const columns = ['name', 'duration', 'start', 'end', 'hosts', 'severity', 'traces'];
    for (let i = 0; i < Math.max(RUNS, columns.length); i++) {
      const col = columns[i % columns.length];
      sort.push(
        await timed(
          page,
          `sort-${i}`,
          `document.querySelector('[data-testid="activity-header-${col}"]').click();`,
          `document.querySelector('[data-testid="activity-header-${col}"]').hasAttribute('aria-sort') && ${ready(table)} && document.querySelector('[data-testid="activity-row"]') !== null`,
        ),
      );
    }
    results.push({ op: 'sort activities (each column)', runs: sort });
    await page.close();
  } finally {
    host.child.kill();
  }

  console.log(`\nUI operations on ${MEDIUM} (${(statSync(MEDIUM).size / 1e6).toFixed(0)} MB), ${RUNS}+ runs each, ms from the action until the new rows are in the DOM:`);
  console.log('| operation | median ms | max ms | target |');
  console.log('|---|---:|---:|---|');
  for (const r of results) {
    const s = stats(r.runs);
    console.log(`| ${r.op} | ${s.median.toFixed(1)} | ${s.max.toFixed(1)} | < 100 ${s.max < 100 ? '✔' : '✖'} |`);
  }

  // Long tasks on the renderer's main thread while a large file loads.
  if (!existsSync(BIG)) ensureSvclog(root, BIG, '1G');
  const big = await startHost(root, [BIG], 'tl-ui-bench-');
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await observeLongTasks(page);
    const t0 = Date.now();
    await page.goto(big.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').waitFor({ timeout: 900_000 });
    await page.locator('[data-testid="activity-table"][data-ready="true"]').waitFor({ timeout: 120_000 });
    const loadS = (Date.now() - t0) / 1000;
    const tasks = await longTasks(page);
    const longest = tasks.length ? Math.max(...tasks) : 0;
    console.log(`\nLoading ${BIG} (${(statSync(BIG).size / 1e9).toFixed(2)} GB) in the browser host: ${loadS.toFixed(1)} s until loaded and listed.`);
    console.log('| renderer long tasks (> 50 ms) | longest ms | over 100 ms | target |');
    console.log('|---:|---:|---:|---|');
    console.log(`| ${tasks.length} | ${longest.toFixed(0)} | ${tasks.filter((d) => d > 100).length} | none over 100 ${longest <= 100 ? '✔' : '✖'} |`);
    await page.close();
  } finally {
    big.child.kill();
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
