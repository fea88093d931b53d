// `node bench/run.mjs load` (after `npm run build`): what a user runs, timed as a whole process.
// The CLI (`node out/cli.cjs summary FILE --json`: a fresh process, so cold: new workers, code not
// yet optimised; the page cache warm) against peers run the same way on the same file: saxes and
// Python lxml for svclog, lnav and goaccess for IIS. Every tool RUNS times, the runs interleaved
// (tool A, B, C, A, B, C…) so a noisy spell of the shared machine falls on all of them; the median
// and the spread (min–max) of each, the load average around the runs, and each peer's median over
// ours (the ratio: how many times faster TraceLens was). Then the browser host: a fresh host, the
// page open, the file opened through the contract (as the file picker and Recent do, without the
// upload a browser drop adds), timed until the first activity row is in the page and until the file
// shows as loaded, with the renderer's long tasks (PerformanceObserver 'longtask').
// Everything runs twice: quiet, and with one core kept busy by another process (a spin loop),
// since users' machines are rarely idle. The output is markdown the README takes as it is.
//
// Environment: LOAD_BENCH_INPUTS (default svclog-100M,svclog-1G,iis-200M,iis-1G),
// LOAD_BENCH_RUNS (default 5), LOAD_BENCH_PASSES (default quiet,busy),
// LOAD_BENCH_BROWSER (input for the browser host, default svclog-1G; "none" skips it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Browser } from 'playwright-core';
import { BENCH_DIR, launchBenchChromium, startHost } from './browser-host';
import { describeLongTasks, watchLongTasks, type MainThreadWork } from './long-task-causes';

const root = process.cwd();
const RUNS = Math.max(1, Number(process.env.LOAD_BENCH_RUNS ?? 5));
const INPUTS = (process.env.LOAD_BENCH_INPUTS ?? 'svclog-100M,svclog-1G,iis-200M,iis-1G').split(',').filter(Boolean);
const PASSES = (process.env.LOAD_BENCH_PASSES ?? 'quiet,busy').split(',').filter((p) => p === 'quiet' || p === 'busy');
const BROWSER_INPUT = process.env.LOAD_BENCH_BROWSER ?? 'svclog-1G';
const BROWSER_RUNS = Math.max(1, Math.min(RUNS, 3));
/** What filled each long renderer task (trace + CPU profile), unless LOAD_BENCH_CAUSES=0 or a full trace is asked for. */
const CAUSES = process.env.LOAD_BENCH_CAUSES !== '0' && !process.env.LOAD_BENCH_TRACE;

interface Input {
  name: string;
  kind: 'svclog' | 'iis';
  file: string;
  /** What the generator's manifest says the file holds (events or request lines). */
  records: number;
}

interface Tool {
  name: string;
  argv: (file: string) => string[];
  /** Records the tool reports, from its output (checked against the manifest). */
  records: (stdout: string) => number;
  env?: NodeJS.ProcessEnv;
}

interface Run {
  s: number;
  rssMb: number;
  load: number;
  /** TraceLens only: ms from process start until the first part's parse started (TRACELENS_TRACE_STARTUP). */
  parseStartMs?: number;
  /** TraceLens only: CPU ms the process had used by then (all threads; less sensitive to the load than the wall time). */
  parseStartCpuMs?: number;
  /** TraceLens only: CPU ms of the main thread and of the whole process, at exit (what of the load is still serial). */
  mainCpuMs?: number;
  allCpuMs?: number;
}

/** Node's own start: an empty script's first line, in ms since the process started (wall and CPU). */
interface NodeStart {
  ms: number;
  cpuMs: number;
}

const EMPTY_SCRIPT = "const c = process.cpuUsage(); process.stdout.write(JSON.stringify({ ms: process.uptime() * 1000, cpuMs: (c.user + c.system) / 1000 }))";

function nodeStartOnce(): NodeStart {
  const r = spawnSync(process.execPath, ['-e', EMPTY_SCRIPT], { encoding: 'utf8' });
  return JSON.parse(r.stdout) as NodeStart;
}

const OURS: Tool = {
  name: 'TraceLens',
  argv: (f) => [process.execPath, join(root, 'out', 'cli.cjs'), 'summary', f, '--json'],
  records: (out) => (JSON.parse(out) as { files: { records: number }[] }).files[0].records,
  env: { TRACELENS_TRACE_STARTUP: '1' },
};
const GOACCESS_FORMAT = '%d %t %^ %^ %^ %m %U %q %^ %^ %h %H %u %^ %R %v %s %^ %^ %b %^ %L';
const PEERS: Record<Input['kind'], Tool[]> = {
  svclog: [
    { name: 'saxes', argv: (f) => [process.execPath, join(root, 'bench', 'peers', 'saxes-svclog.cjs'), f], records: Number },
    { name: 'lxml', argv: (f) => ['/usr/bin/python3', join(root, 'bench', 'peers', 'lxml-svclog.py'), f], records: Number },
  ],
  iis: [
    { name: 'lnav', argv: (f) => ['lnav', '-n', '-c', ';SELECT count(*) AS n FROM w3c_log', f], records: (out) => Number(/(\d+)\s*$/.exec(out.trim())?.[1] ?? NaN) },
    {
      name: 'goaccess',
      argv: (f) => ['goaccess', f, '--no-global-config', `--log-format=${GOACCESS_FORMAT}`, '--date-format=%Y-%m-%d', '--time-format=%T', '-o', join(BENCH_DIR, 'goaccess-report.json')],
      records: () => (JSON.parse(readFileSync(join(BENCH_DIR, 'goaccess-report.json'), 'utf8')) as { general: { total_requests: number } }).general.total_requests,
    },
  ],
};

function installed(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function input(name: string): Input {
  const m = /^(svclog|iis)-(\d+[MG])$/.exec(name);
  if (!m) throw new Error(`LOAD_BENCH_INPUTS: "${name}" is not svclog-SIZE or iis-SIZE (e.g. svclog-100M)`);
  const kind = m[1] as Input['kind'];
  const file = join(BENCH_DIR, kind === 'svclog' ? `svc-${m[2]}.svclog` : `iis-${m[2]}.log`);
  if (!existsSync(file) || !existsSync(`${file}.manifest.json`)) {
    mkdirSync(BENCH_DIR, { recursive: true });
    console.log(`generating ${file}…`);
    const gen = join(root, '..', 'shared', 'bench', kind === 'svclog' ? 'gen-svclog.mjs' : 'gen-iislog.mjs');
    if (spawnSync(process.execPath, [gen, file, m[2]], { stdio: 'inherit' }).status !== 0) throw new Error(`generator failed for ${file}`);
  }
  const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as { events?: number; lines?: number };
  return { name: `${kind} ${m[2].replace('M', ' MB').replace('G', ' GB')}`, kind, file, records: manifest.events ?? manifest.lines ?? NaN };
}

/** One whole process under /usr/bin/time (peak RSS); the wall time is taken around it. */
function runOnce(tool: Tool, inp: Input): Run {
  const load = loadavg()[0];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', ...tool.argv(inp.file)], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...tool.env },
  });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${tool.name} on ${inp.file} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  const got = tool.records(r.stdout);
  if (got !== inp.records) throw new Error(`${tool.name} reported ${got} records in ${inp.file}; the manifest says ${inp.records}`);
  const start = /^tracelens: startup ([\d.]+) ms \(cpu ([\d.]+) ms\) \S+ parse started/m.exec(r.stderr);
  const cpu = /^tracelens: cpu at exit: main thread ([\d.]+) ms of ([\d.]+) ms/m.exec(r.stderr);
  return {
    s,
    rssMb: Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024,
    load,
    ...(start ? { parseStartMs: Number(start[1]), parseStartCpuMs: Number(start[2]) } : {}),
    ...(cpu ? { mainCpuMs: Number(cpu[1]), allCpuMs: Number(cpu[2]) } : {}),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs: number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

/** A process spinning on one core for the busy pass (ended by its pid when the pass ends). */
function busyCore(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

/** Each peer's ratio (peer median ÷ ours) per input, by pass: the busy pass is compared with the quiet one. */
const ratios = new Map<string, number>();

function cliPass(pass: string, inputs: Input[]): string[] {
  const nodeStarts: NodeStart[] = [];
  const lines = [
    `| input | tool | median s | spread s | peak RSS MB | parse starts at, ms after process start: wall (spread) / CPU | main thread CPU ms of all threads' (share) | peer ÷ TraceLens (medians) | load average |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const inp of inputs) {
    const tools = [OURS, ...PEERS[inp.kind].filter((t) => installed(t.argv(inp.file)[0]))];
    for (const t of PEERS[inp.kind]) if (!tools.includes(t)) console.log(`${t.name}: not installed, left out (see bench/load.bench.ts)`);
    spawnSync('cat', [inp.file], { stdio: 'ignore' }); // page cache warm for every tool
    const runs = new Map<Tool, Run[]>(tools.map((t) => [t, []]));
    for (let k = 0; k < RUNS; k++) {
      for (const t of tools) {
        const r = runOnce(t, inp);
        runs.get(t)!.push(r);
        console.log(`  ${pass} ${inp.name} ${t.name} run ${k + 1}: ${r.s.toFixed(2)} s, ${r.rssMb.toFixed(0)} MB, load ${r.load.toFixed(1)}`);
      }
      nodeStarts.push(nodeStartOnce());
    }
    const oursMedian = median(runs.get(OURS)!.map((r) => r.s));
    for (const t of tools) {
      const rs = runs.get(t)!;
      const m = median(rs.map((r) => r.s));
      const starts = rs.flatMap((r) => (r.parseStartMs === undefined ? [] : [r.parseStartMs]));
      const startsCpu = rs.flatMap((r) => (r.parseStartCpuMs === undefined ? [] : [r.parseStartCpuMs]));
      const cpu = rs.flatMap((r) => (r.mainCpuMs === undefined || r.allCpuMs === undefined ? [] : [{ main: r.mainCpuMs, all: r.allCpuMs }]));
      const mainCpu = cpu.length ? `${median(cpu.map((c) => c.main)).toFixed(0)} of ${median(cpu.map((c) => c.all)).toFixed(0)} (${(100 * median(cpu.map((c) => c.main / c.all))).toFixed(0)} %)` : '–';
      if (t !== OURS) ratios.set(`${pass}\n${inp.name}\n${t.name}`, m / oursMedian);
      lines.push(
        `| ${inp.name}, ${inp.records.toLocaleString('en-US')} ${inp.kind === 'svclog' ? 'events' : 'requests'} | ${t.name} | ${m.toFixed(2)} | ${spread(rs.map((r) => r.s), 2)} | ${median(rs.map((r) => r.rssMb)).toFixed(0)} | ${starts.length ? `${median(starts).toFixed(0)} (${spread(starts, 0)}) / ${median(startsCpu).toFixed(0)}` : '–'} | ${mainCpu} | ${t === OURS ? '1' : `${(m / oursMedian).toFixed(1)}×`} | ${spread(rs.map((r) => r.load), 1)} |`,
      );
    }
  }
  // What of the parse start is Node's own: an empty script's first line, run in the same rounds.
  const ms = nodeStarts.map((n) => n.ms);
  lines.push('', `Node's own start in the same rounds (an empty \`node -e\` script's first line, ms after process start): wall ${median(ms).toFixed(0)} (${spread(ms, 0)}) / CPU ${median(nodeStarts.map((n) => n.cpuMs)).toFixed(0)}.`);
  return lines;
}

interface HostRun {
  firstRowMs: number;
  loadedMs: number;
  longest: number;
  over50: number;
  load: number;
  work?: MainThreadWork;
}

/** A fresh browser host, the page open, then the file opened: ms until the first activity row and until loaded. */
async function hostRun(inp: Input, browser: Browser): Promise<HostRun> {
  const host = await startHost(root, [], 'tl-load-bench-');
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __longtasks: number[]; __firstRow?: number; __loaded?: number };
      w.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longtasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver(() => {
        w.__firstRow ??= document.querySelector('[data-testid="activity-row"]') ? Date.now() : undefined;
        w.__loaded ??= document.querySelector('[data-testid="file-item"][data-state="loaded"]') ? Date.now() : undefined;
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    });
    await page.goto(host.url);
    await page.getByTestId('drop-hint').waitFor();
    // Started before the long tasks are counted: starting the profiler is itself a long task.
    const watch = CAUSES ? await watchLongTasks(page, join(process.env.BENCH_APP ?? root, 'out', 'renderer')) : undefined;
    await page.evaluate(() => ((window as unknown as { __longtasks: number[] }).__longtasks = []));
    const u = new URL(host.url);
    const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, { headers: { Origin: u.origin } });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const load = loadavg()[0];
    // LOAD_BENCH_TRACE=DIR writes a Chrome trace of the renderer during the load there (Performance panel: what a long task holds).
    const tracing = process.env.LOAD_BENCH_TRACE;
    if (tracing) {
      mkdirSync(tracing, { recursive: true });
      await browser.startTracing(page, { path: join(tracing, `load-${inp.name}-${Date.now()}.trace.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] });
    }
    const t0 = Date.now();
    ws.send(JSON.stringify({ id: 1, channel: 'files.open', payload: { paths: [inp.file] } }));
    await page.locator('[data-testid="file-item"][data-state="loaded"]').waitFor({ timeout: 900_000 });
    await page.getByTestId('activity-row').first().waitFor({ timeout: 120_000 });
    ws.close();
    if (tracing) await browser.stopTracing();
    const w = await page.evaluate(() => {
      const x = window as unknown as { __longtasks: number[]; __firstRow: number; __loaded: number };
      return { tasks: x.__longtasks, firstRow: x.__firstRow, loaded: x.__loaded };
    });
    const work = await watch?.stop();
    await page.close();
    return { firstRowMs: w.firstRow - t0, loadedMs: w.loaded - t0, longest: Math.max(0, ...w.tasks), over50: w.tasks.length, load, work };
  } finally {
    host.child.kill();
  }
}

async function hostPass(inp: Input): Promise<string[]> {
  const browser = await launchBenchChromium(root);
  const runs: HostRun[] = [];
  try {
    for (let k = 0; k < BROWSER_RUNS; k++) {
      const r = await hostRun(inp, browser);
      runs.push(r);
      console.log(`  browser host ${inp.name} run ${k + 1}: first rows ${r.firstRowMs} ms, loaded ${r.loadedMs} ms, longest task ${r.longest.toFixed(0)} ms, load ${r.load.toFixed(1)}`);
      if (r.work) {
        console.log(`  the renderer's main thread used ${r.work.cpuMs.toFixed(0)} ms of CPU; tasks over 50 ms of CPU alone: ${r.work.overByCpu}, the longest ${r.work.longestCpuMs.toFixed(0)} ms. What filled the tasks over 50 ms, the costliest first (LOAD_BENCH_CAUSES=0 turns the trace and profile off):`);
        for (const line of describeLongTasks(r.work)) console.log(`  ${line}`);
      }
    }
  } finally {
    await browser.close();
  }
  const col = (xs: number[]) => `${median(xs).toFixed(0)} (${spread(xs, 0)})`;
  return [
    '| input | first activity rows, ms after open | loaded, ms after open | renderer tasks over 50 ms (per load) | longest task ms | load average |',
    '|---|---:|---:|---:|---:|---:|',
    `| ${inp.name} | ${col(runs.map((r) => r.firstRowMs))} | ${col(runs.map((r) => r.loadedMs))} | ${col(runs.map((r) => r.over50))} | ${col(runs.map((r) => r.longest))} | ${spread(runs.map((r) => r.load), 1)} |`,
  ];
}

/** The target: with one core busy, every ratio at least two thirds of the quiet one. */
function busyOverQuiet(inputs: Input[]): string[] {
  const lines = ['Ratios with one core busy against quiet (target: at least 2/3 of the quiet ratio):', '', '| input | peer | quiet ratio | busy ratio | busy ÷ quiet |', '|---|---|---:|---:|---:|'];
  for (const inp of inputs) {
    for (const t of PEERS[inp.kind]) {
      const q = ratios.get(`quiet\n${inp.name}\n${t.name}`);
      const b = ratios.get(`busy\n${inp.name}\n${t.name}`);
      if (q !== undefined && b !== undefined) lines.push(`| ${inp.name} | ${t.name} | ${q.toFixed(1)}× | ${b.toFixed(1)}× | ${(b / q).toFixed(2)}${b / q >= 2 / 3 ? '' : ' (below 2/3)'} |`);
    }
  }
  return lines;
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'out', 'cli.cjs'))) throw new Error('build first: npm run build');
  const inputs = INPUTS.map(input);
  const browserInput = BROWSER_INPUT === 'none' ? undefined : input(BROWSER_INPUT);
  const out: string[] = [];
  for (const pass of PASSES) {
    const busy = pass === 'busy' ? busyCore() : undefined;
    try {
      out.push('', `**${pass === 'busy' ? 'One core kept busy by another process' : 'Quiet'}** (${RUNS} interleaved runs per tool; ${new Date().toISOString().slice(0, 16)}Z):`, '');
      out.push(...cliPass(pass, inputs));
      if (browserInput) out.push('', `Browser host (${BROWSER_RUNS} runs, a fresh host each):`, '', ...(await hostPass(browserInput)));
    } finally {
      busy?.kill();
    }
  }
  if (PASSES.includes('quiet') && PASSES.includes('busy')) out.push('', ...busyOverQuiet(inputs));
  rmSync(join(BENCH_DIR, 'goaccess-report.json'), { force: true });
  const env = [`LOAD_BENCH_INPUTS=${INPUTS.join(',')}`, `LOAD_BENCH_RUNS=${RUNS}`, `LOAD_BENCH_PASSES=${PASSES.join(',')}`, `LOAD_BENCH_BROWSER=${BROWSER_INPUT}`].join(' ');
  out.push('', `Reproduce: \`npm run build && ${env} node bench/run.mjs load\` (inputs from the ../shared/bench generators, in ${BENCH_DIR}; Node ${process.version}).`);
  console.log(out.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
