/** The lists' layouts and highlight rules in the settings, and bookmarks in a workspace, read as untrusted input. */
import { describe, expect, it } from 'vitest';
import { validateSettings } from '../../electron/services/settings';
import { buildWorkspace } from '../../electron/services/workspace';
import { readWorkspaceJson } from '../../shared/workspace';

describe('list settings and bookmarks from untrusted JSON', () => {
  it('keeps valid list layouts and highlight rules, drops bad ones with a note', () => {
    const notes: string[] = [];
    const ok = validateSettings({ lists: { trace: { order: ['time', 'level'], hidden: ['delta'], groupBy: 'process' }, message: { sort: { by: 'action', descending: true } } }, highlights: [{ query: 'level:warning', colour: 'yellow' }] }, notes);
    expect(ok.lists?.trace?.groupBy).toBe('process');
    expect(ok.highlights).toHaveLength(1);
    expect(notes).toEqual([]);
    const bad = validateSettings({ lists: { trace: { order: ['<img src=x>'] }, evil: {} }, highlights: [{ query: 'x', colour: 'javascript:alert(1)' }], filter: { text: 'kept' } }, notes);
    expect(bad.lists).toBeUndefined();
    expect(bad.highlights).toBeUndefined();
    expect(bad.filter?.text).toBe('kept');
    expect(notes.some((n) => n.startsWith('settings.lists was ignored'))).toBe(true);
    expect(notes.some((n) => n.startsWith('settings.highlights was ignored'))).toBe(true);
    expect(validateSettings({ highlights: Array.from({ length: 100 }, () => ({ query: 'a', colour: 'red' })) }).highlights).toBeUndefined();
  });

  it('saves bookmarks by the file’s place in the list and reads them back; a bad list is dropped with a note', () => {
    const ws = buildWorkspace('/logs/case.tracelens', ['/logs/a.svclog', '/logs/b.svclog'], { bookmarks: [{ file: '/logs/b.svclog', index: 7, timeUs: 1 }, { file: '/elsewhere/c.svclog', index: 1, timeUs: 2 }] });
    expect(ws.bookmarks).toEqual([{ file: 1, index: 7, timeUs: 1 }]);
    const notes: string[] = [];
    const back = readWorkspaceJson(JSON.parse(JSON.stringify(ws)), 'case.tracelens', notes);
    expect(back.bookmarks).toEqual([{ file: 1, index: 7, timeUs: 1 }]);
    const hostile = readWorkspaceJson({ ...JSON.parse(JSON.stringify(ws)), bookmarks: [{ file: -1, index: 'x' }] }, 'case.tracelens', notes);
    expect(hostile.bookmarks).toEqual([]);
    expect(notes.some((n) => n.includes('bookmarks were ignored'))).toBe(true);
  });
});
