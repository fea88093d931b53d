/**
 * Machines and IIS → WCF links through the dispatcher on the generated three-machine run
 * (scripts/gen-three-machines.mjs): the IIS log names the web host RD77890D5837721, its traces WEB01.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { dispatch } from '../../electron/services/dispatch';
import { Session } from '../../electron/services/session';

const GEN = resolve(__dirname, '../../scripts/gen-three-machines.mjs');

async function open(paths: string[]) {
  const session = new Session();
  const call = async <C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = (await dispatch(channel, payload, { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' }, log: () => undefined })) as Result<ResponseOf<C>>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  await call('files.open', { paths });
  await session.whenIdle();
  return { session, call };
}

describe('three machines: names joined, requests linked to activities', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-three-'));
  const manifest = JSON.parse(execFileSync(process.execPath, [GEN, dir], { encoding: 'utf8' })) as { failedActivity: string; busyActivities: string[]; iisRows: number };
  let c: Awaited<ReturnType<typeof open>>;
  const rowOf = async (status: number) => {
    const page = await c.call('iis.requests', { filter: { status }, offset: 0, limit: 5 });
    return page.rows[0];
  };
  beforeAll(async () => {
    c = await open(['client.svclog', 'web.svclog', 'data.svclog', 'u_ex260314.log', 'fr000001.xml'].map((f) => join(dir, f)));
  });

  it('lists each machine with the names it goes by; equal names ignoring case and domain are one', async () => {
    const r = await c.call('machines.list', {});
    const web = r.machines.find((m) => m.name === 'WEB01')!;
    expect(web.names.map((n) => n.name).sort()).toEqual(['WEB01', 'web01.contoso.com']);
    // A log row's s-computername and s-ip are one machine.
    expect(r.machines.find((m) => m.name === 'RD77890D5837721')!.names.map((n) => n.name).sort()).toEqual(['10.0.0.5', 'RD77890D5837721']);
  });

  it('before the names are joined nothing links; after, the activity with the exception ranks first for the 500', async () => {
    const r500 = await rowOf(500);
    expect((await c.call('iis.request', { fileId: r500.fileId, row: r500.row })).candidates).toHaveLength(0);
    const joined = await c.call('machines.join', { names: ['RD77890D5837721', 'WEB01'] });
    expect(joined.machines.find((m) => m.name === 'WEB01')!.names.map((n) => n.name)).toContain('RD77890D5837721');
    const d = await c.call('iis.request', { fileId: r500.fileId, row: r500.row });
    expect(d.candidates.length).toBeGreaterThan(1);
    expect(d.candidates[0].activityId).toBe(manifest.failedActivity);
    expect(d.candidates[0].computer).toBe('WEB01');
    expect(d.candidates[0].reason).toMatch(/InvalidOperationException in the activity agrees with status 500/);
    expect(d.frebs).toHaveLength(1);
    // The server filter is a machine: either name selects the web host's rows.
    const byTrace = await c.call('iis.requests', { filter: { server: 'WEB01' }, offset: 0, limit: 1 });
    expect(byTrace.total).toBe(manifest.iisRows);
  });

  it('a 503.2 says there is no service activity by design and links the clients that got ServerTooBusy', async () => {
    await c.call('machines.join', { names: ['RD77890D5837721', 'WEB01'] });
    const r503 = await rowOf(503);
    const d = await c.call('iis.request', { fileId: r503.fileId, row: r503.row });
    expect(d.serviceNote).toMatch(/503\.2 .*concurrent request limit.*no service activity by design/);
    expect(d.candidates).toHaveLength(0);
    expect(d.clientFailures.length).toBeGreaterThan(0);
    expect(manifest.busyActivities).toContain(d.clientFailures[0].activityId);
    expect(d.clientFailures[0].reason).toMatch(/ServerTooBusyException/);
  });

  it('goes back from the WCF activity to its IIS request and FREB trace', async () => {
    await c.call('machines.join', { names: ['RD77890D5837721', 'WEB01'] });
    const r500 = await rowOf(500);
    const d = await c.call('iis.request', { fileId: r500.fileId, row: r500.row });
    const back = await c.call('iis.activityRequests', d.candidates[0].first!);
    expect(back.requests.map((q) => `${q.fileId}:${q.row}`)).toEqual([`${r500.fileId}:${r500.row}`]);
    expect(back.frebs).toHaveLength(1);
  });

  it('IIS rows carry the web host\'s clock offset: with APP01 as the reference every IIS time moves with WEB01\'s traces', async () => {
    await c.call('machines.join', { names: ['RD77890D5837721', 'WEB01'] });
    const before = await rowOf(500);
    const over0 = await c.call('iis.overview', {});
    const report = await c.call('skew.setReference', { computer: 'APP01' });
    const webMs = report.hosts.find((h) => h.computer === 'WEB01')!.effectiveMs;
    expect(webMs).toBeLessThan(-2000); // the client's clock is 2.5 s ahead
    try {
      const after = await rowOf(500);
      expect(after.offsetMs).toBeCloseTo(webMs, 0);
      expect(after.timeUs! - before.timeUs!).toBeCloseTo(-webMs * 1000, -3);
      const over = await c.call('iis.overview', {});
      expect(over.fromUs! - over0.fromUs!).toBeCloseTo(-webMs * 1000, -3);
      // The window shared with the Traces view is in displayed time: the 500 is inside its adjusted second.
      const win = await c.call('iis.requests', { filter: { fromUs: after.timeUs!, toUs: after.timeUs! + 1, status: 500 }, offset: 0, limit: 1 });
      expect(win.total).toBe(1);
      const d = await c.call('iis.request', { fileId: after.fileId, row: after.row });
      expect(d.candidates[0].activityId).toBe(manifest.failedActivity);
      expect(d.frebs).toHaveLength(1);
      const r503 = await rowOf(503);
      expect((await c.call('iis.request', { fileId: r503.fileId, row: r503.row })).clientFailures.length).toBeGreaterThan(0);
    } finally {
      await c.call('skew.setReference', {});
    }
  });

  it('exports requests with their machine (names joined) and in adjusted time', async () => {
    const { exportSession } = await import('../../electron/services/export-service');
    await c.call('machines.join', { names: ['RD77890D5837721', 'WEB01'] });
    const report = await c.call('skew.setReference', { computer: 'APP01' });
    const webMs = report.hosts.find((h) => h.computer === 'WEB01')!.effectiveMs;
    try {
      const out = join(dir, 'requests.jsonl');
      const r = await exportSession(c.session, { format: 'jsonl', what: 'requests', output: out, version: 't' });
      const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
      expect(r.written).toBe(manifest.iisRows);
      expect(new Set(rows.map((x) => x.machine))).toEqual(new Set(['WEB01']));
      // Logged 10:00:00 on the web host's clock, which is behind the reference (APP01).
      expect(Date.parse(rows[0].time) - Date.parse('2026-03-14T10:00:00Z')).toBeCloseTo(-webMs, -1);
    } finally {
      await c.call('skew.setReference', {});
    }
  });

  it('generates the capture configuration as XML from the request', async () => {
    const r500 = await rowOf(500);
    const cfg = await c.call('iis.capture', { fileId: r500.fileId, row: r500.row });
    expect(cfg.url).toBe('/Orders.svc');
    expect(cfg.statusCodes).toEqual(['500', '503.2']);
    const xml = cfg.sections.filter((s) => s.language === 'xml');
    expect(xml).toHaveLength(2);
    for (const s of xml) expect(XMLValidator.validate(s.text)).toBe(true);
    expect(xml[0].text).toMatch(/<add path="Orders.svc">/);
    expect(xml[0].text).toMatch(/customActionExe="C:\\Tools\\procdump.exe" customActionParams="-ma -accepteula %1% C:\\Dumps" customActionTriggerLimit="3"/);
    expect(xml[1].text).toMatch(/customActionsEnabled="true"/);
    expect(cfg.sections.map((s) => s.text).join('\n')).toMatch(/C:\\Resources\\Directory\\\{DeploymentID\}\.\{Rolename\}\.DiagnosticStore\\LogFiles\\Web/);
  });
});

describe('IIS logs that are only almost right (generated)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-almost-'));
  const manifest = JSON.parse(execFileSync(process.execPath, [GEN, dir], { encoding: 'utf8' })) as { customRows: number; customFields: string[] };

  it('a field line without "#Fields: ": every row read, with a warning naming it', async () => {
    const { call } = await open([join(dir, 'stripped.log')]);
    const [f] = await call('files.list', {});
    expect(f.format).toBe('iis-w3c');
    expect(f.records).toBe(manifest.customRows);
    expect(f.problems.map((p) => p.message).join('\n')).toMatch(/Line 3: a field list without its "#Fields: " prefix; it was read as the fields \(date time .* X-Forwarded-For X-ARR-LOG-ID\)/);
    const d = await call('iis.request', { fileId: f.id, row: 0 });
    expect(d.fields.find((x) => x.name === 'X-ARR-LOG-ID')?.value).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a headerless log with custom fields and a damaged first row: read with the guessed fields and a warning', async () => {
    const { call } = await open([join(dir, 'headerless.log')]);
    const [f] = await call('files.list', {});
    expect(f.format).toBe('iis-w3c');
    expect(f.records).toBeGreaterThanOrEqual(manifest.customRows - 1);
    const text = f.problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/no #Fields directive, so the fields were guessed from the values \(values' shapes \(2 custom fields\): date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs\(User-Agent\) cs\(Referer\) sc-status sc-substatus sc-win32-status time-taken X-Forwarded-For x-guid-2\)/);
    const page = await call('iis.requests', { filter: { status: 500 }, offset: 0, limit: 1 });
    expect(page.total).toBeGreaterThan(0);
    expect(page.rows[0].stem).toMatch(/^\/api\/orders\/\d+$/);
  });

  it('the user corrects the guessed names in the files pane: the log is read again with them', async () => {
    const { call, session } = await open([join(dir, 'headerless.log')]);
    const [f] = await call('files.list', {});
    expect(f.fields).toEqual({ source: 'guessed', names: expect.arrayContaining(['X-Forwarded-For', 'x-guid-2']) as unknown });
    const names = f.fields!.names.map((n) => (n === 'x-guid-2' ? 'X-ARR-LOG-ID' : n));
    await call('files.setFields', { fileId: f.id, fields: names });
    await session.whenIdle();
    const [g] = await call('files.list', {});
    expect(g.fields).toEqual({ source: 'yours', names });
    expect(g.records).toBe(f.records);
    const d = await call('iis.request', { fileId: g.id, row: 1 }); // row 0 is the damaged one
    expect(d.fields.find((x) => x.name === 'X-ARR-LOG-ID')?.value).toMatch(/^[0-9a-f-]{36}$/);
    // No names: guess again.
    await call('files.setFields', { fileId: g.id, fields: [] });
    await session.whenIdle();
    expect((await call('files.list', {}))[0].fields?.source).toBe('guessed');
  });

  it('a log whose line breaks were lost: loaded with a warning instead of silently empty', async () => {
    const { call } = await open([join(dir, 'one-line.log')]);
    const [f] = await call('files.list', {});
    expect(f.format).toBe('iis-w3c');
    expect(f.records).toBe(0);
    const text = f.problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/no line breaks/);
    expect(text).toMatch(/No request rows were read/);
  });
});

describe('machine joins in the workspace', () => {
  it('are saved and restored with it; a workspace without any opens with none', async () => {
    const { saveWorkspace } = await import('../../electron/services/workspace');
    const { openWorkspaceFile } = await import('../../electron/services/workspace-state');
    const { machines } = await import('../../electron/services/machines/machines');
        const dir = mkdtempSync(join(tmpdir(), 'tl-ws-machines-'));
    const ws = join(dir, 'case.tracelens');
    await saveWorkspace(ws, [], { machines: { groups: [['RD77890D5837721', 'WEB01']] } });
    expect(JSON.parse(readFileSync(ws, 'utf8')).machines).toEqual({ groups: [['RD77890D5837721', 'WEB01']] });
    const session = new Session();
    openWorkspaceFile(session, ws, 'case.tracelens');
    expect(machines(session).state.groups).toEqual([['RD77890D5837721', 'WEB01']]);
    expect(machines(session).identity().same('rd77890d5837721.cloudapp.net', 'web01')).toBe(true);
    const old = join(dir, 'old.tracelens');
    writeFileSync(old, JSON.stringify({ format: 'tracelens-workspace', version: 1, files: [] }));
    openWorkspaceFile(session, old, 'old.tracelens');
    expect(machines(session).state.groups).toEqual([]);
  });
});

describe('a host is a machine: the filter and the clock follow the user\'s joins', () => {
  // The data tier's trace under two Computer names (renamed mid-capture): one machine, one clock.
  const dir = mkdtempSync(join(tmpdir(), 'tl-joined-'));
  execFileSync(process.execPath, [GEN, dir], { encoding: 'utf8' });
  let k = 0;
  const renamed = readFileSync(join(dir, 'data.svclog'), 'utf8').replace(/<Computer>DATA01</g, (m) => (k++ % 2 ? '<Computer>DBVM07<' : m));
  writeFileSync(join(dir, 'data.svclog'), renamed);
  const files = ['client.svclog', 'web.svclog', 'data.svclog', 'u_ex260314.log'].map((f) => join(dir, f));

  it('picking a host keeps every record of its machine in every view, whichever name the record bears', async () => {
    const c = await open(files);
    const records = (hosts: string[]) => c.call('records.page', { offset: 0, limit: 1000, filter: { hosts } });
    const before = await records(['DBVM07']);
    expect(new Set(before.rows.map((r) => r.host))).toEqual(new Set(['DBVM07']));
    expect((await c.call('svclog.filterOptions', {})).hosts).toEqual(expect.arrayContaining(['DATA01', 'DBVM07', 'RD77890D5837721', 'WEB01']));

    await c.call('machines.join', { names: ['DATA01', 'DBVM07'] });
    await c.call('machines.join', { names: ['RD77890D5837721', 'WEB01'] });
    // One entry per machine in the filter bar, by the name the views use.
    const hosts = (await c.call('svclog.filterOptions', {})).hosts;
    expect(hosts).toContain('DATA01');
    expect(hosts).not.toContain('DBVM07');
    expect(hosts).not.toContain('RD77890D5837721');
    const after = await records(['DBVM07']);
    expect(new Set(after.rows.map((r) => r.host))).toEqual(new Set(['DATA01', 'DBVM07']));
    expect(after.total).toBe(580);
    // The Traces view's status counts and the IIS rows follow the same machine.
    const status = await c.call('filter.status', { filter: { hosts: ['DBVM07'] } });
    expect(status.traces).toBe(580);
    const web = await c.call('filter.status', { filter: { hosts: ['RD77890D5837721'] } });
    expect(web.traces).toBe(1741);
    expect(web.records).toBe(1741 + 300);
    const iis = await c.call('iis.requests', { filter: { shared: { hosts: ['WEB01'] } }, offset: 0, limit: 1 });
    expect(iis.total).toBe(300);
  });

  it('two trace Computer names joined into one machine are solved as one clock, and an override moves both', async () => {
    const c = await open(files);
    const names = (r: { hosts: { computer: string }[] }) => r.hosts.map((h) => h.computer).sort();
    expect(names(await c.call('skew.report', {}))).toEqual(['APP01', 'DATA01', 'DBVM07', 'WEB01']);
    await c.call('machines.join', { names: ['DATA01', 'DBVM07'] });
    const report = await c.call('skew.report', {});
    expect(names(report)).toEqual(['APP01', 'DATA01', 'WEB01']);
    expect(report.hosts.find((h) => h.computer === 'DATA01')!.alsoNamed).toEqual(['DBVM07']);
    expect(report.hosts.find((h) => h.computer === 'DATA01')!.events).toBe(580);
    const page = async () => (await c.call('records.page', { offset: 0, limit: 1000, filter: { hosts: ['DATA01'] } })).rows;
    const t0 = new Map((await page()).map((r) => [`${r.fileId}:${r.index}`, { t: r.timeUs, host: r.host }]));
    const data = report.hosts.find((h) => h.computer === 'DATA01')!;
    await c.call('skew.setOverride', { computer: 'DATA01', offsetMs: data.effectiveMs + 900 });
    const moved = (await page()).map((r) => ({ host: r.host, d: t0.get(`${r.fileId}:${r.index}`)!.t - r.timeUs }));
    for (const host of ['DATA01', 'DBVM07']) {
      const ds = moved.filter((m) => m.host === host).map((m) => m.d);
      expect(ds.length).toBeGreaterThan(200);
      for (const d of ds) expect(d).toBeCloseTo(900_000, -1);
    }
  });
});
