/**
 * A synthetic IIS W3C log, made in memory, that a parse worker indexes when the app starts so V8
 * has optimised the scanner before the user's first log (see svclog/warm-up.ts for the why). The
 * rows vary the way real ones do: methods, statuses with substatuses (503.2 bursts), query strings
 * or '-', user agents, session cookies (nearly one per row) and referers, sizes and times taken.
 */

const HEADER =
  '#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-11-20 00:00:00\r\n' +
  '#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken\r\n';
const METHODS = ['GET', 'GET', 'POST', 'GET', 'HEAD', 'PUT'];
const STEMS = ['/', '/products/list.aspx', '/api/orders', '/cart/add.aspx', '/favicon.ico', '/OrderService.svc', '/static/site.css'];
const AGENTS = ['Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/120.0+Safari/537.36', 'OrderClient/2.3', 'curl/8.4.0', '-'];
const STATUSES: [number, number, number][] = [
  [200, 0, 0],
  [200, 0, 0],
  [304, 0, 0],
  [404, 0, 2],
  [500, 19, 5],
  [503, 2, 0],
  [302, 0, 0],
  [401, 2, 5],
];

/**
 * Lines in the sample, which the app indexes as many times as it was asked for rows, split across
 * the workers: enough that each worker's part freezes its session-cookie column as a real log's
 * does (the interner gives up on it after 8,192 lookups of nearly all new values) and widens it to
 * 32-bit ids, or the first real log would change the types under the optimised code.
 */
export const IIS_WARM_UP_SAMPLE_ROWS = 20_000;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `rows` request lines under one #Fields header, CRLF-separated. */
export function iisWarmUpSample(rows: number): Buffer {
  const lines: string[] = [HEADER];
  for (let n = 0; n < rows; n++) {
    const [status, sub, win32] = STATUSES[n % STATUSES.length];
    const query = n % 3 === 0 ? `id=${n}&page=${n % 9}&sort=name` : '-';
    const cookie = n % 10 !== 9 ? `ASP.NET_SessionId=s${(n * 2654435761) >>> 0};+_ga=GA1.2.${n}` : '-';
    const referer = n % 5 === 0 ? `https://shop.contoso.com${STEMS[(n + 1) % STEMS.length]}` : '-';
    lines.push(
      `2026-11-20 ${two((n >> 12) % 24)}:${two((n >> 6) % 60)}:${two(n % 60)} W3SVC1 WEB0${n % 3} 10.0.0.${11 + (n % 3)} ${METHODS[n % METHODS.length]} ${STEMS[n % STEMS.length]} ${query} 443 ` +
        `${n % 7 === 0 ? `CONTOSO\\user${n % 11}` : '-'} 203.0.${n % 256}.${(n >> 8) % 256} HTTP/1.1 ${AGENTS[n % AGENTS.length]} ${cookie} ${referer} shop.contoso.com ` +
        `${status} ${sub} ${win32} ${200 + ((n * 37) % 9000)} ${300 + (n % 1200)} ${(n * 13) % 6000}\r\n`,
    );
  }
  return Buffer.from(lines.join(''), 'utf8');
}
