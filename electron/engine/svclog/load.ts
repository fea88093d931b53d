/**
 * Loading an svclog file: small files are parsed in-thread; larger ones in worker threads, split
 * across cores at event boundaries (each part owns the events that start inside its byte range;
 * UTF-16 parts are cut at even offsets so each worker transcodes its own range). Progress is
 * summed over the parts; the first part's early batches become partial snapshots; cancelling
 * terminates the workers. The parts are merged by the workers themselves: this thread merges the
 * string tables and sizes the result, then each worker copies its rows into place (data.ts); while
 * they do, this thread joins the parts' small per-node tables (part-groups.ts) and gives each worker
 * the tables with which it renumbers its own events. Workers that finished are kept for the next
 * load (worker-pool.ts).
 */
import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { detectBom, type TextEncoding } from '../encoding';
import { readHead } from '../detect';
import { LoadCancelled, type LoadContext } from '../types';
import { workerResourceLimits, workerScript } from '../worker-script';
import { mergeParts, planMerge, type PlaceOrder, type SvclogData } from './extraction/data';
import { joinPartGroups, type JoinedGroups, type PartJoin } from './indexing/part-groups';
import { parseRange, type ParsePart, type ParseRequest } from './extraction/parse';
import { DEFAULT_PARTIAL, PartialData, type PartialOptions } from './extraction/partial';
import type { WorkerReply, WorkerRequest } from './svclog.worker';
import { releaseWorker, takeWorker } from '../worker-pool';
import { IN_THREAD_BELOW, defaultParts, planParts, workerRequests } from './load-plan';
import { claimEarlyParse } from './early-parse';
import { listenTo } from './worker-listeners';

export { defaultParts, planParts };

export interface SvclogLoadOptions {
  /** Files smaller than this are parsed on the calling thread (default 1 MiB). */
  inThreadBelow?: number;
  /** Files at least this big are split across workers (default 24 MiB). */
  splitAbove?: number;
  /** Number of parts when splitting (default: the number of cores, at most 8). */
  parts?: number;
  chunkBytes?: number;
  /** When partial snapshots are cut (default: after 10,000 events, then at most every second). */
  partial?: Partial<PartialOptions>;
}

/** Receives each partial snapshot of the file (only worker loads have them). */
export type OnPartialData = (data: SvclogData, encoding: TextEncoding) => void;

export interface ParsedFile {
  encoding: TextEncoding;
  data: SvclogData;
}

const DEFAULTS = { inThreadBelow: IN_THREAD_BELOW };

export async function parseSvclogFile(ctx: LoadContext, opts: SvclogLoadOptions = {}, onPartial?: OnPartialData): Promise<ParsedFile> {
  if (ctx.signal.aborted) throw new LoadCancelled();
  const bom = ctx.size > 0 ? detectBom(await readHead(ctx.path, 4)) : { encoding: 'utf8' as const, length: 0 };
  if (ctx.signal.aborted) throw new LoadCancelled();
  const requests = planParts(ctx.size, bom.encoding, bom.length, ctx.path, opts);
  if (onPartial) requests[0].partial = { ...DEFAULT_PARTIAL, ...opts.partial };
  let data: SvclogData;
  if (ctx.size < (opts.inThreadBelow ?? DEFAULTS.inThreadBelow) && requests.length === 1) {
    const part = parseRange(requests[0]);
    ctx.onProgress(ctx.size, part.eventCount);
    data = mergeParts([part]);
  } else {
    data = await runWorkers(requests, ctx, onPartial && ((data) => onPartial(data, bom.encoding)));
  }
  if (data.eventCount === 0) {
    const name = basename(ctx.path);
    data.problems.unshift({
      severity: 'error',
      message: ctx.size === 0 ? `${name} is empty (0 bytes): it holds no trace events.` : `${name} holds no complete trace event (no <E2ETraceEvent> element with its end tag).`,
    });
  }
  return { encoding: bom.encoding, data };
}

/** Parses the parts in workers and has them placed into the merged file by the same workers. */
function runWorkers(requests: ParseRequest[], ctx: LoadContext, onPartial?: (data: SvclogData) => void): Promise<SvclogData> {
  const script = workerScript(new URL('./svclog.worker.ts', import.meta.url));
  const progress = requests.map(() => ({ bytesRead: 0, records: 0 }));
  const workers: Worker[] = [];
  const partial = onPartial ? new PartialData() : null;
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 50) return;
    lastReport = now;
    ctx.onProgress(
      Math.min(ctx.size, progress.reduce((s, p) => s + p.bytesRead, 0)),
      progress.reduce((s, p) => s + p.records, 0),
    );
  };
  const split = requests.length > 1;
  return new Promise<SvclogData>((resolve, reject) => {
    const parts: (ParsePart | undefined)[] = requests.map(() => undefined);
    let merged: SvclogData | undefined;
    let grouped: JoinedGroups | undefined;
    /** Replies still awaited after the parse: 'placed' and, when the groups were joined, 'renumbered'. */
    let pending = 0;
    /** Each worker's listeners, removed before it goes back to the pool. */
    const unlisten: (() => void)[] = [];
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      for (const off of unlisten) off();
      // Workers that finished go back to the pool; after a failure or a cancel some may still be
      // parsing (or broken): those are ended.
      for (const w of workers) {
        if (err) void w.terminate();
        else releaseWorker(w);
      }
      if (err) reject(err);
      else if (merged) resolve(grouped ? { ...merged, grouped } : merged);
      else resolve(mergeParts(parts as ParsePart[]));
    };
    /** Every part parsed: one part is the file; split parts are placed by their workers. */
    const allParsed = () => {
      report(true);
      if (!split) return finish();
      const plan = planMerge(parts as ParsePart[]);
      merged = plan.data;
      workers.forEach((w, k) => w.postMessage({ type: 'place', order: plan.orders[k] } satisfies WorkerRequest));
      pending = workers.length;
      // While the workers copy their rows, this thread joins their groupings (part-groups.ts).
      let join: PartJoin | undefined;
      try {
        join = joinGroups(merged.strings, parts as ParsePart[], plan.orders);
      } catch {
        // The index is then built from the merged columns, as for a file read in one part.
        join = undefined;
      }
      if (!join) return;
      grouped = join.joined;
      pending += workers.length;
      workers.forEach((w, k) => w.postMessage({ type: 'renumber', order: join.orders[k] } satisfies WorkerRequest));
    };
    const onAbort = () => finish(new LoadCancelled());
    ctx.signal.addEventListener('abort', onAbort);
    if (ctx.signal.aborted) return onAbort();
    const limits = workerResourceLimits();
    const posted = workerRequests(requests);
    // A parse of these very parts that started before this code was loaded (the CLI's): taken over.
    const early = claimEarlyParse(ctx.path, ctx.size, posted);
    posted.forEach((req, k) => {
      const w = early ? early.workers[k] : takeWorker(script, limits);
      workers.push(w);
      const onMessage = (msg: WorkerReply) => {
        if (msg.type === 'progress') {
          progress[k] = { bytesRead: msg.bytesRead, records: msg.records };
          report();
        } else if (msg.type === 'partial') {
          if (settled || ctx.signal.aborted || !partial || !onPartial) return;
          partial.append(msg.batch);
          onPartial(partial.snapshot());
        } else if (msg.type === 'done') {
          parts[k] = msg.part;
          progress[k] = { bytesRead: msg.part.bytesRead, records: msg.part.eventCount };
          if (parts.every(Boolean)) allParsed();
        } else if (msg.type === 'placed' || msg.type === 'renumbered') {
          if (--pending === 0) finish();
        } else finish(new Error(msg.message));
      };
      const onError = (e: Error) => finish(e);
      const onExit = (code: number) => {
        if (!settled && (!parts[k] || split)) finish(new Error(`The parser worker stopped unexpectedly (exit code ${code}).`));
      };
      unlisten.push(listenTo(w, { message: onMessage, error: onError, exit: onExit }));
      if (early) early.replies[k].forEach(onMessage);
      else w.postMessage(req satisfies WorkerRequest);
    });
  });
}

/** The parts' groupings joined, when every worker grouped its part (the parts then let go of theirs). */
function joinGroups(strings: readonly string[], parts: ParsePart[], orders: readonly PlaceOrder[]): PartJoin | undefined {
  if (!parts.every((p) => p.groups)) return undefined;
  const joined = joinPartGroups(
    strings,
    parts.map((part, k) => ({ part, groups: part.groups!, remap: orders[k].remap, eventAt: orders[k].eventAt })),
  );
  for (const p of parts) p.groups = undefined;
  return joined;
}
