/**
 * What the first request after a load needs is made after the load (prepareAfterLoad), not by that
 * request: the first field filter finds All records' merged order made (its count is part of the
 * status bar's answer).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { filterStatus } from '../../electron/services/filter/records';
import { Session } from '../../electron/services/session';
import { svclogViews } from '../../electron/services/svclog-views/views';
import { writeFilterScenario } from '../support/filter-scenario';

const merges = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../electron/services/merge-order', async (original) => {
  const actual = await original<typeof import('../../electron/services/merge-order')>();
  return { ...actual, buildMergedOrder: (...args: Parameters<typeof actual.buildMergedOrder>) => (merges.count++, actual.buildMergedOrder(...args)) };
});

describe('made after a load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-prepared-'));
  const session = new Session();
  beforeAll(async () => {
    session.open(writeFilterScenario(dir).files.map((path) => ({ path })));
    await session.whenIdle();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the first field filter finds the merged record order made', async () => {
    const views = svclogViews(session);
    await filterStatus(session, undefined);
    await views.whenPrepared();
    const made = merges.count;
    expect(made).toBe(1);
    const s = await filterStatus(session, { hosts: ['WEB01'] });
    expect(s.records).toBeGreaterThan(0);
    expect(s.records).toBeLessThan(s.totalRecords);
    expect(merges.count).toBe(made);
  });
});
