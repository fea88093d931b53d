/** Workspaces and exports through the contract, over the browser host (downloads) as the app uses them. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host/server';
import { saveWorkspace } from '../../electron/services/workspace';
import { connect, hostRequest, type HostClient } from '../support/host-client';

const SAMPLES = resolve(__dirname, '../../assets/samples');
const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('workspace and export channels (browser host)', () => {
  let host: RunningHost;
  let client: HostClient;
  const dir = mkdtempSync(join(tmpdir(), 'tl-io-'));
  beforeAll(async () => {
    const renderer = mkdtempSync(join(tmpdir(), 'tl-renderer-'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
    host = await startHost({ rendererDir: renderer, appInfo: { name: 'TraceLens', version: 'test', platform: 'linux' }, log: () => undefined });
    client = await connect(host);
  });
  afterAll(async () => {
    client.close();
    await host.close();
  });

  it('refuses to export when nothing is loaded', async () => {
    expect(await client.call('export.run', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('opens a workspace by path: its files, the missing ones, and its state', async () => {
    copyFileSync(join(SAMPLES, 'web01_orderportal.svclog'), join(dir, 'web01.svclog'));
    copyFileSync(join(SAMPLES, 'app01_u_ex261120.log'), join(dir, 'u_ex.log'));
    writeFileSync(join(dir, 'gone.svclog'), 'x');
    const state = { skew: { overridesMs: { WEB01: -350 } }, filters: { text: 'Order' }, timeRange: null, layout: { leftTab: 'activities' as const } };
    await saveWorkspace(join(dir, 'case.tracelens'), [join(dir, 'web01.svclog'), join(dir, 'u_ex.log'), join(dir, 'gone.svclog')], state);
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'gone.svclog'));
    const r = value(await client.call('workspace.open', { path: join(dir, 'case.tracelens') }));
    expect(r.files.map((f) => f.name)).toEqual(['web01.svclog', 'u_ex.log']);
    expect(r.missing).toHaveLength(1);
    expect(r.missing[0]).toMatch(/gone\.svclog/);
    expect(r.state).toMatchObject(state);
    await host.session.whenIdle();
  });

  it('saves the workspace as a one-time download with absolute paths', async () => {
    const saved = value(await client.call('workspace.save', { state: { skew: { overridesMs: {} }, filters: {}, timeRange: { fromUs: 1, toUs: 2 }, layout: {} } }));
    expect(saved.downloadUrl).toMatch(/^\/download\/[a-f0-9]{32}$/);
    expect(saved.fileName).toBe('workspace.tracelens');
    const got = await hostRequest(host, saved.downloadUrl!);
    expect(got.status).toBe(200);
    expect(String(got.headers['content-disposition'])).toContain('attachment; filename="workspace.tracelens"');
    const ws = JSON.parse(got.body.toString());
    expect(ws.files.map((f: { path: string }) => f.path)).toEqual([join(dir, 'web01.svclog'), join(dir, 'u_ex.log')]);
    expect(ws.timeRange).toEqual({ fromUs: 1, toUs: 2 });
    expect((await hostRequest(host, saved.downloadUrl!)).status).toBe(404);
  });

  it('exports the loaded traces and requests as downloads', async () => {
    const traces = value(await client.call('export.run', { format: 'csv', filter: { levels: ['error', 'warning'] } }));
    expect(traces.problems).toEqual([]);
    const rows: Record<string, string>[] = parse((await hostRequest(host, traces.downloadUrl!)).body, { columns: true });
    expect(rows.length).toBe(traces.written);
    expect(rows.every((r) => r.computer === 'WEB01')).toBe(true);
    const requests = value(await client.call('export.run', { format: 'jsonl', what: 'requests' }));
    expect(requests.written).toBe(364);
    const perfetto = value(await client.call('export.run', { format: 'perfetto' }));
    expect(JSON.parse((await hostRequest(host, perfetto.downloadUrl!)).body.toString()).traceEvents.length).toBeGreaterThan(100);
  });

  it('opens a Service Trace Viewer project sent by the page', async () => {
    const project = Buffer.from(`<?xml version="1.0"?><traceviewer_project><e2efile path="${join(dir, 'web01.svclog')}"/><e2efile path="C:\\elsewhere\\b.svclog"/></traceviewer_project>`);
    const up = await hostRequest(host, '/upload', project);
    const { uploadId } = JSON.parse(up.body.toString());
    const r = value(await client.call('workspace.open', { uploadId, name: 'case.stvproj' }));
    expect(r.state).toBeNull();
    expect(r.files.map((f) => f.name)).toEqual(['web01.svclog']);
    expect(r.missing[0]).toMatch(/C:\\elsewhere\\b\.svclog \(listed in case\.stvproj\) was not found/);
  });
});

describe('workspaces on the command line', () => {
  it('opens the files of a .tracelens given to serve, and keeps its state for the page', async () => {
    const { openPaths, currentWorkspace } = await import('../../electron/services/workspace-state');
    const { Session } = await import('../../electron/services/session');
    const dir = mkdtempSync(join(tmpdir(), 'tl-ws-cli-'));
    copyFileSync(join(SAMPLES, 'web01_orderportal.svclog'), join(dir, 'a.svclog'));
    await saveWorkspace(join(dir, 'w.tracelens'), [join(dir, 'a.svclog')], { filters: { text: 'x' } });
    writeFileSync(join(dir, 'broken.tracelens'), '{');
    const session = new Session();
    const problems = openPaths(session, [join(dir, 'w.tracelens'), join(dir, 'broken.tracelens'), join(SAMPLES, 'app01_u_ex261120.log')]);
    expect(problems).toEqual([expect.stringMatching(/broken\.tracelens is not a TraceLens workspace/)]);
    await session.whenIdle();
    expect(session.list().map((f) => [f.name, f.state])).toEqual([
      ['a.svclog', 'loaded'],
      ['app01_u_ex261120.log', 'loaded'],
    ]);
    expect(currentWorkspace(session)).toMatchObject({ name: 'w.tracelens', state: { filters: { text: 'x' } }, missing: [] });
  });
});
