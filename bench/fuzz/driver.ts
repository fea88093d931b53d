/**
 * `npm run fuzz -- --minutes 10 [--seed N] [--timeout-s 30]`: mutates the corpus files
 * (../shared/corpus) one damage at a time (flipped, inserted, deleted, duplicated or cut bytes,
 * and long repeats of the constructs parsers look for) and loads each result with the real engine
 * in a child process. Reports crashes (the child died), hangs (no answer within the timeout),
 * escaped exceptions ("Reading it failed: …") and records lost away from the damage (for svclog
 * events and IIS/HTTPERR rows: every record whose bytes the damage did not touch must be read; an
 * event log is judged for crashes, hangs and escapes only, since a damaged chunk header or template
 * table costs that chunk's records by design).
 * Each finding is saved under /tmp/tl-fuzz/findings with its mutation, to reproduce it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FuzzAnswer } from './child';
import { apply, describe, mustKeep, randomMutation, recordStarts, Rng, type Mutation } from './mutate';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const minutes = arg('minutes', 10);
const seed = arg('seed', Date.now() % 1_000_000);
const timeoutMs = arg('timeout-s', 30) * 1000;
const ROOT = resolve(__dirname, '..');
const CORPUS = resolve(ROOT, '../shared/corpus');
const WORK = '/tmp/tl-fuzz';
const FINDINGS = join(WORK, 'findings');

interface Source {
  name: string;
  bytes: Buffer;
  format: string;
  records: number;
  units: { starts: number[]; headerEnd: number } | null;
}

class Loader {
  private child?: ChildProcess;
  private waiting?: (a: FuzzAnswer | 'crash') => void;
  private seq = 0;
  maxRssMb = 0;
  restarts = 0;

  private async start(): Promise<void> {
    const child = fork(join(ROOT, 'out', 'fuzz-child.cjs'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: ['--max-old-space-size=4096'] });
    child.stderr!.resume();
    this.child = child;
    await new Promise<void>((ready) => child.once('message', () => ready()));
    child.on('message', (a: FuzzAnswer) => this.waiting?.(a));
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      this.waiting?.('crash');
    });
  }

  /** Loads one file; 'crash' when the child died, 'hang' when it did not answer in time. */
  async load(path: string): Promise<FuzzAnswer | 'crash' | 'hang'> {
    if (!this.child) {
      this.restarts++;
      await this.start();
    }
    const id = ++this.seq;
    const child = this.child!;
    const answer = await new Promise<FuzzAnswer | 'crash' | 'hang'>((done) => {
      const timer = setTimeout(() => done('hang'), timeoutMs);
      this.waiting = (a) => {
        if (a !== 'crash' && a.id !== id) return;
        clearTimeout(timer);
        done(a);
      };
      child.send({ id, path });
    });
    this.waiting = undefined;
    if (answer === 'hang') {
      this.child = undefined;
      child.kill('SIGKILL');
    } else if (answer !== 'crash') this.maxRssMb = Math.max(this.maxRssMb, answer.rssMb);
    return answer;
  }

  stop(): void {
    this.child?.kill();
  }
}

function corpusFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['svclog', 'iis', 'httperr', 'freb', 'evtx', 'other']) {
    const d = join(CORPUS, dir);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isFile() && statSync(p).size > 0) out.push(p);
    }
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.error(`The corpus is not at ${CORPUS}: nothing to fuzz.`);
    process.exit(2);
  }
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(FINDINGS, { recursive: true });
  const loader = new Loader();
  const rng = new Rng(seed);
  const sources: Source[] = [];
  for (const path of corpusFiles()) {
    const full = readFileSync(path);
    // Files above 4 MB make each run slow without adding shapes: their head is enough.
    const bytes = full.length > 4 << 20 ? full.subarray(0, 4 << 20) : full;
    const copy = join(WORK, 'source');
    writeFileSync(copy, bytes);
    const a = await loader.load(copy);
    if (a === 'crash' || a === 'hang') throw new Error(`the unmutated ${path} did not load (${a})`);
    if (!a.ok) continue; // not a log (stylesheets, firewall logs): nothing to lose
    // Records are judged only where each one is one unit of bytes (an svclog with nested events is not).
    const units = recordStarts(bytes, a.format);
    sources.push({ name: path.slice(CORPUS.length + 1), bytes, format: a.format, records: a.records, units: units?.starts.length === a.records ? units : null });
  }
  console.log(`fuzzing ${sources.length} corpus files for ${minutes} min (seed ${seed}, timeout ${timeoutMs / 1000} s per file)`);
  const stats = { runs: 0, crashes: 0, hangs: 0, escaped: 0, lost: 0, checked: 0 };
  const byFormat = new Map<string, number>();
  const deadline = Date.now() + minutes * 60_000;
  const t0 = Date.now();
  let slowest = { ms: 0, what: '' };
  const record = (kind: string, src: Source, m: Mutation, bytes: Buffer, detail: string) => {
    const base = join(FINDINGS, `${kind}-${stats.runs}`);
    writeFileSync(`${base}.bin`, bytes);
    writeFileSync(`${base}.txt`, `${src.name}\n${describe(m)}\n${detail}\n`);
    console.log(`  ${kind}: ${src.name}, ${describe(m)}: ${detail}`);
  };
  while (Date.now() < deadline) {
    const src = rng.pick(sources);
    const m = randomMutation(src.bytes.length, rng);
    const { bytes, from, to } = apply(src.bytes, m);
    const ext = src.name.slice(src.name.lastIndexOf('.'));
    const path = join(WORK, `case${ext}`);
    writeFileSync(path, bytes);
    const started = Date.now();
    const a = await loader.load(path);
    const ms = Date.now() - started;
    stats.runs++;
    byFormat.set(src.format, (byFormat.get(src.format) ?? 0) + 1);
    if (ms > slowest.ms) slowest = { ms, what: `${src.name}, ${describe(m)}` };
    if (a === 'crash' || a === 'hang') {
      stats[a === 'crash' ? 'crashes' : 'hangs']++;
      record(a, src, m, bytes, a);
      continue;
    }
    if (!a.ok && /^Reading it failed/.test(a.failure ?? '')) {
      stats.escaped++;
      record('escaped', src, m, bytes, a.failure ?? '');
    }
    // Records away from the damage: only when the damage is past the head (sniffing) and the
    // header block (the fields), and it did not add or remove a directive line.
    if (src.units && from > Math.max(64, src.units.headerEnd) && !changesDirectives(src, bytes)) {
      stats.checked++;
      const keep = mustKeep(src.units.starts, src.bytes.length, m, from, to) - 1;
      if (a.records < keep) {
        stats.lost++;
        record('lost', src, m, bytes, `${a.records} records read, at least ${keep} expected (${src.records} unmutated)`);
      }
    }
    if (stats.runs % 200 === 0) console.log(`  … ${stats.runs} runs, ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  loader.stop();
  console.log('\n| runs | per format | crashes | hangs | escaped exceptions | records lost away from the damage (runs checked) | slowest file | peak RSS of the loader |');
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${stats.runs} | ${[...byFormat].map(([f, n]) => `${f} ${n}`).join(', ')} | ${stats.crashes} | ${stats.hangs} | ${stats.escaped} | ${stats.lost} (${stats.checked}) | ${(slowest.ms / 1000).toFixed(1)} s (${slowest.what}) | ${loader.maxRssMb} MB |`,
  );
  if (stats.crashes + stats.hangs + stats.escaped + stats.lost > 0) console.log(`findings in ${FINDINGS}`);
  process.exit(stats.crashes || stats.hangs ? 1 : 0);
}

/** IIS logs: a mutation that makes or breaks a `#` line can change the fields of what follows. */
function changesDirectives(src: Source, bytes: Buffer): boolean {
  if (src.format === 'svclog') return false;
  const count = (b: Buffer) => {
    let n = b[0] === 0x23 ? 1 : 0;
    for (let i = b.indexOf('\n#'); i >= 0; i = b.indexOf('\n#', i + 1)) n++;
    return n;
  };
  return count(bytes) !== count(src.bytes);
}

void main();
