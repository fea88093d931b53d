import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../electron/host/server';
import { MAX_BUFFERED_BYTES, sendBounded } from '../../electron/host/socket';

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

function send(port: number, method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Bytes on a socket: requests Node's client would refuse to send. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.end(text));
    let out = '';
    sock.on('data', (d) => (out += d));
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
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

  it('serves the app\'s own files with a strict CSP, no cookie, and only to our own pages', async () => {
    const res = await get(host.port, '/');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-inline');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    // A 127.0.0.1 cookie would reach every other local port: the token is never put in one.
    expect(res.headers['set-cookie']).toBeUndefined();
    // A page on another local port is "same-site": its subresource requests are refused…
    expect((await get(host.port, '/index.html', { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors' })).status).toBe(403);
    expect((await get(host.port, '/index.html', { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' })).status).toBe(403);
    // …its navigations get the page, which can do nothing without the token.
    expect((await get(host.port, '/', { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'navigate' })).status).toBe(200);
    expect((await get(host.port, '/', { 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate' })).status).toBe(200);
  });

  it('refuses uploads and WebSockets without the token or with a wrong one (401)', async () => {
    expect((await send(host.port, 'POST', '/upload', 'x')).status).toBe(401);
    expect((await send(host.port, 'POST', '/upload?token=deadbeef', 'x')).status).toBe(401);
    expect((await send(host.port, 'POST', `/upload?token=${'0'.repeat(48)}`, 'x')).status).toBe(401);
    expect(logs.some((l) => l.includes('missing token'))).toBe(true);
  });

  it('survives tokens of the right length in characters but not in bytes, anywhere', async () => {
    const base = `ws://127.0.0.1:${host.port}/ws`;
    const origin = { Origin: `http://127.0.0.1:${host.port}` };
    for (const bad of ['é'.repeat(48), '\u{1F600}'.repeat(24), '\u0000'.repeat(48), '%FF'.repeat(16)]) {
      const q = encodeURIComponent(bad);
      expect((await send(host.port, 'POST', `/upload?token=${q}`, 'x')).status).toBe(401);
      expect((await send(host.port, 'POST', `/session?code=${q}`, '')).status).toBe(401);
      expect(await wsOutcome(`${base}?token=${q}`, origin)).toEqual({ opened: false, status: 401 });
    }
    expect((await get(host.port, '/')).status).toBe(200);
  });

  it('answers malformed URLs with 400 and keeps serving', async () => {
    for (const path of ['/%E0%A4%A', '/%', '//evil.example/x', '/a%00b', 'http://[::1', '*']) {
      const status = (await get(host.port, path)).status;
      expect([400, 404], path).toContain(status);
    }
    expect((await get(host.port, '/%E0%A4%A')).status).toBe(400);
    expect((await rawRequest(host.port, 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n')).startsWith('HTTP/1.1 400')).toBe(true);
    expect((await rawRequest(host.port, 'GARBAGE\r\n\r\n')).startsWith('HTTP/1.1 400')).toBe(true);
    expect((await get(host.port, '/')).status).toBe(200);
  });

  it('trades a one-time code for the token, once, and never after it expires', async () => {
    const code = new URL(host.openerUrl()).searchParams.get('code')!;
    expect(host.openerUrl()).not.toContain(host.token);
    const first = await send(host.port, 'POST', `/session?code=${code}`, '', { Origin: `http://127.0.0.1:${host.port}` });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ token: host.token });
    expect((await send(host.port, 'POST', `/session?code=${code}`, '')).status).toBe(401);
    // Another origin cannot trade one either.
    const other = new URL(host.openerUrl()).searchParams.get('code')!;
    expect((await send(host.port, 'POST', `/session?code=${other}`, '', { Origin: 'http://127.0.0.1:1' })).status).toBe(403);
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding) with 403', async () => {
    expect((await get(host.port, `/?token=${host.token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(host.port, `/?token=${host.token}`, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.port, `/?token=${host.token}`, { Origin: `http://localhost:${host.port}`, Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    expect((await get(host.port, `/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
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

  it('answers a burst of calls in order of arrival, pausing the socket instead of queueing without bound', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
    await new Promise((r) => ws.once('open', r));
    const ids = new Set<number>();
    ws.on('message', (d) => ids.add(JSON.parse(String(d)).id));
    for (let i = 0; i < 2000; i++) ws.send(JSON.stringify({ id: i, channel: 'app.info', payload: {} }));
    await expect.poll(() => ids.size, { timeout: 10_000 }).toBe(2000);
    ws.close();
  });

  it('drops a client that stops reading its replies', () => {
    const dropped: string[] = [];
    const fake = { readyState: 1, OPEN: 1, bufferedAmount: MAX_BUFFERED_BYTES, terminated: false, sent: 0, terminate() { this.terminated = true; }, send() { this.sent++; } };
    sendBounded(fake as unknown as WebSocket, 'x', (m) => dropped.push(m));
    expect(fake).toMatchObject({ terminated: true, sent: 0 });
    expect(dropped[0]).toMatch(/does not read/);
    const reading = { ...fake, bufferedAmount: 0, terminated: false };
    sendBounded(reading as unknown as WebSocket, 'x', () => undefined);
    expect(reading).toMatchObject({ terminated: false, sent: 1 });
  });

  it('drops a real client that stops reading its replies, and keeps serving the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    const seen: string[] = [];
    const small = await startHost({ rendererDir: dir, appInfo: { name: 'TraceLens', version: 'test', platform: 'linux' }, log: (m) => seen.push(m), maxBufferedBytes: 256 * 1024 });
    try {
      small.session.open([{ path: resolve(__dirname, '../../assets/samples/web01_orderportal.svclog') }]);
      await small.session.whenIdle();
      const url = `ws://127.0.0.1:${small.port}/ws?token=${small.token}`;
      const origin = { Origin: `http://127.0.0.1:${small.port}` };
      const slow = new WebSocket(url, { headers: origin });
      await new Promise((r) => slow.once('open', r));
      // Stop reading: replies (about 60 KB each) pile up in the host, past the kernel's buffers.
      (slow as unknown as { _socket: { pause(): void } })._socket.pause();
      const closed = new Promise((r) => slow.once('close', r));
      for (let i = 0; i < 400; i++) slow.send(JSON.stringify({ id: i, channel: 'records.page', payload: { offset: 0, limit: 1000 } }));
      await expect.poll(() => seen.some((m) => m.includes('does not read its replies')), { timeout: 20_000 }).toBe(true);
      (slow as unknown as { _socket: { resume(): void } })._socket.resume();
      await closed;
      expect(await wsOutcome(url, origin)).toEqual({ opened: true });
    } finally {
      await small.close();
    }
  });

  it('bounds uploads in size, count and concurrency, and keeps serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    const small = await startHost({ rendererDir: dir, appInfo: { name: 'TraceLens', version: 'test', platform: 'linux' }, log: () => undefined, uploadLimits: { maxBytes: 1000, maxKept: 2, maxConcurrent: 1 } });
    try {
      const up = (body: string) => send(small.port, 'POST', `/upload?token=${small.token}`, body);
      expect((await up('x'.repeat(2000))).status).toBe(413);
      expect((await up('a')).status).toBe(200);
      expect((await up('b')).status).toBe(200);
      const third = await up('c');
      expect(third.status).toBe(413);
      expect(JSON.parse(third.body).error).toMatch(/already keeps 2 uploaded files/);
      expect((await get(small.port, '/')).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('refuses to bind anything but loopback', async () => {
    await expect(startHost({ rendererDir: '/tmp', bindAddress: '0.0.0.0', appInfo: { name: 'x', version: 'x', platform: 'x' } })).rejects.toThrow(/loopback/);
  });
});
