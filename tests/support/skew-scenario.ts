/**
 * Multi-machine WCF scenarios with known clock offsets, written as one .svclog per process, for the
 * clock-skew tests: several machines, several processes on one machine, request/reply and one-way
 * messages, fine and 15.6 ms clocks, a machine reachable only through another.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activityBoundary, guidSource, messageRecord, sortEvents, traceEvent, ZERO_ACTIVITY, type Proc } from '../../scripts/svclog-writer.mjs';

export interface ScenarioHost {
  name: string;
  /** The host's clock reads true time + offset. */
  offsetUs: number;
  /** Timestamps on 15.625 ms ticks (older Windows clocks). */
  coarse?: boolean;
  processes: string[];
}

export interface ScenarioCall {
  from: [host: string, process: number];
  to: [host: string, process: number];
  kind: 'request-reply' | 'one-way';
  count: number;
  action: string;
}

export interface ScenarioSpec {
  seed: number;
  hosts: ScenarioHost[];
  calls: ScenarioCall[];
  /** One-way network latency range, µs. */
  latencyUs: [number, number];
}

export const DEFAULT_SCENARIO: ScenarioSpec = {
  seed: 7,
  latencyUs: [400, 2500],
  hosts: [
    { name: 'WEB01', offsetUs: 0, processes: ['OrderPortal', 'BatchJobs'] },
    { name: 'APP01', offsetUs: 350_000, processes: ['w3wp'] },
    { name: 'DB01', offsetUs: -1_234_500, processes: ['StockService'] },
    { name: 'LEGACY01', offsetUs: 2_750_000, coarse: true, processes: ['LegacyGateway'] },
    { name: 'EDGE01', offsetUs: 80_000, processes: ['EdgeRelay'] },
  ],
  calls: [
    { from: ['WEB01', 0], to: ['APP01', 0], kind: 'request-reply', count: 20, action: 'http://tracelens.sample/orders/IOrderService/SubmitOrder' },
    { from: ['WEB01', 1], to: ['APP01', 0], kind: 'one-way', count: 8, action: 'http://tracelens.sample/orders/IOrderService/Notify' },
    { from: ['WEB01', 0], to: ['WEB01', 1], kind: 'request-reply', count: 5, action: 'http://tracelens.sample/jobs/IJobs/Enqueue' },
    // DB01 and LEGACY01 talk only to APP01: reachable only through another host.
    { from: ['APP01', 0], to: ['DB01', 0], kind: 'request-reply', count: 15, action: 'http://tracelens.sample/stock/IStock/Reserve' },
    { from: ['APP01', 0], to: ['LEGACY01', 0], kind: 'request-reply', count: 25, action: 'http://tracelens.sample/legacy/ILegacy/Lookup' },
    // EDGE01 only sends one-way datagrams to WEB01.
    { from: ['EDGE01', 0], to: ['WEB01', 0], kind: 'one-way', count: 10, action: 'http://tracelens.sample/edge/IEdge/Heartbeat' },
  ],
};

const COARSE_TICKS = 156_250; // 15.625 ms in 100 ns ticks

export interface WrittenScenario {
  files: string[];
  /** True offsets in µs, by computer. */
  offsetsUs: Map<string, number>;
}

export function writeScenario(dir: string, spec: ScenarioSpec = DEFAULT_SCENARIO): WrittenScenario {
  mkdirSync(dir, { recursive: true });
  const { rand, guid } = guidSource(spec.seed);
  const hosts = new Map(spec.hosts.map((h) => [h.name, h]));
  const out = new Map<string, string[]>();
  const procOf = (host: string, p: number): Proc => ({ name: hosts.get(host)!.processes[p], pid: 1000 + spec.hosts.findIndex((h) => h.name === host) * 100 + p, tid: 5 });
  // Raw timestamp on a host's clock (ticks) for a true time (ticks).
  const clock = (host: string, t: number) => {
    const h = hosts.get(host)!;
    const raw = t + h.offsetUs * 10;
    return h.coarse ? Math.floor(raw / COARSE_TICKS) * COARSE_TICKS : raw;
  };
  const emit = (host: string, p: number, e: Omit<Parameters<typeof traceEvent>[0], 'host' | 'proc' | 't'> & { t: number }) => {
    const key = `${host}_${hosts.get(host)!.processes[p]}`;
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push(traceEvent({ ...e, t: clock(host, e.t), host, proc: procOf(host, p) }));
  };
  const latency = () => Math.round((spec.latencyUs[0] + rand() * (spec.latencyUs[1] - spec.latencyUs[0])) * 10);
  const msg = (t: number, host: string, source: string, action: string, a: string, messageId: string, relatesTo?: string) =>
    messageRecord({ t: clock(host, t), source, action, messageId, relatesTo, activityHeader: a, correlationId: guid(), body: '<payload>1</payload>' });

  let t = Date.UTC(2026, 10, 20, 1, 50, 0) * 10_000;
  for (const call of spec.calls) {
    for (let k = 0; k < call.count; k++) {
      t += 3_000_000 + Math.floor(rand() * 5_000_000); // 0.3–0.8 s apart
      const [fh, fp] = call.from;
      const [th, tp] = call.to;
      const act = guid();
      const recv = guid();
      const messageId = guid();
      let s = t;
      emit(fh, fp, { t: s, sub: 'Transfer', level: 255, act: ZERO_ACTIVITY, related: act });
      emit(fh, fp, { t: (s += 200), sub: 'Start', level: 255, act, body: activityBoundary(`Process action '${call.action}'.`, 'ProcessAction') });
      emit(fh, fp, { t: (s += 500), sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act, body: msg(s, fh, 'TransportSend', call.action, act, messageId) });
      let r = s + latency();
      emit(th, tp, { t: r, sub: 'Transfer', level: 255, act: ZERO_ACTIVITY, related: recv });
      emit(th, tp, { t: (r += 100), sub: 'Start', level: 255, act: recv, body: activityBoundary('Receive bytes on connection.', 'ReceiveBytes') });
      emit(th, tp, { t: (r += 300), sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act: recv, body: msg(r, th, 'TransportReceive', call.action, act, messageId) });
      emit(th, tp, { t: (r += 200), sub: 'Transfer', level: 255, act: recv, related: act });
      emit(th, tp, { t: (r += 100), sub: 'Start', level: 255, act, body: activityBoundary(`Process action '${call.action}'.`, 'ProcessAction') });
      r += 5_000 + Math.floor(rand() * 40_000);
      if (call.kind === 'request-reply') {
        const replyId = guid();
        emit(th, tp, { t: r, sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act, body: msg(r, th, 'TransportSend', `${call.action}Response`, act, replyId, messageId) });
        const back = r + latency();
        emit(fh, fp, { t: back, sub: 'Information', level: 8, source: 'System.ServiceModel.MessageLogging', act, body: msg(back, fh, 'TransportReceive', `${call.action}Response`, act, replyId, messageId) });
        emit(fh, fp, { t: back + 300, sub: 'Stop', level: 255, act });
      } else {
        emit(fh, fp, { t: s + 400, sub: 'Stop', level: 255, act });
      }
      emit(th, tp, { t: (r += 300), sub: 'Stop', level: 255, act });
      emit(th, tp, { t: (r += 100), sub: 'Stop', level: 255, act: recv });
      t = Math.max(t, r);
    }
  }
  const files: string[] = [];
  for (const [key, events] of out) {
    const path = join(dir, `${key}.svclog`);
    writeFileSync(path, sortEvents(events).join(''));
    files.push(path);
  }
  return { files, offsetsUs: new Map(spec.hosts.map((h) => [h.name, h.offsetUs])) };
}
