/**
 * The loaded files of one window (or one browser host) and the queries over them. Transport-free:
 * Electron's IPC, the browser host's WebSocket and tests all drive this same object through
 * `dispatch.ts`. The renderer only ever gets pages, counts and one record's detail.
 */
import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { Events, EventName } from '../../shared/contract';
import type { FileInfo, Problem, RecordDetail, RecordPage, RecordRow } from '../../shared/model';
import { loadFile } from '../engine/load-file';
import { prewarmEngines } from '../engine/registry';
import type { LoadedFile } from '../engine/types';
import { offsetOfRecord, recordOffsets, shiftDetail, shiftedSource } from './clock/record-times';
import { ServiceError } from './errors';
import { buildMergedOrder, grownIndices, sortedIndices, type MergedOrder } from './merge-order';
import { SessionServices } from './session-services';
import { maxFileBytesFromEnv } from './size-limit';

export interface SessionOptions {
  /** Files above this size are refused with a sentence instead of exhausting memory. */
  maxFileBytes?: number;
  /** How many files load at once (parsing itself also uses worker threads). */
  concurrency?: number;
  /** Minimum time between progress events of one file. */
  progressIntervalMs?: number;
  /**
   * Whether a large file's first records are shown while it still loads (default true). Headless
   * users (the CLI) read only the finished load: the early batches would cost the main thread a
   * copy of the first part's rows and the workers a batch each.
   */
  partialSnapshots?: boolean;
}

/** A file to open: a path on this machine, and the name to show (uploads keep their own name). */
export interface OpenRequest {
  path: string;
  name?: string;
  /** The user's field names for a log whose fields were guessed (see LoadContext.fields). */
  fields?: string[];
}

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

interface Entry {
  info: FileInfo;
  request: OpenRequest;
  loaded?: LoadedFile;
  /** What a still-loading file can already show (see LoadContext.onPartial). */
  partial?: LoadedFile;
  abort?: AbortController;
  done: Promise<void>;
  /** Problems found after the load wait to be said (see problemsFound). */
  problemsDue?: boolean;
}

const PROBLEMS_IN_INFO = 20;
export const PALETTE_SIZE = 8;

/** Every visible record in displayed time under one set of clock offsets. */
interface RecordOrder {
  files: LoadedFile[];
  ids: string[];
  merged: MergedOrder;
  offsets: ReadonlyMap<string, number>;
  /** The offsets as text: the same clock again finds its order. */
  key: string;
}

export class Session {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<Listener>();
  private order: RecordOrder | undefined;
  /** The order before the last clock change: switching Raw/Adjusted back finds it. */
  private otherOrder: RecordOrder | undefined;
  /**
   * Live follow: files that grew from one load share a lineage, numbered by growth (records before a
   * growth are unchanged after it). Tokens, not the older files: those must not be kept alive.
   */
  private readonly lineage = new WeakMap<LoadedFile, { of: object; growth: number }>();
  /** Each visible file's records in displayed-time order, as last built: a grown file's order is extended. */
  private readonly sortedOf = new Map<string, { file: LoadedFile; offsets: ReadonlyMap<string, number>; sorted: Uint32Array }>();
  private colourCounter = 0;
  private changeCount = 0;
  private running = 0;
  private readonly queue: (() => void)[] = [];

  /** The services over this session's files, created together with it (session-services.ts). */
  readonly services: SessionServices = new SessionServices(this);

  constructor(private readonly opts: SessionOptions = {}) {}

  /**
   * Warms the parsers' worker threads, so the first file the user opens loads at full speed. The
   * app calls it at start-up when no file is waiting to load (a load warms them by itself).
   */
  prewarm(): Promise<void> {
    return prewarmEngines();
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pushes an event to every listener (the services' own progress, e.g. a custom filter's scan, too). */
  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (e) {
        console.error('TraceLens: event listener failed', e);
      }
    }
  }

  /** Bumped whenever what `visible()` returns may differ, so derived indexes (svclog views) know to rebuild. */
  get version(): number {
    return this.changeCount;
  }

  private changed(): void {
    this.changeCount++;
    this.order = this.otherOrder = undefined;
    this.emit('files.changed', { files: this.list() });
  }

  list(): FileInfo[] {
    return [...this.entries.values()].map((e) => ({ ...e.info }));
  }

  /** Queues the files and returns at once; loading goes on with progress and change events. */
  open(requests: readonly OpenRequest[]): FileInfo[] {
    const infos: FileInfo[] = [];
    for (const req of requests) {
      const path = resolve(req.path);
      const existing = [...this.entries.values()].find((e) => e.request.path === path && e.info.state !== 'failed' && e.info.state !== 'cancelled');
      if (existing) {
        infos.push({ ...existing.info });
        continue;
      }
      const id = randomUUID().replace(/-/g, '').slice(0, 16);
      const info: FileInfo = {
        id,
        path: req.name ?? path,
        name: req.name ?? basename(path),
        format: 'unknown',
        size: 0,
        state: 'queued',
        bytesRead: 0,
        records: 0,
        warningCount: 0,
        errorCount: 0,
        problems: [],
        colour: this.colourCounter++ % PALETTE_SIZE,
      };
      const entry: Entry = { info, request: { path, name: req.name }, done: Promise.resolve() };
      this.entries.set(id, entry);
      entry.done = this.schedule(() => this.load(entry));
      infos.push({ ...info });
    }
    this.changed();
    return infos;
  }

  private schedule(task: () => Promise<void>): Promise<void> {
    const limit = Math.max(1, this.opts.concurrency ?? 2);
    return new Promise<void>((resolveDone) => {
      const run = () => {
        this.running++;
        task()
          .catch((e) => console.error('TraceLens: load task failed', e))
          .finally(() => {
            this.running--;
            resolveDone();
            this.queue.shift()?.();
          });
      };
      if (this.running < limit) run();
      else this.queue.push(run);
    });
  }

  private async load(entry: Entry): Promise<void> {
    if (!this.entries.has(entry.info.id) || entry.info.state === 'cancelled') return;
    const abort = new AbortController();
    entry.abort = abort;
    entry.info.state = 'loading';
    this.changed();
    const interval = this.opts.progressIntervalMs ?? 50;
    let last = 0;
    const outcome = await loadFile({
      path: entry.request.path,
      fileId: entry.info.id,
      fields: entry.request.fields,
      signal: abort.signal,
      maxBytes: this.opts.maxFileBytes ?? maxFileBytesFromEnv(),
      onSniffed: (format, size) => {
        entry.info.format = format;
        entry.info.size = size;
        this.changed();
      },
      onProgress: (bytesRead, records) => {
        entry.info.bytesRead = bytesRead;
        entry.info.records = records;
        const now = Date.now();
        if (now - last < interval) return;
        last = now;
        this.emit('load.progress', { fileId: entry.info.id, bytesRead, totalBytes: entry.info.size, records });
      },
      onPartial:
        this.opts.partialSnapshots === false
          ? undefined
          : (partial) => {
              if (abort.signal.aborted) return;
              entry.partial = partial;
              this.changeCount++;
              this.order = this.otherOrder = undefined;
              this.emit('files.changed', { files: this.list() });
            },
    });
    entry.abort = undefined;
    entry.partial = undefined;
    if (!this.entries.has(entry.info.id)) return; // removed while loading
    const info = entry.info;
    info.format = outcome.format;
    info.size = outcome.size;
    info.loadedAt = Date.now();
    if (outcome.ok) {
      const file = outcome.file;
      entry.loaded = file;
      info.state = 'loaded';
      info.records = file.recordCount;
      info.fields = file.fieldNames;
      this.setProblems(info, file.problems);
      file.watchProblems?.(() => this.problemsFound(entry, file));
    } else {
      info.state = outcome.cancelled ? 'cancelled' : 'failed';
      this.setProblems(info, [outcome.problem]);
    }
    this.changed();
  }

  /**
   * A loaded file found more problems (EVTX: a record's EventData, read when first shown): the files
   * pane's counts follow. Said once per tick however many were found; the records did not change, so
   * no view is rebuilt (`files.changed` with the same states only updates the files pane).
   */
  private problemsFound(entry: Entry, file: LoadedFile): void {
    if (entry.problemsDue) return;
    entry.problemsDue = true;
    queueMicrotask(() => {
      entry.problemsDue = false;
      if (entry.loaded !== file || !this.entries.has(entry.info.id)) return;
      this.setProblems(entry.info, file.problems);
      this.emit('files.changed', { files: this.list() });
    });
  }

  private setProblems(info: FileInfo, problems: readonly Problem[]): void {
    info.warningCount = problems.filter((p) => p.severity === 'warning').length;
    info.errorCount = problems.length - info.warningCount;
    // Errors first: they say why a file shows fewer records than expected.
    info.problems = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)).slice(0, PROBLEMS_IN_INFO);
  }

  private entry(fileId: string): Entry {
    const e = this.entries.get(fileId);
    if (!e) throw new ServiceError('not-found', `No file with id ${fileId} is open.`);
    return e;
  }

  cancel(fileId: string): { cancelled: boolean } {
    const e = this.entry(fileId);
    if (e.info.state === 'queued') {
      e.info.state = 'cancelled';
      this.setProblems(e.info, [{ severity: 'error', message: 'Loading was cancelled.' }]);
      this.changed();
      return { cancelled: true };
    }
    if (e.info.state !== 'loading' || !e.abort) return { cancelled: false };
    e.abort.abort();
    return { cancelled: true };
  }

  remove(fileId: string): { removed: boolean } {
    const e = this.entry(fileId);
    e.abort?.abort();
    this.entries.delete(fileId);
    this.changed();
    return { removed: true };
  }

  /** Loads the file again from disk in place (same id and colour). */
  reload(fileId: string): FileInfo {
    const e = this.entry(fileId);
    e.abort?.abort();
    e.loaded = undefined;
    Object.assign(e.info, { state: 'queued', bytesRead: 0, records: 0, warningCount: 0, errorCount: 0, problems: [], note: undefined });
    e.done = this.schedule(() => this.load(e));
    this.changed();
    return { ...e.info };
  }

  /**
   * Live follow: `next` (the same file with records appended) replaces `was` if that is still what
   * is loaded (a reload or removal in between wins). Returns whether it did.
   */
  grow(fileId: string, was: LoadedFile, next: LoadedFile, size: number): boolean {
    const e = this.entries.get(fileId);
    if (!e || e.loaded !== was || e.info.state !== 'loaded') return false;
    e.loaded = next;
    // Fewer records: following dropped a half-written last one, whose place was read from half a record.
    if (next.recordCount >= was.recordCount) {
      const from = this.lineage.get(was) ?? { of: {}, growth: 0 };
      this.lineage.set(was, from);
      this.lineage.set(next, { of: from.of, growth: from.growth + 1 });
    }
    Object.assign(e.info, { size, bytesRead: size, records: next.recordCount, loadedAt: Date.now() });
    this.setProblems(e.info, next.problems);
    this.changeCount++;
    this.order = this.otherOrder = undefined;
    this.emit('files.grew', { files: [{ ...e.info }] });
    return true;
  }

  /** Sets what the files pane says about following a file (unchanged values emit nothing). */
  setLive(fileId: string, live: FileInfo['live'], note?: string): void {
    const e = this.entries.get(fileId);
    if (!e || (e.info.live === live && (note === undefined || e.info.note === note))) return;
    e.info.live = live;
    if (note !== undefined) e.info.note = note || undefined;
    this.changed();
  }

  /** Whether a file is read from the user's own path (an upload's copy never grows). */
  isOwnPath(fileId: string): boolean {
    const e = this.entries.get(fileId);
    return !!e && e.request.name === undefined;
  }

  /** Reads a log again with the user's field names (a headerless log whose guessed fields were wrong); none: guess again. */
  setFields(fileId: string, fields: readonly string[]): FileInfo {
    const e = this.entry(fileId);
    e.request = { ...e.request, fields: fields.length ? [...fields] : undefined };
    return this.reload(fileId);
  }

  /** Where a file's bytes are read from (an upload's temporary copy in the browser host). */
  sourcePath(fileId: string): string {
    return this.entry(fileId).request.path;
  }

  problems(fileId: string, offset: number, limit: number): { total: number; problems: Problem[] } {
    const e = this.entry(fileId);
    const all = e.loaded ? e.loaded.problems : e.info.problems;
    return { total: all.length, problems: all.slice(offset, offset + limit) };
  }

  /** Resolves when no file is queued or loading. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const pending = [...this.entries.values()].filter((e) => e.info.state === 'queued' || e.info.state === 'loading');
      if (pending.length === 0) return;
      await Promise.all(pending.map((e) => e.done));
    }
  }

  /** Loaded files with their engine objects, for summaries and format-specific queries. */
  loaded(): { info: FileInfo; file: LoadedFile }[] {
    return [...this.entries.values()].filter((e) => e.loaded).map((e) => ({ info: { ...e.info }, file: e.loaded! }));
  }

  /** Loaded files plus the partial snapshots of files still loading: what the views can show now. */
  visible(): { info: FileInfo; file: LoadedFile }[] {
    return [...this.entries.values()].filter((e) => e.loaded ?? e.partial).map((e) => ({ info: { ...e.info }, file: (e.loaded ?? e.partial)! }));
  }

  /** The merged order in displayed time: rebuilt when the files or the clock's offsets change (the previous clock's is kept). */
  private merged(): RecordOrder {
    const offsets = recordOffsets(this);
    if (this.order?.offsets === offsets) return this.order;
    const key = [...offsets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).join(';');
    if (this.order?.key === key) return (this.order = { ...this.order, offsets });
    const back = this.otherOrder?.key === key ? { ...this.otherOrder, offsets } : undefined;
    this.otherOrder = this.order;
    if (back) return (this.order = back);
    const loaded = this.visible();
    const files = loaded.map((l) => l.file);
    const ids = loaded.map((l) => l.info.id);
    const sources = files.map((f) => shiftedSource(f, offsets));
    const lists = sources.map((src, k) => {
      const kept = this.sortedOf.get(ids[k]);
      const grown = kept && sameOffsets(kept.offsets, offsets) && this.grewFrom(files[k], kept.file) ? grownIndices(src, kept.sorted) : null;
      const sorted = grown ?? sortedIndices(src);
      this.sortedOf.set(ids[k], { file: files[k], offsets, sorted });
      return sorted;
    });
    for (const id of this.sortedOf.keys()) if (!ids.includes(id)) this.sortedOf.delete(id);
    return (this.order = { files, ids, merged: buildMergedOrder(sources, lists), offsets, key });
  }

  /** How many records the visible files hold (the merged order's length, without making it). */
  recordTotal(): number {
    return this.visible().reduce((n, v) => n + v.file.recordCount, 0);
  }

  /** Whether `file` is `ancestor` or grew from it by live follow (its first records are the ancestor's). */
  grewFrom(file: LoadedFile, ancestor: LoadedFile): boolean {
    if (file === ancestor) return true;
    const a = this.lineage.get(file);
    const b = this.lineage.get(ancestor);
    return !!a && !!b && a.of === b.of && a.growth >= b.growth;
  }

  /** The merged order of every visible record in displayed time (the filter narrows it in filter/records.ts). */
  recordOrder(): { files: readonly LoadedFile[]; ids: readonly string[]; merged: MergedOrder; offsets: ReadonlyMap<string, number> } {
    return this.merged();
  }

  /** One page of all loaded records in displayed time order (rows carry displayed and raw time); `positions` picks merged positions (a filtered list). */
  page(offset: number, limit: number, positions?: ArrayLike<number>): RecordPage {
    const { files, merged, offsets } = this.merged();
    const rows: RecordRow[] = [];
    const total = positions ? positions.length : merged.length;
    const end = Math.min(total, offset + limit);
    for (let i = offset; i < end; i++) {
      const p = positions ? positions[i] : i;
      const file = files[merged.source[p]];
      const row = file.row(merged.index[p]);
      const shift = offsetOfRecord(file, offsets)(merged.index[p]);
      rows.push(shift ? { ...row, timeUs: row.timeUs - shift, rawTimeUs: row.timeUs } : row);
    }
    return { total, offset, rows };
  }

  /** Merged position of one record (-1 when no visible file holds it): a scan of the order, a few ms per million records. */
  recordPosition(fileId: string, index: number): number {
    const { ids, merged } = this.merged();
    const slot = ids.indexOf(fileId);
    if (slot < 0) return -1;
    const { source, index: at, length } = merged;
    for (let p = 0; p < length; p++) if (at[p] === index && source[p] === slot) return p;
    return -1;
  }

  async detail(fileId: string, index: number): Promise<RecordDetail> {
    const e = this.entry(fileId);
    const file = e.loaded ?? e.partial;
    if (!file) throw new ServiceError('not-found', `${e.info.name} is not loaded.`);
    if (index >= file.recordCount) throw new ServiceError('not-found', `${e.info.name} has no record ${index}.`);
    return shiftDetail(await file.detail(index), file, recordOffsets(this));
  }
}

function sameOffsets(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
