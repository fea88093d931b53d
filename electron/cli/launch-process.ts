/** The launcher's dependencies in this process: stderr lines, the real installer, Electron, the browser host. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runElectronInstaller } from './electron-install';
import type { LaunchDeps } from './launcher';
import { OUT_DIR } from './paths';
import { serve } from './serve';

export function processLaunchDeps(stderr: NodeJS.WriteStream = process.stderr): LaunchDeps & { endProgress(): void } {
  const tty = Boolean(stderr.isTTY);
  let progressShown = false;
  let lastProgressLine = 0;
  const endProgress = () => {
    if (progressShown) stderr.write('\n');
    progressShown = false;
  };
  return {
    env: process.env,
    platform: process.platform,
    endProgress,
    say(line) {
      endProgress();
      stderr.write(`${line}\n`);
    },
    progress(line) {
      // A terminal gets one line rewritten in place; a pipe or a log file a line every 2 s at most.
      if (tty) {
        stderr.write(`\r\x1b[2K${line}`);
        progressShown = true;
      } else if (Date.now() - lastProgressLine >= 2000) {
        lastProgressLine = Date.now();
        stderr.write(`${line}\n`);
      }
    },
    install: runElectronInstaller,
    runElectron: (binary, files) =>
      new Promise((resolve, reject) => {
        const child = spawn(binary, [join(OUT_DIR, 'main.cjs'), ...files], { stdio: 'inherit' });
        child.on('error', reject);
        const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
        process.once('SIGINT', forward('SIGINT'));
        process.once('SIGTERM', forward('SIGTERM'));
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
      }),
    startBrowserHost: async (files) => {
      await serve({ open: true, files });
    },
  };
}
