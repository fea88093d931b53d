/** `tracelens serve`: the browser host on loopback, optionally opening the default browser. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startHost, type RunningHost } from '../host/server';
import { liveFollow } from '../services/follow/live-follow';
import { openPaths } from '../services/workspace-state';
import { APP_NAME, APP_VERSION, RENDERER_DIR } from './paths';

export interface ServeOptions {
  port?: number;
  bind?: string;
  open: boolean;
  files: readonly string[];
  /** Folders whose new logs open as they appear (`--follow-folder`). */
  followFolders?: readonly string[];
}

/** True where a graphical browser can be shown (not on a headless Linux box or CI). */
function canOpenBrowser(): boolean {
  if (process.env.CI) return false;
  if (process.platform === 'linux') return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  return true;
}

export async function serve(opts: ServeOptions): Promise<RunningHost> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer is not built (${RENDERER_DIR} is missing): run \`npm run build\` first.`);
  }
  const host = await startHost({
    port: opts.port,
    bindAddress: opts.bind,
    rendererDir: RENDERER_DIR,
    appInfo: { name: APP_NAME, version: APP_VERSION, platform: process.platform },
  });
  // Workspaces and Service Trace Viewer projects on the command line open their files.
  for (const problem of openPaths(host.session, opts.files)) console.error(`TraceLens: ${problem}`);
  for (const dir of opts.followFolders ?? []) {
    await liveFollow(host.session)
      .followFolder(resolve(dir))
      .catch((e: unknown) => console.error(`TraceLens: ${e instanceof Error ? e.message : String(e)}`));
  }
  // Nothing to load yet: warm the parsers while the user picks a file (a load warms them itself).
  if (opts.files.length === 0 && !opts.followFolders?.length) void host.session.prewarm();
  // Exactly one line on stdout: scripts and tests read the URL from it. It is the user's own
  // terminal; the opener's command line (visible to every local user) gets a one-time code instead.
  process.stdout.write(`TraceLens listening on ${host.url}\n`);
  if (opts.open && canOpenBrowser()) {
    const { default: open } = await import('open');
    open(host.openerUrl()).catch((e: unknown) => console.error(`Could not open a browser (${String(e)}); open the URL above yourself.`));
  }
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return host;
}
