/**
 * File › Export › Parquet through the contract as the desktop app's shell serves it: the save
 * dialog names a new folder and the datasets are written there (no download); a folder that
 * already holds something is refused with a sentence, and the dialog's Cancel writes nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/services/dispatch';
import type { OutputSink } from '../../electron/services/output';
import { Session } from '../../electron/services/session';

const SAMPLES = resolve(__dirname, '../../assets/samples');

describe('Parquet export from the desktop app', () => {
  it('writes the datasets into the folder the dialog names, and refuses a folder in use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-parquet-app-'));
    const session = new Session({ concurrency: 2 });
    session.open([{ path: join(SAMPLES, 'web01_orderportal.svclog') }, { path: join(SAMPLES, 'app01_u_ex261120.log') }]);
    await session.whenIdle();
    let chosen: string | undefined = join(dir, 'incident');
    const asked: string[] = [];
    const output: OutputSink = { downloads: false, target: async (name) => (asked.push(name), chosen), publish: () => undefined };
    const ctx = { session, appInfo: { name: 'TraceLens', version: 'test', host: 'electron' as const, platform: 'linux' }, output, log: () => undefined };

    const r = await dispatch('export.run', { format: 'parquet', filter: { levels: ['error', 'warning'] } }, ctx);
    expect(r.ok).toBe(true);
    const v = (r as { value: { path?: string; downloadUrl?: string; written: number; problems: string[]; datasets?: Record<string, number> } }).value;
    expect(asked[0]).toMatch(/^tracelens-parquet-\d{8}-\d{6}$/);
    expect(v).toMatchObject({ path: join(dir, 'incident'), problems: [] });
    expect(v.downloadUrl).toBeUndefined();
    expect(Object.keys(v.datasets!).sort()).toEqual(['iis_requests', 'svclog_activities', 'svclog_events']);
    expect(v.written).toBe(Object.values(v.datasets!).reduce((a, b) => a + b, 0));
    expect(readdirSync(join(dir, 'incident')).sort()).toEqual(['iis_requests', 'svclog_activities', 'svclog_events']);

    mkdirSync(join(dir, 'busy'));
    writeFileSync(join(dir, 'busy', 'notes.txt'), 'mine');
    chosen = join(dir, 'busy');
    const busy = (await dispatch('export.run', { format: 'parquet' }, ctx)) as { ok: true; value: { written: number; problems: string[] } };
    expect(busy.value).toMatchObject({ written: 0, problems: [`${join(dir, 'busy')} already exists and is not an empty folder; choose a new folder for the Parquet datasets.`] });
    expect(readdirSync(join(dir, 'busy'))).toEqual(['notes.txt']);

    chosen = undefined;
    const cancelled = (await dispatch('export.run', { format: 'parquet' }, ctx)) as { ok: true; value: { cancelled?: boolean; written: number } };
    expect(cancelled.value).toMatchObject({ cancelled: true, written: 0 });
    expect(readdirSync(dir).sort()).toEqual(['busy', 'incident']);
  });
});
