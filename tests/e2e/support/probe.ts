/**
 * Loads one file in a fresh Node process with the built engine (out/cli.cjs) and reports what was
 * found, the wall time, the CPU time of all its threads and the process's peak memory. Tests bound
 * the CPU time (the work done, which other processes on a shared machine do not stretch) and the
 * memory; the bench reports wall time on a quiet machine.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './host';

export interface ProbeResult {
  summary: { files: { format: string; records: number; warnings: { message: string }[]; errors: { message: string }[] }[] } & Record<string, unknown>;
  wallMs: number;
  /** User + system CPU time of the process, every thread (workers included). */
  cpuMs: number;
  maxRssMb: number;
  stdout: string;
}

const PROBE = `
const t0 = Date.now();
require(process.argv[2]).summarize([process.argv[1]]).then((summary) => {
  const u = process.resourceUsage();
  process.stdout.write(JSON.stringify({ summary, wallMs: Date.now() - t0, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 }));
});
`;

/** `cli`: the built CLI bundle (the bench, itself bundled elsewhere, passes its own). */
export function probe(file: string, timeoutMs = 60_000, cli = join(REPO, 'out', 'cli.cjs')): ProbeResult {
  const r = spawnSync(process.execPath, ['-e', PROBE, file, cli], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`probe of ${file} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { ...JSON.parse(r.stdout), stdout: r.stdout };
}
