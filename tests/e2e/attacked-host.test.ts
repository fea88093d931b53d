/**
 * The user's task while everything around TraceLens is hostile: `tracelens serve` opens the
 * browser (through the system's xdg-open, faked here to record its command line as `ps` shows it);
 * the user works on two machines' traces, one of which has a legal but very long process name that
 * starts like a spreadsheet formula, and an IIS log whose User-Agent holds `<E2ETraceEvent`. Meanwhile
 * a web page on another loopback port attacks the host (tokens of the right length in characters
 * but not in bytes, malformed URLs, code guesses, reading the app, a flood of sockets, and a look
 * at which cookies reach it), and the user opens a workspace someone sent that names a FIFO,
 * /dev/zero and /proc, holds a filter of the wrong shape, deep view state and ten thousand column
 * widths. The host must keep answering, the token must stay with the user, and the user's views,
 * filters, graph and CSV export must keep working.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, launchChromium, screenshot } from './support/browser';
import { CLI, REPO } from './support/host';

const describeBrowser = HAS_CHROMIUM && process.platform !== 'win32' ? describe : describe.skip;
const SAMPLES = join(REPO, 'assets', 'samples');
/** A legal Windows process name: long, and starting the way a spreadsheet formula does. */
const LONG_PROCESS = `=SUM(1+1)${'OrderPortal.Worker.'.repeat(16)}exe`;
const EVIL_UA = '<E2ETraceEvent+xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent">';

interface Host {
  origin: string;
  port: number;
  child: ChildProcess;
  stderr(): string;
}

/** `tracelens serve FILES` as a user starts it, with a display and a browser opener to record. */
async function serve(files: string[], fakeBin: string, config: string): Promise<Host> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, DISPLAY: ':99', TRACELENS_CONFIG_DIR: config };
  delete env.CI;
  const child = spawn(process.execPath, [CLI, 'serve', ...files], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${err}`)));
  });
  const m = /^TraceLens listening on http:\/\/127\.0\.0\.1:(\d+)\/\?token=[a-f0-9]+$/.exec(line);
  if (!m) throw new Error(`unexpected first line: ${line}`);
  return { origin: `http://127.0.0.1:${m[1]}`, port: Number(m[1]), child, stderr: () => err };
}

/** The attacker's page, on another port of 127.0.0.1: it runs every attack and reports. */
function hostilePage(target: number): string {
  return `<!doctype html><title>cute cats</title><pre id="out">running</pre><script>
const T = 'http://127.0.0.1:${target}';
const bad = encodeURIComponent('\\u00e9'.repeat(48));
const results = {};
const wsOutcome = (url) => new Promise((done) => { const ws = new WebSocket(url); ws.onopen = () => { ws.close(); done('open'); }; ws.onerror = () => done('refused'); });
const attempt = async (name, f) => { try { results[name] = await f(); } catch (e) { results[name] = 'blocked'; } };
(async () => {
  await attempt('multibyte token, upload', () => fetch(T + '/upload?token=' + bad, { method: 'POST', body: 'x', mode: 'no-cors' }).then((r) => r.type));
  await attempt('multibyte token, socket', () => wsOutcome('ws://127.0.0.1:${target}/ws?token=' + bad));
  await attempt('malformed URL', () => fetch(T + '/%E0%A4%A', { mode: 'no-cors' }).then((r) => r.type));
  await attempt('guessed one-time code', () => fetch(T + '/session?code=' + '0'.repeat(32), { method: 'POST' }).then((r) => r.status));
  await attempt('read the app', () => fetch(T + '/').then((r) => r.text()));
  await attempt('embed the app script', () => new Promise((done) => { const s = document.createElement('script'); s.src = T + '/'; s.onload = () => done('loaded'); s.onerror = () => done('blocked'); document.head.append(s); }));
  const flood = await Promise.all(Array.from({ length: 100 }, () => wsOutcome('ws://127.0.0.1:${target}/ws?token=' + 'f'.repeat(48))));
  results['100 sockets with a guessed token'] = flood.filter((r) => r === 'open').length + ' opened';
  results['cookies sent to this port'] = await fetch('/cookies').then((r) => r.text());
  document.getElementById('out').textContent = JSON.stringify(results);
  window.done = true;
})();
</script>`;
}

async function waitLoaded(page: Page, count: number): Promise<void> {
  await expect.poll(() => page.locator('[data-testid="file-item"][data-state="loaded"]').count(), { timeout: 30_000 }).toBe(count);
}

describeBrowser('working in TraceLens while a web page, files and a workspace attack it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-attacked-'));
  const fakeBin = join(dir, 'bin');
  const opened = join(dir, 'xdg-open.argv');
  let browser: Browser;
  let host: Host;
  let hostile: Server;
  const cookiesSeen: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The system's browser opener, faked: it records the command line every local user can read.
    mkdirSync(fakeBin);
    writeFileSync(join(fakeBin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${opened}'\n`);
    chmodSync(join(fakeBin, 'xdg-open'), 0o755);
    writeFileSync(join(dir, 'web01.svclog'), readFileSync(join(SAMPLES, 'web01_orderportal.svclog'), 'utf8').replaceAll('ProcessName="OrderPortal"', `ProcessName="${LONG_PROCESS}"`));
    copyFileSync(join(SAMPLES, 'app01_orderservice.svclog'), join(dir, 'app01.svclog'));
    copyFileSync(join(SAMPLES, 'app01_orderservice.svclog'), join(dir, 'app01-copy.svclog'));
    const iis = readFileSync(join(SAMPLES, 'app01_u_ex261120.log'), 'utf8').split('\n');
    const firstRow = iis.findIndex((l) => l && !l.startsWith('#'));
    iis[firstRow + 1] = iis[firstRow + 1].replace(/Mozilla\S*/, EVIL_UA);
    writeFileSync(join(dir, 'u_ex261120.log'), iis.join('\n'));
    browser = await launchChromium();
    host = await serve([join(dir, 'web01.svclog'), join(dir, 'app01.svclog'), join(dir, 'u_ex261120.log')], fakeBin, join(dir, 'config'));
    hostile = createServer((req, res) => {
      if (req.url === '/cookies') return res.end(cookiesSeen.join('; ') || 'none');
      cookiesSeen.push(...(req.headers.cookie ? [req.headers.cookie] : []));
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(hostilePage(host.port));
    });
    await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    host?.child.kill('SIGTERM');
    hostile?.close();
    await browser?.close();
  });

  let page: Page;
  it('opens the browser with a one-time code, never the token, and the page trades it', async () => {
    await expect.poll(() => existsSync(opened), { timeout: 10_000 }).toBe(true);
    const argv = readFileSync(opened, 'utf8').trim();
    expect(argv).toMatch(new RegExp(`^${host.origin}/\\?code=[a-f0-9]{32}$`));
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(argv);
    await waitLoaded(page, 3);
    // The code is gone from the address bar, and spent: a second page with it gets no access.
    expect(page.url()).toBe(`${host.origin}/`);
    const other = await context.newPage();
    await other.goto(argv);
    await expect.poll(() => other.locator('.banner.error').innerText(), { timeout: 10_000 }).toMatch(/no access to the TraceLens host/);
    await other.close();
    // A reload keeps working: the token lives in this tab's sessionStorage (this origin and port only).
    await page.reload();
    await waitLoaded(page, 3);
  });

  it('keeps the IIS log with <E2ETraceEvent in a User-Agent an IIS log, every request read', async () => {
    const item = page.locator('[data-testid="file-item"][data-name="u_ex261120.log"]');
    expect(await item.getByTestId('file-format').innerText()).toMatch(/IIS/);
    const rows = readFileSync(join(dir, 'u_ex261120.log'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).length;
    expect(Number((await item.getByTestId('file-records').innerText()).replace(/,/g, ''))).toBe(rows);
  });

  it('survives the attacks of a page on another local port, which gets nothing', async () => {
    const { port } = hostile.address() as AddressInfo;
    const evil = await browser.newPage();
    await evil.goto(`http://127.0.0.1:${port}/`);
    await evil.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, undefined, { timeout: 60_000 });
    const results = JSON.parse(await evil.locator('#out').innerText()) as Record<string, unknown>;
    await evil.close();
    expect(results).toEqual({
      'multibyte token, upload': 'opaque',
      'multibyte token, socket': 'refused',
      'malformed URL': 'opaque',
      'guessed one-time code': 'blocked',
      'read the app': 'blocked',
      'embed the app script': 'blocked',
      '100 sockets with a guessed token': '0 opened',
      'cookies sent to this port': 'none',
    });
    expect(host.child.exitCode).toBeNull();
    // Each attack was refused and logged, without the token or the path's query.
    expect(host.stderr()).toMatch(/refused POST \/upload: Origin "http:\/\/127\.0\.0\.1:\d+" is not this host/);
    expect(host.stderr()).toMatch(/refused WebSocket: Origin/);
    expect(host.stderr()).toMatch(/refused GET \/: a "same-site" request from another page/);
    expect(host.stderr()).not.toMatch(/token=|[a-f0-9]{48}/);
  });

  it('lets the user pick the long process in the filter and see it in the graph, then export a CSV safe to open', async () => {
    await page.getByTestId('filter-processes-button').click();
    const box = page.locator(`[data-testid="filter-processes"] input[data-value^="${LONG_PROCESS}"]`);
    await box.check();
    await page.keyboard.press('Escape');
    // The label is shortened for display; the full name is the value the filter sends.
    const label = await page.getByTestId('filter-processes-button').innerText();
    expect(label).toMatch(/^=SUM\(1\+1\)OrderPortal.*…/);
    expect(label.length).toBeLessThan(120);
    await page.getByTestId('tab-graph').click();
    const summary = page.getByTestId('graph-summary');
    await expect.poll(async () => Number(await summary.getAttribute('data-columns')), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => summary.innerText(), { timeout: 10_000 }).not.toContain('loading');
    await expect.poll(() => page.locator('.banner.error').count()).toBe(0);
    // Only the picked process's traces (web01's 204 of 569) are drawn.
    await expect.poll(() => summary.innerText(), { timeout: 10_000 }).toMatch(/ 204 traces /);
    await page.waitForTimeout(500);
    await expect.poll(() => summary.innerText(), { timeout: 10_000 }).not.toContain('loading');
    await screenshot(page, 'attacked-host-long-process-graph');

    await page.getByTestId('file-menu-button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const csv = join(dir, 'export.csv');
    await download.saveAs(csv);
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain(`'${LONG_PROCESS}`);
    // No cell a spreadsheet would evaluate: every field starting with = + @ is quoted away.
    expect(text.split(/[\n,]/).filter((cell) => /^"?[=+@]/.test(cell))).toEqual([]);
  });

  it('opens a hostile workspace: the bad parts are named and dropped, the rest opens, the window stays usable', async () => {
    const fifo = join(dir, 'pipe.svclog');
    execFileSync('mkfifo', [fifo]);
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const columns = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`traces.c${i}`, 90]));
    const ws = join(dir, 'from-a-colleague.tracelens');
    writeFileSync(
      ws,
      JSON.stringify({
        format: 'tracelens-workspace',
        version: 1,
        files: [{ path: fifo }, { path: '/dev/zero' }, { path: '/proc/self/environ' }, { path: join(dir, 'app01-copy.svclog') }],
        filters: { levels: 'error', text: 'Order' },
        layout: { leftTab: 'activities', panes: 'DEEP', columns },
      }).replace('"DEEP"', deep),
    );
    const started = Date.now();
    await page.getByTestId('workspace-input').setInputFiles(ws);
    await waitLoaded(page, 4);
    expect(Date.now() - started).toBeLessThan(20_000);
    const notices = (await page.getByTestId('notice').allInnerTexts()).join('\n');
    expect(notices).toContain('pipe.svclog (listed in from-a-colleague.tracelens) was not opened: it is not a regular file');
    expect(notices).toContain('/dev/zero (listed in from-a-colleague.tracelens) was not opened: it is a system pseudo-file');
    expect(notices).toContain('/proc/self/environ (listed in from-a-colleague.tracelens) was not opened');
    expect(notices).toContain('filters.levels was ignored');
    expect(notices).toContain('layout.panes was ignored');
    expect(notices).toContain('layout.columns was ignored: expected an object of at most 500 entries');
    // The valid part applied: the text filter; the window is not blank and the host still answers.
    await expect.poll(() => page.getByTestId('filter-text').inputValue()).toBe('Order');
    await page.getByTestId('tab-activities').click();
    await expect.poll(() => page.getByTestId('activity-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(page, 'attacked-host-hostile-workspace');
    expect(pageErrors).toEqual([]);
    expect(host.child.exitCode).toBeNull();
    // Nothing of the hostile workspace reached the settings file.
    const settings = join(dir, 'config', 'settings.json');
    if (existsSync(settings)) expect(Object.keys(JSON.parse(readFileSync(settings, 'utf8')).columns ?? {}).length).toBeLessThanOrEqual(500);
  });
});
