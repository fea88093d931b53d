// Builds the app: the renderer with Vite into out/renderer, and the Node-side entry points
// (Electron main, preload, CLI, launcher, worker threads) with esbuild into out/*.cjs.
// Incremental enough for `npm start`: a full build takes a few seconds.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from './esbuild-common.mjs';
import { writeCodeCaches } from './code-cache.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
mkdirSync(out, { recursive: true });

function findWorkers(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...findWorkers(p));
    else if (name.endsWith('.worker.ts')) found.push(p);
  }
  return found;
}

const entries = {
  main: 'electron/main/main.ts',
  preload: 'electron/preload/preload.ts',
  cli: 'electron/cli/cli.ts',
  launch: 'electron/cli/launch.ts',
};
for (const w of findWorkers(join(root, 'electron'))) entries[basename(w, '.ts')] = w;

// The CLI's commands, each its own bundle: cli.ts imports them with `import()` when a command
// runs, so `summary` does not compile the server (ws) or the exporters before its workers start.
// Commands, and the workspace reader they load only when a workspace is named (load-all.ts).
const CLI_COMMANDS = ['summary', 'export', 'serve', 'workspaces'];
for (const c of CLI_COMMANDS) entries[`cli-${c}`] = `electron/cli/${c}.ts`;
const cliCommandsApart = {
  name: 'cli-commands-apart',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^\\./(${CLI_COMMANDS.join('|')})$`) }, (args) =>
      args.kind === 'dynamic-import' && args.importer.startsWith(resolve(root, 'electron/cli')) ? { path: `./cli-${args.path.slice(2)}.cjs`, external: true } : undefined,
    );
  },
};

// commander loads node:child_process at start, only for executable subcommands (which the CLI has
// none of); Node compiling that module was ~15 ms of every command's start. It is loaded on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (/[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({ contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });", loader: 'js' }));
  },
};

const quiet = process.argv.includes('--quiet');
// Release builds (npm run dist) ship no source maps: the window never loads the sources.
const release = process.argv.includes('--release');
if (release) process.env.TRACELENS_RELEASE = '1';
const t0 = Date.now();
await Promise.all(
  Object.entries(entries).map(([name, entry]) =>
    esbuild({
      entryPoints: [resolve(root, entry)],
      outfile: join(out, `${name}.cjs`),
      ...nodeBundleOptions,
      sourcemap: !release,
      // The commands' import() becomes require(): Node's ESM loader would first scan the whole
      // CommonJS bundle for its export names (cjs-module-lexer), which cost more than the compile.
      ...(name === 'cli' || name.startsWith('cli-') ? { plugins: [cliCommandsApart, lazyChildProcess], supported: { 'dynamic-import': false } } : {}),
    }),
  ),
);
// The CLI commands' V8 code caches, from a training run of the bundles just built.
writeCodeCaches(root);
await viteBuild({ configFile: join(root, 'renderer/vite.config.mts'), logLevel: quiet ? 'silent' : 'warn' });
if (!quiet) console.error(`built out/ in ${Date.now() - t0} ms`);
