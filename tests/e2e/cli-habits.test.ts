/**
 * The command line's side of "STV habits, part two", as a user runs the built bin: `--tz` for
 * summary and export (times written with their offset, filter times read in the zone).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/host';

const BIN = join(REPO, 'bin', 'tracelens.cjs');
const SAMPLES = join(REPO, 'assets', 'samples');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TZ: 'America/New_York' } });
const csvTimes = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);

describe('tracelens --tz', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-cli-tz-'));
  const trace = join(SAMPLES, 'web01_orderportal.svclog');

  it('exports the same rows with their times in the zone, the offset written out, to the 100 ns digit', () => {
    expect(run('export', trace, '--format', 'csv', '-o', join(dir, 'utc.csv')).status).toBe(0);
    expect(run('export', trace, '--format', 'csv', '--tz', 'Asia/Kolkata', '-o', join(dir, 'kolkata.csv')).status).toBe(0);
    expect(run('export', trace, '--format', 'jsonl', '--tz', 'local', '-o', join(dir, 'local.jsonl')).status).toBe(0);
    const utc = csvTimes(join(dir, 'utc.csv'));
    const kolkata = csvTimes(join(dir, 'kolkata.csv'));
    expect(kolkata).toHaveLength(utc.length);
    expect(utc[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(kolkata[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+05:30$/);
    for (let i = 0; i < utc.length; i += 17) {
      expect(Date.parse(kolkata[i].replace(/(\.\d{3})\d+/, '$1'))).toBe(Date.parse(utc[i].replace(/(\.\d{3})\d+/, '$1')));
      expect(kolkata[i].slice(19, 27)).toBe(utc[i].slice(19, 27));
    }
    // "local" is the machine's zone (TZ here): New York in November, UTC−5.
    const local = JSON.parse(readFileSync(join(dir, 'local.jsonl'), 'utf8').split('\n')[0]) as { time: string };
    expect(local.time).toMatch(/-05:00$/);
    expect(Date.parse(local.time.replace(/(\.\d{3})\d+/, '$1'))).toBe(Date.parse(utc[0].replace(/(\.\d{3})\d+/, '$1')));
  });

  it('reads --from/--to without an offset in the zone, and with one as written', () => {
    const first = csvTimes(join(dir, 'utc.csv'));
    const instant = Date.parse(first[40].replace(/(\.\d{3})\d+/, '$1'));
    // The same instant written three ways keeps the same rows.
    const wallNy = `${new Date(instant - 5 * 3600_000).toISOString().slice(0, 19)}${first[40].slice(19, 26)}`;
    const a = run('summary', '--json', trace, '--from', first[40].replace(/(\.\d{6})\d/, '$1'));
    const b = run('summary', '--json', trace, '--tz', 'America/New_York', '--from', wallNy);
    const c = run('summary', '--json', trace, '--tz', 'Asia/Kolkata', '--from', first[40].replace(/(\.\d{6})\d/, '$1'));
    for (const r of [a, b, c]) expect(r.status).toBe(0);
    const kept = (r: ReturnType<typeof run>) => (JSON.parse(r.stdout) as { filtered: { traces: number } }).filtered.traces;
    expect(kept(b)).toBe(kept(a));
    expect(kept(c)).toBe(kept(a));
    expect(JSON.parse(b.stdout).timeZone).toBe('America/New_York');
  });

  it('reads the times of --where in --tz, as the filter box reads them in the zone shown', () => {
    const utc = csvTimes(join(dir, 'utc.csv'));
    const instant = Date.parse(utc[40].replace(/(\.\d{3})\d+/, '$1'));
    const wall = (offsetH: number) => new Date(instant + offsetH * 3600_000).toISOString().slice(0, 23);
    const kept = (...args: string[]) => {
      const r = run('summary', '--json', trace, ...args);
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { filtered: { traces: number } }).filtered.traces;
    };
    const asUtc = kept('--where', `time>=${wall(0)}`);
    expect(asUtc).toBeGreaterThan(0);
    // The same instant as New York's and Kolkata's wall clocks; with Z or an offset, whatever --tz says.
    expect(kept('--tz', 'America/New_York', '--where', `time>=${wall(-5)}`)).toBe(asUtc);
    expect(kept('--tz', 'local', '--where', `time>=${wall(-5)}`)).toBe(asUtc);
    expect(kept('--tz', 'Asia/Kolkata', '--where', `time>=${wall(5.5)}`)).toBe(asUtc);
    expect(kept('--tz', 'Asia/Kolkata', '--where', `time>=${wall(0)}Z`)).toBe(asUtc);
    // A time of day is that clock in the zone: 5 h apart from UTC's reading of the same text.
    const tod = wall(0).slice(11);
    const todNy = wall(-5).slice(11);
    expect(kept('--tz', 'America/New_York', '--where', `time>=${todNy}`)).toBe(kept('--where', `time>=${tod}`));
  });

  it('refuses a zone that is not one, naming what it takes', () => {
    const r = run('summary', trace, '--tz', 'Mars/Olympus_Mons');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/IANA zone name such as America\/New_York/);
    expect(run('export', trace, '--format', 'csv', '--tz', '../../etc', '-o', join(dir, 'x.csv')).status).toBe(2);
  });
});

describe('tracelens summary/export of workspaces and STV projects', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-cli-ws-'));
  mkdirSync(join(dir, 'logs'));
  for (const f of ['web01_orderportal.svclog', 'app01_u_ex261120.log']) copyFileSync(join(SAMPLES, f), join(dir, 'logs', f));
  const project = join(dir, 'incident.stvproj');
  writeFileSync(project, '<?xml version="1.0" encoding="utf-8"?>\n<traceviewer_project>\n  <e2efile path="logs\\web01_orderportal.svclog" />\n</traceviewer_project>\n');
  const workspace = join(dir, 'incident.tracelens');
  writeFileSync(workspace, JSON.stringify({ format: 'tracelens-workspace', version: 1, files: [{ path: 'logs/web01_orderportal.svclog' }, { path: 'logs/app01_u_ex261120.log' }, { path: 'logs/gone.svclog' }] }));

  it('loads the files a project lists, relative to it', () => {
    const r = run('summary', '--json', project);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.files.map((f: { path: string }) => f.path)).toEqual([join(dir, 'logs', 'web01_orderportal.svclog')]);
    expect(s.svclog.events).toBe(204);
  });

  it('loads a workspace\'s files, names the one it cannot find and exits 1, and exports from it', () => {
    const r = run('summary', workspace);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/WCF traces: 204 events/);
    expect(r.stdout).toMatch(/IIS: 364 requests/);
    expect(r.stdout).toMatch(/logs\/gone\.svclog \(listed in incident\.tracelens\) was not found/);
    const e = run('export', project, '--format', 'csv', '-o', join(dir, 'out.csv'));
    expect(e.status).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n')).toHaveLength(205);
  });
});
