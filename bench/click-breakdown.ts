// Where a click's time goes, from the click until the canvas drew the answer: the page sends the
// request (React, effects), the host receives it (its event loop may be held by other work), runs
// it, the page receives the answer and draws it. Three clocks, one time base (wall-clock ms:
// performance.timeOrigin + now, the same on both sides of one machine):
// - the page's WebSocket sends and receipts, recorded by an init script (`recordCalls`);
// - the host's call log and spans (TRACELENS_TRACE_CALLS=1: startHost's `traced` lines);
// - a Chromium trace of the renderer's main thread (its tasks), aligned with a performance mark.
import type { Page } from 'playwright-core';
import { isTask, partsOf, type TraceEvent } from './frame-work';

/** A click timed in the page (wall-clock ms) and the user-timing mark placed at it. */
export interface TimedClick {
  label: string;
  at: number;
  drawn: number;
  mark: string;
}

interface PageCall {
  id: number;
  channel: string;
  sent: number;
  received?: number;
  bytes?: number;
}

/** Before the page loads: record every contract call's send and its answer's receipt (wall-clock ms). */
export async function recordCalls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const calls = new Map<number, { id: number; channel: string; sent: number; received?: number; bytes?: number }>();
    (window as unknown as { __calls: typeof calls }).__calls = calls;
    const now = () => performance.timeOrigin + performance.now();
    const Native = window.WebSocket;
    // A subclass whose message listener is the first one: the receipt time is not after the app's handler.
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (e) => {
          const text = String(e.data);
          const m = /^\{"id":(\d+)/.exec(text.slice(0, 24));
          const c = m && calls.get(Number(m[1]));
          if (c) Object.assign(c, { received: now(), bytes: text.length });
        });
      }
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        const m = typeof data === 'string' ? /^\{"id":(\d+),"channel":"([^"]+)"/.exec(data.slice(0, 80)) : null;
        if (m) calls.set(Number(m[1]), { id: Number(m[1]), channel: m[2], sent: now() });
        super.send(data);
      }
    };
  });
}

interface HostCall {
  channel: string;
  id: number;
  arrived: number;
  started: number;
  answered: number;
}
interface Span {
  name: string;
  at: number;
  took: number;
}

function parseHost(lines: string[]): { calls: Map<number, HostCall>; all: HostCall[]; spans: Span[] } {
  const calls = new Map<number, HostCall>();
  const all: HostCall[] = [];
  const spans: Span[] = [];
  for (const l of lines) {
    let m = /^call (\S+) #(\d+) arrived ([\d.]+) started ([\d.]+) answered ([\d.]+)/.exec(l);
    if (m) {
      const c = { channel: m[1], id: Number(m[2]), arrived: Number(m[3]), started: Number(m[4]), answered: Number(m[5]) };
      calls.set(c.id, c);
      all.push(c);
      continue;
    }
    m = /^span (.+) at ([\d.]+) took ([\d.]+)/.exec(l);
    if (m) spans.push({ name: m[1], at: Number(m[2]), took: Number(m[3]) });
  }
  return { calls, all, spans };
}

const ms = (x: number) => `${Math.max(0, x).toFixed(0)}`;
const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * One line per click: its total and the chain of the answer it drew (click → sent → host received
 * → host started → answered → page received → drawn), with what held each side meanwhile (host
 * spans and other calls; renderer main-thread tasks from `trace`). The slowest click gets the
 * details. `traceEvents`: the renderer main thread's events while the clicks ran.
 */
export async function clickBreakdown(page: Page, clicks: TimedClick[], hostLines: string[], traceEvents: TraceEvent[], channel = 'graph.data'): Promise<string[]> {
  const pageCalls = await page.evaluate(() => [...(window as unknown as { __calls: Map<number, PageCall> }).__calls.values()]);
  const host = parseHost(hostLines);
  // Trace µs → wall-clock ms, from the marks placed at each click.
  const marks = new Map(traceEvents.filter((e) => e.name.startsWith('tl-click')).map((e) => [e.name, e.ts / 1000]));
  const clickMark = clicks.find((c) => marks.has(c.mark));
  const offset = clickMark ? clickMark.at - marks.get(clickMark.mark)! : undefined;
  // Top-level tasks only (a RunTask inside another is counted once, in the outer one).
  let end = -Infinity;
  const outer = traceEvents
    .filter(isTask)
    .sort((a, b) => a.ts - b.ts)
    .filter((e) => e.ts >= end && (end = e.ts + (e.dur ?? 0)) >= 0);
  const tasks = offset === undefined ? [] : outer.map((e) => ({ from: e.ts / 1000 + offset, to: (e.ts + (e.dur ?? 0)) / 1000 + offset, ev: e }));
  const busyPage = (from: number, to: number) => tasks.reduce((s, t) => s + overlap(t.from, t.to, from, to), 0);
  const busyHost = (from: number, to: number, except?: number) =>
    [...host.spans.map((s) => ({ name: s.name, from: s.at, to: s.at + s.took })), ...host.all.filter((c) => c.id !== except).map((c) => ({ name: `call ${c.channel}`, from: c.started, to: c.answered }))]
      .map((s) => ({ name: s.name, ms: overlap(s.from, s.to, from, to) }))
      .filter((s) => s.ms >= 1);
  const lines: string[] = [];
  let slowest: { click: TimedClick; call?: PageCall; hc?: HostCall } | undefined;
  for (const click of clicks) {
    const sent = pageCalls.filter((c) => c.channel === channel && c.sent >= click.at - 1 && c.sent <= click.drawn);
    // The answer drawn: the last one the page received before the drawing.
    const call = sent.filter((c) => c.received !== undefined && c.received <= click.drawn).pop();
    const hc = call && host.calls.get(call.id);
    const total = click.drawn - click.at;
    if (!slowest || total > slowest.click.drawn - slowest.click.at) slowest = { click, call, hc };
    if (!call || !hc) {
      lines.push(`${click.label}: ${ms(total)} ms (no ${channel} answer matched: ${sent.length} sent)`);
      continue;
    }
    lines.push(
      `${click.label}: ${ms(total)} ms = page sends ${ms(call.sent - click.at)} | to host ${ms(hc.arrived - call.sent)} | queued ${ms(hc.started - hc.arrived)} | host runs ${ms(hc.answered - hc.started)} | to page ${ms(call.received! - hc.answered)} | page draws ${ms(click.drawn - call.received!)}` +
        (sent.length > 1 ? ` (${sent.length} requests)` : ''),
    );
  }
  if (slowest?.call && slowest.hc) {
    const { click, call, hc } = slowest;
    lines.push(`the slowest, ${click.label} (${ms(click.drawn - click.at)} ms), in detail:`);
    const hostBusy = busyHost(click.at, hc.started, hc.id);
    lines.push(`  host before it ran (click → started, ${ms(hc.started - click.at)} ms): ${hostBusy.length ? hostBusy.map((s) => `${s.name} ${ms(s.ms)}`).join(', ') : 'nothing traced'}`);
    const inCall = busyHost(hc.started, hc.answered, hc.id).filter((s) => s.name.startsWith('graph') || s.name === 'gc' || s.name.startsWith('views'));
    lines.push(`  host while it ran (${ms(hc.answered - hc.started)} ms): ${inCall.length ? inCall.map((s) => `${s.name} ${ms(s.ms)}`).join(', ') : 'nothing traced'}; answer ${((call.bytes ?? 0) / 1024).toFixed(0)} KB`);
    if (offset === undefined) lines.push('  renderer: no trace');
    else {
      const toSend = busyPage(click.at, call.sent);
      const toDraw = busyPage(call.received!, click.drawn);
      const waiting = busyPage(call.sent, call.received!);
      const ts = (x: number) => (x - offset) * 1000;
      lines.push(`  renderer main thread busy: ${ms(toSend)} of ${ms(call.sent - click.at)} ms before sending, ${ms(waiting)} of ${ms(call.received! - call.sent)} ms while waiting, ${ms(toDraw)} of ${ms(click.drawn - call.received!)} ms from the answer to the drawing`);
      const long = tasks.filter((t) => overlap(t.from, t.to, click.at, click.drawn) >= 8).sort((a, b) => b.to - b.from - (a.to - a.from)).slice(0, 4);
      for (const t of long) lines.push(`    task ${ms(t.to - t.from)} ms (CPU ${ms((t.ev.tdur ?? 0) / 1000)}) at +${ms(t.from - click.at)}: ${partsOf(traceEvents, t.ev.ts, t.ev.ts + (t.ev.dur ?? 0), 5)}`);
      if (!long.length) lines.push(`    no task of 8 ms or more; ${partsOf(traceEvents, ts(click.at), ts(click.drawn), 5)}`);
    }
  }
  return lines;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * The renderer's JS self time while `act` runs (CDP Profiler, sampling), the top `n` functions
 * with their file and line: what the page's script does after a click (GRAPH_BENCH_PROFILE=1).
 */
export async function profileTop(page: Page, act: () => Promise<void>, n = 15): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  let profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  try {
    await act();
  } finally {
    ({ profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: typeof profile });
    await cdp.detach();
  }
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (byNode.get(node.id) ?? 0));
  }
  return [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(1)} ms  ${k}`);
}
