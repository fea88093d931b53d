/** `node bench/run.mjs`: lists its benchmarks, and an unknown name is refused (exit 2) with the list. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(__dirname, '../..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bench', 'run.mjs'), ...args], { cwd: REPO, encoding: 'utf8' });
const names = readdirSync(join(REPO, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));

describe('bench/run.mjs', () => {
  it('--list names every benchmark with what it measures', () => {
    const r = run('--list');
    expect(r.status).toBe(0);
    for (const n of names) expect(r.stdout).toMatch(new RegExp(`^  ${n} +\\S.{20,}$`, 'm'));
  });

  it('refuses an unknown name with exit 2 and the list, before building anything', () => {
    const r = run('svclgo');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no benchmark named "svclgo". The benchmarks are:');
    for (const n of names) expect(r.stderr).toContain(`  ${n} `);
    expect(r.stdout).toBe('');
  });
});
