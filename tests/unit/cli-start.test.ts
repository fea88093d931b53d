/**
 * What the CLI compiles before `summary` starts parsing: its bundle carries no server, schemas or
 * command-line parser, and the code cache it compiles from is used only while it matches the bundle.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Script } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { readCodeCache, writeCodeCache } from '../../electron/cli/code-cache';

const REPO = join(__dirname, '..', '..');

/** The modules esbuild bundles for a CLI command entry (the other commands stay apart, as in scripts/build.mjs). */
async function bundledInputs(entry: string): Promise<string[]> {
  const r = await build({
    entryPoints: [join(REPO, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    outfile: join(tmpdir(), 'tl-cli-start.cjs'),
    external: ['electron'],
    logLevel: 'silent',
    supported: { 'dynamic-import': false },
    plugins: [{ name: 'apart', setup: (b) => b.onResolve({ filter: /^\.\/(summary|export|serve|workspaces)$/ }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined)) }],
  });
  return Object.keys(r.metafile.inputs).map((p) => relative(REPO, join(REPO, p)));
}

describe('the summary command starts lean', () => {
  it("its bundle has no browser host, contract schemas, WebSocket server, exporters or command-line parser", async () => {
    const inputs = await bundledInputs('electron/cli/summary.ts');
    expect(inputs).toContain('electron/engine/iis/index.ts');
    expect(inputs).toContain('electron/engine/svclog/load.ts');
    const banned = [/^electron\/host\//, /^electron\/cli\/serve\.ts$/, /^electron\/services\/export/, /^electron\/services\/handlers\//, /node_modules\/(zod|ws|commander|csv-stringify|hyparquet-writer|open)\//];
    for (const re of banned) expect(inputs.filter((p) => re.test(p)), String(re)).toEqual([]);
  });

  it('the command-line parser bundle leaves every command out: of the engine, only what starts a large trace\'s parse early', async () => {
    const inputs = await bundledInputs('electron/cli/cli.ts');
    const early = ['startup-trace.ts', 'encoding.ts', 'worker-script.ts', 'xml-scan.ts', 'svclog/sniff.ts', 'svclog/load-plan.ts', 'svclog/early-parse.ts', 'svclog/worker-listeners.ts'].map((m) => `electron/engine/${m}`);
    expect(inputs.filter((p) => /electron\/(engine|host|services\/session)/.test(p) && !early.includes(p))).toEqual([]);
  });
});

describe('code cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-code-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is used while its header names the bundle on disk, and never once the bundle changed', () => {
    const bundle = join(dir, 'cli-summary.cjs');
    writeFileSync(bundle, 'module.exports = function answer() { return 41 + 1; };');
    const script = new Script(readFileSync(bundle, 'utf8'), { filename: bundle });
    writeCodeCache(bundle, script.createCachedData());
    const data = readCodeCache(bundle);
    expect(data?.length).toBeGreaterThan(0);
    // V8 accepts it for the same source.
    expect(new Script(readFileSync(bundle, 'utf8'), { filename: bundle, cachedData: data }).cachedDataRejected).toBe(false);
    // A rebuilt bundle of the same length (V8 checks only the length) with another time: not used.
    writeFileSync(bundle, 'module.exports = function answer() { return 40 + 2; };');
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    expect(readCodeCache(bundle)).toBeUndefined();
  });

  it('is not used when missing, empty or not ours', () => {
    const bundle = join(dir, 'cli-export.cjs');
    writeFileSync(bundle, 'module.exports = 1;');
    expect(readCodeCache(bundle)).toBeUndefined();
    writeFileSync(`${bundle}.cache`, '');
    expect(readCodeCache(bundle)).toBeUndefined();
    writeFileSync(`${bundle}.cache`, Buffer.alloc(64, 7));
    expect(readCodeCache(bundle)).toBeUndefined();
  });
});
