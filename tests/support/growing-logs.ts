/**
 * Text of IIS W3C logs for tests that follow growing files: a header, then rows one second apart
 * (a few 503.2s among them); `blocks` > 1 restarts the header mid-file, as IIS does after a
 * recycle. Deterministic for a seed.
 */
import { activityBoundary, messageRecord, traceEvent, traceRecord } from '../../scripts/svclog-writer.mjs';

export const IIS_FIELDS = 'date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';

export function iisHeader(at: Date): string {
  const d = at.toISOString().slice(0, 19).replace('T', ' ');
  return `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: ${d}\r\n#Fields: ${IIS_FIELDS}\r\n`;
}

export interface RowSpec {
  at: Date;
  status?: number;
  substatus?: number;
  uri?: string;
  timeTaken?: number;
  server?: string;
}

export function iisRow(r: RowSpec): string {
  const d = r.at.toISOString().slice(0, 19).replace('T', ' ');
  return `${d} W3SVC1 ${r.server ?? 'WEB01'} 10.0.0.11 POST ${r.uri ?? '/OrderService.svc'} - 443 81.2.69.143 Order+Client/2.3 ${r.status ?? 200} ${r.substatus ?? 0} 0 ${r.timeTaken ?? 15}\r\n`;
}

export function iisLog(opts: { rows: number; seed?: number; blocks?: number; start?: Date }): string {
  let s = (opts.seed ?? 1) >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const t0 = (opts.start ?? new Date(Date.UTC(2024, 2, 1, 10))).getTime();
  const blocks = Math.max(1, opts.blocks ?? 1);
  let out = '';
  for (let i = 0; i < opts.rows; i++) {
    const at = new Date(t0 + i * 1000);
    if (i % Math.ceil(opts.rows / blocks) === 0) out += iisHeader(at);
    const r = rand();
    out += iisRow({ at, status: r < 0.05 ? 503 : r < 0.1 ? 404 : 200, substatus: r < 0.05 ? 2 : 0, uri: `/api/item/${Math.floor(rand() * 50)}`, timeTaken: Math.floor(rand() * 3000) });
  }
  return out;
}

/** svclog events of one order activity on WEB01: its Start, `traces` information traces, and optionally its Stop. */
export function orderEvents(opts: { name: string; act: string; t0Ms: number; traces: number; start?: boolean; stop?: boolean; level?: number }): string {
  const proc = { name: 'OrderService', pid: 4100, tid: 7 };
  const t = (k: number) => (opts.t0Ms + k * 10) * 10_000;
  let out = '';
  if (opts.start !== false) out += traceEvent({ t: t(0), sub: 'Start', level: 255, act: opts.act, proc, host: 'WEB01', body: activityBoundary(opts.name, 'ProcessAction') });
  for (let k = 1; k <= opts.traces; k++) out += traceEvent({ t: t(k), sub: 'Information', level: opts.level ?? 8, act: opts.act, proc, host: 'WEB01', body: traceRecord('Information', 'TraceCode', `${opts.name}: step ${k}`) });
  if (opts.stop) out += traceEvent({ t: t(opts.traces + 1), sub: 'Stop', level: 255, act: opts.act, proc, host: 'WEB01', body: activityBoundary(opts.name, 'ProcessAction', 'Stop') });
  return out;
}

/** `count` logged messages of one activity on WEB01, one second apart from `t0Ms`, sent to the order service (`Order N` in the action). */
export function messageEvents(opts: { act: string; t0Ms: number; count: number; first?: number }): string {
  const proc = { name: 'OrderService', pid: 4100, tid: 9 };
  let out = '';
  for (let k = 0; k < opts.count; k++) {
    const t = (opts.t0Ms + k * 1000) * 10_000;
    const n = (opts.first ?? 0) + k;
    const body = messageRecord({ t, source: 'TransportSend', action: `http://tempuri.org/IOrderService/Order${n}`, activityHeader: opts.act, correlationId: opts.act, to: 'http://app01/OrderService.svc', body: `<Order xmlns="urn:tracelens:orders"><Id>${n}</Id></Order>` });
    out += traceEvent({ t, sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act: opts.act, proc, host: 'WEB01', body });
  }
  return out;
}
