// Writes assets/samples/: a small two-machine WCF scenario (a client on WEB01 calling a service on
// APP01 whose clock runs 350 ms ahead) and APP01's IIS log of the same minutes, with a 503.2 burst.
// Deterministic: run it again and the bytes are the same. `node scripts/make-samples.mjs`
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activityBoundary, guidSource, messageRecord, sortEvents, traceEvent, traceRecord, ZERO_ACTIVITY } from './svclog-writer.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'samples');
mkdirSync(out, { recursive: true });

const { rand, guid } = guidSource(20261123);
const T0 = Date.UTC(2026, 10, 20, 1, 50, 0) * 10_000; // 100 ns ticks since epoch
const APP01_SKEW = 350 * 10_000; // APP01's clock reads 350 ms ahead
const NS = 'http://tracelens.sample/orders';
const ZERO = ZERO_ACTIVITY;
const event = traceEvent;
const record = traceRecord;
const boundary = activityBoundary;
const message = (m) => messageRecord({ correlationId: guid(), ...m });

const client = { name: 'OrderPortal', pid: 5120, tid: 7 };
const service = { name: 'w3wp', pid: 3388, tid: 12 };
const endpoint = 'http://app01:8080/OrderService.svc';
const web01 = [];
const app01 = [];
const iisRows = [];
const ops = ['SubmitOrder', 'GetOrderStatus', 'SubmitOrder', 'ListOrders'];

for (let k = 0; k < 40; k++) {
  const op = ops[k % ops.length];
  const action = `${NS}/IOrderService/${op}`;
  const act = guid();
  const recv = guid();
  const msgId = guid();
  const replyId = guid();
  const fail = k % 9 === 4;
  const slow = k === 27;
  let t = T0 + k * 2_600_000 * 10 + Math.floor(rand() * 4_000_000);
  const tid = () => ({ ...service, tid: 10 + (k % 5) });
  // Client side (WEB01)
  web01.push(event({ t, sub: 'Transfer', level: 255, act: ZERO, related: act, proc: client, host: 'WEB01' }));
  web01.push(event({ t: (t += 310), sub: 'Start', level: 255, act, proc: client, host: 'WEB01', body: boundary(`Process action '${action}'.`, 'ProcessAction'), eventId: 131085 }));
  web01.push(event({ t: (t += 2200), sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act, proc: client, host: 'WEB01', body: message({ t, source: 'TransportSend', action, messageId: msgId, activityHeader: act, to: endpoint, body: `<${op} xmlns="${NS}"><orderId>${1000 + k}</orderId></${op}>` }) }));
  // Network and service (APP01, clock ahead)
  const latency = 40_000 + Math.floor(rand() * 50_000); // 4–9 ms
  let s = t + latency + APP01_SKEW;
  const sStart = s;
  const sp = tid();
  app01.push(event({ t: s, sub: 'Transfer', level: 255, act: ZERO, related: recv, proc: sp, host: 'APP01' }));
  app01.push(event({ t: (s += 150), sub: 'Start', level: 255, act: recv, proc: sp, host: 'APP01', body: boundary(`Receive bytes on connection '${endpoint}'.`, 'ReceiveBytes'), eventId: 131085 }));
  app01.push(event({ t: (s += 900), sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act: recv, proc: sp, host: 'APP01', body: message({ t: s, source: 'TransportReceive', action, messageId: msgId, activityHeader: act, to: endpoint, body: `<${op} xmlns="${NS}"><orderId>${1000 + k}</orderId></${op}>`, http: '<HttpRequest><Method>POST</Method><QueryString></QueryString><WebHeaders><Host>app01:8080</Host></WebHeaders></HttpRequest>' }) }));
  app01.push(event({ t: (s += 400), sub: 'Transfer', level: 255, act: recv, related: act, proc: sp, host: 'APP01' }));
  app01.push(event({ t: (s += 200), sub: 'Start', level: 255, act, proc: sp, host: 'APP01', body: boundary(`Process action '${action}'.`, 'ProcessAction'), eventId: 131085 }));
  app01.push(event({ t: (s += 1800), sub: 'Information', level: 8, act, proc: sp, host: 'APP01', body: record('Information', 'ExecuteUserCode', `Calling OrderService.${op} for order ${1000 + k}.`) }));
  s += slow ? 52_000_000 : 30_000 + Math.floor(rand() * 400_000);
  if (fail) {
    app01.push(event({ t: s, sub: 'Error', level: 2, act, proc: sp, host: 'APP01', eventId: 131075, body: record('Error', 'ThrowingException', 'Throwing an exception.', `<Exception><ExceptionType>System.TimeoutException, mscorlib</ExceptionType><Message>The order database did not answer within 00:00:05.</Message><StackTrace>   at OrderService.Data.OrderStore.Load(Int32 orderId)\n   at OrderService.OrderService.${op}(Int32 orderId)</StackTrace></Exception>`) }));
  }
  if (slow) app01.push(event({ t: s, sub: 'Warning', level: 4, act, proc: sp, host: 'APP01', body: record('Warning', 'SlowOperation', `OrderService.${op} took 5.2 s.`) }));
  const replyAction = fail ? 'http://www.w3.org/2005/08/addressing/soap/fault' : `${action}Response`;
  const replyBody = fail ? '<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang="en-US">The order database did not answer within 00:00:05.</s:Text></s:Reason></s:Fault>' : `<${op}Response xmlns="${NS}"><status>Accepted</status></${op}Response>`;
  app01.push(event({ t: (s += 500), sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act, proc: sp, host: 'APP01', body: message({ t: s, source: 'TransportSend', action: replyAction, messageId: replyId, relatesTo: msgId, activityHeader: act, body: replyBody, http: `<HttpResponse><StatusCode>${fail ? 'InternalServerError' : 'OK'}</StatusCode></HttpResponse>` }) }));
  app01.push(event({ t: (s += 300), sub: 'Stop', level: 255, act, proc: sp, host: 'APP01', body: boundary(`Process action '${action}'.`, 'ProcessAction', 'Stop') }));
  app01.push(event({ t: (s += 200), sub: 'Stop', level: 255, act: recv, proc: sp, host: 'APP01' }));
  iisRows.push({ t: s, method: 'POST', uri: '/OrderService.svc', status: fail ? 500 : 200, sub: 0, taken: Math.round((s - sStart) / 10_000) + 1 });
  // Back to the client
  let c = s - APP01_SKEW + 40_000 + Math.floor(rand() * 40_000);
  web01.push(event({ t: c, sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act, proc: client, host: 'WEB01', body: message({ t: c, source: 'TransportReceive', action: replyAction, messageId: replyId, relatesTo: msgId, activityHeader: act, body: replyBody }) }));
  if (fail) web01.push(event({ t: (c += 600), sub: 'Warning', level: 4, act, proc: client, host: 'WEB01', body: record('Warning', 'FaultReceived', `The service answered ${op} with a fault: The order database did not answer within 00:00:05.`) }));
  web01.push(event({ t: (c += 400), sub: 'Stop', level: 255, act, proc: client, host: 'WEB01' }));
}

// IIS log of APP01: the service calls above, background traffic, and a 503.2 burst.
for (let i = 0; i < 260; i++) {
  const t = T0 + Math.floor(rand() * 110_000) * 10_000 + APP01_SKEW;
  const uri = ['/', '/health', '/orders/list', '/content/site.css', '/api/stock'][Math.floor(rand() * 5)];
  const status = rand() < 0.04 ? 404 : rand() < 0.2 ? 304 : 200;
  iisRows.push({ t, method: 'GET', uri, status, sub: 0, taken: 2 + Math.floor(rand() * 60) });
}
const burstStart = T0 + 70 * 10_000_000 + APP01_SKEW;
for (let i = 0; i < 64; i++) {
  iisRows.push({ t: burstStart + Math.floor(i * 0.45 * 10_000_000) + Math.floor(rand() * 3_000_000), method: 'POST', uri: '/OrderService.svc', status: 503, sub: 2, taken: 0 });
}
iisRows.sort((a, b) => a.t - b.t);
const iisLines = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Version: 1.0',
  '#Date: 2026-11-20 01:50:00',
  '#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
];
for (const r of iisRows) {
  const iso = new Date(Math.floor(r.t / 10_000)).toISOString();
  const agent = r.method === 'POST' ? 'OrderPortal/2.1+(WCF)' : 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)';
  const client = r.method === 'POST' ? '10.1.0.21' : `10.1.${Math.floor(rand() * 4)}.${10 + Math.floor(rand() * 200)}`;
  iisLines.push(`${iso.slice(0, 10)} ${iso.slice(11, 19)} W3SVC1 APP01 10.1.0.30 ${r.method} ${r.uri} - 8080 - ${client} ${agent} - ${r.status} ${r.sub} 0 ${r.status === 503 ? 326 : 900 + Math.floor(rand() * 4000)} ${r.method === 'POST' ? 512 : 410} ${r.taken}`);
}

writeFileSync(join(out, 'web01_orderportal.svclog'), sortEvents(web01).join(''));
writeFileSync(join(out, 'app01_orderservice.svclog'), sortEvents(app01).join(''));
writeFileSync(join(out, 'app01_u_ex261120.log'), iisLines.join('\r\n') + '\r\n');
console.log(`wrote ${web01.length} + ${app01.length} events and ${iisRows.length} IIS rows to ${out}`);
