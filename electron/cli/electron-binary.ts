/**
 * Where the Electron executable is, judged the way the `electron` package's own installer judges
 * it (its `path.txt`, `dist/version` and the file itself), without starting a download: the
 * launcher decides whether to run that installer (electron-install.ts), the Electron e2e test
 * only looks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './paths';

export type ElectronBinary =
  | { path: string }
  /** `installable`: running the package's installer could put the binary in place. */
  | { missing: string; installable: boolean };

/**
 * The electron package in use: `node_modules/electron`, or `$TRACELENS_ELECTRON_PACKAGE` (another
 * checkout's package, or the launcher tests' stand-in).
 */
export function electronPackageDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRACELENS_ELECTRON_PACKAGE || join(REPO_DIR, 'node_modules', 'electron');
}

function platformExecutable(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

const readTrimmed = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);

export function findElectronBinary(pkgDir = electronPackageDir(), env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkgFile = join(pkgDir, 'package.json');
  if (!existsSync(pkgFile)) return { missing: `the electron package is not installed (${pkgDir} has no package.json; run npm ci)`, installable: false };
  const exe = readTrimmed(join(pkgDir, 'path.txt'));
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    // The installer cannot help here: it always extracts into the package's own dist/.
    const full = join(override, exe ?? platformExecutable());
    return existsSync(full) ? { path: full } : { missing: `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, where ${full} is missing`, installable: false };
  }
  if (!exe) return { missing: `the Electron binary is not installed (${join(pkgDir, 'path.txt')} is missing)`, installable: true };
  const full = join(pkgDir, 'dist', exe);
  if (!existsSync(full)) return { missing: `the Electron binary is not installed (${full} is missing)`, installable: true };
  // A binary from another electron version (an upgrade without a re-install) is re-installed too.
  let version: string | undefined;
  try {
    version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version?: string }).version;
  } catch {
    /* an unreadable package.json: trust the binary that is there */
  }
  const installed = readTrimmed(join(pkgDir, 'dist', 'version'))?.replace(/^v/, '');
  if (version && installed && installed !== version) {
    return { missing: `the Electron binary is version ${installed}, the electron package ${version}`, installable: true };
  }
  return { path: full };
}
