/**
 * Files from ../shared/bench/gen-iislog.mjs match the .manifest.json the generator writes:
 * lines, status counts, 503.2 count, slow requests, sum of time-taken, header lines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IisLogFile, type IisSection } from '../../../electron/engine/iis';
import { BENCH_GEN_DIR, describeBenchGen } from '../../support/corpus';
import { load } from './helpers';

interface Manifest {
  lines: number;
  headerLines: number;
  byStatus: Record<string, number>;
  s503_2: number;
  slowOver5s: number;
  timeTakenSum: number;
}

describeBenchGen('gen-iislog.mjs output matches its manifest', () => {
  let dir = '';
  let path = '';
  let manifest: Manifest;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-iis-gen-'));
    path = join(dir, 'iis-3M.log');
    execFileSync(process.execPath, [join(BENCH_GEN_DIR, 'gen-iislog.mjs'), path, '3M'], { stdio: 'ignore' });
    manifest = JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8')) as Manifest;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lines, statuses, 503.2, slow requests, time-taken sum, header lines', async () => {
    let progressCalls = 0;
    const { sniffed, file } = await load(path, () => progressCalls++);
    expect(sniffed.format).toBe('iis-w3c');
    const f = file as IisLogFile;
    const iis = (f.summary as { iis: IisSection }).iis;
    expect(iis.requests).toBe(manifest.lines);
    const byStatus: Record<string, number> = {};
    for (const [k, n] of Object.entries(iis.byStatus)) byStatus[k.split('.')[0]] = (byStatus[k.split('.')[0]] ?? 0) + n;
    expect(byStatus).toEqual(manifest.byStatus);
    expect(iis.byStatus['503.2']).toBe(manifest.s503_2);
    expect(iis.slow).toBe(manifest.slowOver5s);
    let sum = 0;
    const tt = f.table.data.num.timeTaken!;
    for (let i = 0; i < f.recordCount; i++) sum += tt[i];
    expect(sum).toBe(manifest.timeTakenSum);
    expect(f.table.data.directiveLines).toBe(manifest.headerLines);
    expect(f.problems).toHaveLength(0);
    expect(iis.servers).toEqual(['WEB01', 'WEB02']);
    expect(iis.bursts503.length).toBeGreaterThan(0);
    expect(progressCalls).toBeGreaterThan(0);
  });
});
