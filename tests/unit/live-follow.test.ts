/**
 * The live follow service on a real session: appended records are counted without a reload, a
 * truncated file is read again with a note, a file replaced over and over is read again at most
 * once per two seconds, pausing stops reading and marks the file, and following a folder of
 * thousands of logs opens only the newest and then each new one, without stat-ing them all again.
 */
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Session } from '../../electron/services/session';
import { liveFollow } from '../../electron/services/follow/live-follow';
import { iisHeader, iisRow } from '../support/growing-logs';

const T0 = Date.UTC(2024, 2, 1, 10);
const rows = (from: number, n: number, status = 200) => Array.from({ length: n }, (_, k) => iisRow({ at: new Date(T0 + (from + k) * 1000), status })).join('');
const until = async (what: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

let dir: string;
let session: Session;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tl-live-unit-'));
  session = new Session();
});
afterEach(() => {
  liveFollow(session).close();
  rmSync(dir, { recursive: true, force: true });
});

async function openLog(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const [info] = session.open([{ path }]);
  await session.whenIdle();
  liveFollow(session);
  const file = () => session.list().find((f) => f.id === info.id)!;
  await until(() => file().live === 'following');
  return { path, file };
}

describe('live follow', () => {
  it('counts appended rows without reading the file again', async () => {
    const { path, file } = await openLog('u_ex1.log', iisHeader(new Date(T0)) + rows(0, 10));
    let reloads = 0;
    session.onEvent((e, p) => {
      if (e === 'files.changed' && (p as { files: { state: string }[] }).files.some((f) => f.state === 'queued')) reloads++;
    });
    const before = session.loaded()[0].file;
    appendFileSync(path, rows(10, 5));
    await until(() => file().records === 15);
    appendFileSync(path, rows(15, 5, 503));
    await until(() => file().records === 20);
    expect(reloads).toBe(0);
    expect(session.loaded()[0].file).not.toBe(before);
    expect(file().note).toBeUndefined();
  });

  it('reads a truncated file again with a note, and a file replaced in a loop at most once per 2 s', async () => {
    const { path, file } = await openLog('u_ex2.log', iisHeader(new Date(T0)) + rows(0, 50));
    let reloads = 0;
    session.onEvent((e, p) => {
      if (e === 'files.changed' && (p as { files: { state: string }[] }).files.some((f) => f.state === 'queued')) reloads++;
    });
    writeFileSync(path, iisHeader(new Date(T0)) + rows(0, 3));
    await until(() => file().state === 'loaded' && file().records === 3);
    expect(file().note).toMatch(/^Read again at \d\d:\d\d:\d\d UTC: it shrank from \d+ to \d+ bytes \(truncated\)\.$/);
    // Replaced by rename every 50 ms for 3 s.
    const end = Date.now() + 3000;
    for (let k = 0; Date.now() < end; k++) {
      writeFileSync(`${path}.new`, iisHeader(new Date(T0 + k)) + rows(0, 4 + (k % 3)));
      renameSync(`${path}.new`, path);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(reloads).toBeLessThanOrEqual(3);
    await until(() => file().state === 'loaded' && file().live === 'following');
  });

  it('pausing stops reading and marks a file that grew; resuming reads it', async () => {
    const { path, file } = await openLog('u_ex3.log', iisHeader(new Date(T0)) + rows(0, 10));
    liveFollow(session).set(false);
    appendFileSync(path, rows(10, 5));
    await until(() => file().live === 'paused');
    expect(file().records).toBe(10);
    liveFollow(session).set(true);
    await until(() => file().records === 15 && file().live === 'following');
  });

  it('follows a folder of thousands of logs: the newest opens, then each new one', async () => {
    const logs = join(dir, 'W3SVC1');
    mkdirSync(logs);
    for (let k = 0; k < 3000; k++) writeFileSync(join(logs, `u_ex${String(k).padStart(6, '0')}.log`), iisHeader(new Date(T0)) + rows(k, 1));
    appendFileSync(join(logs, 'u_ex002999.log'), '');
    const t = Date.now();
    const state = await liveFollow(session).followFolder(logs);
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(state.folders).toEqual([logs]);
    await session.whenIdle();
    expect(session.list().map((f) => f.name)).toEqual(['u_ex002999.log']);
    // A new log that is still empty waits; with its first bytes it opens.
    writeFileSync(join(logs, 'u_ex003000.log'), '');
    await new Promise((r) => setTimeout(r, 800));
    expect(session.list()).toHaveLength(1);
    writeFileSync(join(logs, 'u_ex003000.log'), iisHeader(new Date(T0)) + rows(0, 2));
    await until(() => session.list().some((f) => f.name === 'u_ex003000.log' && f.state === 'loaded'));
    // Files that are not logs are left alone.
    writeFileSync(join(logs, 'notes.txt'), 'hello');
    await new Promise((r) => setTimeout(r, 800));
    expect(session.list()).toHaveLength(2);
  });

  it('refuses a folder that does not exist with a sentence', async () => {
    await expect(liveFollow(session).followFolder(join(dir, 'nope'))).rejects.toThrow(/The folder .*nope does not exist\./);
  });
});
