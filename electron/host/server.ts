/**
 * The browser host: the built renderer served on 127.0.0.1 and the IPC contract over a loopback
 * WebSocket, so the whole app runs where no Electron binary can be installed. Loopback only; who
 * may ask what is decided in guard.ts. Every request handler is total (a throw would end the
 * process) and bounded (socket.ts for the WebSocket, UploadStore for uploads).
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_REQUEST_BYTES, type AppInfo } from '../../shared/contract';
import { dispatch } from '../services/dispatch';
import { ServiceError } from '../services/errors';
import { Session } from '../services/session';
import { DownloadStore } from '../services/output';
import { UploadStore, type UploadLimits } from '../services/uploads';
import { checkSource, checkToken, requestUrl, type Verdict } from './guard';
import { OneTimeCodes } from './one-time-codes';
import { sendBounded, serveSocket } from './socket';
import { contentSecurityPolicy, sendFile, serveStatic } from './static-files';

export interface HostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Interface to bind; anything but loopback is refused. */
  bindAddress?: string;
  rendererDir: string;
  appInfo: Omit<AppInfo, 'host'>;
  session?: Session;
  log?: (message: string) => void;
  uploadLimits?: Partial<UploadLimits>;
  /** Unsent bytes after which a WebSocket client that does not read is dropped (default 64 MiB). */
  maxBufferedBytes?: number;
}

export interface RunningHost {
  /** The URL with the token: printed for the user (their terminal), never put on a command line. */
  url: string;
  port: number;
  token: string;
  session: Session;
  /** A URL with a fresh one-time code instead of the token, for the browser opener's command line. */
  openerUrl(): string;
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const bind = opts.bindAddress ?? '127.0.0.1';
  if (!LOOPBACK.has(bind)) {
    throw new Error(`Refusing to listen on ${bind}: the browser host serves loopback (127.0.0.1) only.`);
  }
  const token = randomBytes(24).toString('hex');
  const codes = new OneTimeCodes();
  const session = opts.session ?? new Session();
  const uploads = new UploadStore(opts.uploadLimits);
  const downloads = new DownloadStore();
  const log = opts.log ?? ((m: string) => console.error(m));
  const appInfo: AppInfo = { ...opts.appInfo, host: 'browser' };
  let port = 0;
  const pathOf = (req: IncomingMessage) => String(req.url ?? '').split('?')[0].slice(0, 200);

  /** The URL, once its source passed the guard; null when the request was answered with a refusal. */
  function admit(req: IncomingMessage, refuse: (status: number, reason: string) => void): URL | null {
    const url = requestUrl(req);
    const verdict: Verdict = url ? checkSource(req, port) : { ok: false, status: 400, reason: 'malformed URL' };
    if (!verdict.ok) {
      refuse(verdict.status, verdict.reason);
      return null;
    }
    return url;
  }

  const server = createServer((req, res) => {
    const refuse = (status: number, reason: string) => {
      log(`TraceLens host: refused ${req.method} ${pathOf(req)}: ${reason}`);
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(STATUS_TEXT[status] ?? 'Refused');
    };
    try {
      const url = admit(req, refuse);
      if (url) {
        handleHttp(req, res, url, refuse).catch((e: unknown) => failed(req, res, e));
      }
    } catch (e) {
      failed(req, res, e);
    }
  });

  function failed(req: IncomingMessage, res: ServerResponse, e: unknown): void {
    log(`TraceLens host: ${req.method} ${pathOf(req)} failed: ${String(e)}`);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('Internal error');
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse, url: URL, refuse: (status: number, reason: string) => void): Promise<void> {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/session' && req.method === 'POST') {
      // The page trades the one-time code from the opener's URL for the token.
      if (!codes.redeem(url.searchParams.get('code'))) return refuse(401, 'unknown or expired one-time code');
      return json(200, { token });
    }
    if (url.pathname === '/upload' && req.method === 'POST') {
      const verdict = checkToken(url, token);
      if (!verdict.ok) return refuse(verdict.status, verdict.reason);
      try {
        const declared = req.headers['content-length'];
        const uploadId = await uploads.receive(req, declared === undefined ? undefined : Number(declared));
        json(200, { uploadId });
      } catch (e) {
        const msg = e instanceof ServiceError ? e.message : `Upload failed: ${String(e)}`;
        // The rest of a refused body is not read: the connection closes instead of draining gigabytes.
        res.setHeader('Connection', 'close');
        json(e instanceof ServiceError && e.code === 'too-large' ? 413 : 400, { error: msg });
      }
      return;
    }
    // A download id is a one-time 128-bit capability handed to the page over the WebSocket.
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
      sendFile(file.path, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'Content-Type': 'text/plain' }).end('Method not allowed');
      return;
    }
    serveStatic(opts.rendererDir, url.pathname, res, {
      'Content-Security-Policy': contentSecurityPolicy(port),
      'Referrer-Policy': 'no-referrer',
      // Other origins (another port of 127.0.0.1 too) may not embed or read the app's files.
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });
  server.on('upgrade', (req, socket: Duplex, head) => {
    const refuse = (status: number, reason: string) => {
      log(`TraceLens host: refused WebSocket: ${reason}`);
      socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\n\r\n`);
    };
    try {
      socket.on('error', () => socket.destroy());
      const url = admit(req, refuse);
      if (!url) return;
      if (url.pathname !== '/ws') return refuse(404, 'wrong path');
      const verdict = checkToken(url, token);
      if (!verdict.ok) return refuse(verdict.status, verdict.reason);
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        serveSocket(ws, { log, maxBufferedBytes: opts.maxBufferedBytes, call: (channel, payload) => dispatch(channel, payload, { session, appInfo, uploads, output: downloads, log }) });
      });
    } catch (e) {
      log(`TraceLens host: WebSocket upgrade failed: ${String(e)}`);
      socket.destroy();
    }
  });
  // Malformed requests never reach a handler; answer 400 and keep serving.
  server.on('clientError', (_e, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const sockets = new Set<WebSocket>();
  const unsubscribe = session.onEvent((event, payload) => {
    let msg: string;
    try {
      msg = JSON.stringify({ event, payload });
    } catch (e) {
      return log(`TraceLens host: could not encode the ${event} event: ${String(e)}`);
    }
    for (const ws of sockets) sendBounded(ws, msg, log, opts.maxBufferedBytes);
  });

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
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    session,
    openerUrl: () => `${origin}/?code=${codes.mint()}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      uploads.dispose();
      downloads.dispose();
    },
  };
}
