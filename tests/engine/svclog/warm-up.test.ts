/**
 * The start-up warm-up (prewarm.ts, warm-up.ts): the synthetic sample is a well-formed trace that
 * takes the parser's real paths, and warmed workers stay in the pool and parse files correctly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prewarmSvclogEngine, SvclogIndex, summarizeSvclog } from '../../../electron/engine/svclog';
import { defaultParts } from '../../../electron/engine/svclog/load';
import { parseRange } from '../../../electron/engine/svclog/extraction/parse';
import { warmUpSample } from '../../../electron/engine/svclog/warm-up';
import { idleWorkerCount } from '../../../electron/engine/worker-pool';
import { fixture, load } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'tl-warm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parser warm-up', () => {
  it('makes a sample that parses cleanly and covers traces, transfers, exceptions, processes and message pairs', async () => {
    const path = join(dir, 'sample.svclog');
    writeFileSync(path, warmUpSample(800));
    const f = await load(path);
    const index = new SvclogIndex([f]);
    const s = summarizeSvclog([f], index);
    expect(f.problems).toEqual([]);
    expect(s.events).toBe(800);
    expect(s.byType).toEqual({ Transfer: 100, Start: 100, Information: 300, Error: 100, Warning: 100, Stop: 100 });
    expect(s.messages).toBeGreaterThan(50);
    expect(s.transfers).toBe(100);
    let exceptions = 0;
    let named = 0;
    for (let i = 0; i < f.recordCount; i++) {
      if (f.data.events.exceptionType[i] !== 0) exceptions++;
      if (f.data.events.activityName[i] !== 0) named++;
    }
    expect(exceptions).toBe(200);
    expect(named).toBe(200);
    // Every way of pairing messages, across the sample's three interleaved processes.
    expect(new Set(index.pairs.map((p) => `${p.kind} by ${p.by}`))).toEqual(new Set(['send-receive by message-id', 'send-receive by activity-action', 'request-reply by relates-to']));
    expect(s.processes).toBe(3);
    // The System block fast path and the general walk read it the same way.
    const req = { path, encoding: 'utf8' as const, from: 0, to: Infinity, skipLeading: false };
    const fast = parseRange(req);
    const general = parseRange({ ...req, generalWalkOnly: true });
    expect(fast.strings).toEqual(general.strings);
    expect(fast.events).toEqual(general.events);
  });

  it('keeps the warmed workers, which then parse files as any worker does', async () => {
    await prewarmSvclogEngine(4_000);
    expect(idleWorkerCount()).toBe(defaultParts());
    const opts = { inThreadBelow: 0, splitAbove: 0, chunkBytes: 1 << 10 };
    const path = fixture('two-process-server.svclog');
    const inThread = summarizeSvclog([await load(path)]);
    expect(summarizeSvclog([await load(path, opts)])).toEqual(inThread);
    expect(idleWorkerCount()).toBe(defaultParts());
  });
});
