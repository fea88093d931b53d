// IIS engine bench (`node bench/run.mjs iis`): indexes the 1 GB generated W3C log with every field,
// checks the counts against the generator's manifest, runs lnav on the same file in the same run
// (SQL count over w3c_log; skipped with a note when lnav is absent), prints wall time, peak RSS and
// the ratio, then times a re-bucket and a re-sort of all rows (what the triage view does).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundleOptions } from '../scripts/esbuild-common.mjs';
import { IisIndex, IisLogFile, bucketize, filterRows, iisEngine, sortRows, topUris, type IisSection } from '../electron/engine/iis';

const BENCH_DIR = '/tmp/tl-bench';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GEN = join(root, '..', 'shared', 'bench', 'gen-iislog.mjs');
const SIZE = process.env.IIS_BENCH_SIZE ?? '1G';
const file = join(BENCH_DIR, `iis-${SIZE}.log`);

interface Manifest {
  lines: number;
  byStatus: Record<string, number>;
  s503_2: number;
  slowOver5s: number;
}

function ensureInput(): boolean {
  if (existsSync(file) && existsSync(`${file}.manifest.json`)) return true;
  if (!existsSync(GEN)) {
    console.log(`SKIPPED: ${GEN} not found (no ../shared/bench), cannot generate ${file}`);
    return false;
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  console.log(`generating ${file} …`);
  execFileSync(process.execPath, [GEN, file, SIZE], { stdio: 'inherit' });
  return true;
}

/** The bench runs from out/bench/: the parse worker must sit next to it, as it does in out/ for the app. */
async function buildWorker(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  await build({
    entryPoints: [join(root, 'electron/engine/iis/iis-parse.worker.ts')],
    outfile: join(here, 'iis-parse.worker.cjs'),
    ...nodeBundleOptions,
  });
}

function lnav(): { s: number; rows: number; rssMb: number } | null {
  const which = spawnSync('sh', ['-c', 'command -v lnav'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.log('lnav: not installed, comparison skipped (apt-get install lnav)');
    return null;
  }
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', 'lnav', '-n', '-c', ';SELECT count(*) AS n FROM w3c_log', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const s = (performance.now() - t0) / 1000;
  const rows = Number(/(\d+)\s*$/.exec(r.stdout.trim())?.[1] ?? NaN);
  const rssMb = Number(/MAXRSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { s, rows, rssMb };
}

const ms = (t0: number) => (performance.now() - t0).toFixed(1);

async function main(): Promise<void> {
  if (!ensureInput()) return;
  await buildWorker();
  const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as Manifest;
  const size = statSync(file).size;

  global.gc?.();
  const t0 = performance.now();
  const loaded = (await iisEngine.load('iis-w3c', {
    path: file,
    size,
    fileId: 'bench',
    signal: new AbortController().signal,
    onProgress: () => {},
  })) as IisLogFile;
  const wall = (performance.now() - t0) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;

  // Counts against the manifest.
  const iis = (iisEngine.summarize([loaded]) as { iis: IisSection }).iis;
  const byStatus: Record<string, number> = {};
  for (const [k, n] of Object.entries(iis.byStatus)) byStatus[k.split('.')[0]] = (byStatus[k.split('.')[0]] ?? 0) + n;
  const checks: [string, unknown, unknown][] = [
    ['lines', iis.requests, manifest.lines],
    ['byStatus', JSON.stringify(byStatus), JSON.stringify(Object.fromEntries(Object.entries(manifest.byStatus).sort()))],
    ['503.2', iis.byStatus['503.2'], manifest.s503_2],
    ['slow ≥ 5 s', iis.slow, manifest.slowOver5s],
  ];
  let failed = 0;
  for (const [name, got, want] of checks) {
    const ok = got === want;
    if (!ok) failed++;
    console.log(`check ${name}: ${ok ? 'ok' : `MISMATCH got ${String(got)} want ${String(want)}`}`);
  }

  // What the triage view does on every change of range or sort.
  const ix = new IisIndex([loaded.table]);
  let t = performance.now();
  const bk = bucketize(ix, { maxBuckets: 300 });
  const bucketMs = ms(t);
  t = performance.now();
  const all = filterRows(ix);
  const filterMs = ms(t);
  t = performance.now();
  sortRows(ix, all, 'timeTaken', true);
  const sortTtMs = ms(t);
  t = performance.now();
  sortRows(ix, all, 'time');
  const sortTimeMs = ms(t);
  t = performance.now();
  topUris(ix, { by: 'p95' });
  const topMs = ms(t);

  const l = lnav();
  console.log('');
  console.log(`input            ${file} (${(size / 1e6).toFixed(0)} MB, ${loaded.recordCount} rows)`);
  console.log(`TraceLens index  ${wall.toFixed(2)} s wall, ${peakMb.toFixed(0)} MB peak RSS (target ≤ 3 s, ≤ 600 MB)`);
  if (l) {
    console.log(`lnav 0.11        ${l.s.toFixed(2)} s wall, ${l.rssMb.toFixed(0)} MB peak RSS, ${l.rows} rows`);
    console.log(`ratio            ${(l.s / wall).toFixed(1)}× faster than lnav (target ≥ 6×)`);
  }
  console.log(`re-bucket        ${bucketMs} ms (${bk.series['2xx'].length} buckets of ${bk.widthMs / 1000} s)`);
  console.log(`filter all rows  ${filterMs} ms`);
  console.log(`re-sort          ${sortTtMs} ms by time-taken desc, ${sortTimeMs} ms by time (${all.length} rows; target < 150 ms)`);
  console.log(`top URIs by p95  ${topMs} ms`);
  if (failed) process.exitCode = 1;
}

void main();
