/**
 * Every file of ../shared/corpus/{iis,httperr,freb,other}: the counts and quirks MANIFEST.md lists.
 * Expected numbers are copied from the MANIFEST text, not from this parser's output.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { FrebFile, IisLogFile } from '../../../electron/engine/iis';
import { corpusFile, describeCorpus, HAS_CORPUS } from '../../support/corpus';
import { load, sniff } from './helpers';

async function log(dir: string, name: string): Promise<IisLogFile> {
  const { file } = await load(corpusFile(dir, name));
  expect(file).toBeInstanceOf(IisLogFile);
  return file as IisLogFile;
}
const iis = (name: string) => log('iis', name);
const blocks = (f: IisLogFile) => f.table.data.headerBlocks;
const iso = (f: IisLogFile, i: number) => new Date(f.table.data.timeMs.at(i)).toISOString();
const messages = (f: { problems: readonly { message: string }[] }) => f.problems.map((p) => p.message).join('\n');
const column = (f: IisLogFile, get: (i: number) => string) => Array.from({ length: f.recordCount }, (_, i) => get(i));

describeCorpus('IIS corpus (MANIFEST.md)', () => {
  it('claims every file of iis/ and httperr/ and freb/*.xml but the stylesheets', async () => {
    if (!HAS_CORPUS) return;
    for (const dir of ['iis', 'httperr', 'freb']) {
      for (const name of readdirSync(corpusFile(dir))) {
        const s = await sniff(corpusFile(dir, name));
        const want = dir === 'freb' ? (name.endsWith('.xsl') ? 'unknown' : 'freb') : dir === 'httperr' ? 'httperr' : name === 'brianary__ex010320.log' ? 'iis-native' : 'iis-w3c';
        expect(`${name}: ${s.format}`).toBe(`${name}: ${want}`);
      }
    }
  });

  it('row and header-block counts', async () => {
    // null: the MANIFEST gives no header-block count for the file.
    const cases: [string, number, number | null][] = [
      ['analogy__u_ex_Test.log', 16, 1],
      ['bencak__u_ex240101.log', 91, 1],
      ['waikolai__u_ex090817.log', 63, 7],
      ['waikolai__u_ex100815.log', 16, 10],
      ['daolavi__iis.log', 4041, 10],
      ['webknowit__u_ex160206.log', 123, null],
      ['mrpinkzh__IISLog.log', 10485, 7],
      ['iislogreader__LogFile.log', 338, null],
      ['theodorejb__u_ex230505.log', 78, 4],
      ['lnav__logfile_w3c_big.0', 210, 11],
      ['vinicius__10.log', 37, 2],
      ['vinicius__145.log', 63, null],
      ['dhcgn__IIS_OneLogEntry.log', 1, null],
      ['plaso__iis10.log', 1, null],
      ['lnav__logfile_w3c.2', 14, 2],
      ['beats__test.log', 5, 3],
    ];
    for (const [name, rows, nBlocks] of cases) {
      const f = await iis(name);
      expect(`${name}: ${f.recordCount} rows, ${nBlocks === null ? '-' : blocks(f)} blocks`).toBe(`${name}: ${rows} rows, ${nBlocks ?? '-'} blocks`);
    }
  });

  it('custom fields appended to #Fields get their own columns', async () => {
    const f = await iis('analogy__u_ex_Test_Custom.log');
    expect(f.table.data.blocks[0].fields).toContain('X-Forwarded-For');
    expect(f.table.data.custom['X-Forwarded-For']).toBeDefined();
    const g = await iis('dhcgn__IIS_OneLogEntryAttachedProperty.log');
    expect(Object.keys(g.table.data.custom)).toEqual(expect.arrayContaining(['AttachedName1', 'AttachedName2']));
    expect(g.problems).toHaveLength(0);
  });

  it('Azure App Service: both site names, ARR log id in the query, one block', async () => {
    const f = await iis('azure-analyzer__sample-data.txt');
    expect(blocks(f)).toBe(1);
    const sites = new Set(column(f, (i) => f.table.str('site', i)));
    expect(sites).toEqual(new Set(['MY-SERVER__B477', '~1MY-SERVER__B477']));
    expect(column(f, (i) => f.table.str('query', i)).some((q) => q.includes('X-ARR-LOG-ID='))).toBe(true);
    const b = await iis('beats__access-azure.log');
    expect(b.table.str('site', 0)).not.toBe('');
    expect(b.table.str('host', 0)).not.toBe('');
  });

  it('rows out of time order are kept in file order (bencak: 46 out of order; plaso owa goes backwards)', async () => {
    const f = await iis('bencak__u_ex240101.log');
    const t = f.table.data.timeMs;
    // A timestamp is out of order when it is earlier than the one on the row before.
    let out = 0;
    for (let i = 1; i < f.recordCount; i++) if (t.at(i) < t.at(i - 1)) out++;
    expect(out).toBe(46);
    const owa = await iis('plaso__iis7_owa.log');
    expect(iso(owa, 1).startsWith('2015-12-31')).toBe(true);
    expect(iso(owa, 2).startsWith('2015-01-01')).toBe(true);
  });

  it('site W3SVC20, CRLF, real IIS 7.0', async () => {
    const f = await iis('waikolai__u_ex090817.log');
    expect(new Set(column(f, (i) => f.table.str('site', i)))).toEqual(new Set(['W3SVC20']));
    expect(f.table.str('stem', 0)).not.toMatch(/\r/);
  });

  it('IIS native format: MM/DD/YY dates, no header, trailing comma', async () => {
    const { sniffed, file } = await load(corpusFile('iis', 'brianary__ex010320.log'));
    expect(sniffed.format).toBe('iis-native');
    const f = file as IisLogFile;
    expect(f.recordCount).toBe(2);
    expect(iso(f, 0)).toBe('2001-03-20T07:55:20.000Z');
    expect(f.table.str('stem', 0)).toBe('/DeptLogo.gif');
    expect(f.table.num('status', 0)).toBe(200);
    expect(f.table.num('timeTaken', 0)).toBe(4502);
    expect(f.table.str('computer', 0)).toBe('SERVER');
    expect(messages(f)).toMatch(/server-local/);
  });

  it('IIS 5.0 log without a time field; a row missing its last value is kept with a warning', async () => {
    const f = await iis('brianary__ex031118.log');
    expect(f.recordCount).toBe(4);
    expect(iso(f, 0)).toBe('2003-11-18T00:00:00.000Z');
    expect(f.table.str('stem', 2)).toBe('/images/address.gif');
    expect(f.table.num('csBytes', 2)).toBeUndefined();
    expect(f.problems.some((p) => p.line === 7 && /3 values but the fields list 4/.test(p.message))).toBe(true);
  });

  it('IIS 4/5-era log: only #Fields, 17 fields incl. cs(Cookie)', async () => {
    const f = await iis('brianary__ex960101.log');
    expect(f.table.data.blocks[0].fields).toHaveLength(17);
    expect(f.table.data.blocks[0].fields).toContain('cs(Cookie)');
    expect(iso(f, 0).startsWith('1996-01-01')).toBe(true);
  });

  it('German query strings', async () => {
    const f = await iis('daolavi__iis.log');
    expect(column(f, (i) => f.table.str('query', i)).some((q) => q.includes('lng=de'))).toBe(true);
  });

  it('BadSamples: mismatching #Fields, a #Fields without date/time, unknown field Dupidu, rows cut short', async () => {
    const f = await iis('dhcgn__BadSamples.log');
    const m = messages(f);
    expect(m).toMatch(/values but the fields list/);
    expect(f.table.data.custom['Dupidu']).toBeDefined();
    // A #Fields without date/time: its row has 17 values, which fit the standard set with bytes.
    const noDate = f.table.data.blocks.findIndex((b) => !b.fields.includes('date'));
    expect(noDate).toBeGreaterThanOrEqual(0);
    expect(m).toMatch(/Line 5: 17 values but the fields list 9; the values fit the standard field set/);
    // A row cut to its last 9 values fits nothing: matched by position, its bad date left empty, row kept.
    const cut = Array.from({ length: f.table.rows }, (_, i) => f.table.line(i)).indexOf(8);
    expect(Number.isNaN(f.table.data.timeMs.at(cut))).toBe(true);
    expect(m).toMatch(/Line 8: date "157.55.39.146" is not a valid date/);
    // Every data line is a row, none dropped.
    expect(f.recordCount).toBe(7);
  });

  it('BadValues: impossible dates and times, non-numeric numbers become empty with a warning and line number', async () => {
    const f = await iis('dhcgn__BadValues.log');
    const m = messages(f);
    expect(m).toMatch(/"2015-99-13" is not a valid date/);
    expect(m).toMatch(/"92:29:42" is not a valid time/);
    expect(m).toMatch(/"22:XX:42" is not a valid time/);
    expect(m).toMatch(/sc-bytes "1X405" is not a number/);
    const bad = f.problems.find((p) => /1X405/.test(p.message))!;
    expect(bad.line).toBe(10);
    // Comment lines between rows are not rows: 6 + 4 data lines.
    expect(f.recordCount).toBe(10);
    const i = Array.from({ length: f.table.rows }, (_, i) => f.table.line(i)).indexOf(10);
    expect(f.table.num('scBytes', i)).toBeUndefined();
    expect(f.table.num('status', i)).toBe(404);
  });

  it('beats test.log: three different #Fields lists; 2 rows after the third do not match its count', async () => {
    const f = await iis('beats__test.log');
    expect(new Set(f.table.data.blocks.map((b) => b.fields.join(' '))).size).toBe(3);
    expect(f.problems.filter((p) => /values but the fields list 22/.test(p.message))).toHaveLength(2);
    // Those rows fit the IIS default field set and are read as such: attack strings land in query and stem.
    expect(f.table.str('query', 3)).toMatch(/^redirect:\$\{/);
    expect(f.table.str('stem', 4)).toMatch(/^\/\$\{#context/);
    expect(f.table.num('status', 4)).toBe(404);
  });

  it('beats IIS 7.5: Markdown garbage inside IP fields is kept as text; IPv6 addresses', async () => {
    const f = await iis('beats__test-iis-7.5.log');
    expect(f.table.str('sIp', 0)).toContain('[10.100.220.70]');
    expect(column(f, (i) => f.table.str('cIp', i) + f.table.str('sIp', i)).some((v) => v.includes(':'))).toBe(true);
  });

  it('headerless files: fields guessed from the values, with a warning', async () => {
    const cases: [string, number, string][] = [
      ['elastic-int__test-iis-8.log', 22, 'cs-host'],
      ['elastic-int__test-iis-access-cookie-bytes-split.log', 19, 'X-Forwarded-For'],
      ['elastic-int__test-iis-ftp.log', 13, 'x-session'],
      ['zx90316__nofields.log', 15, 'time-taken'],
    ];
    for (const [name, nFields, field] of cases) {
      const f = await iis(name);
      expect(f.table.data.blocks[0].guessed).toBe(true);
      expect(f.table.data.blocks[0].fields).toHaveLength(nFields);
      expect(f.table.data.blocks[0].fields).toContain(field);
      expect(messages(f)).toMatch(/fields were guessed/);
      expect(f.problems.filter((p) => /values but/.test(p.message))).toHaveLength(0);
    }
    const x = await iis('elastic-int__test-iis-access-cookie-bytes-split.log');
    expect(x.table.custom('X-Forwarded-For', 0)).toBe('203.0.113.10');
    expect(x.table.str('cookie', 0)).toContain('; DeviceWidth=0');
    const ftp = await iis('elastic-int__test-iis-ftp.log');
    expect(ftp.table.str('method', 0)).toBe('ControlChannelClosed');
    const i8 = await iis('elastic-int__test-iis-8.log');
    expect(i8.recordCount).toBe(6); // no trailing newline: the last row still counts
  });

  it('FTP service log: x-session, FTP verbs as methods', async () => {
    const f = await iis('webknowit__u_ex160206.log');
    expect(f.table.data.custom['x-session']).toBeDefined();
    expect(new Set(column(f, (i) => f.table.str('method', i)))).toContain('USER');
  });

  it('plaso files: cookies, trailing space after #Fields, rows spanning years, long line, IPv6 zones, no date field', async () => {
    const c = await iis('plaso__iis10_cookies.log');
    expect(c.table.data.str.cookie).toBeDefined();
    const six = await iis('plaso__iis6.log');
    expect(six.table.data.blocks[0].fields.at(-1)).not.toBe('');
    const years = new Set(column(six, (i) => iso(six, i).slice(0, 4)));
    expect(years.has('2013') && years.has('2015')).toBe(true);
    const sqli = await iis('plaso__iis7_sqli.log');
    expect(sqli.table.str('query', 0).length).toBeGreaterThan(200);
    const v6 = await iis('plaso__iis_ipv6_zone.log');
    expect(v6.table.str('sIp', 0)).toBe('fe80::1ff:fe23:4567:890a%3');
    expect(v6.table.str('cIp', 1)).toBe('fe80::abcd:ef01:2345:6789%eth0');
    expect(v6.problems).toHaveLength(0);
    const nd = await iis('plaso__iis_without_date.log');
    expect(iso(nd, 0)).toBe('2013-07-30T00:00:00.000Z');
    expect(iso(nd, 1)).toBe('2013-07-30T00:00:03.000Z');
  });

  it('theodorejb: #Fields change mid-file (cs-host added)', async () => {
    const f = await iis('theodorejb__u_ex230505.log');
    const lists = f.table.data.blocks.map((b) => b.fields.includes('cs-host'));
    expect(lists).toContain(true);
    expect(lists).toContain(false);
  });

  it('lnav samples: // comments, Oracle padded columns and quotes, time-only FTP, Incapsula, too many values, umlauts', async () => {
    const zero = await iis('lnav__logfile_w3c.0');
    expect(zero.table.data.blocks[0].dateMs).toBe(Date.UTC(2002, 4, 2, 17, 42, 15));
    expect(zero.problems).toHaveLength(0);
    const one = await iis('lnav__logfile_w3c.1');
    expect(one.recordCount).toBeGreaterThan(0);
    expect(one.problems.filter((p) => /values but/.test(p.message))).toHaveLength(0);
    expect(one.table.str('userAgent', 0)).toBe('Mozilla/4.5 [en] (WinNT; I)');
    expect(one.table.str('cookie', 0)).toMatch(/^BIGipServerwww_webcache_pool=/);
    const two = await iis('lnav__logfile_w3c.2');
    expect(two.table.str('method', 0)).toBe('[2]USER');
    expect(iso(two, 0)).toBe('2000-10-09T16:44:49.000Z');
    expect(iso(two, 11)).toBe('2000-10-10T16:44:49.000Z');
    const four = await iis('lnav__logfile_w3c.4');
    expect(four.table.data.blocks[0].dateMs).toBe(Date.UTC(2017, 5, 28, 7, 28, 59));
    expect(four.table.str('method', 0)).toBe('GET');
    expect(four.problems.filter((p) => /values but/.test(p.message))).toHaveLength(0);
    const five = await iis('lnav__logfile_w3c.5');
    expect(five.table.data.blocks[0].fields).toHaveLength(6);
    expect(five.problems.some((p) => /17 values but the fields list 6/.test(p.message))).toBe(true);
    expect(five.table.str('stem', 0)).toBe('/robots.txt');
    // The 17 values fit the standard set with bytes, so the status is read too.
    expect(five.table.num('status', 0)).toBe(404);
    const six = await iis('lnav__logfile_w3c.6');
    expect(six.table.str('userAgent', 0)).toMatch(/^ÄÖÜäöü\\ßßßMözillä/);
  });

  it('velociraptor: <empty> and @ inside the query, no trailing newline', async () => {
    const f = await iis('velociraptor__iis.log');
    expect(f.table.str('query', 0)).toContain('<empty>');
    expect(f.table.str('query', 2)).toMatch(/^@evil\.corp/);
    expect(f.recordCount).toBe(3);
  });

  it('vinicius: port 1586', async () => {
    const f = await iis('vinicius__10.log');
    expect(column(f, (i) => String(f.table.num('port', i)))).toContain('1586');
  });

  it('UTF-8 BOM files: no directives at all / before #Software / no #Version or #Date; a 15,000 ms row', async () => {
    const a = await iis('zx90316__nofields.log');
    expect(a.recordCount).toBe(1);
    expect(iso(a, 0)).toBe('2024-01-17T01:00:00.000Z');
    const b = await iis('zx90316__u_ex240115.log');
    expect(b.table.data.blocks[0].software).toMatch(/Internet Information Services/);
    expect(column(b, (i) => String(b.table.num('timeTaken', i)))).toContain('15000');
    expect((b.summary as { iis: { slow: number } }).iis.slow).toBeGreaterThanOrEqual(1);
    expect(column(b, (i) => b.table.str('userAgent', i)).some((u) => /sqlmap/i.test(u))).toBe(true);
    const c = await iis('zx90316__u_ex240116.log');
    expect(c.recordCount).toBeGreaterThan(0);
    expect(c.problems.filter((p) => /values but|not a valid/.test(p.message))).toHaveLength(0);
  });
});

describeCorpus('HTTPERR corpus (MANIFEST.md)', () => {
  const err = (name: string) => log('httperr', name);
  const reasons = (f: IisLogFile) => (f.summary as { httperr: { byReason: Record<string, number> } }).httperr.byReason;

  it('beats error_test: ConnLimit, Hostname, Version_N/S, Timer_MinBytesPerSecond with an all-dash row', async () => {
    const f = await err('beats__error_test.log');
    expect(Object.keys(reasons(f))).toEqual(expect.arrayContaining(['ConnLimit', 'Hostname', 'Version_N/S', 'Timer_MinBytesPerSecond']));
    const timer = column(f, (i) => f.table.str('reason', i)).indexOf('Timer_MinBytesPerSecond');
    expect(f.table.num('status', timer)).toBeUndefined();
    expect(f.row(timer).kind).toBe('Timer_MinBytesPerSecond');
  });

  it('iis_error_url: no header; backslash URIs and OPTIONS *', async () => {
    const f = await err('beats__iis_error_url.log');
    expect(f.table.data.blocks[0].guessed).toBe(true);
    expect(column(f, (i) => f.table.str('stem', i))).toContain('*');
    expect(column(f, (i) => f.table.str('stem', i)).some((s) => s.includes('\\'))).toBe(true);
  });

  it('ipv6_zone_id: streamid field, ::1%0, Timer_ConnectionIdle', async () => {
    const f = await err('beats__ipv6_zone_id.log');
    expect(f.table.data.blocks[0].fields).toContain('streamid');
    expect(f.table.str('cIp', 0)).toBe('::1%0');
    expect(f.table.str('reason', 0)).toBe('Timer_ConnectionIdle');
  });

  it('learnpy: 119 header blocks, 1,018 rows from 2015-01 to 2018-05', async () => {
    const f = await err('learnpy__httperr1.log');
    expect(blocks(f)).toBe(119);
    expect(f.recordCount).toBe(1018);
    const t = Array.from(f.table.data.timeMs.toMs()).filter((x) => !Number.isNaN(x));
    expect(new Date(Math.min(...t)).toISOString().slice(0, 7)).toBe('2015-01');
    expect(new Date(Math.max(...t)).toISOString().slice(0, 7)).toBe('2018-05');
    expect(Object.keys(reasons(f))).toEqual(expect.arrayContaining(['Timer_ConnectionIdle', 'N/A', 'Connection_Abandoned_By_ReqQueue']));
  });

  it('plaso: newest field set with streamid_ex, transport and fault codes; HTTP/9.9, URL_Length, Verb', async () => {
    const f = await err('plaso__httperr.log');
    for (const field of ['streamid', 'streamid_ex', 'transport', 'fault-code', 'extended-fault-code']) expect(f.table.data.blocks[0].fields).toContain(field);
    expect(f.table.custom('transport', 0)).toBe('TCP');
    expect(column(f, (i) => f.table.str('version', i))).toContain('HTTP/9.9');
    expect(Object.keys(reasons(f))).toEqual(expect.arrayContaining(['URL_Length', 'Verb']));
    expect(f.problems).toHaveLength(0);
  });
});

describeCorpus('FREB corpus (MANIFEST.md)', () => {
  const freb = async (name: string) => {
    const { file } = await load(corpusFile('freb', name));
    expect(file).toBeInstanceOf(FrebFile);
    return file as FrebFile;
  };
  const providers = (f: FrebFile) => new Set(f.parsed.events.map((e) => e.provider)).size;

  it('event counts, status codes, time taken, providers', async () => {
    const cases: [string, number, number, number | null, number | null][] = [
      ['blogezy__fr000001.xml', 175, 500, null, null],
      ['blogezy__fr000002.xml', 112, 500, 0, null],
      ['jilly__fr000001.xml', 289, 200, 5312, 2],
      ['alulab__fr000001.xml', 150, 404, null, 2],
      ['mexia-classicasp__fr000001.xml', 99, 404, null, 1],
      ['mayur__fr000010.xml', 156, 500, null, null],
    ];
    for (const [name, events, status, taken, nProv] of cases) {
      const f = await freb(name);
      expect(`${name}: ${f.recordCount} events, ${f.request.statusCode}`).toBe(`${name}: ${events} events, ${status}`);
      expect(f.request.events).toBe(events);
      if (taken !== null) expect(f.request.timeTaken).toBe(taken);
      if (nProv !== null) expect(providers(f)).toBe(nProv);
      expect(f.problems.filter((p) => p.severity === 'error')).toHaveLength(0);
    }
  });

  it('blogezy: attributes on one line without a newline between them are all read', async () => {
    const f = await freb('blogezy__fr000001.xml');
    expect(f.parsed.attributes.authenticationType).toBe('NOT_AVAILABLE');
    expect(f.parsed.attributes.activityId).toBe('{80000006-0007-FF00-B63F-84710C7967BB}');
    expect(f.parsed.attributes.failureReason).toBe('STATUS_CODE');
    const e = f.parsed.events[0];
    expect(e.name).toBe('GENERAL_REQUEST_START');
    expect(e.provider).toBe('WWW Server');
    expect(e.timeUs).toBe(Date.UTC(2018, 9, 15, 8, 15, 20, 771) * 1000);
    expect(e.data.find((d) => d.name === 'RequestURL')?.value).toBe('http://localhost:58225/About.aspx');
  });

  it('jilly: URL with [1]; mexia: Azure site id', async () => {
    expect((await freb('jilly__fr000001.xml')).request.url).toContain('[1]');
    expect((await freb('mexia-classicasp__fr000001.xml')).parsed.attributes.siteId).toBe('294197211');
  });

  it('bare CRs inside text do not break events', async () => {
    for (const name of ['alulab__fr000001.xml', 'jilly__fr000001.xml', 'mayur__fr000010.xml']) {
      const f = await freb(name);
      expect(f.problems).toHaveLength(0);
      expect(f.parsed.events.every((e) => !Number.isNaN(e.timeUs))).toBe(true);
    }
  });

  it('freb.xsl stylesheets are refused with a sentence', async () => {
    for (const name of ['jilly__freb.xsl', 'alulab__freb.xsl']) {
      const s = await sniff(corpusFile('freb', name));
      expect(s.format).toBe('unknown');
      expect(s.reason).toMatch(/stylesheet/i);
    }
  });
});

describeCorpus('non-log files (other/)', () => {
  it('the firewall log is refused as a firewall log', async () => {
    const s = await sniff(corpusFile('other', 'brianary__pf040903.log'));
    expect(s.format).toBe('unknown');
    expect(s.reason).toMatch(/Firewall/);
  });
  it('the plain text is refused with a sentence saying what it looks like', async () => {
    const s = await sniff(corpusFile('other', 'iislogloader__InvalidLogFile.log'));
    expect(s.format).toBe('unknown');
    expect(s.reason).toMatch(/plain text/);
    // It says what the file is, never what it holds.
    expect(s.reason).not.toMatch(/sdfhsdfhdskjfh/);
  });
});
