/** The lint rules that guard the architecture actually fire (and stay quiet where allowed). */
import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(__dirname, '../..') });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(__dirname, '../..', filePath) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('architecture boundaries (eslint)', () => {
  it('forbids electron in the engine, services, host and CLI', async () => {
    for (const file of ['electron/engine/x.ts', 'electron/services/x.ts', 'electron/host/x.ts', 'electron/cli/x.ts']) {
      expect(await ruleIds("import { app } from 'electron';\nexport const a = app;\n", file)).toContain('no-restricted-imports');
    }
  });

  it('forbids Node and UI libraries in shared/', async () => {
    expect(await ruleIds("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'shared/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { useState } from 'react';\nexport const u = useState;\n", 'shared/x.ts')).toContain('no-restricted-imports');
  });

  it('forbids Node and main-side modules in the renderer', async () => {
    expect(await ruleIds("import { readFileSync } from 'fs';\nexport const r = readFileSync;\n", 'renderer/src/x.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { Session } from '../../electron/services/session';\nexport const s = Session;\n", 'renderer/src/x.ts')).toContain('no-restricted-imports');
  });

  it('keeps the contract\'s schemas (zod) out of the renderer: types only', async () => {
    const rule = '@typescript-eslint/no-restricted-imports';
    expect(await ruleIds("import { createApi } from '../../shared/contract';\nexport const c = createApi;\n", 'renderer/src/x.ts')).toContain(rule);
    expect(await ruleIds("import { z } from 'zod';\nexport const s = z.string();\n", 'renderer/src/x.ts')).toContain(rule);
    expect(await ruleIds("import type { Api } from '../../shared/contract';\nexport type A = Api;\n", 'renderer/src/x.ts')).not.toContain(rule);
    expect(await ruleIds("import { createApi } from '../../shared/api-client';\nexport const c = createApi;\n", 'renderer/src/x.ts')).not.toContain(rule);
  });

  it('allows ipcMain only in the typed wrapper', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n";
    expect(await ruleIds(code, 'electron/main/window.ts')).toContain('no-restricted-imports');
    expect(await ruleIds(code, 'electron/main/ipc.ts')).not.toContain('no-restricted-imports');
    expect(await ruleIds(code, 'electron/preload/preload.ts')).toContain('no-restricted-imports');
  });

  it('does not mistake our own electron/ folder for the electron package', async () => {
    expect(await ruleIds("import { iisEngine } from '../electron/engine/iis';\nexport const e = iisEngine;\n", 'bench/x.bench.ts')).toEqual([]);
  });

  it('keeps each engine folder private: others import its index.ts', async () => {
    const rule = 'local/import-patterns';
    // Reaching into an engine from a service, the CLI or another engine fires…
    expect(await ruleIds("import { SvclogFile } from '../engine/svclog/file';\nexport const f = SvclogFile;\n", 'electron/services/x.ts')).toContain(rule);
    expect(await ruleIds("export { IisTable } from '../engine/iis/table';\n", 'electron/cli/x.ts')).toContain(rule);
    expect(await ruleIds("import { EvtxFile } from '../evtx/evtx-file';\nexport const e = EvtxFile;\n", 'electron/engine/iis/x.ts')).toContain(rule);
    expect(await ruleIds("export const load = () => import('../engine/evtx/parse-file');\n", 'electron/services/x.ts')).toContain(rule);
    // …the engine's index (by folder or by name), its own folder, and the allowlist do not.
    expect(await ruleIds("import { SvclogFile } from '../engine/svclog';\nexport const f = SvclogFile;\n", 'electron/services/x.ts')).not.toContain(rule);
    expect(await ruleIds("import { iisEngine } from '../engine/iis/index';\nexport const e = iisEngine;\n", 'electron/services/x.ts')).not.toContain(rule);
    expect(await ruleIds("import { SvclogFile } from './file';\nexport const f = SvclogFile;\n", 'electron/engine/svclog/x.ts')).not.toContain(rule);
    expect(await ruleIds("import { SvclogFile } from '../../electron/engine/svclog/file';\nexport const f = SvclogFile;\n", 'tests/engine/x.test.ts')).not.toContain(rule);
    expect(await ruleIds("import { decodeRange } from '../../engine/svclog/queries/detail';\nexport const d = decodeRange;\n", 'electron/services/filter/xpath-scan.worker.ts')).not.toContain(rule);
    expect(await ruleIds("import { decodeRange } from '../../engine/svclog/queries/detail';\nexport const d = decodeRange;\n", 'electron/services/filter/x.ts')).toContain(rule);
  });

  it('allows the shell to import electron', async () => {
    expect(await ruleIds("import { app } from 'electron';\nexport const a = app;\n", 'electron/main/window.ts')).toEqual([]);
  });

  it('asks engines for capabilities outside their folders: no engine columns, no engine classes tested', () => {
    const root = resolve(__dirname, '../..');
    const engineFolder = /^electron\/engine\/(svclog|iis|evtx)\//;
    // A trace's columns, an engine class tested, or an IIS table's store (`table.data`, `tb.data`, `….table.data`).
    const reach = /\.data\.(events|messages|strings)\b|instanceof (SvclogFile|IisLogFile|FrebFile|EvtxFile)\b|\b(table|tb|\w+Table)\.data\b/g;
    const offenders: string[] = [];
    for (const entry of readdirSync(join(root, 'electron'), { recursive: true, encoding: 'utf8' })) {
      const file = `electron/${entry.replaceAll('\\', '/')}`;
      if (!/\.tsx?$/.test(file) || engineFolder.test(file)) continue;
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(reach)) offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
    // The pattern does catch what it is meant to.
    expect(['const t = file.table.data.timeMs;', 'const d = tb.data;', 'x instanceof SvclogFile', 'f.data.events.end'].map((s) => s.match(reach)?.length ?? 0)).toEqual([1, 1, 1, 1]);
  });
});
