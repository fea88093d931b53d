/**
 * Finds the Electron executable without letting the `electron` package download it: on these
 * machines only the npm registry is reachable, so the binary is often absent and we must say so
 * instead of hanging on a download.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './paths';

export type ElectronBinary = { path: string } | { missing: string };

export function findElectronBinary(): ElectronBinary {
  const pkgDir = join(REPO_DIR, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) return { missing: 'the electron package is not installed (run npm ci)' };
  const pathFile = join(pkgDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const full = override ? join(override, exe) : join(pkgDir, 'dist', exe);
  if (!existsSync(full)) return { missing: `the Electron binary is not installed (${full} is missing; it cannot be downloaded here)` };
  return { path: full };
}
