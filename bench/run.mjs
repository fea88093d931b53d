// `npm run bench` / `node bench/run.mjs [NAME…]`: bundles the named bench/*.bench.ts (all without
// names) with esbuild into out/bench/ and runs each as its own Node process (so one bench's memory
// never colours another's), one after the other. `--list` lists them; an unknown name exits 2.
// Each bench generates its inputs under /tmp/tl-bench with ../shared/bench and prints its table.
import { build } from 'esbuild';
import { readdirSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { nodeBundleOptions } from '../scripts/esbuild-common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'bench');

/** What each bench measures (a test checks every bench/*.bench.ts is described here). */
const ABOUT = {
  svclog: 'svclog engine on generated 100 MB and 1 GB traces against saxes (wall time, peak RSS)',
  iis: 'IIS engine on a generated 1 GB W3C log against lnav, then re-bucket and re-sort times',
  ui: 'the views in Chromium on the 100 MB trace: select, scroll, filter, sort; long tasks while 1 GB loads (needs npm run build)',
  'iis-ui': 'IIS triage contract calls over the browser host on the 1 GB log (needs npm run build)',
  hostile: 'hostile inputs at full size: time, peak RSS and what each reports',
  graph: 'the message-flow graph in Chromium on the 1 GB trace: first graph, layout and time switches, Focus (also right after a clock switch) with where each one waited, pan/zoom frames; arrows drawn + bundled = message pairs (needs npm run build)',
  evtx: 'EVTX engine (tracelens summary, all threads) on a file built from the corpus chunks (EVTX_BENCH_MB, default 1024) against evtxexport -f xml and python-evtx; EVTX_BENCH_BASE times another commit (needs npm run build)',
  follow: 'live follow in Chromium: a writer appends 5,000 svclog events/s, then 50,000 IIS rows/s, for FOLLOW_BENCH_SECONDS (default 60); lag until counted, renderer long tasks (needs npm run build)',
  load: 'what users run, whole processes, cold: `summary` against saxes and lxml (svclog) and lnav and goaccess (IIS), interleaved, median and spread, load average; the browser host from open to first rows; quiet and with one core busy (needs npm run build)',
  filter: 'the one filter on the 1 GB trace: field filters and queries (p50/p95), regex and XPath scans in MB/s against xmllint',
};
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const listing = () => available.map((n) => `  ${n.padEnd(8)} ${ABOUT[n] ?? ''}`).join('\n');

const args = process.argv.slice(2);
if (args.includes('--list') || args.includes('--help') || args.includes('-h')) {
  console.log(`usage: node bench/run.mjs [--list] [NAME…]   (no name: all of them)\n\nbenchmarks:\n${listing()}`);
  process.exit(0);
}
// A name is the file's stem; `iis.bench` and `iis.bench.ts` are accepted too.
const wanted = args.map((a) => a.replace(/\.ts$/, '').replace(/\.bench$/, ''));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`bench/run.mjs: no benchmark named ${unknown.map((u) => `"${u}"`).join(', ')}. The benchmarks are:\n${listing()}`);
  process.exit(2);
}
const benches = wanted.length ? available.filter((n) => wanted.includes(n)) : available;
console.log(`benchmarks to run: ${benches.join(', ')}`);

mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const name of benches) {
  const file = `${name}.bench.ts`;
  const outfile = join(outDir, `${name}.bench.cjs`);
  await build({
    entryPoints: [join(root, 'bench', file)],
    outfile,
    ...nodeBundleOptions,
  });
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
