/** A contract client over the browser host's WebSocket, for tests that drive the host in-process. */
import { request } from 'node:http';
import WebSocket from 'ws';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import type { RunningHost } from '../../electron/host/server';

export interface HostClient {
  call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  close(): void;
}

export async function connect(host: RunningHost): Promise<HostClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  let id = 0;
  const pending = new Map<number, (r: Result<never>) => void>();
  ws.on('message', (d) => {
    const msg = JSON.parse(String(d)) as { id?: number; result?: Result<never> };
    if (typeof msg.id === 'number' && msg.result) pending.get(msg.id)?.(msg.result);
  });
  return {
    call(channel, payload) {
      const n = ++id;
      return new Promise((resolve) => {
        pending.set(n, resolve as (r: Result<never>) => void);
        ws.send(JSON.stringify({ id: n, channel, payload }));
      });
    },
    close: () => ws.close(),
  };
}

/** GET or POST on the host (the token in the query, as the page sends it); resolves status and body. */
export function hostRequest(host: RunningHost, path: string, body?: Buffer): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: `${path}${path.includes('?') ? '&' : '?'}token=${host.token}`, method: body ? 'POST' : 'GET', headers: { Host: `127.0.0.1:${host.port}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
