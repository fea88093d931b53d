/**
 * Loads one file in a fresh Node process with the built engine (out/cli.cjs) and reports what was
 * found, the wall time and the process's peak memory, so tests can bound both.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './host';

export interface ProbeResult {
  summary: { files: { format: string; records: number; warnings: { message: string }[]; errors: { message: string }[] }[] } & Record<string, unknown>;
  wallMs: number;
  maxRssMb: number;
  stdout: string;
}

const PROBE = `
const t0 = Date.now();
require(process.argv[2]).summarize([process.argv[1]]).then((summary) => {
  process.stdout.write(JSON.stringify({ summary, wallMs: Date.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
});
`;

/** `cli`: the built CLI bundle (the bench, itself bundled elsewhere, passes its own). */
export function probe(file: string, timeoutMs = 60_000, cli = join(REPO, 'out', 'cli.cjs')): ProbeResult {
  const r = spawnSync(process.execPath, ['-e', PROBE, file, cli], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`probe of ${file} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { ...JSON.parse(r.stdout), stdout: r.stdout };
}
