// IIS triage bench (`node bench/run.mjs iis-ui`): the built browser host on the 1 GB generated IIS
// log (IIS_UI_BENCH_FILE, default /tmp/tl-bench/iis-1G.log; generated with ../shared/bench if
// missing). Each operation is one contract call over the host's WebSocket, timed from send to the
// parsed answer, as the renderer sees it: re-bucketing the timeline after a zoom or a brush, and
// re-sorting / re-filtering the request table (first page). Every run asks for something not cached
// (another range, or a sort key evicted from the main side's cache), so the work is really done.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Channel, RequestOf, ResponseOf, Result } from '../shared/contract';

const root = process.cwd();
const BENCH_DIR = '/tmp/tl-bench';
const GEN = join(root, '..', 'shared', 'bench', 'gen-iislog.mjs');
const FILE = process.env.IIS_UI_BENCH_FILE ?? join(BENCH_DIR, 'iis-1G.log');
const RUNS = Math.max(3, Number(process.env.IIS_UI_BENCH_RUNS ?? 7));
const LIMIT_MS = 150;

function ensure(file: string): void {
  if (existsSync(file)) return;
  mkdirSync(BENCH_DIR, { recursive: true });
  console.log(`generating ${file} (1G)…`);
  const r = spawnSync(process.execPath, [GEN, file, '1G'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('generator failed');
}

async function startHost(files: string[]): Promise<{ port: number; token: string; child: ChildProcess }> {
  const env = { ...process.env, TRACELENS_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'tl-iis-ui-bench-')) };
  const child = spawn(process.execPath, [join(root, 'out', 'cli.cjs'), 'serve', '--no-open', ...files], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([a-f0-9]+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), token: m[2], child });
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
}

/** The contract over the host's WebSocket, as the renderer's transport speaks it. */
async function connect(port: number, token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (r: Result<unknown>) => void>();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: Result<unknown> };
    if (typeof msg.id === 'number' && msg.result) pending.get(msg.id)?.(msg.result);
  });
  let next = 1;
  const call = <C extends Channel>(channel: C, payload: RequestOf<C>) =>
    new Promise<ResponseOf<C>>((resolve, reject) => {
      const id = next++;
      pending.set(id, (r) => (r.ok ? resolve(r.value as ResponseOf<C>) : reject(new Error(r.error.message))));
      ws.send(JSON.stringify({ id, channel, payload }));
    });
  return { call, close: () => ws.close() };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

async function main(): Promise<void> {
  ensure(FILE);
  const host = await startHost([FILE]);
  const api = await connect(host.port, host.token);
  try {
    const t0 = Date.now();
    for (;;) {
      const files = await api.call('files.list', {});
      if (files.length && files.every((f) => f.state === 'loaded')) break;
      if (files.some((f) => f.state === 'failed')) throw new Error('load failed');
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`loaded ${FILE} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const o = await api.call('iis.overview', {});
    console.log(`${o.requests.toLocaleString('en-US')} requests, ${new Date(o.fromUs! / 1000).toISOString()} – ${new Date(o.toUs! / 1000).toISOString()}`);
    const from = o.fromUs!;
    const span = o.toUs! - from;
    // Warm-up: the first answers build the index's caches (range, filtered row list) once.
    await api.call('iis.timeline', { maxBuckets: 400 });
    await api.call('iis.requests', { offset: 0, limit: 200 });

    const timedRuns = async (name: string, op: (run: number) => Promise<unknown>) => {
      const xs: number[] = [];
      for (let k = 0; k < RUNS; k++) {
        const t = performance.now();
        await op(k);
        xs.push(performance.now() - t);
      }
      return { name, ...stats(xs) };
    };
    const results = [
      await timedRuns('timeline, whole range (400 buckets)', () => api.call('iis.timeline', { maxBuckets: 400 })),
      await timedRuns('timeline after zoom (a different 10% window each run)', (k) => {
        const a = from + (span * k) / (RUNS + 1);
        return api.call('iis.timeline', { fromUs: a, toUs: a + span / 10, maxBuckets: 400 });
      }),
      await timedRuns('timeline after brush, filtered to 503 (new window)', (k) => {
        const a = from + (span * k) / (RUNS + 1);
        return api.call('iis.timeline', { fromUs: a, toUs: a + span / 5, maxBuckets: 400, filter: { status: 503 } });
      }),
      await timedRuns('request table re-sort, all rows (time-taken / status / stem / server / bytes)', (k) => {
        const keys = ['timeTaken', 'status', 'stem', 'server', 'scBytes', 'csBytes', 'file', 'time'] as const;
        // 8 keys × 2 directions cycle through an 8-entry cache: every run is a miss.
        return api.call('iis.requests', { sortBy: keys[k % keys.length], descending: k % 2 === 0 ? true : k % 3 === 0, offset: 0, limit: 200 });
      }),
      await timedRuns('request table after brush: new window, sorted by time-taken', (k) => {
        const a = from + (span * k) / (RUNS + 1);
        return api.call('iis.requests', { filter: { fromUs: a, toUs: a + span / 5 }, sortBy: 'timeTaken', descending: true, offset: 0, limit: 200 });
      }),
      await timedRuns('top URIs in a new window', (k) => {
        const a = from + (span * k) / (RUNS + 1);
        return api.call('iis.topUris', { filter: { fromUs: a, toUs: a + span / 5 }, limit: 50 });
      }),
    ];
    console.log(`\n${'operation'.padEnd(84)} median     max   (limit ${LIMIT_MS} ms, ${RUNS} runs)`);
    for (const r of results) console.log(`${r.name.padEnd(84)} ${r.median.toFixed(1).padStart(6)} ms ${r.max.toFixed(1).padStart(6)} ms${r.median > LIMIT_MS ? '  OVER' : ''}`);
  } finally {
    api.close();
    host.child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
