/**
 * The index kernel (index-kernel.ts) runs the index's per-event loops in WebAssembly: process
 * numbering and activity grouping must come out exactly as the JavaScript loops make them, for
 * single files and for sets of files whose activities join across processes and machines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildActivities } from '../../../electron/engine/svclog/activities';
import type { SvclogFile } from '../../../electron/engine/svclog/file';
import { processesOf } from '../../../electron/engine/svclog/processes';
import { BENCH_GEN_DIR, CORPUS_DIR, HAS_CORPUS, describeBenchGen } from '../../support/corpus';
import { FIXTURES, load } from './helpers';

const fixtures = readdirSync(FIXTURES).filter((f) => /\.(svclog|xml)$/.test(f) && f !== 'not-a-trace.xml').map((f) => join(FIXTURES, f));
const corpus = HAS_CORPUS ? readdirSync(join(CORPUS_DIR, 'svclog')).map((f) => join(CORPUS_DIR, 'svclog', f)) : [];

/** Both ways, everything they give (the lazily built parts included). */
function sameIndex(files: SvclogFile[]): void {
  for (const f of files) expect(processesOf(f.data, f.recordCount, true)).toEqual(processesOf(f.data, f.recordCount, false));
  const wasm = buildActivities(files, true);
  const js = buildActivities(files, false);
  expect(wasm.activityCount).toBe(js.activityCount);
  expect(wasm.transferCount).toBe(js.transferCount);
  expect(wasm.activityOf).toEqual(js.activityOf);
  expect(wasm.activities).toEqual(js.activities);
  expect(wasm.transfers).toEqual(js.transfers);
  expect(wasm.members).toEqual(js.members);
}

describe('svclog index kernel', () => {
  it.each([...fixtures, ...corpus])('groups %s as the JavaScript loop does', async (path) => {
    sameIndex([await load(path)]);
  });

  it('groups sets of files (activities joined across processes and machines) as the JavaScript loop does', async () => {
    sameIndex(await Promise.all(['two-process-client.svclog', 'two-process-server.svclog'].map((n) => load(join(FIXTURES, n)))));
    sameIndex(await Promise.all(fixtures.map((p) => load(p))));
    if (HAS_CORPUS) sameIndex(await Promise.all(corpus.map((p) => load(p))));
  });
});

describeBenchGen('svclog index kernel on a generated file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-idxk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('groups it as the JavaScript loop does (transfers, names, three machines)', async () => {
    const path = join(dir, 'gen.svclog');
    execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-svclog.mjs'), path, '2M'], { stdio: 'ignore' });
    const f = await load(path);
    expect(buildActivities([f]).transferCount).toBeGreaterThan(100);
    sameIndex([f]);
  });
});
