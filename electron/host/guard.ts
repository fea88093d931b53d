/**
 * Who may talk to the browser host: only a page it served itself, on loopback, holding the per-run
 * token. Checks the token (query or cookie), the Host header (DNS rebinding) and the Origin.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'tracelens_token';

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

function sameToken(a: string | undefined | null, token: string): boolean {
  if (!a || a.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(token));
}

export function tokenOf(req: IncomingMessage): { query: string | null; cookie: string | undefined } {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
  const cookie = cookies.find((c) => c.startsWith(`${TOKEN_COOKIE}=`))?.slice(TOKEN_COOKIE.length + 1);
  return { query: url.searchParams.get('token'), cookie };
}

export function checkRequest(req: IncomingMessage, port: number, token: string): Verdict {
  const host = req.headers.host ?? '';
  if (!allowedHosts(port).includes(host.toLowerCase())) {
    return { ok: false, status: 403, reason: `Host header ${JSON.stringify(host.slice(0, 100))} is not this host` };
  }
  const origin = req.headers.origin;
  // Browsers send Origin on WebSocket upgrades and cross-origin requests; when present it must be ours.
  if (origin !== undefined && !allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)) {
    return { ok: false, status: 403, reason: `Origin ${JSON.stringify(origin.slice(0, 100))} is not this host` };
  }
  const { query, cookie } = tokenOf(req);
  if (!sameToken(query, token) && !sameToken(cookie, token)) {
    return { ok: false, status: 401, reason: query || cookie ? 'wrong token' : 'missing token' };
  }
  return { ok: true };
}
