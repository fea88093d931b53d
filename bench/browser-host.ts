// Shared by the browser benches: generated inputs under /tmp/tl-bench and the built browser host.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const BENCH_DIR = '/tmp/tl-bench';

/** Generates `file` (svclog of `size`, e.g. "1G") with ../shared/bench unless it exists. */
export function ensureSvclog(root: string, file: string, size: string): void {
  if (existsSync(file)) return;
  mkdirSync(BENCH_DIR, { recursive: true });
  console.log(`generating ${file} (${size})…`);
  const r = spawnSync(process.execPath, [join(root, '..', 'shared', 'bench', 'gen-svclog.mjs'), file, size], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`generator failed for ${file}`);
}

/**
 * Starts `out/cli.cjs serve` on `files` with settings of its own; resolves with its URL. BENCH_APP=DIR
 * runs the build in DIR instead (another commit's worktree, for interleaved before/after runs).
 * `traceCalls`: the host logs each call and what held its event loop (TRACELENS_TRACE_CALLS=1,
 * electron/services/trace-spans.ts); those lines are kept in `traced`, the rest of stderr passes through.
 */
export async function startHost(root: string, files: string[], configPrefix: string, opts: { traceCalls?: boolean } = {}): Promise<{ url: string; child: ChildProcess; traced: string[] }> {
  const env = { ...process.env, TRACELENS_CONFIG_DIR: mkdtempSync(join(tmpdir(), configPrefix)), ...(opts.traceCalls ? { TRACELENS_TRACE_CALLS: '1' } : {}) };
  const cli = join(process.env.BENCH_APP ?? root, 'out', 'cli.cjs');
  const child = spawn(process.execPath, [...(process.env.TL_HOST_NODE_ARGS ?? '').split(' ').filter(Boolean), cli, 'serve', '--no-open', ...files], { env, stdio: ['ignore', 'pipe', opts.traceCalls ? 'pipe' : 'inherit'] });
  const traced: string[] = [];
  if (opts.traceCalls) {
    let rest = '';
    child.stderr!.on('data', (d) => {
      const lines = (rest + String(d)).split('\n');
      rest = lines.pop()!;
      for (const l of lines) {
        if (/^(call|span) /.test(l)) traced.push(l);
        else process.stderr.write(`${l}\n`);
      }
    });
  }
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[a-f0-9]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
  return { url, child, traced };
}

/** Debian's Chromium through playwright-core, loaded at run time from node_modules (it does not survive being bundled). */
export function launchBenchChromium(root: string): Promise<Browser> {
  const { chromium } = createRequire(join(root, 'package.json'))('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: process.env.TRACELENS_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** Records the renderer's long tasks (ms) from the page's first script on; read them with `longTasks`. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longtasks: number[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks `observeLongTasks` has recorded so far (ms). */
export function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __longtasks: number[] }).__longtasks);
}
