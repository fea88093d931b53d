// Produces the V8 code caches of the CLI's command bundles (electron/cli/code-cache.ts): a training
// run of each command on the bundled samples, with TRACELENS_WRITE_CODE_CACHE=1, writes
// out/cli-<command>.cjs.cache when it exits. Run by scripts/build.mjs after the bundles are built.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function writeCodeCaches(root) {
  const cli = join(root, 'out', 'cli.cjs');
  const samples = ['web01_orderportal.svclog', 'app01_orderservice.svclog', 'app01_u_ex261120.log'].map((f) => join(root, 'assets', 'samples', f));
  const dir = mkdtempSync(join(tmpdir(), 'tracelens-code-cache-'));
  try {
    for (const args of [['summary', '--json', ...samples], ['export', '--format', 'csv', '-o', join(dir, 'out.csv'), ...samples]]) {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TRACELENS_WRITE_CODE_CACHE: '1', TRACELENS_TRACE_STARTUP: '' } });
      if (r.status !== 0) throw new Error(`code cache: \`tracelens ${args[0]}\` on the samples failed (${r.status ?? r.signal}): ${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
