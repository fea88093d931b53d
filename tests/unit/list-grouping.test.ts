/**
 * The lists' Group By, Messages sort, highlight rules, delta time and transfer stepping through
 * the dispatcher, on a generated three-machine run (tests/support/three-machine.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGroupRow, type GroupRow, type MessageRow, type TraceListRow } from '../../shared/channels/svclog';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { dispatch } from '../../electron/services/dispatch';
import { Session } from '../../electron/services/session';
import { writeThreeMachines } from '../support/three-machine';

const dir = mkdtempSync(join(tmpdir(), 'tl-groups-'));
const run = writeThreeMachines(dir, 30);
const session = new Session();
session.open(run.files.map((path) => ({ path })));
const call = async <C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> => {
  const r = (await dispatch(channel, req, { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' }, log: () => undefined })) as Result<ResponseOf<C>>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const items = <T extends object>(rows: (T | GroupRow)[]) => rows.filter((r): r is T => !isGroupRow(r));
const headers = (rows: object[]) => rows.filter(isGroupRow).map((r) => r.group);

describe('lists grouped and sorted on the main side', () => {
  let all: number[];
  beforeAll(async () => {
    await session.whenIdle();
    all = (await call('svclog.activities', { offset: 0, limit: 1000 })).rows.map((a) => a.index);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('groups traces by process/thread with counts, collapses a group, and locates rows in the grouped list', async () => {
    const plain = await call('svclog.traceList', { activities: all, offset: 0, limit: 1000 });
    const grouped = await call('svclog.traceList', { activities: all, groupBy: 'process', offset: 0, limit: 1000 });
    const groups = headers(grouped.rows);
    expect(groups.some((g) => /^OrderPortal \(4100\) on WEB01, thread 1\d$/.test(g.label))).toBe(true);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(plain.total);
    expect(grouped.total).toBe(plain.total + groups.length);
    const shut = groups[0];
    const collapsed = await call('svclog.traceList', { activities: all, groupBy: 'process', collapsed: [shut.key], offset: 0, limit: 1000 });
    expect(collapsed.total).toBe(grouped.total - shut.count);
    const pick = items<TraceListRow>(grouped.rows)[5];
    const loc = await call('svclog.locate', { activities: all, groupBy: 'process', fileId: pick.fileId, index: pick.index });
    const at = grouped.rows[loc.position] as TraceListRow;
    expect([at.fileId, at.index]).toEqual([pick.fileId, pick.index]);
  });

  it('gives each trace the time since the previous row', async () => {
    const rows = items<TraceListRow>((await call('svclog.traceList', { activities: all, offset: 0, limit: 50 })).rows);
    expect(rows[0].deltaUs).toBe(0);
    for (let i = 1; i < rows.length; i++) expect(rows[i].deltaUs).toBe(rows[i].timeUs - rows[i - 1].timeUs);
  });

  it('sorts messages by any column and groups them', async () => {
    const byAction = items<MessageRow>((await call('svclog.messageList', { sortBy: 'action', offset: 0, limit: 1000 })).rows);
    const actions = byAction.map((m) => m.action);
    expect(actions).toEqual([...actions].sort((a, b) => a.localeCompare(b)));
    const down = items<MessageRow>((await call('svclog.messageList', { sortBy: 'action', descending: true, offset: 0, limit: 1 })).rows);
    expect(down[0].action).toBe(actions[actions.length - 1]);
    const bySeverity = items<MessageRow>((await call('svclog.messageList', { sortBy: 'severity', offset: 0, limit: 1000 })).rows);
    expect(bySeverity[0].severity).toBe('error');
    const byProcess = await call('svclog.messageList', { groupBy: 'process', offset: 0, limit: 1000 });
    expect(headers(byProcess.rows).map((g) => g.label).sort()).toEqual(['OrderPortal (4100) on WEB01', 'OrderService (5200) on APP01', 'StockService (6300) on DB01']);
  });

  it('marks rows that match a highlight rule, and steps to the next transfer', async () => {
    const rows = items<TraceListRow>((await call('svclog.traceList', { activities: all, highlights: ['level:warning', 'Deadlock'], offset: 0, limit: 1000 })).rows);
    expect(rows.filter((r) => r.highlight === 0).every((r) => r.level === 'warning')).toBe(true);
    expect(rows.some((r) => r.highlight === 1 && r.text.includes('Deadlock'))).toBe(true);
    const first = rows[0];
    const next = await call('svclog.stepTransfer', { activities: all, fileId: first.fileId, index: first.index, direction: 'next' });
    const transfer = rows.find((r) => r.fileId === next.target?.fileId && r.index === next.target.index)!;
    expect(transfer.kind).toBe('Transfer');
    expect(rows.slice(1, rows.indexOf(transfer)).some((r) => r.kind === 'Transfer')).toBe(false);
  });
});
