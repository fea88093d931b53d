/**
 * The clock service through the dispatcher: solver offsets on a generated multi-host scenario,
 * overrides and reference, the raw/adjusted mode reaching every view, conflicts surfaced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { dispatch } from '../../electron/services/dispatch';
import { Session } from '../../electron/services/session';
import { writeScenario, DEFAULT_SCENARIO } from '../support/skew-scenario';

const SAMPLES = resolve(__dirname, '../../assets/samples');
const APP_INFO = { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' } as const;

function client(paths: string[]) {
  const session = new Session();
  session.open(paths.map((path) => ({ path })));
  const call = async <C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = (await dispatch(channel, req, { session, appInfo: APP_INFO, log: () => undefined })) as Result<ResponseOf<C>>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  return { session, call };
}

describe('clock service on the samples (APP01 350 ms ahead of WEB01)', () => {
  const c = client([join(SAMPLES, 'web01_orderportal.svclog'), join(SAMPLES, 'app01_orderservice.svclog')]);
  beforeAll(() => c.session.whenIdle());
  afterAll(() => c.call('skew.setMode', { mode: 'adjusted' }));

  it('reports per-host offsets, intervals and pairs, adjusted mode by default', async () => {
    const r = await c.call('skew.report', {});
    expect(r.mode).toBe('adjusted');
    expect(r.consistent).toBe(true);
    const app = r.hosts.find((h) => h.computer === 'APP01')!;
    const ref = r.hosts.find((h) => h.computer === r.reference)!;
    expect(ref.effectiveMs).toBe(0);
    const expected = r.reference === 'WEB01' ? 350 : -350;
    const host = r.reference === 'WEB01' ? app : r.hosts.find((h) => h.computer === 'WEB01')!;
    expect(Math.abs(host.autoMs - expected)).toBeLessThan(5);
    expect(host.lowMs!).toBeLessThanOrEqual(host.autoMs);
    expect(host.highMs!).toBeGreaterThanOrEqual(host.autoMs);
    expect(host.pairs).toBeGreaterThan(0);
    expect(host.connected).toBe(true);
    expect(host.overrideMs).toBeNull();
  });

  it('shifts trace, message and record times by the effective offset; raw mode undoes it', async () => {
    const { rows } = await c.call('svclog.messages', { offset: 0, limit: 1000 });
    const shifted = rows.filter((m) => m.timeUs !== m.rawTimeUs);
    expect(shifted.length).toBeGreaterThan(0);
    // Displayed-time order across hosts.
    for (let i = 1; i < rows.length; i++) expect(rows[i].timeUs).toBeGreaterThanOrEqual(rows[i - 1].timeUs);
    const records = await c.call('records.page', { offset: 0, limit: 1000 });
    expect(records.rows.some((r) => r.rawTimeUs !== undefined && r.rawTimeUs !== r.timeUs)).toBe(true);
    await c.call('skew.setMode', { mode: 'raw' });
    const raw = await c.call('svclog.messages', { offset: 0, limit: 1000 });
    expect(raw.rows.every((m) => m.timeUs === m.rawTimeUs)).toBe(true);
    const rawRecords = await c.call('records.page', { offset: 0, limit: 1000 });
    expect(rawRecords.rows.every((r) => r.rawTimeUs === undefined)).toBe(true);
    await c.call('skew.setMode', { mode: 'adjusted' });
  });

  it('applies an override to activity spans and the detail time, and resets it', async () => {
    const r0 = await c.call('skew.report', {});
    const other = r0.hosts.find((h) => h.computer !== r0.reference)!;
    const r1 = await c.call('skew.setOverride', { computer: other.computer, offsetMs: other.autoMs + 1000 });
    expect(r1.clockVersion).toBeGreaterThan(r0.clockVersion);
    expect(r1.hosts.find((h) => h.computer === other.computer)!.effectiveMs).toBe(other.autoMs + 1000);
    expect(r1.workspace.overridesMs).toEqual({ [other.computer]: other.autoMs + 1000 });
    const { rows } = await c.call('svclog.messages', { offset: 0, limit: 1000 });
    const m = rows.find((x) => x.host === other.computer)!;
    expect(Math.round(m.rawTimeUs - m.timeUs)).toBe(Math.round((other.autoMs + 1000) * 1000));
    const detail = await c.call('records.detail', { fileId: m.fileId, index: m.index });
    expect(detail.fields.find((f) => f.name === 'Time')!.value).toContain('clock-adjusted');
    expect(detail.fields.some((f) => f.name === 'Raw time')).toBe(true);
    const r2 = await c.call('skew.resetOverride', { computer: other.computer });
    expect(r2.hosts.find((h) => h.computer === other.computer)!.overrideMs).toBeNull();
    expect(r2.workspace.overridesMs).toEqual({});
  });

  it('takes the user pick of reference and restores a workspace', async () => {
    const r = await c.call('skew.setReference', { computer: 'APP01' });
    expect(r.reference).toBe('APP01');
    expect(r.referencePicked).toBe(true);
    expect(r.hosts.find((h) => h.computer === 'APP01')!.autoMs).toBe(0);
    const w = await c.call('skew.restore', { overridesMs: { WEB01: -100 } });
    expect(w.referencePicked).toBe(false);
    expect(w.hosts.find((h) => h.computer === 'WEB01')!.effectiveMs).toBe(-100);
    await c.call('skew.restore', { overridesMs: {} });
  });

  it('refuses unbounded or malformed edits', async () => {
    await expect(c.call('skew.setOverride', { computer: 'APP01', offsetMs: 1e12 })).rejects.toThrow(/Invalid request/);
    await expect(c.call('skew.setMode', { mode: 'sideways' as never })).rejects.toThrow(/Invalid request/);
  });
});

describe('clock service on a generated five-host scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracelens-clock-'));
  const scenario = writeScenario(dir);
  const c = client(scenario.files);
  beforeAll(() => c.session.whenIdle());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recovers every host, including ones reachable only through another', async () => {
    const r = await c.call('skew.report', {});
    expect(r.hosts.map((h) => h.computer).sort()).toEqual(DEFAULT_SCENARIO.hosts.map((h) => h.name).sort());
    const trueRef = scenario.offsetsUs.get(r.reference)!;
    for (const h of r.hosts) {
      expect(h.connected).toBe(true);
      const truth = (scenario.offsetsUs.get(h.computer)! - trueRef) / 1000;
      if (h.lowMs !== null) expect(h.effectiveMs).toBeGreaterThanOrEqual(h.lowMs - 1e-3);
      if (h.highMs !== null) expect(h.effectiveMs).toBeLessThanOrEqual(h.highMs + 1e-3);
      expect(Math.abs(h.effectiveMs - truth)).toBeLessThan(20);
    }
  });
});

describe('clock service with contradicting messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracelens-clock-bad-'));
  // A clock jump: two runs of the same pair of hosts with different offsets contradict each other.
  const a = writeScenario(join(dir, 'a'), { seed: 3, latencyUs: [400, 900], hosts: [{ name: 'A', offsetUs: 0, processes: ['p'] }, { name: 'B', offsetUs: 500_000, processes: ['q'] }], calls: [{ from: ['A', 0], to: ['B', 0], kind: 'request-reply', count: 5, action: 'urn:x/Ping' }] });
  const b = writeScenario(join(dir, 'b'), { seed: 4, latencyUs: [400, 900], hosts: [{ name: 'A', offsetUs: 0, processes: ['p2'] }, { name: 'B', offsetUs: -500_000, processes: ['q2'] }], calls: [{ from: ['A', 0], to: ['B', 0], kind: 'request-reply', count: 5, action: 'urn:x/Pong' }] });
  const c = client([...a.files, ...b.files]);
  beforeAll(() => c.session.whenIdle());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says which messages conflict and still gives an estimate', async () => {
    const r = await c.call('skew.report', {});
    expect(r.consistent).toBe(false);
    expect(r.conflicts.length).toBeGreaterThan(0);
    expect(r.conflicts[0].cycle.sort()).toEqual(['A', 'B']);
    expect(r.conflicts[0].messages.join(' ')).toMatch(/urn:x\/P(i|o)ng/);
    expect(r.conflicts[0].violationMs).toBeGreaterThan(0);
    for (const h of r.hosts) expect(Number.isFinite(h.effectiveMs)).toBe(true);
  });
});
