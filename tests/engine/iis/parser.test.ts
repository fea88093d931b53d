/** The W3C / native / HTTPERR / FREB rules on small hand-written fixtures (tests/fixtures/iis). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrebFile, IisLogFile, iisEngine, type IisFamilySummary } from '../../../electron/engine/iis';
import { MAX_STORED_PROBLEMS } from '../../../electron/engine/iis/store';
import { LoadCancelled } from '../../../electron/engine/types';
import { load, sniff } from './helpers';

const fixture = (name: string) => resolve(__dirname, '../../fixtures/iis', name);
const tmp = mkdtempSync(join(tmpdir(), 'tl-iis-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function log(name: string): Promise<IisLogFile> {
  const { file } = await load(fixture(name));
  return file as IisLogFile;
}
const iso = (f: IisLogFile, i: number) => new Date(f.table.data.timeMs.at(i)).toISOString();

describe('W3C quirks (quirks.log)', () => {
  it('BOM, CRLF, // comments, trailing space after #Fields, custom field, +, quotes, double space, -', async () => {
    const f = await log('quirks.log');
    expect(f.format).toBe('iis-w3c');
    expect(f.recordCount).toBe(5);
    expect(f.table.data.headerBlocks).toBe(3);
    const b0 = f.table.data.blocks[0];
    expect(b0.software).toBe('Microsoft Internet Information Services 10.0');
    expect(b0.dateMs).toBe(Date.UTC(2024, 2, 1, 23, 59, 0));
    expect(b0.fields.at(-1)).toBe('X-Forwarded-For');
    expect(f.table.custom('X-Forwarded-For', 0)).toBe('203.0.113.7');
    expect(f.table.custom('X-Forwarded-For', 1)).toBe('');
    expect(f.table.str('userAgent', 0)).toBe('Mozilla/5.0 (Windows NT 10.0)');
    expect(f.table.str('userAgent', 1)).toBe('Order Client 2.3');
    expect(f.table.str('query', 1)).toBe(''); // double space: empty value
    expect(f.table.num('port', 1)).toBe(443);
    expect(f.table.str('user', 1)).toBe('CONTOSO\\jdoe');
    expect(f.table.str('referer', 0)).toBe('');
    expect(f.table.num('status', 1)).toBe(503);
    expect(f.table.num('substatus', 1)).toBe(2);
    expect(f.table.num('timeTaken', 1)).toBe(7250);
    expect(f.problems.filter((p) => !/server-local/.test(p.message))).toHaveLength(0);
  });

  it('time-only block takes its date from #Date and rolls over at midnight', async () => {
    const f = await log('quirks.log');
    expect(iso(f, 2)).toBe('2024-03-02T23:59:59.000Z');
    expect(iso(f, 3)).toBe('2024-03-03T00:00:01.000Z');
  });

  it('date-local/time-local are used when there is no UTC date, with a warning', async () => {
    const f = await log('quirks.log');
    expect(iso(f, 4)).toBe('2024-03-02T08:00:00.000Z');
    expect(f.problems[0].message).toMatch(/server-local/);
  });

  it('row() and detail() of a request', async () => {
    const f = await log('quirks.log');
    const r = f.row(1);
    expect(r).toMatchObject({ kind: 'POST 503.2', level: 'error', host: 'WEB01', source: 'W3SVC1', text: '/OrderService.svc' });
    expect(r.timeUs).toBe(Date.UTC(2024, 2, 1, 23, 59, 59) * 1000);
    expect(f.row(0).level).toBe('info');
    expect(f.row(3).level).toBe('warning');
    const d = await f.detail(1);
    expect(d.raw.startsWith('2024-03-01 23:59:59 W3SVC1')).toBe(true);
    expect(d.raw).not.toMatch(/\r/);
    expect(d.fields).toContainEqual({ name: 'cs(User-Agent)', value: 'Order Client 2.3' });
    expect(d.fields).toContainEqual({ name: 'Line', value: '6' });
    expect(d.fields).toContainEqual({ name: 'cs-uri-query', value: '' });
  });
});

describe('UTF-16 logs', () => {
  /** The rows as the engine sees them: every column's value, the time and the line, plus the raw line. */
  async function rows(f: IisLogFile): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let i = 0; i < f.recordCount; i++) {
      const t = f.table;
      out.push({
        time: t.data.timeMs.at(i),
        line: t.line(i),
        str: Object.keys(t.data.str).map((c) => t.str(c as never, i)),
        num: Object.keys(t.data.num).map((c) => t.num(c as never, i)),
        raw: (await f.detail(i)).raw,
      });
    }
    return out;
  }

  it.each(['utf16le', 'utf16be'] as const)('%s with a BOM reads like the UTF-8 file, non-BMP characters included', async (enc) => {
    // quirks.log plus a row with non-ASCII and a surrogate pair, and an empty line.
    const text = readFileSync(fixture('quirks.log'), 'utf8').replace(/^\uFEFF/, '') + '\r\n2024-03-02 08:00:01 WEB03 GET /caf\u00e9/\u{1F600} 200\r\n';
    const le = Buffer.from('\uFEFF' + text, 'utf16le');
    const path = join(tmp, `quirks-${enc}.log`);
    writeFileSync(path, enc === 'utf16le' ? le : Buffer.from(le).swap16());
    const utf8Path = join(tmp, 'quirks-utf8.log');
    writeFileSync(utf8Path, text);
    const [u16, u8] = [(await load(path)).file as IisLogFile, (await load(utf8Path)).file as IisLogFile];
    expect(u16.problems.map((p) => p.message)).toEqual(u8.problems.map((p) => p.message));
    expect(u16.recordCount).toBe(6);
    expect(u16.table.str('stem', 5)).toBe('/caf\u00e9/\u{1F600}');
    expect(await rows(u16)).toEqual(await rows(u8));
  });
});

describe('bad values', () => {
  it('keep the row, leave the field empty, warn with the line number', async () => {
    const f = await log('bad-values.log');
    expect(f.recordCount).toBe(5);
    const at = (line: number) => f.problems.find((p) => p.line === line)?.message ?? '';
    expect(at(3)).toMatch(/date "2024-02-30" is not a valid date/);
    expect(Number.isNaN(f.table.data.timeMs.at(0))).toBe(true);
    expect(f.table.str('stem', 0)).toBe('/a');
    expect(at(4)).toMatch(/time "25:00:00" is not a valid time/);
    expect(at(5)).toMatch(/sc-status "OK" is not a number/);
    expect(f.table.num('status', 2)).toBeUndefined();
    expect(f.table.num('timeTaken', 2)).toBe(5);
    expect(at(6)).toMatch(/13 values but the fields list 15/);
    expect(f.table.num('win32', 3)).toBeUndefined();
    expect(at(7)).toMatch(/18 values but the fields list 15/);
    expect(f.table.num('timeTaken', 4)).toBe(5);
  });

  it('caps stored warnings per file and counts the rest', async () => {
    const p = join(tmp, 'many-bad.log');
    const lines = ['#Fields: date time cs-uri-stem sc-status'];
    for (let i = 0; i < 1000; i++) lines.push(`2024-01-01 10:00:00 /x BAD${i}`);
    writeFileSync(p, lines.join('\n'));
    const f = (await load(p)).file as IisLogFile;
    expect(f.recordCount).toBe(1000);
    expect(f.table.data.problemCount).toBe(1000);
    expect(f.problems).toHaveLength(MAX_STORED_PROBLEMS + 1);
    expect(f.problems.at(-1)!.message).toMatch(/800 more warnings/);
  });

  it('nothing throws or hangs on junk: binary-ish bytes, a huge line, lone CRs', async () => {
    const p = join(tmp, 'junk.log');
    const junk = Buffer.concat([
      Buffer.from('#Fields: date time cs-uri-stem sc-status\n2024-01-01 10:00:00 /ok 200\n'),
      Buffer.alloc(200_000, 0x41),
      Buffer.from('\r\r\n"unterminated quote 1 2\n\xff\xfe\n2024-01-01 10:00:01 /ok2 200'),
    ]);
    writeFileSync(p, junk);
    const f = (await load(p)).file as IisLogFile;
    expect(f.recordCount).toBe(5);
    expect(f.table.str('stem', 4)).toBe('/ok2');
  });
});

describe('rows stored in batches', () => {
  it('a column that stops interning part-way through a chunk keeps every value (interned or read back)', async () => {
    const p = join(tmp, 'unique-cookies.log');
    const lines = ['#Fields: date time cs-uri-stem cs(Cookie) sc-status'];
    for (let i = 0; i < 12_000; i++) lines.push(`2024-01-01 10:00:00 /x s=${i.toString(36)} 200`);
    writeFileSync(p, lines.join('\n'));
    const f = (await load(p)).file as IisLogFile;
    expect(f.recordCount).toBe(12_000);
    for (const i of [0, 5000, 8190, 8191, 8192, 9000, 11_999]) expect(f.table.str('cookie', i)).toBe(`s=${i.toString(36)}`);
  });

  it('a row read by a standard field set (its value count does not fit #Fields) points at that set', async () => {
    const p = join(tmp, 'fallback.log');
    const row15 = '2024-01-01 10:00:01 10.0.0.1 GET /b - 80 - 10.0.0.9 UA - 200 0 0 15';
    writeFileSync(p, ['#Fields: date time cs-uri-stem sc-status', '2024-01-01 10:00:00 /a 200', row15, '2024-01-01 10:00:02 /c 200'].join('\n'));
    const f = (await load(p)).file as IisLogFile;
    const d = f.table.data;
    expect(f.recordCount).toBe(3);
    expect(d.blocks[d.block[0]].guessed).toBeFalsy();
    expect(d.blocks[d.block[1]].guessed).toBe(true);
    expect(d.blocks[d.block[1]].fields).toHaveLength(15);
    expect(f.table.str('stem', 1)).toBe('/b');
    expect(d.block[2]).toBe(d.block[0]);
  });
});

describe('IIS native format (native.log)', () => {
  it('MM/DD/YY dates with two-digit years around 2000, bytes and status', async () => {
    expect((await sniff(fixture('native.log'))).format).toBe('iis-native');
    const f = await log('native.log');
    expect(iso(f, 0)).toBe('1999-12-31T23:59:59.000Z');
    expect(iso(f, 1)).toBe('2000-01-01T00:00:01.000Z');
    expect(f.table.str('user', 0)).toBe('CONTOSO\\jdoe');
    expect(f.table.num('csBytes', 0)).toBe(300);
    expect(f.table.num('scBytes', 0)).toBe(4000);
    expect(f.table.str('query', 1)).toBe('id=7');
    expect(f.row(1).kind).toBe('POST 503');
  });
});

describe('HTTPERR (httperr-all.log)', () => {
  it('every field of the newest field set', async () => {
    const { sniffed, file } = await load(fixture('httperr-all.log'));
    expect(sniffed.format).toBe('httperr');
    const f = file as IisLogFile;
    expect(f.recordCount).toBe(3);
    expect(f.table.str('stem', 0)).toBe('/OrderService.svc');
    expect(f.table.str('query', 0)).toBe('wsdl');
    expect(f.table.num('cPort', 0)).toBe(50000);
    expect(f.table.custom('streamid', 0)).toBe('3');
    expect(f.table.str('queue', 0)).toBe('DefaultAppPool');
    expect(f.table.custom('transport', 1)).toBe('QUIC');
    expect(f.table.custom('fault-code', 1)).toBe('0x80004005');
    expect(f.table.custom('extended-fault-code', 1)).toBe('0x1');
    expect(f.row(2)).toMatchObject({ kind: 'Timer_ConnectionIdle', level: 'verbose' });
    const s = iisEngine.summarize([f]) as IisFamilySummary;
    expect(s).toEqual({ httperr: { entries: 3, byReason: { BadRequest: 1, QueueFull: 1, Timer_ConnectionIdle: 1 } } });
  });
});

describe('FREB (fr000001.xml)', () => {
  it('attributes glued together, bare CRs, DOCTYPE ignored and entities not expanded', async () => {
    const { sniffed, file } = await load(fixture('fr000001.xml'));
    expect(sniffed.format).toBe('freb');
    const f = file as FrebFile;
    expect(f.parsed.attributes).toMatchObject({ siteId: '1', verb: 'POST', statusCode: '503', subStatus: '2', timeTaken: '7250' });
    expect(f.request).toEqual({ url: 'http://web01:80/OrderService.svc', statusCode: 503, timeTaken: 7250, failureReason: 'STATUS_CODE', events: 2 });
    expect(f.problems.map((p) => p.message).join()).toMatch(/DOCTYPE/);
    const note = f.parsed.events[0].data.find((d) => d.name === 'Note')!.value;
    expect(note).not.toMatch(/boomboom/);
    expect(note).toMatch(/& text\nwith a bare CR/);
    expect(f.row(0)).toMatchObject({ kind: 'GENERAL_REQUEST_START', source: 'WWW Server', host: 'WEB01', process: '4242', level: 'info' });
    expect(f.row(1).level).toBe('error');
    const d = await f.detail(1);
    expect(d.xml).toMatch(/^<Event/);
    expect(iisEngine.summarize([f])).toEqual({ freb: { requests: [f.request] } });
  });
});

describe('engine contract', () => {
  it('honours an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      iisEngine.load('iis-w3c', { path: fixture('quirks.log'), size: 1, fileId: 'x', signal: ac.signal, onProgress: () => {} }),
    ).rejects.toBeInstanceOf(LoadCancelled);
  });

  it('summarize: only the sections of loaded kinds, times as ISO strings', async () => {
    const f = await log('quirks.log');
    const s = iisEngine.summarize([f]) as IisFamilySummary;
    expect(Object.keys(s)).toEqual(['iis']);
    expect(s.iis).toEqual({
      requests: 5,
      byStatus: { '200': 3, '404': 1, '503.2': 1 },
      slow: 1,
      bursts503: [{ start: '2024-03-01T23:59:59.000Z', end: '2024-03-01T23:59:59.000Z', count: 1 }],
      servers: ['WEB01', 'WEB02', 'WEB03'],
    });
  });
});
