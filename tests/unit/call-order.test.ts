import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallOrder } from '../../electron/services/call-order';

/** A call that records when it started and answers when `release` is called. */
function held(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<string>((r) => (release = () => r(name)));
  return { call: () => (log.push(name), done), release };
}

describe('call order: views before aggregates', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts an aggregate sent first only after the page sent with it has answered', async () => {
    const order = createCallOrder({ graceMs: 30, maxWaitMs: 2000 });
    const log: string[] = [];
    const skew = held(log, 'skew.report');
    const page = held(log, 'svclog.activities');
    const skewDone = order.run('skew.report', skew.call);
    await vi.advanceTimersByTimeAsync(10); // the page request comes a little later, from the same refresh
    const pageDone = order.run('svclog.activities', page.call);
    expect(log).toEqual(['svclog.activities']);
    await vi.advanceTimersByTimeAsync(500);
    expect(log).toEqual(['svclog.activities']); // still waiting behind the running page
    page.release();
    await expect(pageDone).resolves.toBe('svclog.activities');
    await vi.advanceTimersByTimeAsync(29);
    expect(log).toEqual(['svclog.activities']);
    await vi.advanceTimersByTimeAsync(2);
    expect(log).toEqual(['svclog.activities', 'skew.report']);
    skew.release();
    await expect(skewDone).resolves.toBe('skew.report');
  });

  it('runs an aggregate alone after the grace, and never waits past maxWaitMs behind views', async () => {
    const order = createCallOrder({ graceMs: 30, maxWaitMs: 200 });
    const log: string[] = [];
    const machines = held(log, 'machines.list');
    void order.run('machines.list', machines.call);
    await vi.advanceTimersByTimeAsync(31);
    expect(log).toEqual(['machines.list']);
    // Behind a view call that never ends, the aggregate still starts after maxWaitMs.
    const stuck = held(log, 'iis.requests');
    void order.run('iis.requests', stuck.call);
    const filterOptions = held(log, 'svclog.filterOptions');
    void order.run('svclog.filterOptions', filterOptions.call);
    await vi.advanceTimersByTimeAsync(150);
    expect(log).toEqual(['machines.list', 'iis.requests']);
    await vi.advanceTimersByTimeAsync(60);
    expect(log).toEqual(['machines.list', 'iis.requests', 'svclog.filterOptions']);
  });

  it('passes failures through', async () => {
    const order = createCallOrder();
    await expect(order.run('files.list', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    const agg = order.run('skew.report', () => Promise.reject(new Error('bad')));
    const caught = agg.catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(100);
    await expect(caught).resolves.toBe('bad');
  });
});
