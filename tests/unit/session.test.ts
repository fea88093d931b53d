/** The session service through the dispatcher, on the bundled samples (always present). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Channel, Result } from '../../shared/contract';
import type { FileInfo, RecordPage } from '../../shared/model';
import { dispatch } from '../../electron/services/dispatch';
import { Session } from '../../electron/services/session';

const SAMPLES = resolve(__dirname, '../../assets/samples');
const TRACE = join(SAMPLES, 'web01_orderportal.svclog');
const SERVICE = join(SAMPLES, 'app01_orderservice.svclog');
const IIS = join(SAMPLES, 'app01_u_ex261120.log');

function setup(opts = {}) {
  const session = new Session(opts);
  const events: string[] = [];
  session.onEvent((e) => events.push(e));
  const logs: string[] = [];
  const call = <T>(channel: Channel | string, payload: unknown) =>
    dispatch(channel, payload, { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' }, log: (m) => logs.push(m) }) as Promise<Result<T>>;
  return { session, events, logs, call };
}

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('session', () => {
  it('loads files, reports progress and changes, and pages every record in time order', async () => {
    const { session, events, call } = setup();
    const opened = value(await call<FileInfo[]>('files.open', { paths: [TRACE, SERVICE, IIS] }));
    expect(opened.map((f) => f.name)).toEqual(['web01_orderportal.svclog', 'app01_orderservice.svclog', 'app01_u_ex261120.log']);
    await session.whenIdle();
    const files = value(await call<FileInfo[]>('files.list', {}));
    expect(files.map((f) => [f.format, f.state, f.records])).toEqual([
      ['svclog', 'loaded', 204],
      ['svclog', 'loaded', 365],
      ['iis-w3c', 'loaded', 364],
    ]);
    expect(new Set(files.map((f) => f.colour)).size).toBe(3);
    expect(events).toContain('files.changed');
    const page = value(await call<RecordPage>('records.page', { offset: 0, limit: 1000 }));
    expect(page.total).toBe(204 + 365 + 364);
    expect(page.rows).toHaveLength(933);
    for (let i = 1; i < page.rows.length; i++) expect(page.rows[i].timeUs).toBeGreaterThanOrEqual(page.rows[i - 1].timeUs);
    const second = value(await call<RecordPage>('records.page', { offset: 900, limit: 100 }));
    expect(second.rows).toHaveLength(33);
    expect(second.rows[0]).toEqual(page.rows[900]);
  });

  it('reads one record’s detail on demand', async () => {
    const { session, call } = setup();
    const [info] = value(await call<FileInfo[]>('files.open', { paths: [TRACE] }));
    await session.whenIdle();
    const detail = value(await call<{ raw: string; fileId: string; index: number }>('records.detail', { fileId: info.id, index: 1 }));
    expect(detail.raw).toMatch(/^<E2ETraceEvent[\s\S]*<\/E2ETraceEvent>$/);
    expect(detail.raw).toContain('SubType Name="Start"');
    const missing = await call('records.detail', { fileId: info.id, index: 10_000 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses unreadable, empty and non-log files with a sentence, and keeps the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-session-'));
    writeFileSync(join(dir, 'empty.svclog'), '');
    writeFileSync(join(dir, 'notes.txt'), 'Dear diary, nothing here is a log.\n');
    writeFileSync(join(dir, 'blob.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const { session, call } = setup();
    value(await call('files.open', { paths: [TRACE, join(dir, 'missing.log'), join(dir, 'empty.svclog'), join(dir, 'notes.txt'), join(dir, 'blob.bin'), dir] }));
    await session.whenIdle();
    const files = value(await call<FileInfo[]>('files.list', {}));
    const byName = new Map(files.map((f) => [f.name, f]));
    expect(byName.get('web01_orderportal.svclog')?.state).toBe('loaded');
    expect(byName.get('missing.log')?.problems[0].message).toMatch(/does not exist/);
    expect(byName.get('empty.svclog')?.problems[0].message).toMatch(/empty/);
    expect(byName.get('notes.txt')?.problems[0].message).toMatch(/plain text/);
    expect(byName.get('blob.bin')?.problems[0].message).toMatch(/binary/);
    expect([...byName.values()].find((f) => f.path === dir)?.problems[0].message).toMatch(/folder/);
    for (const f of files) if (f.name !== 'web01_orderportal.svclog') expect(f.state).toBe('failed');
    expect(value(await call<RecordPage>('records.page', { offset: 0, limit: 1 })).total).toBe(204);
  });

  it('refuses files above the size limit before reading them', async () => {
    const { session, call } = setup({ maxFileBytes: 1000 });
    value(await call('files.open', { paths: [TRACE] }));
    await session.whenIdle();
    const [f] = value(await call<FileInfo[]>('files.list', {}));
    expect(f.state).toBe('failed');
    expect(f.problems[0].message).toMatch(/above the 1000 B limit/);
  });

  it('cancels a queued load, removes and reloads files', async () => {
    const { session, call } = setup({ concurrency: 1 });
    const [a, b] = value(await call<FileInfo[]>('files.open', { paths: [SERVICE, TRACE] }));
    expect(value(await call<{ cancelled: boolean }>('files.cancel', { fileId: b.id })).cancelled).toBe(true);
    await session.whenIdle();
    let files = value(await call<FileInfo[]>('files.list', {}));
    expect(files.map((f) => f.state)).toEqual(['loaded', 'cancelled']);
    value(await call('files.remove', { fileId: b.id }));
    const reloaded = value(await call<FileInfo>('files.reload', { fileId: a.id }));
    expect(reloaded.id).toBe(a.id);
    await session.whenIdle();
    files = value(await call<FileInfo[]>('files.list', {}));
    expect(files.map((f) => [f.name, f.state, f.records])).toEqual([['app01_orderservice.svclog', 'loaded', 365]]);
  });

  it('opens the same path once', async () => {
    const { session, call } = setup();
    const first = value(await call<FileInfo[]>('files.open', { paths: [TRACE] }));
    const again = value(await call<FileInfo[]>('files.open', { paths: [TRACE] }));
    expect(again[0].id).toBe(first[0].id);
    await session.whenIdle();
    expect(value(await call<FileInfo[]>('files.list', {}))).toHaveLength(1);
  });

  it('answers invalid calls with typed errors and logs them', async () => {
    const { call, logs } = setup();
    expect(await call('files.open', { paths: [] })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('files.open', { paths: ['a'], extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('records.page', { offset: 0, limit: 5000 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('files.openUpload', { uploadId: 'a'.repeat(32), name: 'x' })).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await call('files.remove', { fileId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(logs.filter((l) => l.includes('refused'))).toHaveLength(4);
  });
});

describe('files that change on disk', () => {
  it('refuses to show a record of a file that changed since it loaded, and reload brings it back', async () => {
    const { copyFileSync, appendFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'tl-stale-'));
    const path = join(dir, 'trace.svclog');
    copyFileSync(TRACE, path);
    const { session, call } = setup();
    const [info] = value(await call<FileInfo[]>('files.open', { paths: [path] }));
    await session.whenIdle();
    expect((await call('records.detail', { fileId: info.id, index: 3 })).ok).toBe(true);
    appendFileSync(path, '<E2ETraceEvent>growing');
    expect(await call('records.detail', { fileId: info.id, index: 3 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/trace\.svclog changed on disk after it was loaded; reload it/) } });
    expect(value(await call<{ fileId: string; changed: boolean }[]>('files.diskStatus', {}))).toEqual([{ fileId: info.id, changed: true }]);
    value(await call('files.reload', { fileId: info.id }));
    await session.whenIdle();
    expect((await call('records.detail', { fileId: info.id, index: 3 })).ok).toBe(true);
  });

  it('reports a deleted file as changed', async () => {
    const { copyFileSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'tl-gone-'));
    const path = join(dir, 'trace.svclog');
    copyFileSync(TRACE, path);
    const { session, call } = setup();
    const [info] = value(await call<FileInfo[]>('files.open', { paths: [path] }));
    await session.whenIdle();
    rmSync(path);
    expect(await call('records.detail', { fileId: info.id, index: 0 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/changed on disk/) } });
    value(await call('files.reload', { fileId: info.id }));
    await session.whenIdle();
    const [after] = value(await call<FileInfo[]>('files.list', {}));
    expect(after.state).toBe('failed');
    expect(after.problems[0].message).toMatch(/does not exist/);
    expect(value(await call<RecordPage>('records.page', { offset: 0, limit: 1 })).total).toBe(0);
  });
});
