/**
 * Find over the whole XML of each trace (electron/services/svclog-views/raw-search.ts): byte
 * folding, hit-to-event mapping, escaped spellings, chunk boundaries, UTF-16 files, and the
 * svclog.find channel's "look in" option.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, RequestOf, ResponseOf, Result } from '../../shared/contract';
import { svclogFiles } from '../../electron/engine/svclog';
import { dispatch } from '../../electron/services/dispatch';
import { Session } from '../../electron/services/session';
import { encodePattern, eventAt, foldAscii, needleVariants, rawMatches } from '../../electron/services/svclog-views/raw-search';

const N = 300;
/** Every 7th event has a stack frame only its XML holds; every 11th an escaped "x < y" in its SOAP body. */
function svclog(): string {
  let out = '';
  for (let i = 0; i < N; i++) {
    const stack = i % 7 === 0 ? `<Exception><ExceptionType>System.Exception</ExceptionType><Message>failed</Message><StackTrace>   at Secret.Frame${i}()</StackTrace></Exception>` : '';
    const body = i % 11 === 0 ? `<note>X &lt; y</note>` : `<note>plain ${i}</note>`;
    out +=
      `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system">` +
      `<EventID>0</EventID><Type>3</Type><SubType Name="Information">0</SubType><Level>8</Level><TimeCreated SystemTime="2026-11-20T01:50:00.${String(i).padStart(7, '0')}Z" />` +
      `<Source Name="System.ServiceModel" /><Correlation ActivityID="{11111111-2222-3333-4444-555555555555}" /><Execution ProcessName="w3wp" ProcessID="1" ThreadID="1" /><Computer>APP01</Computer></System>` +
      `<ApplicationData><TraceData><DataItem><TraceRecord xmlns="http://schemas.microsoft.com/2004/10/E2ETraceEvent/TraceRecord" Severity="Information"><Description>Event ${i}</Description>${stack}</TraceRecord>${body}</DataItem></TraceData></ApplicationData></E2ETraceEvent>\r\n`;
  }
  return out;
}
const expected = (every: number) => Array.from({ length: N }, (_, i) => (i % every === 0 ? 1 : 0));

describe('raw search helpers', () => {
  it('folds ASCII letters only, in UTF-8 and in the ASCII code units of UTF-16', () => {
    const u8 = Buffer.from('AbZ-É', 'utf8');
    foldAscii(u8, u8.length, 'utf8');
    expect(u8.toString('utf8')).toBe('abz-É');
    const le = Buffer.from('AZ\u4141', 'utf16le'); // U+4141: both bytes look like 'A'
    foldAscii(le, le.length, 'utf16le');
    expect(le.toString('utf16le')).toBe('az\u4141');
    const be = encodePattern('QR', 'utf16be');
    foldAscii(be, be.length, 'utf16be');
    expect(be.swap16().toString('utf16le')).toBe('qr');
  });

  it('maps a hit to the event holding all of it', () => {
    const starts = Float64Array.from([10, 20, 40]);
    const ends = Float64Array.from([20, 30, 50]);
    expect(eventAt(starts, ends, 3, 10, 3)).toBe(0);
    expect(eventAt(starts, ends, 3, 25, 5)).toBe(1);
    expect(eventAt(starts, ends, 3, 28, 5)).toBe(-1); // runs past the end
    expect(eventAt(starts, ends, 3, 32, 2)).toBe(-1); // between events
    expect(eventAt(starts, ends, 3, 5, 2)).toBe(-1);
  });

  it('looks for the escaped spellings of markup too', () => {
    expect(needleVariants('A < "b"')).toEqual(expect.arrayContaining(['a < "b"', 'a &lt; "b"', 'a &lt; &quot;b&quot;']));
  });
});

describe.each(['utf8', 'utf16le'] as const)('whole-XML find in a %s file', (encoding) => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-raw-'));
  const path = join(dir, `raw-${encoding}.svclog`);
  const session = new Session();
  const call = async <C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = (await dispatch(channel, req, { session, appInfo: { name: 'TraceLens', version: 't', host: 'browser', platform: 'linux' }, log: () => undefined })) as Result<ResponseOf<C>>;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  beforeAll(async () => {
    const text = svclog();
    writeFileSync(path, encoding === 'utf8' ? text : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    session.open([{ path }]);
    await session.whenIdle();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = () => svclogFiles(session.visible().map((v) => v.file))[0];

  it('finds text only the XML holds, case-insensitively, across chunk boundaries', async () => {
    expect(file().encoding).toBe(encoding);
    expect(file().recordCount).toBe(N);
    const big = await rawMatches(file(), 'SECRET.frame');
    expect(big.complete).toBe(true);
    expect([...big.mask]).toEqual(expected(7));
    // Small chunks put many hits across boundaries: same answer.
    const small = await rawMatches(file(), 'secret.FRAME7', { chunkBytes: 4096 });
    expect([...small.mask].reduce((n, m) => n + m, 0)).toBe(expected(7).filter((m, i) => m && String(i).startsWith('7')).length);
    expect([...(await rawMatches(file(), 'x < y', { chunkBytes: 4096 })).mask]).toEqual(expected(11));
  });

  it('svclog.find looks in the whole trace by default and in the indexed fields when asked', async () => {
    const req = { text: 'secret.frame', scope: 'all' as const, activities: [], offset: 0, limit: 1000 };
    const xml = await call('svclog.find', req);
    expect(xml.total).toBe(expected(7).filter(Boolean).length);
    expect(xml.rows.map((h) => h.index)).toEqual(expected(7).flatMap((m, i) => (m ? [i] : [])));
    expect(xml.incomplete).toBeUndefined();
    expect((await call('svclog.find', { ...req, lookIn: 'fields' })).total).toBe(0);
    // Indexed-field hits are whole-XML hits too.
    expect((await call('svclog.find', { ...req, text: 'event 12' })).total).toBe((await call('svclog.find', { ...req, text: 'event 12', lookIn: 'fields' })).total);
  });

  it('answers within the deadline with what it scanned, marked incomplete', async () => {
    const r = await rawMatches(file(), 'never-there', { deadlineMs: -1 });
    expect(r.complete).toBe(false);
    // Not cached: the next find scans again.
    expect((await rawMatches(file(), 'never-there')).complete).toBe(true);
  });
});
