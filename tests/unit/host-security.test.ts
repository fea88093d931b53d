import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../electron/host/server';

/** Raw HTTP so tests can send any Host and Origin header (fetch would not let us). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function wsOutcome(url: string, headers: Record<string, string> = {}): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

describe('browser host security', () => {
  let host: RunningHost;
  const logs: string[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    host = await startHost({ rendererDir: dir, appInfo: { name: 'TraceLens', version: 'test', platform: 'linux' }, log: (m) => logs.push(m) });
  });
  afterAll(() => host.close());

  it('prints a loopback URL with a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[a-f0-9]{48}$/);
  });

  it('serves the page with the token, with a strict CSP and a token cookie', async () => {
    const res = await get(host.port, `/?token=${host.token}`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-inline');
    expect(String(res.headers['set-cookie'])).toContain('HttpOnly');
  });

  it('refuses requests without a token or with a wrong one (401)', async () => {
    expect((await get(host.port, '/')).status).toBe(401);
    expect((await get(host.port, '/?token=deadbeef')).status).toBe(401);
    expect((await get(host.port, `/?token=${'0'.repeat(48)}`)).status).toBe(401);
    expect(logs.some((l) => l.includes('missing token'))).toBe(true);
  });

  it('accepts the token cookie for assets and reloads', async () => {
    expect((await get(host.port, '/index.html', { Cookie: `tracelens_token=${host.token}` })).status).toBe(200);
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding) with 403', async () => {
    expect((await get(host.port, `/?token=${host.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(host.port, `/?token=${host.token}`, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.port, `/?token=${host.token}`, { Origin: `http://localhost:${host.port}`, Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    expect((await get(host.port, `/..%2f..%2fetc%2fpasswd?token=${host.token}`)).status).toBe(404);
  });

  it('refuses WebSockets without the token, with a wrong token, foreign Origin or Host', async () => {
    const base = `ws://127.0.0.1:${host.port}/ws`;
    const origin = { Origin: `http://127.0.0.1:${host.port}` };
    expect(await wsOutcome(base, origin)).toEqual({ opened: false, status: 401 });
    expect(await wsOutcome(`${base}?token=nope`, origin)).toEqual({ opened: false, status: 401 });
    expect(await wsOutcome(`${base}?token=${host.token}`, { Origin: 'http://evil.example' })).toEqual({ opened: false, status: 403 });
    expect(await wsOutcome(`${base}?token=${host.token}`, { ...origin, Host: 'evil.example' })).toEqual({ opened: false, status: 403 });
    expect(await wsOutcome(`${base}?token=${host.token}`, origin)).toEqual({ opened: true });
  });

  it('answers bad calls with typed errors and keeps working', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
    await new Promise((r) => ws.once('open', r));
    const replies: { id: number | null; result: { ok: boolean; error?: { code: string }; value?: unknown } }[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(String(d))));
    const send = (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m));
    send('not json');
    send({ id: 1, channel: 'no.such.channel', payload: {} });
    send({ id: 2, channel: 'records.page', payload: { offset: -1, limit: 10 } });
    send({ id: 3, channel: 'files.open', payload: { paths: 'not-an-array' } });
    send({ id: 4, channel: 'records.detail', payload: { fileId: 'missing', index: 0 } });
    send({ id: 5, channel: 'app.info', payload: {} });
    await expect.poll(() => replies.length, { timeout: 5000 }).toBe(6);
    const byId = new Map(replies.map((r) => [r.id, r.result]));
    expect(byId.get(null)?.error?.code).toBe('invalid-request');
    expect(byId.get(1)?.error?.code).toBe('unknown-channel');
    expect(byId.get(2)?.error?.code).toBe('invalid-request');
    expect(byId.get(3)?.error?.code).toBe('invalid-request');
    expect(byId.get(4)?.error?.code).toBe('not-found');
    expect(byId.get(5)).toMatchObject({ ok: true, value: { host: 'browser', name: 'TraceLens' } });
    ws.close();
  });

  it('closes the socket on an oversized message and still serves others', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ id: 1, channel: 'files.open', payload: { paths: ['x'.repeat(2 * 1024 * 1024)] } }));
    expect(await closed).toBe(1009);
    expect(await wsOutcome(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { Origin: `http://127.0.0.1:${host.port}` })).toEqual({ opened: true });
  });

  it('refuses to bind anything but loopback', async () => {
    await expect(startHost({ rendererDir: '/tmp', bindAddress: '0.0.0.0', appInfo: { name: 'x', version: 'x', platform: 'x' } })).rejects.toThrow(/loopback/);
  });
});
