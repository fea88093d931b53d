// What each long renderer task was: a Chromium trace of the page's main thread (tasks with their
// React/JS calls, GC, style, layout and paint) plus a V8 CPU profile sampled at the same time, so
// a bench that counts tasks over 50 ms can also say what filled them. The profile's frames are
// mapped through the renderer bundle's source map to our source files and function names.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { CDPSession, Page } from 'playwright-core';
import type { TraceEvent } from './frame-work';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface LongTaskCause {
  /** Task wall time and its thread CPU time (ms), and when it started (ms after the watch began). */
  ms: number;
  cpuMs: number;
  atMs: number;
  /** Trace events inside the task by their CPU time (nested time counts in each): "Layout 12.0, MinorGC 8.1…". */
  parts: string;
  /** Sampled JS by self time: "react-dom commitRoot 20, JSON.parse 9…" (ms). */
  selfJs: string;
  /** Sampled time by our nearest own source frame (outside node_modules): "iis/Timeline.tsx:88 draw 31…". */
  ownJs: string;
}

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** Names a profile frame, through the bundle's source map where there is one. */
function frameNamer(rendererDir: string): (f: ProfileNode['callFrame']) => { name: string; own: boolean } {
  const maps = new Map<string, TraceMap | null>();
  const mapOf = (url: string): TraceMap | null => {
    if (!maps.has(url)) {
      let map: TraceMap | null = null;
      try {
        const file = join(rendererDir, new URL(url).pathname + '.map');
        if (existsSync(file)) map = new TraceMap(readFileSync(file, 'utf8'));
      } catch {
        map = null;
      }
      maps.set(url, map);
    }
    return maps.get(url)!;
  };
  return (f) => {
    if (!f.url) return { name: f.functionName || `(${f.functionName || 'native'})`, own: false };
    const map = mapOf(f.url);
    if (!map) return { name: f.functionName || '(anonymous)', own: false };
    const p = originalPositionFor(map, { line: f.lineNumber + 1, column: f.columnNumber });
    if (!p.source) return { name: f.functionName || '(anonymous)', own: false };
    const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p.source);
    if (dep) return { name: `${dep[1]} ${p.name ?? f.functionName}`, own: false };
    const src = p.source.replace(/^.*?\/(renderer\/src|shared)\//, '$1/').replace(/^renderer\/src\//, '');
    return { name: `${src}:${p.line} ${p.name ?? f.functionName}`.trim(), own: true };
  };
}

const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
    .join(', ');

/**
 * Starts tracing `page` (call before the work to watch). `stop()` returns every renderer main-thread
 * task longer than `overMs`, with what filled it. Tracing and sampling add some cost of their own,
 * so a bench that counts tasks should say the watch was on.
 */
export interface MainThreadWork {
  /** The tasks over `overMs` of wall time with the most CPU (at most 12), with what filled them. */
  causes: LongTaskCause[];
  /** The main thread's CPU in all tasks, tasks whose CPU alone is over `overMs`, and the longest task's CPU (ms). */
  cpuMs: number;
  overByCpu: number;
  longestCpuMs: number;
  /** The same breakdown as a cause's, over the whole watch (ms): where the main thread's time went. */
  overall: Pick<LongTaskCause, 'parts' | 'selfJs' | 'ownJs'>;
}

export async function watchLongTasks(page: Page, rendererDir: string, overMs = 50): Promise<{ stop: () => Promise<MainThreadWork> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value as unknown as TraceEvent[]) if (ev.ph === 'X' || ev.ph === 'M' || ev.ph === 'B' || ev.ph === 'E') events.push(ev);
  });
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8', 'blink.user_timing'] },
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      // The trace ends first: handing the profile over is a long task of its own, not the page's.
      await cdp.send('Tracing.end');
      await complete;
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach();
      return causes(events, profile, frameNamer(rendererDir), overMs);
    },
  };
}

function causes(events: TraceEvent[], profile: CpuProfile, name: ReturnType<typeof frameNamer>, overMs: number): MainThreadWork {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  // The main thread that ran the page's scripts (other renderers of the browser have their own).
  const counts = new Map<string, number>();
  for (const e of events) if (e.name === 'FunctionCall' && mains.has(`${e.pid}:${e.tid}`)) counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) return { causes: [], cpuMs: 0, overByCpu: 0, longestCpuMs: 0, overall: { parts: '', selfJs: '', ownJs: '' } };
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X');
  const tasks = onMain.filter((e) => TASK_NAMES.has(e.name)).sort((a, b) => a.ts - b.ts);
  const t0 = tasks[0]?.ts ?? 0;
  // Sample times (µs, the trace's clock) and, per sample, its leaf node.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  /** Trace events by name, sampled JS by self time and by our nearest source frame, in [from, to). */
  const within = (from: number, to: number) => {
    const parts = new Map<string, number>();
    for (const e of onMain) {
      if (TASK_NAMES.has(e.name) || e.ts < from || e.ts >= to) continue;
      const label = e.name === 'EventDispatch' && e.args?.data?.type ? `EventDispatch(${e.args.data.type})` : e.name;
      parts.set(label, (parts.get(label) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
    }
    const self = new Map<string, number>();
    const own = new Map<string, number>();
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i] < from || times[i] >= to) continue;
      const ms = (i + 1 < times.length ? times[i + 1] - times[i] : 0) / 1000;
      let node = byId.get(profile.samples[i]);
      if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
      const leaf = name(node.callFrame).name;
      self.set(leaf, (self.get(leaf) ?? 0) + ms);
      while (node) {
        const n = name(node.callFrame);
        if (n.own) {
          own.set(n.name, (own.get(n.name) ?? 0) + ms);
          break;
        }
        const up = parent.get(node.id);
        node = up === undefined ? undefined : byId.get(up);
      }
    }
    return { parts, self, own };
  };
  const long: LongTaskCause[] = [];
  let end = -Infinity;
  let cpuMs = 0;
  let overByCpu = 0;
  let longestCpuMs = 0;
  // The watch's own start (the profiler starting) is no task of the page's.
  const profilerStarts = onMain.filter((e) => e.name === 'CpuProfiler::StartProfiling').map((e) => e.ts);
  for (const task of tasks) {
    if (task.ts < end) continue; // nested in the task before
    end = task.ts + (task.dur ?? 0);
    if (profilerStarts.some((ts) => ts >= task.ts && ts < end)) continue;
    const taskCpu = (task.tdur ?? task.dur ?? 0) / 1000;
    cpuMs += taskCpu;
    if (taskCpu > overMs) overByCpu++;
    longestCpuMs = Math.max(longestCpuMs, taskCpu);
    if ((task.dur ?? 0) / 1000 <= overMs) continue;
    const { parts, self, own } = within(task.ts, end);
    long.push({ ms: (task.dur ?? 0) / 1000, cpuMs: taskCpu, atMs: (task.ts - t0) / 1000, parts: top(parts, 6), selfJs: top(self, 5), ownJs: top(own, 5) });
  }
  // The costliest first: on a loaded machine most long tasks are waits for a core, little CPU.
  long.sort((a, b) => b.cpuMs - a.cpuMs);
  const all = within(-Infinity, Infinity);
  return { causes: long.slice(0, 12), cpuMs, overByCpu, longestCpuMs, overall: { parts: top(all.parts, 8), selfJs: top(all.self, 8), ownJs: top(all.own, 8) } };
}

/** Lines for a bench's output: the whole watch, then one block per long task. */
export function describeLongTasks(work: MainThreadWork): string[] {
  const o = work.overall;
  const head = [`- the whole watch: ${o.parts}`, `  JS self: ${o.selfJs || '(no samples)'}`, `  our code: ${o.ownJs || '(none)'}`];
  if (!work.causes.length) return [...head, '(no renderer task over 50 ms while traced)'];
  return head.concat(...work.causes.map((c) => [
    `- task of ${c.ms.toFixed(0)} ms (CPU ${c.cpuMs.toFixed(0)} ms) at ${(c.atMs / 1000).toFixed(1)} s: ${c.parts || '(no trace events inside)'}`,
    `  JS self: ${c.selfJs || '(no samples)'}`,
    `  our code: ${c.ownJs || '(none)'}`,
  ]));
}

export interface AnswerSizes {
  count: number;
  bytes: number;
  maxBytes: number;
}

/**
 * Sizes of what the browser host sends the page, by contract channel (answers) or event name: a
 * big answer is decoded (JSON.parse) in one renderer task. Watches from now until the page closes.
 */
export function watchAnswerSizes(page: Page): Map<string, AnswerSizes> {
  const sizes = new Map<string, AnswerSizes>();
  page.on('websocket', (ws) => {
    const channels = new Map<number, string>();
    ws.on('framesent', (f) => {
      const m = /^\{"id":(\d+),"channel":"([^"]+)"/.exec(String(f.payload));
      if (m) channels.set(Number(m[1]), m[2]);
    });
    ws.on('framereceived', (f) => {
      const text = String(f.payload);
      const ev = /^\{"event":"([^"]+)"/.exec(text);
      const id = /^\{"id":(\d+)/.exec(text);
      const name = ev ? `event ${ev[1]}` : id ? (channels.get(Number(id[1])) ?? 'answer') : 'other';
      if (id) channels.delete(Number(id[1]));
      const s = sizes.get(name) ?? { count: 0, bytes: 0, maxBytes: 0 };
      s.count++;
      s.bytes += text.length;
      s.maxBytes = Math.max(s.maxBytes, text.length);
      sizes.set(name, s);
    });
  });
  return sizes;
}

/** The six kinds with the largest single message. */
export function describeAnswerSizes(sizes: Map<string, AnswerSizes>): string[] {
  return [...sizes]
    .sort((a, b) => b[1].maxBytes - a[1].maxBytes)
    .slice(0, 6)
    .map(([name, s]) => `- ${name}: ${s.count} messages, largest ${(s.maxBytes / 1024).toFixed(0)} KiB, mean ${(s.bytes / s.count / 1024).toFixed(1)} KiB`);
}
