/**
 * `npm start -- FILES…`: the desktop app where Electron's binary exists, otherwise the browser
 * host (one line says which and why), so the same command works on every machine.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary';
import { OUT_DIR } from './paths';
import { serve } from './serve';

async function launch(files: string[]): Promise<void> {
  const electron = findElectronBinary();
  if ('path' in electron) {
    const child = spawn(electron.path, [join(OUT_DIR, 'main.cjs'), ...files], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.error(`TraceLens: ${electron.missing}; starting the browser host instead.`);
  await serve({ open: true, files });
}

launch(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`TraceLens: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
