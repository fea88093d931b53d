// Live follow bench (`node bench/run.mjs follow`): a writer appends to a trace (5,000 svclog events
// per second) and then to an IIS log (50,000 rows per second) for FOLLOW_BENCH_SECONDS (default
// 60) while the built browser host shows it in Debian's Chromium. Measured: the lag from a record
// being written until the toolbar's record count (and, for IIS, the timeline's count) includes it,
// and the renderer's long tasks (PerformanceObserver 'longtask'). Targets: lag within 1 s, no task
// over 50 ms. The writer runs in this process, in 100 ms batches. FOLLOW_BENCH_ONLY=traces|iis runs
// one scenario; BENCH_APP=DIR runs another build (see browser-host.ts).
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BENCH_DIR, observeLongTasks, startHost } from './browser-host';
import { describeAnswerSizes, describeLongTasks, watchAnswerSizes, watchLongTasks, type AnswerSizes, type MainThreadWork } from './long-task-causes';
import { iisHeader, iisRow, orderEvents } from '../tests/support/growing-logs';

const root = process.cwd();
const { chromium } = createRequire(join(root, 'package.json'))('playwright-core') as typeof import('playwright-core');
const SECONDS = Math.max(1, Number(process.env.FOLLOW_BENCH_SECONDS ?? 60));
const BATCH_MS = 100;
/** FOLLOW_BENCH_ONLY=traces or iis runs that scenario alone. */
const ONLY = process.env.FOLLOW_BENCH_ONLY;
/** What each long task held (trace + CPU profile), unless FOLLOW_BENCH_CAUSES=0 or a full trace is asked for. */
const CAUSES = process.env.FOLLOW_BENCH_CAUSES !== '0' && !process.env.FOLLOW_BENCH_TRACE;
const T0 = Date.UTC(2024, 2, 1, 10);
// A folder of this run's own: two benches running at once must not write into each other's files.
mkdirSync(join(BENCH_DIR, 'follow'), { recursive: true });
const DIR = mkdtempSync(join(BENCH_DIR, 'follow', 'run-'));

interface Scenario {
  name: string;
  file: string;
  perSecond: number;
  /** The file's start (header, first records) and how many records it holds. */
  start: () => { text: string; records: number };
  /** Text of records [from, from + n). */
  records: (from: number, n: number) => string;
  /** Where the page reads what is counted (a data attribute or text of a test id). */
  watch: { view: 'iis' | 'traces'; testId: string; attr?: string }[];
}

/** One svclog activity = Start + 3 traces + Stop: 5 events. */
const svclogRecords = (from: number, n: number) => {
  let out = '';
  for (let k = from / 5; k < (from + n) / 5; k++) out += orderEvents({ name: `Order ${k}`, act: `${String(k).padStart(8, '0')}-1111-4222-a333-444455556666`, t0Ms: T0 + k, traces: 3, stop: true });
  return out;
};
const iisRecords = (from: number, n: number) => {
  let out = '';
  for (let i = from; i < from + n; i++) out += iisRow({ at: new Date(T0 + i * 10), status: i % 50 === 0 ? 503 : 200, substatus: i % 50 === 0 ? 2 : 0, uri: `/api/item/${i % 97}` });
  return out;
};

const SCENARIOS: Scenario[] = [
  {
    name: 'svclog, 5,000 events/s',
    file: join(DIR, 'growing.svclog'),
    perSecond: 5000,
    start: () => ({ text: svclogRecords(0, 500), records: 500 }),
    records: svclogRecords,
    watch: [{ view: 'traces', testId: 'record-total' }],
  },
  {
    name: 'IIS W3C, 50,000 rows/s',
    file: join(DIR, 'u_ex240301.log'),
    perSecond: 50_000,
    start: () => ({ text: iisHeader(new Date(T0)) + iisRecords(0, 1000), records: 1000 }),
    records: iisRecords,
    watch: [
      { view: 'iis', testId: 'record-total' },
      { view: 'iis', testId: 'iis-request-table', attr: 'data-total' },
    ],
  },
];

interface Result {
  name: string;
  written: number;
  lags: number[];
  finalLagMs: number;
  longtasks: number[];
  work?: MainThreadWork;
  frames: Map<string, AnswerSizes>;
}

async function run(browser: Browser, s: Scenario): Promise<Result> {
  const first = s.start();
  writeFileSync(s.file, first.text);
  const host = await startHost(root, [s.file], 'tl-follow-bench-');
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await observeLongTasks(page);
    const frames = watchAnswerSizes(page);
    // FOLLOW_BENCH_PROFILE=DIR writes the renderer's CPU profile of each scenario there (for finding long tasks).
    const profiler = process.env.FOLLOW_BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
    await page.goto(host.url);
    await page.locator('[data-testid="file-item"][data-state="loaded"]').waitFor({ timeout: 60_000 });
    if (s.watch[0].view === 'iis') {
      await page.getByTestId('view-iis').click();
      await page.locator('[data-testid="iis-timeline"][data-ready="true"]').waitFor();
    } else await page.getByTestId('tab-records').click();
    // FOLLOW_BENCH_MUTATIONS=1 counts the DOM mutations by the nearest test id (what a growth touches).
    if (process.env.FOLLOW_BENCH_MUTATIONS) await page.evaluate(() => {
      const m: Record<string, number> = {};
      (window as unknown as { __mut: unknown }).__mut = m;
      new MutationObserver((list) => {
        for (const r of list) {
          const el = (r.target.nodeType === 1 ? r.target : r.target.parentElement) as Element;
          const k = (el?.closest('[data-testid]')?.getAttribute('data-testid') ?? '?') + ':' + r.type;
          m[k] = (m[k] ?? 0) + (r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    // Each watched count, with the epoch ms it changed (read on every DOM mutation).
    await page.evaluate((watch) => {
      const w = window as unknown as { __seen: { at: number; n: number[] }[]; __longtasks: number[] };
      w.__seen = [];
      w.__longtasks = [];
      const read = () => watch.map((x) => Number((x.attr ? document.querySelector(`[data-testid="${x.testId}"]`)?.getAttribute(x.attr) : document.querySelector(`[data-testid="${x.testId}"]`)?.textContent)?.replace(/\D/g, '') ?? 0));
      let last = '';
      new MutationObserver(() => {
        const n = read();
        const key = n.join(',');
        if (key !== last) {
          last = key;
          w.__seen.push({ at: performance.timeOrigin + performance.now(), n });
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    }, s.watch);
    // The writer: batches every 100 ms at the rate; `writtenAt[k]` = when record k was on disk.
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    // FOLLOW_BENCH_TRACE=DIR writes a Chrome trace (Performance panel: tasks with their layout, paint and GC) of each scenario there.
    const tracing = process.env.FOLLOW_BENCH_TRACE;
    if (tracing) {
      mkdirSync(tracing, { recursive: true });
      await browser.startTracing(page, { path: join(tracing, `${s.watch[0].view}-renderer.trace.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', ...(process.env.FOLLOW_BENCH_INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])] });
    }
    // Started before the long tasks are counted: starting the profiler is itself a long task.
    const watch = CAUSES ? await watchLongTasks(page, join(process.env.BENCH_APP ?? root, 'out', 'renderer')) : undefined;
    await page.evaluate(() => ((window as unknown as { __longtasks: number[] }).__longtasks = []));
    const writtenAt: number[] = [];
    let written = first.records;
    const start = Date.now();
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        const elapsed = Date.now() - start;
        const due = first.records + Math.floor(((Math.min(elapsed, SECONDS * 1000)) * s.perSecond) / 1000);
        const n = Math.floor((due - written) / 5) * 5;
        if (n > 0) {
          appendFileSync(s.file, s.records(written, n));
          const at = Date.now();
          for (let k = 0; k < n; k++) writtenAt[written + k] = at;
          written += n;
        }
        if (elapsed >= SECONDS * 1000) {
          clearInterval(timer);
          done();
        }
      }, BATCH_MS);
    });
    const stopped = Date.now();
    if (process.env.FOLLOW_BENCH_MUTATIONS) console.log('DOM mutations by test id:', await page.evaluate(() => JSON.stringify((window as unknown as { __mut: unknown }).__mut)));
    if (tracing) await page.screenshot({ path: join(tracing, `${s.watch[0].view}-at-end.png`) });
    // Until the views caught up (or 30 s more).
    while (Date.now() - stopped < 30_000) {
      const seen = await page.evaluate(() => (window as unknown as { __seen: { n: number[] }[] }).__seen.at(-1)?.n ?? []);
      if (seen.length && seen.every((n) => n >= written)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (tracing) await browser.stopTracing();
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      mkdirSync(process.env.FOLLOW_BENCH_PROFILE!, { recursive: true });
      writeFileSync(join(process.env.FOLLOW_BENCH_PROFILE!, `${s.watch[0].view}-renderer.cpuprofile`), JSON.stringify(profile));
    }
    const { seen, longtasks } = await page.evaluate(() => {
      const w = window as unknown as { __seen: { at: number; n: number[] }[]; __longtasks: number[] };
      return { seen: w.__seen, longtasks: w.__longtasks };
    });
    // Stopped after the long tasks are read: handing the profile over is a long task too.
    const work = await watch?.stop();
    // Lag of each update: for the records it newly counts, now minus when the newest of them was written.
    const lags: number[] = [];
    let counted = first.records;
    for (const { at, n } of seen) {
      const low = Math.min(...n);
      if (low > counted && writtenAt[low - 1] !== undefined) lags.push(at - writtenAt[low - 1]);
      counted = Math.max(counted, low);
    }
    const caught = seen.find(({ n }) => Math.min(...n) >= written);
    await page.close();
    return { name: s.name, written, lags, finalLagMs: caught ? caught.at - writtenAt[written - 1] : NaN, longtasks, work, frames };
  } finally {
    host.child.kill();
    rmSync(s.file, { force: true });
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.TRACELENS_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const results: Result[] = [];
  try {
    for (const s of SCENARIOS.filter((x) => !ONLY || x.watch[0].view === ONLY)) results.push(await run(browser, s));
  } finally {
    await browser.close();
    rmSync(DIR, { recursive: true, force: true });
  }
  console.log(`\nLive follow for ${SECONDS} s (FOLLOW_BENCH_SECONDS), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (a shared machine: other work runs too).`);
  console.log('Lag = from a record written to disk until the views count it (toolbar count; IIS: also the request table).');
  console.log('| writer | records written | updates | lag p50 ms | lag p95 ms | lag max ms | last record counted after ms | long tasks > 50 ms | longest task ms | target |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const max = r.lags.length ? Math.max(...r.lags) : NaN;
    const longest = r.longtasks.length ? Math.max(...r.longtasks) : 0;
    const ok = max <= 1000 && longest <= 50;
    console.log(
      `| ${r.name} | ${r.written.toLocaleString('en-US')} | ${r.lags.length} | ${pct(r.lags, 0.5).toFixed(0)} | ${pct(r.lags, 0.95).toFixed(0)} | ${max.toFixed(0)} | ${r.finalLagMs.toFixed(0)} | ${r.longtasks.length} | ${longest.toFixed(0)} | lag ≤ 1000, tasks ≤ 50 ${ok ? '✔' : '✖'} |`,
    );
  }
  for (const r of results) {
    if (!r.work) continue;
    const w = r.work;
    console.log(`\n${r.name}: the renderer's main thread used ${w.cpuMs.toFixed(0)} ms of CPU (${(w.cpuMs / Math.max(1, r.lags.length)).toFixed(1)} ms per update); tasks over 50 ms of CPU alone: ${w.overByCpu}, the longest ${w.longestCpuMs.toFixed(0)} ms (CPU time is not stretched by other processes on a shared machine; wall time is).`);
    console.log(`What filled the renderer tasks over 50 ms, the costliest first (a trace and a CPU profile ran during the follow; FOLLOW_BENCH_CAUSES=0 turns them off):`);
    for (const line of describeLongTasks(w)) console.log(line);
  }
  for (const r of results) {
    console.log(`\nThe renderer's largest answers and events (each is decoded in one task), ${r.name}:`);
    for (const line of describeAnswerSizes(r.frames)) console.log(line);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
