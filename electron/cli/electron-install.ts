/**
 * Runs the `electron` package's own installer (`install.js`, the step `electron` runs on first
 * use: @electron/get downloads the zip for this platform, checks it against the package's
 * checksums and extracts it) in a child process, reporting its download progress and giving up
 * when it makes no progress for a while.
 *
 * The installer is required from a small bootstrap (INSTALL_BOOTSTRAP) that wraps `fetch` to send
 * the launcher what is being downloaded, how far it got, and why a download failed: the installer
 * itself prints only "TypeError: fetch failed", without the host it could not reach.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export type InstallResult = { ok: true } | { ok: false; reason: string };

export interface InstallOptions {
  /** Give up after this long without a byte of progress (ms). */
  idleLimitMs: number;
  /** Called with each progress sentence ("downloading … 12.0 of 105.3 MB"). */
  onProgress(line: string): void;
}

/** Messages the bootstrap sends over the IPC channel. */
type BootstrapMessage =
  | { type: 'download'; url: string }
  | { type: 'progress'; url: string; received: number; total: number | null }
  | { type: 'failed'; url: string; cause: string };

/**
 * Plain JavaScript run with `node -e` before install.js is required (argv[1]). Response bodies
 * are passed through a counting stream; everything else about the download is untouched.
 */
const INSTALL_BOOTSTRAP = String.raw`
const send = (m) => { try { process.send && process.send(m); } catch {} };
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = String(input && input.url ? input.url : input);
  send({ type: 'download', url });
  let res;
  try {
    res = await realFetch(input, init);
  } catch (e) {
    const c = e && e.cause;
    send({ type: 'failed', url, cause: String((c && (c.message || c.code)) || (e && e.message) || e) });
    throw e;
  }
  if (!res.ok || !res.body) return res;
  const total = Number(res.headers.get('content-length')) || null;
  let received = 0, last = 0;
  const counted = res.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      const now = Date.now();
      if (now - last > 250) { last = now; send({ type: 'progress', url, received, total }); }
      controller.enqueue(chunk);
    },
    flush() { send({ type: 'progress', url, received, total }); },
  }));
  return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
};
require(process.argv[1]);
`;

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const fileName = (url: string) => url.slice(url.lastIndexOf('/') + 1) || url;

/** The line of the installer's output that names its error (the first line of a printed stack). */
function installerError(output: string): string | undefined {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^([A-Z]\w*)?Error\b|^Error:/.test(l)) ?? lines.filter((l) => !l.startsWith('at ')).pop();
}

export function runElectronInstaller(pkgDir: string, opts: InstallOptions): Promise<InstallResult> {
  const child = spawn(process.execPath, ['-e', INSTALL_BOOTSTRAP, join(pkgDir, 'install.js')], {
    cwd: pkgDir,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Our own progress line replaces @electron/get's bar (which appears only after 30 s on a TTY).
    env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' },
    windowsHide: true,
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let failure: string | undefined;
  return new Promise<InstallResult>((resolve) => {
    let idle: NodeJS.Timeout;
    let timedOut = false;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, opts.idleLimitMs);
    };
    arm();
    child.on('message', (m: BootstrapMessage) => {
      arm();
      if (m.type === 'download') opts.onProgress(`downloading ${fileName(m.url)} from ${new URL(m.url).host}…`);
      else if (m.type === 'progress') {
        const pct = m.total ? ` (${Math.floor((100 * m.received) / m.total)}%)` : '';
        opts.onProgress(`downloading ${fileName(m.url)}: ${mb(m.received)}${m.total ? ` of ${mb(m.total)}` : ''}${pct}`);
      } else if (m.type === 'failed') failure = `could not download ${m.url}: ${m.cause}`;
    });
    child.on('error', (e) => {
      clearTimeout(idle);
      resolve({ ok: false, reason: `the electron package's installer could not be started: ${e.message}` });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(idle);
      if (timedOut) resolve({ ok: false, reason: `the electron package's installer made no progress for ${Math.round(opts.idleLimitMs / 1000)} s and was stopped` });
      else if (code === 0) resolve({ ok: true });
      else {
        const said = failure ?? installerError(output) ?? `it exited with ${signal ?? `code ${code}`}`;
        resolve({ ok: false, reason: `the electron package's installer failed: ${said}` });
      }
    });
  });
}
