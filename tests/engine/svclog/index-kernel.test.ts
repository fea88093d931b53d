/**
 * The index kernel (index-kernel.ts) runs the index's per-event loops in WebAssembly: process
 * numbering, activity grouping and the summary's counts must come out exactly as the JavaScript
 * loops make them, for
 * single files and for sets of files whose activities join across processes and machines.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ZERO_ACTIVITY, activityBoundary, messageRecord, traceEvent, traceRecord } from '../../../scripts/svclog-writer.mjs';
import { buildActivities } from '../../../electron/engine/svclog/indexing/activities';
import type { SvclogFile } from '../../../electron/engine/svclog/file';
import { processesOf } from '../../../electron/engine/svclog/indexing/processes';
import { kernelTypeCounts } from '../../../electron/engine/svclog/indexing/index-kernel';
import { BENCH_GEN_DIR, CORPUS_DIR, HAS_CORPUS, describeBenchGen } from '../../support/corpus';
import { FIXTURES, load } from './helpers';

const fixtures = readdirSync(FIXTURES).filter((f) => /\.(svclog|xml)$/.test(f) && f !== 'not-a-trace.xml').map((f) => join(FIXTURES, f));
const corpus = HAS_CORPUS ? readdirSync(join(CORPUS_DIR, 'svclog')).map((f) => join(CORPUS_DIR, 'svclog', f)) : [];

/** Both ways, everything they give (the lazily built parts included). */
function sameIndex(files: SvclogFile[]): void {
  for (const f of files) {
    expect(processesOf(f.data, f.recordCount, true)).toEqual(processesOf(f.data, f.recordCount, false));
    const types = new Float64Array(f.data.strings.length);
    const levels = new Float64Array(256);
    for (let i = 0; i < f.recordCount; i++) {
      types[f.data.events.subType[i]]++;
      levels[f.data.events.level[i]]++;
    }
    expect(kernelTypeCounts(f.data, f.recordCount)).toEqual({ types, levels });
  }
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
    // Split across workers: the merged strings are distinct, and the kernel also makes the activities.
    const split = await load(path, { splitAbove: 0, parts: 3, inThreadBelow: 0 });
    expect(split.data.uniqueStrings).toBe(true);
    // The workers grouped the parts (the index uses that, not the kernel's pass over the merged file).
    expect(split.data.grouped?.events).toBe(split.recordCount);
    sameIndex([split]);
  });

  it('groups sets of files (activities joined across processes and machines) as the JavaScript loop does', async () => {
    sameIndex(await Promise.all(['two-process-client.svclog', 'two-process-server.svclog'].map((n) => load(join(FIXTURES, n)))));
    sameIndex(await Promise.all(fixtures.map((p) => load(p))));
    if (HAS_CORPUS) sameIndex(await Promise.all(corpus.map((p) => load(p))));
  });
});

describe('svclog index kernel on random traces (fast-check)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-idxr-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A few activities: the root, one propagated in an ActivityId header (joined across processes), plain ones.
  const ACTS = [ZERO_ACTIVITY, '11111111-0000-4000-a000-000000000001', '22222222-0000-4000-a000-000000000002', '33333333-0000-4000-a000-000000000003'];
  const PROCS = [
    { proc: { name: 'client', pid: 10, tid: 1 }, host: 'A' },
    { proc: { name: 'service', pid: 10, tid: 2 }, host: 'B' },
    { proc: { name: 'service', pid: 11, tid: 3 }, host: 'B' },
  ];
  const BODIES = [
    () => '',
    () => activityBoundary('Process action', 'ProcessAction'),
    () => traceRecord('Information', 'X', ''),
    () => traceRecord('Information', 'X', 'Something happened'),
    () => `<TraceData><DataItem><TraceRecord xmlns="urn:x"><Description>  </Description></TraceRecord></DataItem></TraceData>`,
    (t: number) => messageRecord({ t, source: 'TransportSend', action: 'urn:a', activityHeader: ACTS[1], correlationId: 'c', body: '<x/>' }),
    (t: number) => messageRecord({ t, source: 'ServiceLevelReceiveRequest', action: '', activityHeader: ACTS[1], correlationId: 'c', body: '<x/>' }),
  ];
  const event = fc.record({
    act: fc.nat({ max: ACTS.length - 1 }),
    related: fc.nat({ max: ACTS.length }),
    proc: fc.nat({ max: PROCS.length - 1 }),
    sub: fc.constantFrom('Start', 'Stop', 'Transfer', 'Information', 'Error'),
    level: fc.constantFrom(0, 1, 2, 4, 8, 16, 17, 255),
    dt: fc.nat({ max: 3 }),
    body: fc.nat({ max: BODIES.length - 1 }),
    badTime: fc.boolean(),
  });
  it('groups them as the JavaScript loop does, in one part and split (names, worst levels, joined transfers, bad times)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 60 }), async (events) => {
        let t = 16_000_000_000_000_000;
        const text = events
          .map((e) => {
            t += e.dt;
            const p = PROCS[e.proc];
            const line = traceEvent({ t, sub: e.sub, level: e.level, act: ACTS[e.act], related: e.related < ACTS.length ? ACTS[e.related] : undefined, proc: p.proc, host: p.host, body: BODIES[e.body](t) });
            return e.badTime && e.dt === 0 ? line.replace(/SystemTime="[^"]*"/, 'SystemTime="soon"') : line;
          })
          .join('');
        const path = join(dir, `r${n++}.svclog`);
        writeFileSync(path, text);
        sameIndex([await load(path)]);
        sameIndex([await load(path, { splitAbove: 0, parts: 2, inThreadBelow: 0 })]);
      }),
      { numRuns: 60 },
    );
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
    sameIndex([await load(path, { splitAbove: 0, parts: 2, inThreadBelow: 0 })]);
  });
});
