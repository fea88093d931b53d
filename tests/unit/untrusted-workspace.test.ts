/**
 * Workspaces and settings are untrusted input: each field is checked on its own (a bad one is
 * dropped with a note, the rest opens), only regular files are opened (never FIFOs, devices or
 * /proc), sizes are checked before reading, and no message quotes the file.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notOpenable, readSmallFile } from '../../electron/services/openable';
import { SettingsStore } from '../../electron/services/settings';
import { parseWorkspace, readWorkspace } from '../../electron/services/workspace';
import { workspaceSchema } from '../../shared/workspace';

const SAMPLE = resolve(__dirname, '../../assets/samples/web01_orderportal.svclog');
const posix = process.platform !== 'win32';

function folder() {
  const dir = mkdtempSync(join(tmpdir(), 'tl-hostile-ws-'));
  copyFileSync(SAMPLE, join(dir, 'web01.svclog'));
  return dir;
}

const ws = (extra: Record<string, unknown>) => JSON.stringify({ format: 'tracelens-workspace', version: 1, files: [{ path: 'web01.svclog' }], ...extra });

describe('hostile workspaces', () => {
  it('drops a filter of the wrong shape, deep view state and unknown fields, and opens the rest', () => {
    const dir = folder();
    const deep = '['.repeat(100_000) + '1' + ']'.repeat(100_000);
    const text = JSON.stringify({
      format: 'tracelens-workspace',
      version: 1,
      files: [{ path: 'web01.svclog' }, { path: 42 }, 'nonsense'],
      filters: { levels: 'error', text: 'Order', sources: [{ x: 1 }], sort: { by: 'start', descending: true } },
      layout: { leftTab: 'messages', panes: 'DEEP', columns: { 'traces.time': 'wide' }, secret: 'SECRET-VALUE' },
      skew: { reference: 7, overridesMs: { WEB01: 12 } },
      timeRange: { fromUs: 'yesterday' },
      extra: { more: 'DEEP' },
    }).replaceAll('"DEEP"', deep);
    writeFileSync(join(dir, 'bad.tracelens'), text);
    const { workspace, files } = readWorkspace(join(dir, 'bad.tracelens'));
    expect(files.found).toEqual([join(dir, 'web01.svclog')]);
    expect(workspace.filters).toEqual({ text: 'Order', sort: { by: 'start', descending: true } });
    expect(workspace.layout).toEqual({ leftTab: 'messages' });
    expect(workspace.skew).toEqual({ overridesMs: { WEB01: 12 } });
    expect(workspace.timeRange).toBeNull();
    const notes = files.missing.join('\n');
    for (const part of ['filters.levels', 'filters.sources', 'layout.panes', 'layout.columns', 'skew.reference', 'timeRange', 'file entry 2', 'file entry 3', '1 unknown field in layout', '1 unknown top-level field']) expect(notes).toContain(part);
    expect(notes).not.toContain('SECRET-VALUE');
    // What comes out is plain, bounded data the views can take as it is.
    expect(workspaceSchema.safeParse(workspace).success).toBe(true);
    expect(() => JSON.stringify(workspace)).not.toThrow();
  });

  it('keeps at most 500 column widths: ten thousand keys do not reach the views or the settings', () => {
    const dir = folder();
    const columns = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`t.c${i}`, 100]));
    writeFileSync(join(dir, 'wide.tracelens'), ws({ layout: { columns } }));
    const t = performance.now();
    const { workspace, files } = readWorkspace(join(dir, 'wide.tracelens'));
    expect(performance.now() - t).toBeLessThan(2000);
    expect(workspace.layout.columns).toBeUndefined();
    expect(files.missing.join(' ')).toMatch(/layout\.columns was ignored: expected an object of at most 500 entries/);
    const store = new SettingsStore(mkdtempSync(join(tmpdir(), 'tl-settings-')));
    for (let i = 0; i < 600; i++) store.set({ columns: { [`t.c${i}`]: 100 } });
    const kept = store.get().columns!;
    expect(Object.keys(kept)).toHaveLength(500);
    expect(kept['t.c599']).toBe(100);
  });

  it('never quotes the file in its messages', () => {
    expect(() => parseWorkspace('{"password": "hunter2"', 'x.tracelens')).toThrow(/^x\.tracelens is not a TraceLens workspace: it is not JSON\.$/);
    try {
      parseWorkspace('hunter2 is the password', 'x.tracelens');
    } catch (e) {
      expect(String(e)).not.toContain('hunter2');
    }
  });

  it.runIf(posix)('never opens a FIFO, a device, /proc or a symlink to them, as the workspace or as a file it lists', () => {
    const dir = folder();
    const fifo = join(dir, 'pipe.tracelens');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', join(dir, 'zero.tracelens'));
    const t = performance.now();
    expect(() => readWorkspace(fifo)).toThrow(/pipe\.tracelens cannot be opened: it is not a regular file/);
    expect(() => readWorkspace('/dev/zero')).toThrow(/system pseudo-file/);
    expect(() => readWorkspace(join(dir, 'zero.tracelens'))).toThrow(/system pseudo-file/);
    writeFileSync(join(dir, 'lists.tracelens'), JSON.stringify({ format: 'tracelens-workspace', version: 1, files: [{ path: 'pipe.tracelens' }, { path: '/dev/zero' }, { path: '/proc/self/environ' }, { path: 'web01.svclog' }] }));
    const { files } = readWorkspace(join(dir, 'lists.tracelens'));
    expect(performance.now() - t).toBeLessThan(2000);
    expect(files.found).toEqual([join(dir, 'web01.svclog')]);
    expect(files.missing).toEqual([
      'pipe.tracelens (listed in lists.tracelens) was not opened: it is not a regular file (a folder, a pipe or a device).',
      '/dev/zero (listed in lists.tracelens) was not opened: it is a system pseudo-file, not a log.',
      '/proc/self/environ (listed in lists.tracelens) was not opened: it is a system pseudo-file, not a log.',
    ]);
    expect(notOpenable(SAMPLE)).toBeNull();
  });

  it('checks the size before reading and reads no more than the limit', () => {
    const dir = folder();
    writeFileSync(join(dir, 'big.tracelens'), 'x'.repeat(5 * 1024 * 1024));
    expect(() => readWorkspace(join(dir, 'big.tracelens'))).toThrow(/big\.tracelens is 5242880 bytes; a workspace is at most 4194304/);
    expect(readSmallFile(SAMPLE, 1 << 20, 'file', 'x').length).toBe(readFileSync(SAMPLE, 'utf8').length);
  });

  it('reads any JSON without throwing anything but a sentence naming the file (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 4 }), (filters, layout) => {
        const notes: string[] = [];
        const w = parseWorkspace(ws({ filters, layout, skew: layout, timeRange: filters }), 'p.tracelens', notes);
        expect(workspaceSchema.safeParse(w).success).toBe(true);
        for (const n of notes) expect(n.startsWith('p.tracelens: ')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
