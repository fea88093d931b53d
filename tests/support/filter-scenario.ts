/**
 * Two machines' WCF traces for the filter tests: an order portal on WEB01 calling an order service
 * on APP01, with descriptions to query ("Order 7 failed: timeout contacting stock"), warnings,
 * errors with exceptions, message records, and an application-data payload per order
 * (`<Order xmlns="urn:tracelens:orders"><Id/><CustomerId/></Order>`) for custom XPath filters.
 * `day` moves the whole scenario to another date (a restored time window must not hide it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activityBoundary, escapeXml, guidSource, messageRecord, sortEvents, traceEvent, traceRecord, ZERO_ACTIVITY, type Proc } from '../../scripts/svclog-writer.mjs';

export interface FilterScenario {
  files: string[];
  orders: number;
}

const WEB: Proc = { name: 'OrderPortal', pid: 4100, tid: 7 };
const APP: Proc = { name: 'OrderService', pid: 5200, tid: 9 };
const ACTION = 'http://tracelens.sample/orders/IOrderService/SubmitOrder';

export function writeFilterScenario(dir: string, opts: { day?: [number, number, number]; orders?: number; prefix?: string } = {}): FilterScenario {
  mkdirSync(dir, { recursive: true });
  const [y, m, d] = opts.day ?? [2026, 10, 20];
  const orders = opts.orders ?? 24;
  const { guid } = guidSource(11);
  const web: string[] = [];
  const app: string[] = [];
  let t = Date.UTC(y, m, d, 22, 0, 0) * 10_000;
  const ev = (list: string[], host: string, proc: Proc, e: Omit<Parameters<typeof traceEvent>[0], 'host' | 'proc'>) => list.push(traceEvent({ ...e, host, proc }));
  for (let k = 1; k <= orders; k++) {
    t += 20_000_000; // 2 s apart
    const act = guid();
    const customer = `C-${(k % 3) + 1}`;
    const payload = `<Order xmlns="urn:tracelens:orders"><Id>${k}</Id><CustomerId>${customer}</CustomerId></Order>`;
    let s = t;
    ev(web, 'WEB01', WEB, { t: s, sub: 'Transfer', level: 255, act: ZERO_ACTIVITY, related: act });
    ev(web, 'WEB01', WEB, { t: (s += 1000), sub: 'Start', level: 255, act, body: activityBoundary(`Process order ${k}`, 'ProcessAction') });
    ev(web, 'WEB01', WEB, { t: (s += 1000), sub: 'Information', level: 8, act, eventId: 100, body: traceRecord('Information', 'Submit', `Submitting order ${k} for customer ${customer}`) });
    ev(web, 'WEB01', WEB, { t: (s += 1000), sub: 'Information', level: 8, act, eventId: 101, body: payload });
    const id = guid();
    ev(web, 'WEB01', WEB, { t: (s += 1000), sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act, body: messageRecord({ t: s, source: 'TransportSend', action: ACTION, messageId: id, activityHeader: act, correlationId: guid(), to: 'http://app01/OrderService.svc', body: escapeXml('') + payload }) });
    let r = s + 20_000;
    ev(app, 'APP01', APP, { t: r, sub: 'Start', level: 255, act, body: activityBoundary(`Process order ${k}`, 'ProcessAction') });
    ev(app, 'APP01', APP, { t: (r += 1000), sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act, body: messageRecord({ t: r, source: 'TransportReceive', action: ACTION, messageId: id, activityHeader: act, correlationId: guid(), to: 'http://app01/OrderService.svc', body: payload }) });
    if (k % 4 === 0) {
      ev(app, 'APP01', APP, { t: (r += 1000), sub: 'Error', level: 2, act, eventId: 500, body: traceRecord('Error', 'ThrowingException', `Order ${k} failed: timeout contacting stock`, `<Exception><ExceptionType>System.TimeoutException</ExceptionType><Message>The stock service did not answer in 00:00:05</Message></Exception>`) });
    } else if (k % 4 === 1) {
      ev(app, 'APP01', APP, { t: (r += 1000), sub: 'Warning', level: 4, act, eventId: 300, body: traceRecord('Warning', 'Retry', `Order ${k} retry after timeout contacting stock`) });
    }
    ev(app, 'APP01', APP, { t: (r += 1000), sub: 'Information', level: 8, act, eventId: 200, body: traceRecord('Information', 'Stored', `Order ${k} stored for customer ${customer}`) });
    ev(app, 'APP01', APP, { t: (r += 1000), sub: 'Stop', level: 255, act });
    ev(web, 'WEB01', WEB, { t: r + 10_000, sub: 'Stop', level: 255, act });
    t = r + 20_000;
  }
  const prefix = opts.prefix ?? '';
  const files = [join(dir, `${prefix}web01_portal.svclog`), join(dir, `${prefix}app01_service.svclog`)];
  writeFileSync(files[0], sortEvents(web).join(''));
  writeFileSync(files[1], sortEvents(app).join(''));
  return { files, orders };
}
