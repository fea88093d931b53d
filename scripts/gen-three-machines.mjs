// Writes a deterministic three-machine run (client APP01, web host WEB01, data host DATA01) for the
// IIS → WCF triage: node scripts/gen-three-machines.mjs DIR
//   client.svclog   APP01: calls http://web01.contoso.com/Orders.svc every 200 ms (clock 2.5 s ahead)
//   web.svclog      WEB01: the service (the reference clock); one call throws (HTTP 500)
//   data.svclog     DATA01: the inventory service the web host calls (clock 1.2 s behind)
//   u_ex260314.log  the web host's IIS log, naming it RD77890D5837721 (an Azure web role's name)
//                   while its traces say WEB01; a 503.2 burst the service never saw
//   fr000001.xml    the FREB trace of the 500
//   stripped.log    a custom-field W3C log whose #Fields line lost its "#Fields: " prefix
//   headerless.log  a headerless log with custom fields and a damaged first row
//   one-line.log    a log whose line breaks were lost
// Prints a JSON manifest (what the tests assert) on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activityBoundary, guidSource, messageRecord, traceEvent, traceRecord, sortEvents } from './svclog-writer.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/gen-three-machines.mjs DIR');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });

const T0 = Date.UTC(2026, 2, 14, 10, 0, 0); // true time of the first call, ms
const SKEW = { APP01: 2500, WEB01: 0, DATA01: -1200 }; // clock offsets, ms (written = true + offset)
const ticks = (host, ms) => (T0 + ms + SKEW[host]) * 10_000; // 100 ns ticks since the epoch, on host's clock
const g = guidSource(1903);
const CALLS = 300;
const FAIL_500 = 100; // this call throws on the service
const BUSY = { from: 200, to: 210 }; // calls the web host refuses with 503.2 (the service never sees them)
const STEM = '/Orders.svc';
const URL = `http://web01.contoso.com${STEM}`;
const DATA_URL = 'http://data01.contoso.com/Inventory.svc';
const ACTION = 'http://tempuri.org/IOrders/Submit';
const DATA_ACTION = 'http://tempuri.org/IInventory/Reserve';

const CLIENT = { name: 'OrderClient', pid: 4100, tid: 1 };
const W3WP = { name: 'w3wp', pid: 5200, tid: 7 };
const DATA = { name: 'w3wp', pid: 6300, tid: 9 };
const LEVEL = { Start: 255, Stop: 255, Information: 8, Error: 2 };
const http = '<HttpRequest><Method>POST</Method><QueryString></QueryString><WebHeaders><Host>web01.contoso.com</Host></WebHeaders></HttpRequest>';
const exception = (type, msg) =>
  `<Exception><ExceptionType>${type}, System.ServiceModel</ExceptionType><Message>${msg}</Message><StackTrace>at Orders.Submit()</StackTrace></Exception>`;

const out = { client: [], web: [], data: [] };
const iisRows = [];
const manifest = { dir, t0: new Date(T0).toISOString(), skewMs: SKEW, stem: STEM, calls: CALLS };
const ev = (list, host, proc, ms, sub, act, body, source) => list.push(traceEvent({ t: ticks(host, ms), sub, level: LEVEL[sub], act, proc, host, body, source }));
const msg = (list, host, proc, ms, act, source, m) =>
  ev(list, host, proc, ms, 'Information', act, messageRecord({ t: ticks(host, ms), source, ...m }), 'System.ServiceModel.MessageLogging');

for (let k = 0; k < CALLS; k++) {
  const t = k * 200 + (k % 7) * 9; // true start of the call, ms
  const act = g.guid();
  const name = `Process action '${ACTION}'.`;
  const [req, rep, dreq, drep] = [g.guid(), g.guid(), g.guid(), g.guid()];
  const body = '<Submit xmlns="http://tempuri.org/"><order>1</order></Submit>';
  ev(out.client, 'APP01', CLIENT, t, 'Start', act, activityBoundary(name, 'ProcessAction'));
  msg(out.client, 'APP01', CLIENT, t + 1, act, 'ServiceLevelSendRequest', { action: ACTION, messageId: req, activityHeader: act, correlationId: req, to: URL, body });
  const busy = k >= BUSY.from && k < BUSY.to;
  if (busy) {
    // Refused by IIS (503.2): no service-side trace at all; the client fails with ServerTooBusy.
    const end = t + 12;
    iisRows.push({ endMs: end, tt: 8 + (k % 5), status: 503, sub: 2, win32: 0 });
    ev(out.client, 'APP01', CLIENT, end + 2, 'Error', act, traceRecord('Error', 'ThrowingException', 'Throwing an exception.', exception('System.ServiceModel.ServerTooBusyException', `The HTTP service located at ${URL} is unavailable.`)));
    ev(out.client, 'APP01', CLIENT, end + 3, 'Stop', act, activityBoundary(name, 'ProcessAction', 'Stop'));
    (manifest.busyActivities ??= []).push(act);
    continue;
  }
  const recv = t + 20;
  const fail = k === FAIL_500;
  const work = 60 + ((k * 37) % 300) + (fail ? 400 : 0);
  msg(out.web, 'WEB01', W3WP, recv, act, 'ServiceLevelReceiveRequest', { action: ACTION, messageId: req, activityHeader: act, correlationId: req, to: URL, body, http });
  ev(out.web, 'WEB01', W3WP, recv + 1, 'Start', act, activityBoundary(name, 'ProcessAction'));
  msg(out.web, 'WEB01', W3WP, recv + 5, act, 'ServiceLevelSendRequest', { action: DATA_ACTION, messageId: dreq, activityHeader: act, correlationId: dreq, to: DATA_URL, body: '<Reserve xmlns="http://tempuri.org/"/>' });
  msg(out.data, 'DATA01', DATA, recv + 15, act, 'ServiceLevelReceiveRequest', { action: DATA_ACTION, messageId: dreq, activityHeader: act, correlationId: dreq, to: DATA_URL, body: '<Reserve xmlns="http://tempuri.org/"/>' });
  msg(out.data, 'DATA01', DATA, recv + 25, act, 'ServiceLevelSendReply', { action: `${DATA_ACTION}Response`, messageId: drep, relatesTo: dreq, activityHeader: act, correlationId: drep, body: '<ReserveResponse xmlns="http://tempuri.org/"/>' });
  msg(out.web, 'WEB01', W3WP, recv + 35, act, 'ServiceLevelReceiveReply', { action: `${DATA_ACTION}Response`, messageId: drep, relatesTo: dreq, activityHeader: act, correlationId: drep, body: '<ReserveResponse xmlns="http://tempuri.org/"/>' });
  if (fail) {
    ev(out.web, 'WEB01', W3WP, recv + work - 10, 'Error', act, traceRecord('Error', 'ThrowingException', 'Throwing an exception.', exception('System.InvalidOperationException', 'The order store rejected the order.')));
    manifest.failedActivity = act;
  }
  const replyAt = recv + work;
  msg(out.web, 'WEB01', W3WP, replyAt, act, 'ServiceLevelSendReply', { action: fail ? 'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher/fault' : `${ACTION}Response`, messageId: rep, relatesTo: req, activityHeader: act, correlationId: rep, body: '<SubmitResponse xmlns="http://tempuri.org/"/>' });
  ev(out.web, 'WEB01', W3WP, replyAt + 1, 'Stop', act, activityBoundary(name, 'ProcessAction', 'Stop'));
  const end = replyAt + 3;
  iisRows.push({ endMs: end, tt: end - t - 5, status: fail ? 500 : 200, sub: 0, win32: 0 });
  msg(out.client, 'APP01', CLIENT, end + 20, act, 'ServiceLevelReceiveReply', { action: `${ACTION}Response`, messageId: rep, relatesTo: req, activityHeader: act, correlationId: rep, body: '<SubmitResponse xmlns="http://tempuri.org/"/>' });
  if (fail) ev(out.client, 'APP01', CLIENT, end + 21, 'Error', act, traceRecord('Error', 'ThrowingException', 'Throwing an exception.', exception('System.ServiceModel.FaultException', 'The server was unable to process the request.')));
  ev(out.client, 'APP01', CLIENT, end + 22, 'Stop', act, activityBoundary(name, 'ProcessAction', 'Stop'));
  if (fail) manifest.failedEndMs = end;
}

const svclog = (events) => sortEvents(events).join('');
writeFileSync(join(dir, 'client.svclog'), svclog(out.client));
writeFileSync(join(dir, 'web.svclog'), svclog(out.web));
writeFileSync(join(dir, 'data.svclog'), svclog(out.data));

// The web host's IIS log: W3C with every standard field, in the web host's (reference) clock.
const pad = (n, w = 2) => String(n).padStart(w, '0');
const stamp = (ms) => {
  const d = new Date(T0 + ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
iisRows.sort((a, b) => a.endMs - b.endMs);
const FIELDS = 'date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken';
const iisLine = (r) =>
  `${stamp(r.endMs)} W3SVC1 RD77890D5837721 10.0.0.5 POST ${STEM} - 80 - 10.0.0.9 HTTP/1.1 OrderClient/1.0 web01.contoso.com ${r.status} ${r.sub} ${r.win32} ${r.status === 503 ? 326 : 512} 845 ${r.tt}`;
writeFileSync(
  join(dir, 'u_ex260314.log'),
  `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: ${stamp(0)}\r\n#Fields: ${FIELDS}\r\n${iisRows.map(iisLine).join('\r\n')}\r\n`,
);
manifest.iisRows = iisRows.length;
manifest.iis500 = iisRows.filter((r) => r.status === 500).length;
manifest.iis503 = iisRows.filter((r) => r.status === 503).length;

// The FREB trace of the 500 (the web host's clock).
const f500 = iisRows.find((r) => r.status === 500);
const iso = (ms) => new Date(T0 + ms).toISOString();
const frebEvent = (ms, opcode, level) =>
  `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="WWW Server"/><EventID>0</EventID><Level>${level}</Level><TimeCreated SystemTime="${iso(ms)}"/><Computer>RD77890D5837721</Computer></System>` +
  `<EventData><Data Name="RequestURL">${URL}</Data></EventData><RenderingInfo Culture="en-US"><Opcode>${opcode}</Opcode></RenderingInfo></Event>\r\n`;
writeFileSync(
  join(dir, 'fr000001.xml'),
  `<?xml version="1.0" encoding="UTF-8"?>\r\n<failedRequest url="http://web01.contoso.com:80${STEM}" siteId="1" verb="POST" statusCode="500" subStatus="0" timeTaken="${f500.tt}" failureReason="STATUS_CODE" processId="5200">\r\n` +
    frebEvent(f500.endMs - f500.tt, 'GENERAL_REQUEST_START', 4) +
    frebEvent(f500.endMs - 1, 'GENERAL_REQUEST_END', 2) +
    '</failedRequest>\r\n',
);

// Almost-right logs: custom fields (X-Forwarded-For, X-ARR-LOG-ID) after the standard ones.
const CUSTOM = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken X-Forwarded-For X-ARR-LOG-ID';
const customRow = (k) =>
  `${stamp(k * 1000)} 10.0.0.5 GET /api/orders/${k % 13} id=${k} 443 - 10.0.0.${(k % 200) + 2} Mozilla/5.0+(Windows+NT+10.0) - ${k % 17 === 0 ? 500 : 200} 0 0 ${15 + (k % 90)} 203.0.113.${k % 250} ${g.guid()}`;
const CUSTOM_ROWS = 400;
const rows = Array.from({ length: CUSTOM_ROWS }, (_, k) => customRow(k));
writeFileSync(join(dir, 'stripped.log'), `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n${CUSTOM}\r\n${rows.join('\r\n')}\r\n`);
// Headerless, and the first row cut short (a log rolled mid-write).
writeFileSync(join(dir, 'headerless.log'), `${rows[0].slice(0, 40)}\r\n${rows.slice(1).join('\r\n')}\r\n`);
writeFileSync(join(dir, 'one-line.log'), `#Software: Microsoft Internet Information Services 10.0 #Version: 1.0 #Fields: ${FIELDS} ${iisRows.slice(0, 20).map(iisLine).join(' ')}`);
manifest.customRows = CUSTOM_ROWS;
manifest.customFields = CUSTOM.split(' ');
console.log(JSON.stringify(manifest));
