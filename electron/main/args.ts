/** File paths among a command line's arguments (Electron's own switches and the app path removed). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function filesFromArgv(argv: readonly string[], cwd: string): string[] {
  // argv: [electron, main.cjs, ...] in development; [app, ...] when packaged.
  const args = argv.slice(1).filter((a) => !a.startsWith('-') && !a.endsWith('main.cjs') && a !== '.');
  return args.map((a) => resolve(cwd, a)).filter((p) => existsSync(p));
}
