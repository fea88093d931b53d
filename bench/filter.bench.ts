/**
 * The one filter on a big trace (`node bench/run.mjs filter`): the generated svclog (1 GB,
 * 722,564 events, or FILTER_BENCH_SIZE=100M) loaded in a Session as the app loads it, then
 *  - field filters and queries without regex or XPath: each a new filter (no cache), through the
 *    status count the app asks for; p50/p95 against the 100 ms target;
 *  - a regex over descriptions and an XPath custom filter over ApplicationData, as MB/s of trace;
 *  - the peer: xmllint's XPath (libxml2) over the same events (the first 100 MB of them, wrapped in
 *    one root), against our XPath scan of the same 100 MB file.
 * The machine is shared: the load average is printed with the figures, and the field filters' CPU
 * time beside their wall time. FILTER_BENCH_ONLY=fields stops after the field filters.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, readdirSync, mkdirSync, openSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Session } from '../electron/services/session';
import { filterStatus, passingRecords } from '../electron/services/filter/records';
import { svclogViews } from '../electron/services/svclog-views/views';
import type { TraceFilter } from '../shared/channels/filter';

const BENCH_DIR = '/tmp/tl-bench';
const SIZE = process.env.FILTER_BENCH_SIZE ?? '1G';
const ROOT = resolve(__dirname, '..', '..');
const GEN = resolve(ROOT, '..', 'shared', 'bench', 'gen-svclog.mjs');
const XPATH = "//E2E:ApplicationData//*[local-name()='ActivityName' and contains(., 'GetOrder')]";

function input(size: string): string {
  const path = `${BENCH_DIR}/svc-${size}.svclog`;
  if (!existsSync(path)) {
    mkdirSync(BENCH_DIR, { recursive: true });
    execFileSync(process.execPath, [GEN, path, size], { stdio: 'inherit' });
  }
  return path;
}

/** The first `bytes` of whole events of `path`, as a file of events and as one XML document for xmllint. */
function slice(path: string, bytes: number): { events: string; doc: string } {
  // FILTER_BENCH_TMP: where the slices go (default beside the inputs).
  const dir = process.env.FILTER_BENCH_TMP ?? BENCH_DIR;
  const events = `${dir}/filter-slice.svclog`;
  const doc = `${dir}/filter-slice.xml`;
  const buf = Buffer.alloc(bytes);
  const fd = openSync(path, 'r');
  const got = readSync(fd, buf, 0, bytes, 0);
  closeSync(fd);
  const end = buf.subarray(0, got).lastIndexOf('</E2ETraceEvent>') + '</E2ETraceEvent>'.length;
  writeFileSync(events, buf.subarray(0, end));
  const out = openSync(doc, 'w');
  writeSync(out, '<Events>');
  writeSync(out, buf.subarray(0, end));
  writeSync(out, '</Events>');
  closeSync(out);
  return { events, doc };
}

async function load(path: string): Promise<Session> {
  const s = new Session();
  s.open([{ path }]);
  await s.whenIdle();
  const f = s.list()[0];
  if (f.state !== 'loaded') throw new Error(`${path} did not load: ${f.state} ${f.problems[0]?.message ?? ''}`);
  return s;
}

const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function main(): Promise<void> {
  // This bundle runs from out/bench: the parse workers it starts are the app's, built next to out/cli.cjs.
  for (const w of readdirSync(resolve(__dirname, '..'))) if (w.endsWith('.worker.cjs')) copyFileSync(resolve(__dirname, '..', w), resolve(__dirname, w));
  const path = input(SIZE);
  const mb = statSync(path).size / 1e6;
  console.log(`input ${path} (${mb.toFixed(0)} MB); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  let t0 = performance.now();
  const session = await load(path);
  console.log(`loaded in ${(ms(t0) / 1000).toFixed(2)} s`);
  await filterStatus(session, undefined); // the views are built once after a load
  // The app prepares what queries, the record count and the graph read after the load, one step
  // per turn of the event loop (views.ts): a user's first query comes after that, seconds later.
  t0 = performance.now();
  await svclogViews(session).whenPrepared();
  console.log(`prepared after the load in ${ms(t0).toFixed(0)} ms (queries' columns, record order, graph)`);

  const queries: TraceFilter[] = [
    { hosts: ['WEB01'] },
    { hosts: ['APP01', 'WEB02'] },
    { levels: ['error', 'warning'] },
    { levels: ['critical', 'error'] },
    { text: 'GetOrder' },
    { text: '"Activity boundary"' },
    { text: 'host:WEB02 -type:Transfer' },
    { text: 'level>=warning' },
    { text: 'duration>500ms' },
    { text: 'time>=23:00 time<23:30' },
    { text: 'action:SubmitOrder or action:GetOrder' },
    { text: '(error or timeout) -host:APP01' },
    { text: 'eventid=131073 thread:24' },
    { text: 'process:OrderClient name:GetOrder' },
    { hosts: ['WEB01'], levels: ['info'], text: 'Order' },
    { sources: ['System.ServiceModel'], text: '-boundary' },
  ];
  const times: number[] = [];
  const cpus: number[] = [];
  for (const f of queries) {
    t0 = performance.now();
    const c0 = process.cpuUsage();
    // What one filter change costs the app: the pass mask and counts (views), then All records' list.
    const s = await svclogViews(session).status(f);
    const viewsMs = ms(t0);
    await passingRecords(session, f);
    times.push(ms(t0));
    // CPU time of this process beside the wall time: on the shared machine the wall time includes waiting for a core.
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    console.log(`  ${JSON.stringify(f).padEnd(64)} ${ms(t0).toFixed(1).padStart(7)} ms (views ${viewsMs.toFixed(1)}, cpu ${cpus[cpus.length - 1].toFixed(1)})  ${s.traces} traces, ${s.activities} activities`);
  }
  const over = times.filter((t) => t >= 100).length;
  console.log(`field filters and queries: ${over} of ${times.length} at 100 ms or more; p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (target < 100 ms); CPU time p50 ${pct(cpus, 50).toFixed(1)} ms, p95 ${pct(cpus, 95).toFixed(1)} ms; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (process.env.FILTER_BENCH_ONLY === 'fields') process.exit(0);

  t0 = performance.now();
  const re = await filterStatus(session, { text: 'description:/time.?out|fail(ed|ure)/i' });
  const reMs = ms(t0);
  console.log(`regex over descriptions: ${reMs.toFixed(0)} ms, ${(mb / (reMs / 1000)).toFixed(0)} MB/s of trace (${re.traces} traces; target ≥ 300 MB/s)`);

  const custom = [{ name: 'bench', xpath: XPATH }];
  t0 = performance.now();
  const c0 = process.cpuUsage(); // all threads: the scan runs in the parse workers
  const xp = await filterStatus(session, { custom });
  const xpMs = ms(t0);
  const c = process.cpuUsage(c0);
  const xpCpu = (c.user + c.system) / 1e6;
  console.log(`XPath custom filter: ${(xpMs / 1000).toFixed(2)} s, ${(mb / (xpMs / 1000)).toFixed(0)} MB/s of trace (${xp.traces} traces; target ≥ 300 MB/s); CPU time ${xpCpu.toFixed(2)} s over ${availableParallelism()} cores = ${((mb / xpCpu) * availableParallelism()).toFixed(0)} MB/s with the cores to itself; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  // Peer: xmllint over the same events (100 MB), against our scan of that file.
  const { events, doc } = slice(path, 100e6);
  const sliceMb = statSync(events).size / 1e6;
  const small = await load(events);
  await filterStatus(small, undefined);
  t0 = performance.now();
  const ours = await filterStatus(small, { custom });
  const oursMs = ms(t0);
  const peerXPath = `count(/Events/*[.//*[local-name()='ActivityName' and contains(., 'GetOrder')]])`;
  t0 = performance.now();
  const peer = spawnSync('xmllint', ['--huge', '--xpath', peerXPath, doc], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const peerMs = ms(t0);
  if (peer.error) console.log(`peer: xmllint not found (apt-get install libxml2-utils): ${peer.error.message}`);
  else {
    console.log(`XPath on the same ${sliceMb.toFixed(0)} MB: TraceLens ${oursMs.toFixed(0)} ms (${(sliceMb / (oursMs / 1000)).toFixed(0)} MB/s, ${ours.traces} events), xmllint ${peerMs.toFixed(0)} ms (${(sliceMb / (peerMs / 1000)).toFixed(0)} MB/s, ${peer.stdout.trim()} events): ratio ${(peerMs / oursMs).toFixed(2)}×`);
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  process.exit(0);
}

void main();
