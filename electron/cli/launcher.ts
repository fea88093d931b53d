/**
 * What `npm start -- [--browser] FILES…` does: the desktop app when Electron's binary is there or
 * the electron package's installer can put it there, otherwise the browser host; each step says
 * what it did on stderr, and a fallback names the real reason.
 *
 * `ELECTRON_SKIP_BINARY_DOWNLOAD` is not honoured here: it tells `npm ci` not to fetch the binary
 * at install time (CI sets it), while a user who runs `npm start` asks for the app now, which is
 * what `electron` itself does on first use. `--browser` or `TRACELENS_BROWSER=1` skip Electron.
 */
import { electronPackageDir, findElectronBinary } from './electron-binary';
import type { InstallOptions, InstallResult } from './electron-install';

export const LAUNCH_USAGE = 'usage: npm start -- [--browser] [FILES…]   (or TRACELENS_BROWSER=1 npm start -- FILES…)';

export interface LaunchDeps {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** One finished line for the user (stderr). */
  say(line: string): void;
  /** A progress line that replaces the previous one where the terminal allows. */
  progress(line: string): void;
  install(pkgDir: string, opts: InstallOptions): Promise<InstallResult>;
  /** Starts Electron on the app with these files; resolves with its exit code. */
  runElectron(binary: string, files: string[]): Promise<number>;
  startBrowserHost(files: string[]): Promise<void>;
}

export type LaunchOutcome = { shell: 'electron'; exitCode: number } | { shell: 'browser' } | { shell: 'none'; exitCode: 2 };

export const DEFAULT_INSTALL_IDLE_LIMIT_S = 60;

function idleLimitMs(env: NodeJS.ProcessEnv): number {
  const s = Number(env.TRACELENS_ELECTRON_INSTALL_TIMEOUT);
  return (Number.isFinite(s) && s > 0 ? s : DEFAULT_INSTALL_IDLE_LIMIT_S) * 1000;
}

/** Electron on Linux needs an X or Wayland display; without one it would only print a crash. */
function noDisplay(deps: LaunchDeps): string | undefined {
  if (deps.platform !== 'linux' || deps.env.DISPLAY || deps.env.WAYLAND_DISPLAY) return undefined;
  return 'there is no display to show a window on ($DISPLAY and $WAYLAND_DISPLAY are unset)';
}

/** The Electron binary, installed first if need be; or why there is none. */
async function electronBinary(deps: LaunchDeps): Promise<{ path: string } | { reason: string }> {
  const pkgDir = electronPackageDir(deps.env);
  const found = findElectronBinary(pkgDir, deps.env);
  if ('path' in found) return found;
  if (!found.installable) return { reason: found.missing };
  const limit = idleLimitMs(deps.env);
  deps.say(`TraceLens: ${found.missing}; running the electron package's installer (gives up after ${limit / 1000} s without progress)…`);
  const result = await deps.install(pkgDir, { idleLimitMs: limit, onProgress: (line) => deps.progress(`TraceLens: ${line}`) });
  if (!result.ok) return { reason: result.reason };
  const after = findElectronBinary(pkgDir, deps.env);
  if ('missing' in after) return { reason: `the electron package's installer finished, but ${after.missing}` };
  deps.say(`TraceLens: Electron installed (${after.path}).`);
  return after;
}

export async function launch(args: readonly string[], deps: LaunchDeps): Promise<LaunchOutcome> {
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--browser');
  if (unknown.length > 0) {
    deps.say(`TraceLens: unknown option ${unknown[0]}\n${LAUNCH_USAGE}`);
    return { shell: 'none', exitCode: 2 };
  }
  const files = args.filter((a) => a !== '--browser');
  const forced = args.includes('--browser') ? '--browser was given' : deps.env.TRACELENS_BROWSER && deps.env.TRACELENS_BROWSER !== '0' ? 'TRACELENS_BROWSER is set' : undefined;
  let reason = forced;
  if (!reason) {
    const binary = await electronBinary(deps);
    reason = 'reason' in binary ? binary.reason : noDisplay(deps);
    if (!reason && 'path' in binary) {
      deps.say('TraceLens: starting the desktop app (Electron).');
      return { shell: 'electron', exitCode: await deps.runElectron(binary.path, files) };
    }
  }
  deps.say(`TraceLens: ${reason}; starting the browser host instead.`);
  await deps.startBrowserHost(files);
  return { shell: 'browser' };
}

