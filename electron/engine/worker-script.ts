/**
 * Where a worker thread's script is. In the built app every `*.worker.ts` is bundled by
 * scripts/build.mjs next to the other bundles in `out/`; when the engine runs from TypeScript
 * sources (Vitest), the worker is bundled once per process into a temporary folder with esbuild,
 * so tests exercise the same worker code as the app.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const built = new Map<string, string>();
let tempDir: string | undefined;

/** `source` is `new URL('./name.worker.ts', import.meta.url)` from the module that owns the worker. */
export function workerScript(source: URL): string {
  const name = basename(source.pathname).replace(/\.ts$/, '');
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.cjs')) return join(dirname(here), `${name}.cjs`);
  const cached = built.get(source.href);
  if (cached && existsSync(cached)) return cached;
  tempDir ??= mkdtempSync(join(tmpdir(), 'tracelens-workers-'));
  const outfile = join(tempDir, `${name}.cjs`);
  // esbuild is a devDependency: only source runs (tests) reach this line.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [fileURLToPath(source)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    // Same shim as scripts/esbuild-common.mjs: CommonJS bundles get an import.meta.url.
    define: { 'import.meta.url': '__tracelens_import_meta_url' },
    banner: { js: "const __tracelens_import_meta_url = require('url').pathToFileURL(__filename).href;" },
  });
  built.set(source.href, outfile);
  return outfile;
}

/** The worker's script, or null where it is not available (then the caller parses inline). */
export function availableWorkerScript(source: URL): string | null {
  try {
    const p = workerScript(source);
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/**
 * Heap limit for parse workers (TRACELENS_WORKER_HEAP_MB): a worker that runs out fails its own
 * file with a sentence instead of taking the whole app down. Unset: V8's default.
 */
export function workerResourceLimits(env: NodeJS.ProcessEnv = process.env): { maxOldGenerationSizeMb: number } | undefined {
  const mb = Number(env.TRACELENS_WORKER_HEAP_MB);
  return Number.isFinite(mb) && mb > 0 ? { maxOldGenerationSizeMb: mb } : undefined;
}
