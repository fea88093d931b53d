/** Settings persisted on the main side: merge, atomic file, validation of what is read back. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sentenceZone } from '../../electron/services/display-zone';
import { defaultSettingsDir, settingsStore, SettingsStore, useSettingsDir, validateSettings } from '../../electron/services/settings';

const dir = () => mkdtempSync(join(tmpdir(), 'tl-settings-'));

describe('settings', () => {
  it('give main-side sentences the user\'s time zone (UTC until one is chosen)', () => {
    useSettingsDir(dir());
    expect(sentenceZone()).toBe('UTC');
    settingsStore().set({ timeZone: 'Asia/Kolkata' });
    expect(sentenceZone()).toBe('Asia/Kolkata');
    settingsStore().set({ timeZone: 'local' });
    expect(sentenceZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  });

  it('survives a new store on the same directory (a restart)', () => {
    const d = dir();
    const a = new SettingsStore(d);
    a.set({ panes: { left: 420 }, columns: { 'activities.name': 300 }, filter: { levels: ['error'] }, activitySort: { by: 'severity', descending: false } });
    a.set({ panes: { detail: 250 } });
    a.addRecent(['/x/a.svclog']);
    a.addRecent(['/x/b.svclog', '/x/a.svclog']);
    const b = new SettingsStore(d).get();
    expect(b.panes).toEqual({ left: 420, detail: 250 });
    expect(b.columns).toEqual({ 'activities.name': 300 });
    expect(b.filter).toEqual({ levels: ['error'] });
    expect(b.recentFiles).toEqual(['/x/b.svclog', '/x/a.svclog']);
    expect(JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8')).activitySort.by).toBe('severity');
  });

  it('drops invalid fields read back and keeps the valid ones', () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ panes: { left: 'wide' }, columns: { 'a.b': 120 }, filter: { levels: ['nonsense'] }, evil: 1, window: { x: 1, y: 2, width: 800, height: 600 } }));
    expect(new SettingsStore(d).get()).toEqual({ columns: { 'a.b': 120 }, window: { x: 1, y: 2, width: 800, height: 600 } });
    writeFileSync(join(d, 'settings.json'), '{not json');
    expect(new SettingsStore(d).get()).toEqual({});
    expect(validateSettings([1, 2])).toEqual({});
  });

  it('finds its directory from the environment', () => {
    expect(defaultSettingsDir({ TRACELENS_CONFIG_DIR: '/c' })).toBe('/c');
    expect(defaultSettingsDir({ XDG_CONFIG_HOME: '/x' })).toBe(join('/x', 'tracelens'));
    expect(defaultSettingsDir({})).toMatch(/\.config[/\\]tracelens$/);
  });
});
