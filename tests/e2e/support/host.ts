/** Starts the real browser host (`node out/cli.cjs serve`) as a child process, as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
export const CLI = join(REPO, 'out', 'cli.cjs');

export interface HostProcess {
  url: string;
  origin: string;
  token: string;
  port: number;
  child: ChildProcess;
  /** Everything the host wrote to stderr (refusals are logged there). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Settings (filters, panes, recent files) persist on the main side: hosts started by tests keep
 * them in a folder of the test file's own, never in the user's ~/.config, so no test sees another's.
 */
let testConfigDir: string | undefined;
export function configDir(): string {
  return process.env.TRACELENS_CONFIG_DIR ?? (testConfigDir ??= mkdtempSync(join(tmpdir(), 'tl-e2e-settings-')));
}

export async function startHostProcess(files: string[] = [], extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<HostProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--no-open', ...extraArgs, ...files], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRACELENS_CONFIG_DIR: configDir(), ...env },
  });
  return hostFromChild(child);
}

/** Waits for a process that ends up serving the browser host (serve, or the launcher) to print its URL. */
export async function hostFromChild(child: ChildProcess): Promise<HostProcess> {
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const line = await new Promise<string>((resolveLine, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not print its URL in 20 s; stderr: ${err}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolveLine(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${err}`)));
  });
  const m = /^TraceLens listening on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([a-f0-9]+))$/.exec(line);
  if (!m) throw new Error(`unexpected first line: ${line}`);
  return {
    url: m[1],
    origin: `http://127.0.0.1:${m[2]}`,
    port: Number(m[2]),
    token: m[3],
    child,
    stderr: () => err,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
