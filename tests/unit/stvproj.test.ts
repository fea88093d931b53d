import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandWorkspaces } from '../../electron/cli/workspaces';
import { buildStvProject, readStvProject, saveStvProject } from '../../electron/services/workspace';

describe('Service Trace Viewer projects (.stvproj)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-stvproj-'));
  mkdirSync(join(dir, 'logs', 'web & app'), { recursive: true });
  mkdirSync(join(dir, 'projects'));
  const a = join(dir, 'logs', 'web & app', 'web01 "orders".svclog');
  const b = join(dir, 'logs', 'app01.svclog');
  for (const f of [a, b]) writeFileSync(f, '<E2ETraceEvent/>');

  it('writes what STV writes (relative paths with backslashes, escaped) and reads it back to the same files', async () => {
    const project = join(dir, 'projects', 'incident.stvproj');
    await saveStvProject(project, [a, b]);
    const xml = buildStvProject(project, [a, b]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<traceviewer_project>\n' +
        '  <e2efile path="..\\logs\\web &amp; app\\web01 &quot;orders&quot;.svclog" />\n  <e2efile path="..\\logs\\app01.svclog" />\n</traceviewer_project>\n',
    );
    expect(readStvProject(project)).toMatchObject({ found: [a, b], missing: [] });
    // A download (browser host) keeps absolute paths, which read back the same.
    const download = join(tmpdir(), 'elsewhere.stvproj');
    await saveStvProject(download, [a, b], null);
    expect(readStvProject(download).found).toEqual([a, b]);
  });

  it('names entries that are missing or not regular files, and opens the rest, also for summary/export', () => {
    const project = join(dir, 'projects', 'bad.stvproj');
    symlinkSync('/dev/zero', join(dir, 'logs', 'zero.svclog'));
    writeFileSync(project, '<traceviewer_project><e2efile path="..\\logs\\app01.svclog"/><e2efile path="..\\logs\\gone.svclog"/><e2efile path="../logs"/><e2efile path="../logs/zero.svclog"/></traceviewer_project>');
    const r = expandWorkspaces([project, b]);
    expect(r.files).toEqual([b]);
    expect(r.problems).toHaveLength(3);
    expect(r.problems[0]).toMatch(/gone\.svclog \(listed in bad\.stvproj\) was not found/);
    expect(r.problems.slice(1).join(' ')).toMatch(/listed in bad\.stvproj\) was not opened/);
    writeFileSync(join(dir, 'projects', 'broken.stvproj'), '<traceviewer_project><e2efile');
    expect(expandWorkspaces([join(dir, 'projects', 'broken.stvproj')]).problems[0]).toMatch(/broken\.stvproj is not a Service Trace Viewer project/);
  });
});
