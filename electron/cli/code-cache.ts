/**
 * V8 code caches for the CLI's command bundles (out/cli-*.cjs), produced at build time
 * (scripts/code-cache.mjs). Node 20 compiles a bundle from its source on every start: for the
 * 1.2 MB `summary` bundle that is tens of ms of parsing, and its functions are compiled again when
 * they first run, all before the first worker starts. A cache taken after a training run holds the
 * compiled functions, so the compile becomes a deserialisation.
 *
 * Imported for its effect, first thing in cli.ts: it hooks CommonJS compilation for the bundles that
 * have a `.cache` beside them. A cache is used only when its header names the bundle's size and
 * modification time (V8 itself checks only the source's length, so a rebuilt bundle with a stale
 * cache could otherwise run old code); one V8 rejects (another Node version or flags) costs a
 * normal compile. TRACELENS_WRITE_CODE_CACHE=1 (the build's training run) writes the caches when the
 * process exits.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { traceStartup } from '../engine/startup-trace';

/** The bundles that get a cache: the commands a one-shot CLI run compiles before it parses. */
export const CACHED_BUNDLES = ['cli-summary.cjs', 'cli-export.cjs'];

/** Header: magic, bundle size, bundle mtime (ms), then V8's cached data. */
const MAGIC = 0x544c4343; // "TLCC"
const HEADER = 16;

interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
}
type Compile = (this: CjsModule, content: string, filename: string, ...rest: unknown[]) => unknown;
interface ModuleInternals {
  prototype: { _compile: Compile };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string;
  _extensions: unknown;
  _cache: unknown;
}

const M = Module as unknown as ModuleInternals;
const writing = process.env.TRACELENS_WRITE_CODE_CACHE === '1';
const compiled: { script: Script; filename: string }[] = [];
/** out/ in the built CLI (the bundles sit beside cli.cjs). */
const here = dirname(fileURLToPath(import.meta.url));

/** The cache's V8 data when its header matches the bundle on disk, else undefined. */
export function readCodeCache(filename: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(`${filename}.cache`, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= HEADER) return undefined;
    const data = Buffer.allocUnsafe(size);
    if (readSync(fd, data, 0, size, 0) !== size || data.readUInt32LE(0) !== MAGIC) return undefined;
    const st = statSync(filename);
    if (data.readUInt32LE(4) !== st.size || data.readDoubleLE(8) !== Math.floor(st.mtimeMs)) return undefined;
    return data.subarray(HEADER);
  } finally {
    closeSync(fd);
  }
}

function requireFor(mod: CjsModule): NodeJS.Require {
  const r = ((id: string) => mod.require(id)) as NodeJS.Require;
  r.resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  r.main = require.main;
  r.extensions = M._extensions as NodeJS.RequireExtensions;
  r.cache = M._cache as NodeJS.Dict<NodeJS.Module>;
  return r;
}

const original = M.prototype._compile;
M.prototype._compile = function compileWithCache(this: CjsModule, content: string, filename: string, ...rest: unknown[]) {
  if (!CACHED_BUNDLES.includes(basename(filename)) || dirname(filename) !== here) return original.call(this, content, filename, ...rest);
  const cachedData = writing ? undefined : readCodeCache(filename);
  if (!writing && !cachedData) {
    traceStartup(`${basename(filename)} has no current code cache`);
    return original.call(this, content, filename, ...rest);
  }
  const script = new Script(M.wrap(content), { filename, cachedData });
  if (writing) compiled.push({ script, filename });
  else traceStartup(`${basename(filename)} compiled ${script.cachedDataRejected ? 'without its code cache (V8 rejected it)' : 'from its code cache'}`);
  const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  return fn.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
};

/** Writes `filename`.cache: V8's `data` behind a header naming the bundle as it is on disk now. */
export function writeCodeCache(filename: string, data: Buffer): void {
  const st = statSync(filename);
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(st.size, 4);
  header.writeDoubleLE(Math.floor(st.mtimeMs), 8);
  writeFileSync(`${filename}.cache`, Buffer.concat([header, data]));
}

// After the training run, so the cache holds the functions the command compiled while it ran.
if (writing) process.once('exit', () => compiled.forEach(({ script, filename }) => writeCodeCache(filename, script.createCachedData())));
