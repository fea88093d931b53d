/** Names as long as the law allows pass the contract; the views shorten them for display. */
import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../../shared/contract';
import { MAX_COMPUTER_CHARS, MAX_PROCESS_CHARS, MAX_URI_CHARS } from '../../shared/limits';
import { displayName, shortenMiddle } from '../../renderer/src/safeText';

describe('name limits', () => {
  const host = 'h'.repeat(MAX_COMPUTER_CHARS);
  const process = `${'C:\\very\\long\\path\\'.repeat(100)}svc.exe`;
  it('accepts the longest legal computer, process and URI in every filter and the graph', () => {
    const filter = { hosts: [host], processes: [`${process} on ${host}`], sources: ['s'.repeat(4000)] };
    expect(requestSchemas['svclog.activities'].safeParse({ offset: 0, limit: 10, filter }).success).toBe(true);
    expect(requestSchemas['graph.data'].safeParse({ heightPx: 600, filter, collapsedProcesses: [`${process} on ${host}`], collapsedHosts: [host] }).success).toBe(true);
    expect(requestSchemas['skew.setOverride'].safeParse({ computer: host, offsetMs: 5 }).success).toBe(true);
    expect(requestSchemas['iis.requests'].safeParse({ offset: 0, limit: 10, filter: { stem: `/${'a'.repeat(MAX_URI_CHARS - 1)}`, server: host } }).success).toBe(true);
    expect(process.length).toBeLessThan(MAX_PROCESS_CHARS);
  });

  it('shortens long names in the middle for display', () => {
    expect(shortenMiddle('short')).toBe('short');
    const s = shortenMiddle(process, 40);
    expect(s).toHaveLength(40);
    expect(s.startsWith('C:\\very')).toBe(true);
    expect(s.endsWith('svc.exe')).toBe(true);
    expect(displayName(`a\u202e${'b'.repeat(200)}`)).toContain('⟨U+202E⟩');
  });
});
