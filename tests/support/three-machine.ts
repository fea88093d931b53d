/**
 * A generated three-machine run for the graph: each order is one activity that runs on WEB01
 * (OrderPortal), APP01 (OrderService) and DB01 (StockService), its ID propagated with the
 * messages (SubmitOrder, then Reserve, and their replies), each receive in a "Receive bytes"
 * activity that transfers to it. APP01's and DB01's clocks are off (raw time has backwards
 * arrows), a few orders warn or fail, and a 12 min 04 s pause splits the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activityBoundary, guidSource, messageRecord, sortEvents, traceEvent, traceRecord, ZERO_ACTIVITY, type Proc } from '../../scripts/svclog-writer.mjs';

export const THREE_MACHINES = {
  hosts: ['WEB01', 'APP01', 'DB01'],
  /** Clock offsets (µs): the host's clock reads true time + offset. */
  offsetsUs: { WEB01: 0, APP01: 350_000, DB01: -1_234_500 } as Record<string, number>,
  submit: 'http://tracelens.sample/orders/IOrderService/SubmitOrder',
  reserve: 'http://tracelens.sample/stock/IStockService/Reserve',
  pauseUs: 724_000_000,
};

export function writeThreeMachines(dir: string, orders = 340, seed = 18): { files: string[]; orders: number } {
  mkdirSync(dir, { recursive: true });
  const { rand, guid } = guidSource(seed);
  const out = new Map<string, string[]>();
  const procs: Record<string, Proc> = {
    WEB01: { name: 'OrderPortal', pid: 4100, tid: 0 },
    APP01: { name: 'OrderService', pid: 5200, tid: 0 },
    DB01: { name: 'StockService', pid: 6300, tid: 0 },
  };
  const emit = (host: string, tid: number, e: { t: number; sub: string; level: number; act: string; related?: string; body?: string; source?: string }) => {
    if (!out.has(host)) out.set(host, []);
    const raw = e.t + THREE_MACHINES.offsetsUs[host] * 10;
    out.get(host)!.push(traceEvent({ ...e, t: raw, host, proc: { ...procs[host], tid } }));
  };
  const latency = () => Math.round((500 + rand() * 2000) * 10);
  const LOG = 'System.ServiceModel.MessageLogging';
  const msg = (host: string, t: number, source: string, action: string, act: string, messageId: string, relatesTo?: string) =>
    messageRecord({ t: t + THREE_MACHINES.offsetsUs[host] * 10, source, action, messageId, relatesTo, activityHeader: act, correlationId: guid(), body: `<payload>${Math.floor(rand() * 1000)}</payload>` });
  const info = (text: string) => traceRecord('Information', 'TraceCode', text);
  /** A request arriving: its "Receive bytes" activity `r` logs it and transfers to the order `a`, which starts there. Returns the last time. */
  const receive = (host: string, tid: number, t: number, r: string, a: string, action: string, messageId: string) => {
    emit(host, tid, { t, sub: 'Transfer', level: 255, act: ZERO_ACTIVITY, related: r });
    emit(host, tid, { t: (t += 100), sub: 'Start', level: 255, act: r, body: activityBoundary('Receive bytes on connection.', 'ReceiveBytes') });
    emit(host, tid, { t: (t += 200), sub: 'Information', level: 8, source: LOG, act: r, body: msg(host, t, 'TransportReceive', action, a, messageId) });
    emit(host, tid, { t: (t += 150), sub: 'Transfer', level: 255, act: r, related: a });
    emit(host, tid, { t: (t += 100), sub: 'Start', level: 255, act: a, body: activityBoundary(`Process action '${action}'.`, 'ProcessAction') });
    return t;
  };
  let t = Date.UTC(2026, 10, 20, 9, 0, 0) * 10_000;
  for (let k = 0; k < orders; k++) {
    t += 3_000_000 + Math.floor(rand() * 5_000_000);
    if (k === Math.floor(orders / 2)) t += THREE_MACHINES.pauseUs * 10;
    const a = guid();
    const wt = 10 + (k % 4);
    const at = 20 + (k % 3);
    const dt = 30 + (k % 2);
    // WEB01: the order's activity starts and sends SubmitOrder.
    let w = t;
    emit('WEB01', wt, { t: w, sub: 'Transfer', level: 255, act: ZERO_ACTIVITY, related: a });
    emit('WEB01', wt, { t: (w += 150), sub: 'Start', level: 255, act: a, body: activityBoundary(`Process action '${THREE_MACHINES.submit}'.`, 'ProcessAction') });
    emit('WEB01', wt, { t: (w += 400), sub: 'Information', level: 8, act: a, body: info(`Validating order ${1000 + k}.`) });
    const submitId = guid();
    emit('WEB01', wt, { t: (w += 300), sub: 'Information', level: 8, source: LOG, act: a, body: msg('WEB01', w, 'TransportSend', THREE_MACHINES.submit, a, submitId) });
    // APP01: receive bytes, transfer to the order, reserve stock on DB01.
    const r1 = guid();
    let p = receive('APP01', at, w + latency(), r1, a, THREE_MACHINES.submit, submitId);
    emit('APP01', at, { t: (p += 700), sub: 'Information', level: 8, act: a, body: info(`Reserving stock for order ${1000 + k}.`) });
    const reserveId = guid();
    emit('APP01', at, { t: (p += 300), sub: 'Information', level: 8, source: LOG, act: a, body: msg('APP01', p, 'TransportSend', THREE_MACHINES.reserve, a, reserveId) });
    // DB01: receive bytes, transfer, reserve (a warning now and then, an error rarely), reply.
    const r2 = guid();
    let d = receive('DB01', dt, p + latency(), r2, a, THREE_MACHINES.reserve, reserveId);
    d += 2_000 + Math.floor(rand() * 30_000);
    if (k % 23 === 7) emit('DB01', dt, { t: d, sub: 'Error', level: 2, act: a, body: traceRecord('Error', 'TraceCode', `Deadlock on stock row ${k}; the reservation was retried.`) });
    else if (k % 9 === 4) emit('DB01', dt, { t: d, sub: 'Warning', level: 4, act: a, body: traceRecord('Warning', 'TraceCode', `Low stock for item ${k % 50}.`) });
    else emit('DB01', dt, { t: d, sub: 'Information', level: 8, act: a, body: info(`Stock reserved for order ${1000 + k}.`) });
    const reserveReply = guid();
    emit('DB01', dt, { t: (d += 400), sub: 'Information', level: 8, source: LOG, act: a, body: msg('DB01', d, 'TransportSend', `${THREE_MACHINES.reserve}Response`, a, reserveReply, reserveId) });
    emit('DB01', dt, { t: (d += 200), sub: 'Stop', level: 255, act: a });
    emit('DB01', dt, { t: (d += 100), sub: 'Stop', level: 255, act: r2 });
    // APP01: the reply, then SubmitOrder's reply.
    p = d + latency();
    emit('APP01', at, { t: p, sub: 'Information', level: 8, source: LOG, act: a, body: msg('APP01', p, 'TransportReceive', `${THREE_MACHINES.reserve}Response`, a, reserveReply, reserveId) });
    const submitReply = guid();
    emit('APP01', at, { t: (p += 500), sub: 'Information', level: 8, source: LOG, act: a, body: msg('APP01', p, 'TransportSend', `${THREE_MACHINES.submit}Response`, a, submitReply, submitId) });
    emit('APP01', at, { t: (p += 200), sub: 'Stop', level: 255, act: a });
    emit('APP01', at, { t: (p += 100), sub: 'Stop', level: 255, act: r1 });
    // WEB01: the reply closes the order.
    w = p + latency();
    emit('WEB01', wt, { t: w, sub: 'Information', level: 8, source: LOG, act: a, body: msg('WEB01', w, 'TransportReceive', `${THREE_MACHINES.submit}Response`, a, submitReply, submitId) });
    emit('WEB01', wt, { t: (w += 300), sub: 'Information', level: 8, act: a, body: info(`Order ${1000 + k} confirmed.`) });
    emit('WEB01', wt, { t: (w += 200), sub: 'Stop', level: 255, act: a });
    t = Math.max(t, w);
  }
  const files: string[] = [];
  for (const [host, events] of out) {
    const path = join(dir, `${host}_${procs[host].name}.svclog`);
    writeFileSync(path, sortEvents(events).join(''));
    files.push(path);
  }
  return { files, orders };
}
