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

  it('reads WCF traces through the activities interface only: the svclog file class and its store stay in the engine', async () => {
    const root = resolve(__dirname, '../..');
    // The engine's public index does not hand the class out…
    const svclog = await import('../../electron/engine/svclog');
    expect(Object.keys(svclog).filter((k) => /^(SvclogFile|ownFile)$/.test(k))).toEqual([]);
    // …reaching into the folder for it fires the import rule, from a service and from another engine…
    const rule = 'local/import-patterns';
    expect(await ruleIds("import type { SvclogFile } from '../../engine/svclog/file';\nexport type F = SvclogFile;\n", 'electron/services/graph/x.ts')).toContain(rule);
    expect(await ruleIds("import { ownFile } from '../svclog/file';\nexport const o = ownFile;\n", 'electron/engine/export/x.ts')).toContain(rule);
    expect(await ruleIds("import type { WcfTraceFile } from '../../engine/wcf-traces';\nexport type F = WcfTraceFile;\n", 'electron/services/graph/x.ts')).not.toContain(rule);
    // …and no module outside the folder names the class, its store or the way back to it.
    const concrete = /\b(SvclogFile|SvclogData|ownFile)\b|\.data\.(events|messages|messageCount|uniqueStrings)\b/g;
    const offenders: string[] = [];
    for (const top of ['electron', 'shared', 'renderer/src']) {
      for (const entry of readdirSync(join(root, top), { recursive: true, encoding: 'utf8' })) {
        const file = `${top}/${entry.replaceAll('\\', '/')}`;
        if (!/\.tsx?$/.test(file) || file.startsWith('electron/engine/svclog/')) continue;
        for (const m of readFileSync(join(root, file), 'utf8').matchAll(concrete)) offenders.push(`${file}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
    // The pattern does catch what it is meant to.
    expect(['(f as SvclogFile)', 'ownFile(f)', 'f.data.messageCount', 'type D = SvclogData;', 'file.events.tid'].map((x) => x.match(concrete)?.length ?? 0)).toEqual([1, 1, 1, 1, 0]);
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
