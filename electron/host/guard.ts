/**
 * Who may talk to the browser host. Every check here is total: any header or URL a web page or a
 * local process can send gets a verdict, never a throw (a throw in a request handler ends the
 * process). Three gates, from weakest to strongest:
 * - every request: our own Host header (DNS rebinding), our own Origin when one is sent, and no
 *   request a page of another origin started (Sec-Fetch-Site), except a plain navigation;
 * - the app's own files (HTML, scripts) need nothing more: they are the published renderer and hold
 *   no secret; the page they make needs the token for everything else;
 * - the WebSocket and uploads need the per-run token, compared in constant time.
 * No cookie carries the token: browsers send a 127.0.0.1 cookie to every port, so any other local
 * server would receive it. The page keeps the token in sessionStorage, which is per origin
 * (scheme, host *and port*).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type Verdict = { ok: true } | { ok: false; status: 400 | 401 | 403; reason: string };

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** The request's URL, or null when it cannot be parsed (answered with 400). */
export function requestUrl(req: IncomingMessage): URL | null {
  const raw = req.url ?? '/';
  // Only origin-form targets ("/path?query"); "//evil", absolute URLs and garbage are not ours.
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.length > 8192) return null;
  try {
    return new URL(raw, 'http://127.0.0.1');
  } catch {
    return null;
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Constant-time token comparison. Both sides are hashed first, so buffers of equal length are
 * compared whatever the candidate holds (a string of the right length in characters but not in
 * UTF-8 bytes made timingSafeEqual throw, which ended the process).
 */
export function sameToken(candidate: unknown, token: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1024) return false;
  return timingSafeEqual(digest(candidate), digest(token));
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
};

const quote = (s: string) => JSON.stringify(s.slice(0, 100));

/** Host, Origin and Sec-Fetch-Site: is this request from our own page or the user (not another site)? */
export function checkSource(req: IncomingMessage, port: number): Verdict {
  const host = header(req, 'host') ?? '';
  if (!allowedHosts(port).includes(host.toLowerCase())) {
    return { ok: false, status: 403, reason: `Host header ${quote(host)} is not this host` };
  }
  const origin = header(req, 'origin');
  // Browsers send Origin on WebSocket upgrades, POSTs and cross-origin requests; when present it must be ours.
  if (origin !== undefined && !allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)) {
    return { ok: false, status: 403, reason: `Origin ${quote(origin)} is not this host` };
  }
  // A page on another port of 127.0.0.1 is "same-site" (sites ignore ports): only same-origin
  // requests and the user's own navigations (typed, opened, bookmarked: "none") are ours.
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && header(req, 'sec-fetch-mode') !== 'navigate') {
    return { ok: false, status: 403, reason: `a ${quote(site)} request from another page` };
  }
  return { ok: true };
}

/** The per-run token, from the query (the WebSocket URL, uploads). */
export function checkToken(url: URL, token: string): Verdict {
  const given = url.searchParams.get('token');
  if (!sameToken(given, token)) return { ok: false, status: 401, reason: given ? 'wrong token' : 'missing token' };
  return { ok: true };
}
