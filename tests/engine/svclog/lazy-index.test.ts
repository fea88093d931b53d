/** The index builds its Activity, Transfer and MessageInfo objects on first access: loading needs only counts. */
import { describe, expect, it } from 'vitest';
import { SvclogIndex, summarizeSvclog } from '../../../electron/engine/svclog';
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
