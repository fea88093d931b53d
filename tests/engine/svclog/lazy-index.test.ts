/** The index builds its Activity, Transfer and MessageInfo objects on first access: loading needs only counts. */
import { describe, expect, it } from 'vitest';
import { SvclogIndex, summarizeSvclog } from '../../../electron/engine/svclog';
import { ViewIndex } from '../../../electron/services/svclog-views/view-index';
import { fixture, load } from './helpers';

describe('lazily built index objects', () => {
  it('counts what it later materialises, once, and lists members in file order', async () => {
    const files = [await load(fixture('two-process-client.svclog')), await load(fixture('two-process-server.svclog'))];
    const index = new SvclogIndex(files);
    const s = summarizeSvclog(files, index);
    expect(index.activityCount).toBe(index.activities.length);
    expect(index.transferCount).toBe(index.transfers.length);
    expect(s.activities).toBe(index.activities.length);
    expect(s.transfers).toBe(index.transfers.length);
    expect(index.activities).toBe(index.activities);
    expect(index.messages).toBe(index.messages);
    expect(index.messages).toHaveLength(files.reduce((n, f) => n + f.data.messageCount, 0));
    for (const a of index.activities) {
      const refs = index.eventsOf(a.index);
      expect(refs).toHaveLength(a.traceCount);
      for (const r of refs) expect(index.activityOf(r)).toBe(a.index);
    }
  });
});

describe('one index per set of files', () => {
  it('is shared by the summary, the views and the clock-skew step, and rebuilt for another set', async () => {
    const client = await load(fixture('two-process-client.svclog'));
    const server = await load(fixture('two-process-server.svclog'));
    const index = SvclogIndex.of([client, server]);
    // A new array with the same files (each caller makes its own list) finds the same index.
    expect(SvclogIndex.of([client, server])).toBe(index);
    expect(new ViewIndex([client, server], 1).index).toBe(index);
    expect(summarizeSvclog([client, server]).activities).toBe(index.activityCount);
    expect(SvclogIndex.of([client, server])).toBe(index);
    // Another set (order matters: slots are file positions) gets its own index.
    const swapped = SvclogIndex.of([server, client]);
    expect(swapped).not.toBe(index);
    expect(swapped.files).toEqual([server, client]);
    expect(SvclogIndex.of([client])).not.toBe(index);
    expect(SvclogIndex.of([client]).files).toEqual([client]);
  });
});
