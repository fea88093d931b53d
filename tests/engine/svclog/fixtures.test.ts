/** One hand-made fixture per rule (tests/fixtures/svclog, written by make-fixtures.mjs). */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_ACTIVITY_ID, SvclogIndex, activitiesPage, messagesPage, svclogEngine, tracesOf } from '../../../electron/engine/svclog';
import { sniffHead } from '../../../electron/engine/detect';
import { countBy, fixture, load } from './helpers';

const A = 'aaaaaaaa-0000-0000-0000-000000000001';
const B = 'bbbbbbbb-0000-0000-0000-000000000002';
const C = 'cccccccc-0000-0000-0000-000000000003';

describe('propagation across two processes, transfers, message pairs', () => {
  const both = async () => {
    const client = await load(fixture('two-process-client.svclog'));
    const server = await load(fixture('two-process-server.svclog'));
    return { client, server, index: new SvclogIndex([client, server]) };
  };

  it('joins the propagated activity across processes, keeps unpropagated ids per process', async () => {
    const { index } = await both();
    const a = index.activitiesById(A);
    expect(a).toHaveLength(1);
    expect(a[0].traceCount).toBe(5 + 5); // client: Start, 3 messages, Stop; server: Start, Error, reply, Stop, Transfer
    expect(a[0].hosts).toEqual(['APP01', 'WEB01']);
    expect(a[0].processes).toEqual(['Client (100) on APP01', 'w3wp (200) on WEB01']);
    expect(a[0].name).toBe("Process action 'http://tempuri.org/ISvc/Add'.");
    expect(a[0].starts).toBe(2);
    expect(a[0].stops).toBe(2);
    expect(a[0].unbalanced).toBe(false);
    expect(a[0].worstLevel).toBe(2); // the server's Error trace
    expect(a[0].files).toEqual([0, 1]);
    // C appears in both processes but never travelled in a header: two activities.
    expect(index.activitiesById(C)).toHaveLength(2);
    // Root: one activity over both files.
    const root = index.activitiesById(ROOT_ACTIVITY_ID);
    expect(root).toHaveLength(1);
    expect(root[0].isRoot).toBe(true);
    expect(root[0].traceCount).toBe(2);
    expect(index.activities).toHaveLength(1 + 1 + 1 + 2); // root, A, B, C×2
  });

  it('counts transfers in and out and marks the unbalanced activity', async () => {
    const { index } = await both();
    const [a] = index.activitiesById(A);
    const [b] = index.activitiesById(B);
    const [root] = index.activitiesById(ROOT_ACTIVITY_ID);
    expect(index.transfers).toHaveLength(4);
    expect(root.transfersOut).toBe(2); // → A (client), → B (server)
    expect(a.transfersIn).toBe(2); // from root (client) and from B (server)
    expect(a.transfersOut).toBe(1); // back to B
    expect(b.transfersIn).toBe(2);
    expect(b.transfersOut).toBe(1);
    expect(b.unbalanced).toBe(true); // started, never stopped
    expect(b.name).toBe("Receive bytes on connection 'http://web01/Svc.svc'.");
    expect(a.firstUs).toBe(Date.UTC(2020, 0, 2, 3, 4, 5) * 1000 + 1000);
    expect(a.durationUs).toBe(30_000);
  });

  it('pairs send and receive by the ActivityId header\'s CorrelationId (datagrams too), replies by RelatesTo', async () => {
    const { index, client, server } = await both();
    const sr = index.pairs.filter((p) => p.kind === 'send-receive');
    expect(sr).toHaveLength(3);
    expect(sr.every((p) => p.by === 'correlation-id')).toBe(true);
    const hasMessageId = (p: (typeof sr)[number]) => index.files[p.from.file].str(index.files[p.from.file].messages.messageId[p.from.message]) !== '';
    const byId = sr.filter(hasMessageId);
    expect(byId).toHaveLength(2);
    const request = byId.find((p) => p.from.file === 0)!;
    expect(request.from.host).toBe('APP01');
    expect(request.to.host).toBe('WEB01');
    expect(request.from.timeUs).toBe(client.timeUs(request.from.event));
    expect(request.to.timeUs).toBe(server.timeUs(request.to.event));
    expect(request.to.timeUs - request.from.timeUs).toBe(10_000);
    const reply = byId.find((p) => p.from.file === 1)!;
    expect(reply.to.host).toBe('APP01');
    const dgram = sr.find((p) => !byId.includes(p))!;
    expect(client.description(dgram.from.event)).toBe('ServiceLevelSendDatagram http://tempuri.org/ISvc/Notify');
    expect(server.description(dgram.to.event)).toBe('ServiceLevelReceiveDatagram http://tempuri.org/ISvc/Notify');
    const rr = index.pairs.filter((p) => p.kind === 'request-reply');
    expect(rr).toHaveLength(2); // server SendReply → ReceiveRequest, client ReceiveReply → SendRequest
    for (const p of rr) expect(p.from.process === p.to.process && p.from.host === p.to.host).toBe(true);
    const summary = svclogEngine.summarize([client, server]) as { svclog: Record<string, unknown> };
    expect(summary.svclog).toEqual({
      events: 18,
      byType: { Transfer: 4, Start: 3, Information: 8, Stop: 2, Error: 1 },
      byLevel: { Information: 8, Error: 1 },
      activities: 5,
      transfers: 4,
      messages: 6,
      messagePairs: 3,
      computers: ['APP01', 'WEB01'],
      processes: 2,
    });
  });

  it('reads message fields', async () => {
    const { index } = await both();
    const page = messagesPage(index, { limit: 10 });
    expect(page.total).toBe(6);
    const first = page.rows[0];
    expect(first).toMatchObject({
      source: 'ServiceLevelSendRequest',
      direction: 'send',
      layer: 'service',
      role: 'request',
      action: 'http://tempuri.org/ISvc/Add',
      messageId: 'urn:uuid:mmmmmmmm-1',
      to: 'http://web01/Svc.svc',
      replyTo: 'http://www.w3.org/2005/08/addressing/anonymous',
      activityHeader: A,
      correlationId: 'c0ffee00-0000-0000-0000-000000000001',
      soapVersion: '1.2',
      bodySize: '<Op xmlns="http://tempuri.org/"><x>1</x></Op>'.length,
      malformed: false,
    });
    const recv = page.rows.find((m) => m.source === 'ServiceLevelReceiveRequest')!;
    expect(recv.httpMethod).toBe('POST');
    const replyRecv = page.rows.find((m) => m.source === 'ServiceLevelReceiveReply')!;
    expect(replyRecv.relatesTo).toBe('urn:uuid:mmmmmmmm-1');
    // Times are in order.
    for (let k = 1; k < page.rows.length; k++) expect(page.rows[k].timeUs).toBeGreaterThanOrEqual(page.rows[k - 1].timeUs);
  });

  it('queries: activities sorted by a column, traces of activities in time order', async () => {
    const { index } = await both();
    const byCount = activitiesPage(index, { sortBy: 'traceCount', descending: true });
    expect(byCount.rows[0].id).toBe(A);
    expect(byCount.total).toBe(5);
    const [a] = index.activitiesById(A);
    const traces = tracesOf(index, [a.index]);
    expect(traces.total).toBe(10);
    for (let k = 1; k < traces.rows.length; k++) expect(traces.rows[k].timeUs).toBeGreaterThanOrEqual(traces.rows[k - 1].timeUs);
    expect(traces.rows.map((r) => r.host)).toEqual(['APP01', 'APP01', 'APP01', 'WEB01', 'WEB01', 'WEB01', 'WEB01', 'WEB01', 'APP01', 'APP01']);
    const unbalanced = activitiesPage(index, { unbalancedOnly: true });
    expect(unbalanced.rows.map((r) => r.id)).toEqual([B]);
  });

  it('exception type and message', async () => {
    const { server } = await both();
    const i = Array.from({ length: server.recordCount }, (_, k) => k).find((k) => server.str(server.data.events.subType[k]) === 'Error')!;
    expect(server.str(server.data.events.exceptionType[i])).toBe('System.InvalidOperationException, mscorlib');
    expect(server.str(server.data.events.exceptionMessage[i])).toBe('Bad <input> & more');
    expect(server.row(i)).toMatchObject({ level: 'error', kind: 'Error', host: 'WEB01', process: 'w3wp (200)', text: 'Throwing an exception. Bad <input> & more' });
  });
});

describe('encodings', () => {
  for (const name of ['utf8-bom.svclog', 'utf16le.svclog', 'utf16be.svclog']) {
    it(`${name}: fields, descriptions and byte ranges of the original file`, async () => {
      const f = await load(fixture(name));
      expect(f.recordCount).toBe(3);
      expect(f.problems).toEqual([]);
      expect(f.row(0).text).toBe('Zoë Dupré — 日本語 😀');
      expect(f.row(1)).toMatchObject({ kind: 'Warning', level: 'warning', text: 'Second: Jürgen', source: 'Intl' });
      expect(f.row(2).text).toBe('Third & last');
      const bytes = readFileSync(fixture(name));
      const unit = name.startsWith('utf16') ? 2 : 1;
      expect(f.data.events.start[0]).toBe(name === 'utf8-bom.svclog' ? 3 : 2);
      expect(f.data.events.end[2]).toBe(bytes.length - 2 * unit); // before the final CRLF
      for (let i = 0; i < 3; i++) {
        const d = await f.detail(i);
        expect(d.raw.startsWith('<E2ETraceEvent')).toBe(true);
        expect(d.raw.endsWith('</E2ETraceEvent>')).toBe(true);
      }
      expect((await f.detail(1)).raw).toContain('Second: Jürgen');
    });
  }

  it('sniff sees UTF-16 files as svclog once decoded', () => {
    for (const name of ['utf16le.svclog', 'utf16be.svclog', 'one-line.svclog']) {
      expect(sniffHead(readFileSync(fixture(name)), name, [svclogEngine]).format).toBe('svclog');
    }
    expect(sniffHead(readFileSync(fixture('not-a-trace.xml')), 'not-a-trace.xml', [svclogEngine]).format).toBe('unknown');
  });
});

describe('layouts and bad input', () => {
  it('one-line and pretty-printed (LF) files give the same events', async () => {
    const one = await load(fixture('one-line.svclog'));
    const pretty = await load(fixture('pretty-lf.svclog'));
    expect(one.recordCount).toBe(4);
    expect(pretty.recordCount).toBe(4);
    for (let i = 0; i < 4; i++) {
      const { index: _a, ...r1 } = one.row(i);
      const { index: _b, ...r2 } = pretty.row(i);
      expect({ ...r1, fileId: '' }).toEqual({ ...r2, fileId: '' });
    }
    expect(countBy(one, 'subType')).toEqual({ Start: 2, Stop: 2 });
    expect(one.row(3).text).toBe('step 3');
    expect(pretty.problems).toEqual([]);
  });

  it('an XML declaration and a DOCTYPE before the first event: skipped with their own warning, entities never expanded', async () => {
    const f = await load(fixture('doctype.svclog'));
    const text = readFileSync(fixture('doctype.svclog'), 'latin1');
    expect(f.recordCount).toBe(2);
    expect(f.problems).toEqual([
      { severity: 'warning', offset: text.indexOf('<!DOCTYPE'), message: `A <!DOCTYPE> declaration at byte ${text.indexOf('<!DOCTYPE')} was skipped; its entities are not expanded.` },
      { severity: 'warning', offset: text.lastIndexOf('<!DOCTYPE'), message: `A <!DOCTYPE> declaration at byte ${text.lastIndexOf('<!DOCTYPE')} was skipped; its entities are not expanded.` },
    ]);
    expect(f.row(0).text).toBe('uses &b; here');
  });

  it('an XML declaration alone, and text after a DOCTYPE, are reported as what they are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-svclog-decl-'));
    try {
      const event = readFileSync(fixture('one-line.svclog'), 'utf8').split('</E2ETraceEvent>')[0] + '</E2ETraceEvent>';
      const xmlDecl = join(dir, 'decl.svclog');
      writeFileSync(xmlDecl, `<?xml version="1.0" encoding="utf-8"?>\n${event}`);
      expect((await load(xmlDecl)).problems).toEqual([{ severity: 'warning', offset: 0, message: 'An XML declaration (<?xml …?>) at byte 0 was skipped.' }]);
      const junk = join(dir, 'junk.svclog');
      writeFileSync(junk, `<!DOCTYPE x>\njunk\n${event}`);
      expect((await load(junk)).problems.map((p) => [p.offset, p.message])).toEqual([
        [0, 'A <!DOCTYPE> declaration at byte 0 was skipped; its entities are not expanded.'],
        [13, 'Text that is not part of any event was found at byte 13 and skipped.'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('truncation: the cut event and the truncated last event are skipped with warnings at their offsets', async () => {
    const f = await load(fixture('truncated.svclog'));
    const text = readFileSync(fixture('truncated.svclog'), 'latin1');
    const opens = [...text.matchAll(/<E2ETraceEvent /g)].map((m) => m.index!);
    expect(opens).toHaveLength(4);
    expect(f.recordCount).toBe(2);
    expect([f.row(0).text, f.row(1).text]).toEqual(['event 0', 'event 2']);
    expect(f.problems.map((p) => p.offset)).toEqual([opens[1], opens[3]]);
    expect(f.problems[0].message).toMatch(/cut off/);
    expect(f.problems[1].message).toMatch(/truncated at the end/);
  });

  it('garbage before, between and after events becomes warnings; every event is kept', async () => {
    const f = await load(fixture('garbage.svclog'));
    const text = readFileSync(fixture('garbage.svclog'), 'latin1');
    expect(f.recordCount).toBe(3);
    expect(f.problems.map((p) => p.offset)).toEqual([0, text.indexOf('*** some'), text.indexOf('trailing words')]);
    expect(f.problems.every((p) => p.severity === 'warning')).toBe(true);
  });

  it('entities, numeric references, CDATA and line breaks in text', async () => {
    const f = await load(fixture('cdata-entities.svclog'));
    expect(f.recordCount).toBe(4);
    expect(f.row(0).text).toBe('a < b && c > d été 😀 "q" \'s\'');
    expect(f.row(1).text).toBe('raw <xml> & stuff');
    expect(f.row(2).text).toBe('line one line two');
    expect(f.row(3).text).toBe('Has <![CDATA[ in it & a </E2ETraceEvent> lookalike');
    const d = await f.detail(0);
    expect(d.tree?.children?.find((c) => c.name === 'ApplicationData')?.value).toBe('a < b && c > d été 😀 "q" \'s\'');
  });

  it('a file that is not a trace: an error naming it, no events, no throw', async () => {
    const f = await load(fixture('not-a-trace.xml'));
    expect(f.recordCount).toBe(0);
    expect(f.problems.find((p) => p.severity === 'error')?.message).toMatch(/not-a-trace\.xml holds no complete trace event/);
    expect(f.problems.some((p) => p.severity === 'warning' && p.offset === 0)).toBe(true);
  });
});

describe('detail', () => {
  it('message detail: field list, tree, pretty XML and the SOAP envelope on its own', async () => {
    const f = await load(fixture('two-process-client.svclog'));
    const d = await f.detail(2);
    expect(d.fields.find((x) => x.name === 'Message ID')?.value).toBe('urn:uuid:mmmmmmmm-1');
    expect(d.fields.find((x) => x.name === 'Time')?.value).toBe('2020-01-02 03:04:05.0020001 UTC');
    expect(d.tree?.name).toBe('E2ETraceEvent');
    expect(d.xml).toMatch(/^<E2ETraceEvent[^]*\n\s+<System/);
    expect(d.message).toMatch(/^<s:Envelope[^]*<s:Body>[^]*<\/s:Envelope>$/);
    expect(d.message).not.toContain('MessageLogTraceRecord');
    expect(d.raw).toBe(readFileSync(fixture('two-process-client.svclog'), 'utf8').slice(f.data.events.start[2], f.data.events.end[2]));
  });

  it('a DOCTYPE with entities is never expanded', async () => {
    const { buildDetail } = await import('../../../electron/engine/svclog/queries/detail');
    const raw = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><E2ETraceEvent>&b;</E2ETraceEvent>';
    const d = buildDetail({ fileId: 'f', index: 0, title: 't', fields: [] }, raw);
    expect(d.raw).toBe(raw);
    expect(d.tree).toBeUndefined();
  });
});

describe('detail of control characters', () => {
  it('shows character references to control characters instead of dropping them', async () => {
    const { buildDetail } = await import('../../../electron/engine/svclog/queries/detail');
    const raw = '<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><ApplicationData>a&#x1;b&#27;c&#x41;&#9;d</ApplicationData></E2ETraceEvent>';
    const d = buildDetail({ fileId: 'f', index: 0, title: 't', fields: [] }, raw);
    expect(d.xml).toContain('a⟨U+0001⟩b⟨U+001B⟩cA');
    expect(JSON.stringify(d.tree)).toContain('a⟨U+0001⟩b⟨U+001B⟩cA');
    expect(d.raw).toBe(raw);
  });
});

describe('message pairing rules (pairing-client/server.svclog; the server clock is 5 s behind)', () => {
  const pairsOf = async () => {
    const client = await load(fixture('pairing-client.svclog'));
    const server = await load(fixture('pairing-server.svclog'));
    const index = new SvclogIndex([client, server]);
    const action = (e: { file: number; message: number }) => index.files[e.file].str(index.files[e.file].messages.action[e.message]);
    const desc = (p: (typeof index.pairs)[number]) => `${p.kind} by ${p.by}: ${action(p.from)} ${p.from.host}@${p.from.event} > ${p.to.host}@${p.to.event}`;
    return index.pairs.map(desc).sort();
  };

  it('pairs basicHttpBinding (SOAP 1.1, no MessageID) by CorrelationId, where ActivityId + Action would cross the two calls', async () => {
    const pairs = await pairsOf();
    const op = 'http://tempuri.org/IPair/Op';
    expect(pairs.filter((p) => p.includes('correlation-id'))).toEqual([
      `send-receive by correlation-id: ${op} APP02@0 > WEB02@0`,
      `send-receive by correlation-id: ${op} APP02@2 > WEB02@2`,
      `send-receive by correlation-id: ${op}Response WEB02@1 > APP02@1`,
      `send-receive by correlation-id: ${op}Response WEB02@3 > APP02@3`,
    ]);
    // The replies carry no RelatesTo: each answers the request its process and activity handled just before.
    expect(pairs.filter((p) => p.includes('by exchange'))).toEqual([
      `request-reply by exchange: ${op} APP02@0 > APP02@1`,
      `request-reply by exchange: ${op} APP02@2 > APP02@3`,
      `request-reply by exchange: ${op} WEB02@0 > WEB02@1`,
      `request-reply by exchange: ${op} WEB02@2 > WEB02@3`,
    ]);
  });

  it('pairs by MessageID without an ActivityId header, and by ActivityId header + Action without a CorrelationId', async () => {
    const pairs = await pairsOf();
    const op = 'http://tempuri.org/IPair/Op';
    expect(pairs.filter((p) => p.includes('message-id'))).toEqual([`send-receive by message-id: ${op}2 APP02@4 > WEB02@4`, `send-receive by message-id: ${op}2Response WEB02@5 > APP02@5`]);
    expect(pairs.filter((p) => p.includes('relates-to'))).toEqual([`request-reply by relates-to: ${op}2 APP02@4 > APP02@5`, `request-reply by relates-to: ${op}2 WEB02@4 > WEB02@5`]);
    expect(pairs.filter((p) => p.includes('activity-action'))).toEqual([`send-receive by activity-action: ${op}3 APP02@6 > WEB02@6`]);
    expect(pairs).toHaveLength(4 + 4 + 2 + 2 + 1);
  });
});
