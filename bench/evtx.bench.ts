// EVTX engine bench (`node bench/run.mjs evtx`): builds an EVTX file of EVTX_BENCH_MB (default 1024)
// from the real chunks of the corpus's system, security and VSS System logs (concatenated, record
// numbers and ids renumbered, checksums recomputed), then reads it with TraceLens (`out/cli.cjs
// summary --json`: the app's load path with its parse workers; build first), `evtxexport -f xml`
// (libevtx-utils) and python-evtx's evtx_dump.py in the same run, each as a child process, output
// to /dev/null. EVTX_BENCH_BASE (another commit's out/cli.cjs) is timed between two runs of ours. Wall and CPU seconds are printed, as the
// machine is shared; a peer still running after EVTX_BENCH_TIMEOUT_S (default 1800) is stopped and
// reported as "> limit". EVTX_BENCH_PEER_MB (default: the same size) runs the peers on a smaller
// file built the same way and scales their times to the full size, for peers too slow for 1 GB.
// The inputs are deleted after the run unless EVTX_BENCH_KEEP=1.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

const BENCH_DIR = '/tmp/tl-bench';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(root, '..', 'shared', 'corpus', 'evtx');
const MB = Math.max(1, Number(process.env.EVTX_BENCH_MB ?? 1024));
const PEER_MB = Math.min(MB, Math.max(1, Number(process.env.EVTX_BENCH_PEER_MB ?? MB)));
const LIMIT_S = Number(process.env.EVTX_BENCH_TIMEOUT_S ?? 1800);
const fileOf = (mb: number) => join(BENCH_DIR, `evtx-${mb}M.evtx`);
const file = fileOf(MB);
const CHUNK = 65536;

/** Undamaged chunks of the corpus files (signature and both checksums right). */
function corpusChunks(): Buffer[] {
  const out: Buffer[] = [];
  for (const name of ['evtxrs__system.evtx', 'evtxrs__security.evtx', 'evtxrs__2-vss_7-System.evtx']) {
    const b = readFileSync(join(CORPUS, name));
    for (let at = 4096; at + CHUNK <= b.length; at += CHUNK) {
      const c = b.subarray(at, at + CHUNK);
      if (c.toString('latin1', 0, 8) !== 'ElfChnk\0') continue;
      const free = c.readUInt32LE(48);
      if (crc32(c.subarray(512, free)) >>> 0 !== c.readUInt32LE(52)) continue;
      out.push(Buffer.from(c));
    }
  }
  return out;
}

/** Writes a file of `mb` MiB: chunks renumbered so record numbers and ids run on across the copies. */
function makeFile(file: string, mb: number): { records: number } {
  const chunks = corpusChunks();
  const count = Math.floor((mb << 20) / CHUNK);
  const fd = openSync(file, 'w');
  let next = 1n;
  let records = 0;
  try {
    writeSync(fd, Buffer.alloc(4096), 0, 4096, 0);
    for (let k = 0; k < count; k++) {
      const c = Buffer.from(chunks[k % chunks.length]);
      const free = c.readUInt32LE(48);
      const first = next;
      for (let pos = 512; pos + 24 <= free && c.readUInt32LE(pos) === 0x2a2a; pos += c.readUInt32LE(pos + 4)) {
        c.writeBigUInt64LE(next++, pos + 8);
        records++;
      }
      for (const [off, v] of [[8, first], [16, next - 1n], [24, first], [32, next - 1n]] as const) c.writeBigUInt64LE(v, off);
      c.writeUInt32LE(crc32(c.subarray(512, free)) >>> 0, 52);
      c.writeUInt32LE(crc32(c.subarray(128, 512), crc32(c.subarray(0, 120))) >>> 0, 124);
      writeSync(fd, c, 0, CHUNK, 4096 + k * CHUNK);
    }
    const h = Buffer.alloc(4096);
    h.write('ElfFile\0', 0, 'latin1');
    h.writeBigUInt64LE(BigInt(count - 1), 16);
    h.writeBigUInt64LE(next, 24);
    h.writeUInt32LE(128, 32);
    h.writeUInt16LE(1, 36);
    h.writeUInt16LE(3, 38);
    h.writeUInt16LE(4096, 40);
    h.writeUInt16LE(Math.min(count, 0xffff), 42);
    h.writeUInt32LE(crc32(h.subarray(0, 120)) >>> 0, 124);
    writeSync(fd, h, 0, 4096, 0);
  } finally {
    closeSync(fd);
  }
  return { records };
}

interface Run {
  tool: string;
  wallS: number | null;
  cpuS: number | null;
  note: string;
}

/** Times a child process (CPU from /usr/bin/time when present). */
function timed(tool: string, cmd: string, args: string[]): Run {
  if (!existsSync(cmd)) return { tool, wallS: null, cpuS: null, note: `${cmd} not installed` };
  const t0 = process.hrtime.bigint();
  // `timeout` stops the peer itself: stopping /usr/bin/time (spawnSync's own timeout) left the peer running.
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '/usr/bin/timeout', '-s', 'KILL', String(LIMIT_S), cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.signal || r.status === 137) return { tool, wallS: null, cpuS: null, note: `> ${LIMIT_S} s (stopped)` };
  const [u, s] = (r.stderr?.toString().trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { tool, wallS, cpuS: Number.isFinite(u + s) ? u + s : null, note: r.status === 0 ? '' : `exit ${r.status}` };
}

/** TraceLens as users run it: `tracelens summary FILE --json` (a fresh process: the parse workers, the join, the summary; CPU of all its threads). */
function ours(cli: string, tool = 'TraceLens summary'): Run & { records: number } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`node scripts/build.mjs\` first`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, cli, 'summary', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: LIMIT_S * 1000, maxBuffer: 1 << 26 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const [u, sys] = (r.stderr?.toString().trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cli} summary failed: ${r.stderr?.toString().slice(-500)}`);
  const records = (JSON.parse(r.stdout.toString()) as { evtx?: { records: number } }).evtx?.records ?? 0;
  return { tool, wallS, cpuS: u + sys, note: 'CPU: all threads', records };
}

const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

async function main(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.log(`SKIPPED: ${CORPUS} not found (the bench builds its input from the corpus's chunks)`);
    return;
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  const ready = (f: string, mb: number) => existsSync(f) && statSync(f).size === 4096 + Math.floor((mb << 20) / CHUNK) * CHUNK;
  const made = ready(file, MB) ? null : makeFile(file, MB);
  const peerFile = fileOf(PEER_MB);
  if (PEER_MB !== MB && !ready(peerFile, PEER_MB)) makeFile(peerFile, PEER_MB);
  const size = statSync(file).size;
  const scale = size / statSync(peerFile).size;
  console.log(`input: ${file}, ${(size / 2 ** 20).toFixed(0)} MiB${made ? `, ${made.records.toLocaleString('en-US')} records` : ''} (the machine is shared: wall times vary with other load)`);
  if (scale !== 1) console.log(`peers: on ${peerFile} (${PEER_MB} MiB, the same chunks), times × ${scale.toFixed(2)} to the full size`);
  try {
    console.log(`before: ${load()}`);
    const cli = join(root, 'out', 'cli.cjs');
    const o = ours(cli);
    if (made && o.records !== made.records) throw new Error(`TraceLens read ${o.records} records, the file has ${made.records}`);
    // EVTX_BENCH_BASE=…/out/cli.cjs of another commit: timed on the same file between two runs of this one.
    const base = process.env.EVTX_BENCH_BASE;
    const compared = base ? [ours(base, `base ${base}`), ours(cli, 'TraceLens summary (again)')] : [];
    const scaled = (r: Run): Run => (scale === 1 || r.wallS === null ? r : { ...r, wallS: r.wallS * scale, cpuS: r.cpuS === null ? null : r.cpuS * scale, note: `${r.note}${r.note ? '; ' : ''}scaled from ${PEER_MB} MiB` });
    const peers = [timed('evtxexport -f xml', '/usr/bin/evtxexport', ['-f', 'xml', peerFile]), timed('python-evtx evtx_dump.py', '/usr/bin/evtx_dump.py', [peerFile])].map(scaled);
    report(o, [...compared, ...peers], size, scale);
    console.log(`after: ${load()}`);
  } finally {
    if (process.env.EVTX_BENCH_KEEP !== '1') for (const f of new Set([file, peerFile])) rmSync(f, { force: true });
  }
}

function report(o: Run, peers: Run[], size: number, scale: number): void {
  const runs = [o, ...peers];
  const mbs = (r: Run) => (r.wallS ? (size / 2 ** 20 / r.wallS).toFixed(1) : '–');
  console.log('| tool | wall s | CPU s | MiB/s (wall) | TraceLens faster by | note |');
  console.log('|---|---|---|---|---|---|');
  for (const r of runs) {
    const ratio = r === o ? '' : r.wallS ? `${(r.wallS / o.wallS!).toFixed(1)}×` : r.note.startsWith('>') ? `> ${((LIMIT_S * scale) / o.wallS!).toFixed(0)}×` : '–';
    console.log(`| ${r.tool} | ${r.wallS?.toFixed(1) ?? '–'} | ${r.cpuS?.toFixed(1) ?? '–'} | ${mbs(r)} | ${ratio} | ${r.note} |`);
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
