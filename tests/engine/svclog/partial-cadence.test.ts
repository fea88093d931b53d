/**
 * When a loading file's partial snapshots are cut: the first after `firstEvents` events, then
 * after 1 s, 2 s, 4 s… (each snapshot rebuilds the views over all rows so far).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchCutter } from '../../../electron/engine/svclog/extraction/partial';
import type { EventExtractor } from '../../../electron/engine/svclog/extraction/fields';

/** The parts of an extractor a cutter reads, with `events` rows parsed so far. */
function extractor(events: number): EventExtractor {
  const table = (length: number) => ({ length, since: () => ({}) });
  return { events: table(events), messages: table(0), strings: { size: 1, stringsFrom: () => [] } } as unknown as EventExtractor;
}

describe('partial snapshot cadence', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('cuts the first batch after firstEvents, then at doubling intervals', () => {
    vi.useFakeTimers();
    const cutter = new BatchCutter({ firstEvents: 100, intervalMs: 1000 });
    let events = 0;
    const at = (ms: number) => {
      vi.setSystemTime(ms);
      events += 50;
      return cutter.next(extractor(events), []) !== null;
    };
    expect(at(0)).toBe(false); // 50 events
    expect(at(10)).toBe(true); // 100: the first batch
    expect([at(500), at(1009), at(1010)]).toEqual([false, false, true]); // 1 s later
    expect([at(2000), at(3009), at(3010)]).toEqual([false, false, true]); // 2 s later
    expect([at(7009), at(7010)]).toEqual([false, true]); // 4 s later
  });
});
