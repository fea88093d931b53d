/**
 * A parse started before the code that loads the file (the CLI's early start, early-parse.ts): the
 * load takes it over when it asks for the same parts, and ends it and parses on its own otherwise;
 * either way the file is what a load without an early start gives.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeSvclog } from '../../../electron/engine/svclog';
import { claimEarlyParse, endEarlyParses, pendingEarlyParses, startEarlyParseOf } from '../../../electron/engine/svclog/early-parse';
import { planParts, workerRequests } from '../../../electron/engine/svclog/load-plan';
import { commandFiles } from '../../../electron/cli/early-parse-start';
import { fixture, load } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'tl-early-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A trace past the 1 MiB a load parses in-thread: a fixture's events written again and again. */
function largeTrace(): string {
  const events = readFileSync(fixture('two-process-server.svclog'), 'utf8');
  const path = join(dir, 'large.svclog');
  writeFileSync(path, events.repeat(Math.ceil((1.2 * (1 << 20)) / events.length)));
  return path;
}

describe('early parse', () => {
  const path = largeTrace();

  it('is taken over by the load that asks for the same parts, with the same result', async () => {
    const plain = summarizeSvclog([await load(path)]);
    expect(startEarlyParseOf(path, Infinity)).toBe(1);
    expect(pendingEarlyParses()).toBe(1);
    const taken = await load(path);
    expect(pendingEarlyParses()).toBe(0);
    expect(summarizeSvclog([taken])).toEqual(plain);
  });

  it('hands its running workers, and what they sent, only to a load of the same file with the same parts', async () => {
    const size = statSync(path).size;
    const same = workerRequests(planParts(size, 'utf8', 0, path, {}));
    expect(startEarlyParseOf(path, Infinity)).toBe(1);
    expect(claimEarlyParse(join(dir, 'other.svclog'), size, same)).toBeNull();
    expect(claimEarlyParse(path, size, workerRequests(planParts(size, 'utf8', 0, path, { splitAbove: 0, parts: 2 })))).toBeNull();
    expect(pendingEarlyParses()).toBe(0);
    expect(startEarlyParseOf(path, Infinity)).toBe(1);
    const claimed = claimEarlyParse(path, size, same);
    expect(claimed?.workers).toHaveLength(1);
    // Its reply: the whole part (the fixture's events, parsed once).
    const done = await new Promise<unknown>((resolve) => {
      const seen = claimed!.replies[0].find((m) => m.type === 'done');
      if (seen) resolve(seen);
      else claimed!.workers[0].on('message', (m: { type: string }) => m.type === 'done' && resolve(m));
    });
    expect((done as { part: { eventCount: number } }).part.eventCount).toBeGreaterThan(1000);
    await claimed!.workers[0].terminate();
  });

  it('is ended when the load cuts the file otherwise, which then parses it on its own', async () => {
    const opts = { splitAbove: 0, parts: 2 };
    const plain = summarizeSvclog([await load(path, opts)]);
    expect(startEarlyParseOf(path, Infinity)).toBe(1);
    const own = await load(path, opts);
    expect(pendingEarlyParses()).toBe(0);
    expect(summarizeSvclog([own])).toEqual(plain);
  });

  it('starts nothing for a small file, a file above the size limit or one that is not a trace; ends what no load took', async () => {
    expect(startEarlyParseOf(fixture('two-process-server.svclog'), Infinity)).toBe(0);
    expect(startEarlyParseOf(path, 1 << 20)).toBe(0);
    const text = join(dir, 'not-a-trace.log');
    writeFileSync(text, '#Software: Microsoft Internet Information Services 10.0\n'.padEnd(2 << 20, 'x'));
    expect(startEarlyParseOf(text, Infinity)).toBe(0);
    expect(startEarlyParseOf(path, Infinity)).toBe(1);
    await endEarlyParses();
    expect(pendingEarlyParses()).toBe(0);
  });

  it('reads the files of a summary or export command line, after the global options', () => {
    expect(commandFiles(['--max-file-size', '2G', 'summary', 'a.svclog', '--json', 'b.log'])).toEqual({ files: ['a.svclog', 'b.log'], maxBytes: 2 * 1024 ** 3 });
    expect(commandFiles(['export', 'a.svclog', '--format', 'csv']).files).toEqual(['a.svclog', 'csv']);
    expect(commandFiles(['serve', 'a.svclog']).files).toEqual([]);
    expect(commandFiles([]).files).toEqual([]);
  });
});
