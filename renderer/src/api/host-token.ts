/**
 * Browser host only: the per-run token the page needs for the WebSocket and uploads. It arrives
 * once, in the address the user opened: `?token=…` (the URL `tracelens serve` printed) or
 * `?code=…` (a one-time code the browser opener got, traded here for the token). It is then kept in
 * sessionStorage, which is private to this origin, port included (a cookie would be sent to every
 * port of 127.0.0.1), and removed from the address bar so it is not left in the history.
 */
const KEY = 'tracelens.token';

export const NO_TOKEN_MESSAGE = 'This page has no access to the TraceLens host: open the address `tracelens serve` printed (each run has its own).';

async function redeem(code: string): Promise<string | null> {
  try {
    const res = await fetch(`/session?code=${encodeURIComponent(code)}`, { method: 'POST', cache: 'no-store' });
    if (!res.ok) return null;
    const body = (await res.json()) as { token?: unknown };
    return typeof body.token === 'string' ? body.token : null;
  } catch {
    return null;
  }
}

function stored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export async function hostToken(): Promise<string> {
  const params = new URLSearchParams(location.search);
  const given = params.get('token');
  const code = params.get('code');
  if (given !== null || code !== null) {
    params.delete('token');
    params.delete('code');
    const rest = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  const token = given || (code ? await redeem(code) : null) || stored();
  if (!token) throw new Error(NO_TOKEN_MESSAGE);
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    /* storage disabled: this tab still works until it is reloaded */
  }
  return token;
}
