import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStvProject, readWorkspace, saveWorkspace } from '../../electron/services/workspace';

const SAMPLES = resolve(__dirname, '../../assets/samples');

function folderWithLogs() {
  const dir = mkdtempSync(join(tmpdir(), 'tl-ws-'));
  mkdirSync(join(dir, 'logs', 'web'), { recursive: true });
  copyFileSync(join(SAMPLES, 'web01_orderportal.svclog'), join(dir, 'logs', 'web', 'web01.svclog'));
  copyFileSync(join(SAMPLES, 'app01_u_ex261120.log'), join(dir, 'logs', 'u_ex.log'));
  return dir;
}

describe('workspaces', () => {
  it('round-trips files (relative), skew overrides, filters, time range and layout', async () => {
    const dir = folderWithLogs();
    const files = [join(dir, 'logs', 'web', 'web01.svclog'), join(dir, 'logs', 'u_ex.log')];
    const state = {
      skew: { reference: 'APP01', overridesMs: { WEB01: -351.5 } },
      filters: { levels: ['error' as const, 'warning' as const], text: 'Order' },
      timeRange: { fromUs: 1_795_139_400_000_000, toUs: 1_795_139_460_000_000 },
      layout: { panes: { left: 420 }, leftTab: 'messages' as const },
    };
    const wsPath = join(dir, 'incident.tracelens');
    await saveWorkspace(wsPath, files, state);
    const saved = JSON.parse(readFileSync(wsPath, 'utf8'));
    expect(saved.files.map((f: { path: string }) => f.path)).toEqual(['logs/web/web01.svclog', 'logs/u_ex.log']);
    const { workspace, files: resolved } = readWorkspace(wsPath);
    expect(resolved).toEqual({ found: files, missing: [] });
    expect(workspace).toMatchObject(state);
  });

  it('still opens when the folder moved (relative paths) and reports missing files', async () => {
    const dir = folderWithLogs();
    const files = [join(dir, 'logs', 'web', 'web01.svclog'), join(dir, 'logs', 'gone.svclog')];
    writeFileSync(files[1], 'x');
    const wsPath = join(dir, 'ws.tracelens');
    await saveWorkspace(wsPath, files, {});
    // Move: copy the workspace and one log to a new folder with the same layout; the other is lost.
    const moved = mkdtempSync(join(tmpdir(), 'tl-ws-moved-'));
    mkdirSync(join(moved, 'logs', 'web'), { recursive: true });
    copyFileSync(files[0], join(moved, 'logs', 'web', 'web01.svclog'));
    copyFileSync(wsPath, join(moved, 'ws.tracelens'));
    const { files: r } = readWorkspace(join(moved, 'ws.tracelens'));
    // web01 by its relative path in the new folder; gone.svclog, not copied, by its saved absolute path.
    expect(r.found).toEqual([join(moved, 'logs', 'web', 'web01.svclog'), files[1]]);
    expect(r.missing).toEqual([]);
    writeFileSync(join(moved, 'ws.tracelens'), readFileSync(join(moved, 'ws.tracelens'), 'utf8').replaceAll(dir, '/nowhere'));
    const again = readWorkspace(join(moved, 'ws.tracelens')).files;
    expect(again.missing).toHaveLength(1);
    expect(again.missing[0]).toMatch(/logs\/gone\.svclog \(listed in ws\.tracelens\) was not found/);
  });

  it('refuses what is not a workspace with a sentence naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-ws-bad-'));
    writeFileSync(join(dir, 'a.tracelens'), 'not json');
    expect(() => readWorkspace(join(dir, 'a.tracelens'))).toThrow(/a\.tracelens is not a TraceLens workspace: it is not JSON/);
    writeFileSync(join(dir, 'b.tracelens'), JSON.stringify({ format: 'something-else', version: 1, files: [] }));
    expect(() => readWorkspace(join(dir, 'b.tracelens'))).toThrow(/b\.tracelens is not a TraceLens workspace \(its "format"/);
    writeFileSync(join(dir, 'c.tracelens'), JSON.stringify({ format: 'tracelens-workspace', version: 9, files: [] }));
    expect(() => readWorkspace(join(dir, 'c.tracelens'))).toThrow(/saved by a newer TraceLens/);
    expect(() => readWorkspace(join(dir, 'none.tracelens'))).toThrow(/does not exist/);
  });
});

describe('Service Trace Viewer projects', () => {
  it('loads the files a .stvproj lists (relative, Windows-absolute) and reports the missing', () => {
    const dir = folderWithLogs();
    writeFileSync(
      join(dir, 'case.stvproj'),
      '<?xml version="1.0" encoding="utf-8"?><traceviewer_project>' +
        '<e2efile path="logs\\web\\web01.svclog" />' +
        '<e2efile path="C:\\Traces\\u_ex.log" />' +
        '<e2efile path="logs\\missing.svclog" /></traceviewer_project>',
    );
    // C:\Traces\u_ex.log is looked for next to the project: copy it there.
    copyFileSync(join(dir, 'logs', 'u_ex.log'), join(dir, 'u_ex.log'));
    const r = readStvProject(join(dir, 'case.stvproj'));
    expect(r.found).toEqual([join(dir, 'logs', 'web', 'web01.svclog'), join(dir, 'u_ex.log')]);
    expect(r.missing).toEqual(['logs\\missing.svclog (listed in case.stvproj) was not found.']);
  });

  it('refuses hostile or foreign XML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-stv-'));
    writeFileSync(join(dir, 'x.stvproj'), '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><traceviewer_project><e2efile path="&e;"/></traceviewer_project>');
    expect(() => readStvProject(join(dir, 'x.stvproj'))).toThrow(/DOCTYPE/);
    writeFileSync(join(dir, 'y.stvproj'), '<Project><Item/></Project>');
    expect(() => readStvProject(join(dir, 'y.stvproj'))).toThrow(/no <traceviewer_project> element/);
  });
});
