// The work of each frame on the page's main thread, from a Chromium trace (CDP Tracing): what a
// frame costs (script incl. React, style, layout, paint recording, canvas drawing), which an rAF
// interval cannot show (it is never below one 60 Hz frame, and says nothing of idle time).
import type { Page } from 'playwright-core';

/** A Chromium trace event (µs); `tdur` is the thread's CPU time, `args.data` what some events carry. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { functionName?: string; type?: string } };
}

export interface RendererTrace {
  events: TraceEvent[];
  /** "pid:tid" of the renderer main thread that began frames; undefined when none did. */
  main?: string;
}

/** Trace categories of the renderer's main thread: its tasks (with GC), frames, user timing marks. */
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink.user_timing'];

/** Traces the page (CDP Tracing) while `act` runs: every event, and which thread is the renderer's main one. */
export async function traceRendererMain(page: Page, act: () => Promise<void>): Promise<RendererTrace> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES } });
  try {
    await act();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  // The renderer main thread that began frames (other renderers of the browser have their own).
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const begin = events.find((e) => e.name === 'BeginMainThreadFrame' && mains.has(`${e.pid}:${e.tid}`));
  return { events: begin ? events.filter((e) => `${e.pid}:${e.tid}` === `${begin.pid}:${begin.tid}`) : events, main: begin && `${begin.pid}:${begin.tid}` };
}

/** A top-level task of the traced thread (RunTask), not nested in another. */
export const isTask = (e: TraceEvent): boolean => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');

/** What ran on the thread in [from, to) µs: event names by total wall ms (nested time counts twice), the top `n`. */
export function partsOf(events: TraceEvent[], from: number, to: number, n = 6): string {
  const parts = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || isTask(e) || e.ts < from || e.ts >= to) continue;
    parts.set(e.name, (parts.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  return [...parts].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ');
}

export interface FrameWork {
  /** Per frame: main-thread busy time (ms), wall and thread CPU. */
  wall: number[];
  cpu: number[];
  /** The longest frames (by CPU) and what they held: trace event names by total wall time. */
  longest: { wall: number; cpu: number; parts: string }[];
}

/**
 * Traces the page while `act` runs and splits the renderer main thread's top-level tasks into
 * frames: a frame starts with the task in which Blink began a main-thread frame
 * (BeginMainThreadFrame) and holds every task until the next one (input, answers arriving, React
 * commits, the rAF callbacks, style, layout, paint). Keep something asking for frames meanwhile
 * (an rAF loop) so idle frames count as frames.
 */
export async function frameWork(page: Page, act: () => Promise<void>): Promise<FrameWork> {
  const { events, main } = await traceRendererMain(page, act);
  if (!main) return { wall: [], cpu: [], longest: [] };
  const begins = events.filter((e) => e.name === 'BeginMainThreadFrame');
  const starts = begins.map((e) => e.ts).sort((a, b) => a - b);
  const tasks = events.filter(isTask).sort((a, b) => a.ts - b.ts);
  const wall = new Array<number>(starts.length).fill(0);
  const cpu = new Array<number>(starts.length).fill(0);
  let end = -Infinity;
  let f = -1;
  for (const t of tasks) {
    if (t.ts < end) continue; // nested in the task before
    end = t.ts + (t.dur ?? 0);
    // The task that holds a frame's begin opens that frame; tasks before the first frame are left out.
    while (f + 1 < starts.length && starts[f + 1] <= end) f++;
    if (f < 0) continue;
    wall[f] += (t.dur ?? 0) / 1000;
    cpu[f] += (t.tdur ?? t.dur ?? 0) / 1000;
  }
  // What the longest frames held: the events inside their tasks, by name (nested time counts twice).
  const byTime = (f: number) => [starts[f], f + 1 < starts.length ? starts[f + 1] : Infinity];
  const longest = cpu
    .map((c, f) => ({ c, f }))
    .sort((a, b) => b.c - a.c)
    .slice(0, 3)
    .map(({ f }) => {
      const [from, to] = byTime(f);
      return { wall: wall[f], cpu: cpu[f], parts: partsOf(events, from - 50_000, to) };
    });
  return { wall, cpu, longest };
}
