/**
 * The browser host: the built renderer served on 127.0.0.1 and the IPC contract over a loopback
 * WebSocket, so the whole app runs where no Electron binary can be installed. Loopback only; every
 * request needs the per-run token, our own Host header and, when sent, our own Origin.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_REQUEST_BYTES, type AppInfo } from '../../shared/contract';
import { dispatch } from '../services/dispatch';
import { ServiceError } from '../services/errors';
import { Session } from '../services/session';
import { DownloadStore } from '../services/output';
import { UploadStore } from '../services/uploads';
import { checkRequest, TOKEN_COOKIE } from './guard';
import { contentSecurityPolicy, serveStatic } from './static-files';

export interface HostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Interface to bind; anything but loopback is refused. */
  bindAddress?: string;
  rendererDir: string;
  appInfo: Omit<AppInfo, 'host'>;
  session?: Session;
  log?: (message: string) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  session: Session;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const bind = opts.bindAddress ?? '127.0.0.1';
  if (!LOOPBACK.has(bind)) {
    throw new Error(`Refusing to listen on ${bind}: the browser host serves loopback (127.0.0.1) only.`);
  }
  const token = randomBytes(24).toString('hex');
  const session = opts.session ?? new Session();
  const uploads = new UploadStore();
  const downloads = new DownloadStore();
  const log = opts.log ?? ((m: string) => console.error(m));
  const appInfo: AppInfo = { ...opts.appInfo, host: 'browser' };
  let port = 0;

  const server = createServer((req, res) => {
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok) {
      log(`TraceLens host: refused ${req.method} ${req.url?.split('?')[0]}: ${verdict.reason}`);
      res.writeHead(verdict.status, { 'Content-Type': 'text/plain' }).end(verdict.status === 401 ? 'Unauthorized' : 'Forbidden');
      return;
    }
    void handleHttp(req, res).catch((e) => {
      log(`TraceLens host: ${req.method} ${req.url?.split('?')[0]} failed: ${String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/upload' && req.method === 'POST') {
      try {
        const length = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
        const uploadId = await uploads.receive(req, length);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ uploadId }));
      } catch (e) {
        const msg = e instanceof ServiceError ? e.message : `Upload failed: ${String(e)}`;
        res.writeHead(e instanceof ServiceError && e.code === 'too-large' ? 413 : 400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: msg }));
      }
      return;
    }
    const download = /^\/download\/([a-f0-9]{32})$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      const file = downloads.take(download[1]);
      if (!file) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('That download has expired.');
        return;
      }
      const { size } = statSync(file.path);
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(size),
        'Content-Disposition': `attachment; filename="${file.name.replace(/[^\w.-]+/g, '_')}"`,
        'X-Content-Type-Options': 'nosniff',
      });
      createReadStream(file.path).pipe(res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'Content-Type': 'text/plain' }).end('Method not allowed');
      return;
    }
    serveStatic(opts.rendererDir, url.pathname, res, {
      'Content-Security-Policy': contentSecurityPolicy(port),
      'Referrer-Policy': 'no-referrer',
      // The page's assets and reloads carry the token as a same-site, script-invisible cookie.
      'Set-Cookie': `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok || new URL(req.url ?? '/', 'http://x').pathname !== '/ws') {
      const status = verdict.ok ? 404 : verdict.status;
      log(`TraceLens host: refused WebSocket: ${verdict.ok ? 'wrong path' : verdict.reason}`);
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  const sockets = new Set<WebSocket>();
  const unsubscribe = session.onEvent((event, payload) => {
    const msg = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', (e) => log(`TraceLens host: socket error: ${e.message}`));
    ws.on('message', (data, isBinary) => {
      let msg: { id?: unknown; channel?: unknown; payload?: unknown };
      try {
        if (isBinary) throw new Error('binary frame');
        msg = JSON.parse(data.toString());
        if (typeof msg !== 'object' || msg === null) throw new Error('not an object');
      } catch {
        log('TraceLens host: refused a message that is not a JSON object');
        ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'invalid-request', message: 'Messages must be JSON objects {id, channel, payload}.' } } }));
        return;
      }
      const id = typeof msg.id === 'number' ? msg.id : null;
      void dispatch(msg.channel, msg.payload, { session, appInfo, uploads, output: downloads, log }).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const p = opts.port ?? 0;
      if (e.code === 'EADDRINUSE') reject(new Error(`Port ${p} on ${bind} is already in use (another TraceLens or another program listens there); choose another --port, or leave it out to use a free one.`));
      else if (e.code === 'EACCES') reject(new Error(`Port ${p} on ${bind} needs privileges this user lacks; choose a port above 1023, or leave --port out to use a free one.`));
      else reject(e);
    });
    server.listen(opts.port ?? 0, bind, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    session,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      uploads.dispose();
      downloads.dispose();
    },
  };
}
