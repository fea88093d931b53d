/**
 * The svclog index's per-event loops in WebAssembly (kernel/index-kernel.ts): numbering the
 * processes of a file's events and grouping its events into activities. They run once per load
 * on the main thread; in JavaScript a fresh process runs them before V8 has optimised them (about
 * 40 ms for 100 MB of trace, a fifth of the whole load). Columns are copied into the kernel's
 * memory (a few ms), and the steps that need strings call back into JavaScript.
 */
import { INDEX_KERNEL_WASM } from './index-kernel-wasm';
import { instantiate, kernelLoader } from '../../wasm-kernel';
import type { SvclogData } from '../extraction/data';
import type { FileProcesses } from './processes';
import type { SvclogFile } from '../file';

interface IndexExports {
  setupProcesses(pid: number, computer: number, name: number, of: number, pidOut: number, computerOut: number, nameOut: number, firstOut: number, slots: number, mask: number): void;
  processes(from: number, to: number): number;
  setupStats(hot: number, starts: number, stops: number, rank: number): void;
  setupFile(n: number, activity: number, proc: number, time: number, tick: number, level: number, subType: number, related: number, nameId: number, of: number, keys: number, values: number, mask: number, transfers: number): void;
  groupFile(from: number, to: number, nProcs: number, startId: number, stopId: number, transferId: number): void;
  resolveTransfers(nProcs: number): void;
  setupDirect(...offsets: number[]): void;
  countTypes(n: number, subTypeIds: number, levels: number, typeCounts: number, levelCounts: number): void;
  transferCount: WebAssembly.Global;
  activityCount: WebAssembly.Global;
  nodeCount: WebAssembly.Global;
}

/**
 * Events per kernel call. A WebAssembly function that runs once stays in V8's baseline code (there
 * is no on-stack replacement); called on successive ranges, it is optimised after the first few.
 */
const RANGE = 4096;

/** Calls run(from, to) on successive ranges of [0, n). */
function inRanges(n: number, run: (from: number, to: number) => void): void {
  for (let from = 0; from < n; from += RANGE) run(from, Math.min(n, from + RANGE));
}

const indexModule = kernelLoader(INDEX_KERNEL_WASM);

/** The imports of an instance that only numbers processes (groupFile, which calls them, never runs there). */
const NO_CALLBACKS = {
  newNode: unexpected,
  startName: unexpected,
  activityName: unexpected,
};

function unexpected(): never {
  throw new Error('The index kernel called back outside groupFile.');
}

/** Lays out arrays one after another (8-byte aligned). */
class Layout {
  bytes = 0;
  take(n: number, size: number): number {
    const at = Math.ceil(this.bytes / 8) * 8;
    this.bytes = at + n * size;
    return at;
  }
}

type Column = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** Copies the first n values of each column to its offset in the kernel's memory (as the same element type). */
function copyIn(buf: ArrayBuffer, n: number, columns: [number, Column][]): void {
  for (const [at, col] of columns) {
    const make = col.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => Column;
    new make(buf, at, n).set(col.subarray(0, n));
  }
}

/** Smallest power of two ≥ 2n (at least 16). */
function tableSize(n: number): number {
  let size = 16;
  while (size < 2 * n) size *= 2;
  return size;
}

/**
 * At most how many (ActivityID, process) keys file f has: sizes the kernel's hash table of them.
 * Sized per event it was mostly empty yet touched all over (24 MB for 722,564 events that had
 * 89,803 activities).
 */
export function nodeBound(f: SvclogFile, nProcs: number): number {
  const n = f.recordCount;
  const activity = f.data.events.activity;
  const seen = new Uint8Array(f.data.strings.length);
  let ids = 0;
  for (let i = 0; i < n; i++) {
    const a = activity[i];
    if (seen[a] === 0) {
      seen[a] = 1;
      ids++;
    }
  }
  return Math.min(n, ids * nProcs);
}

/** processesOf in the kernel; null where WebAssembly is not available. */
export function kernelProcesses(data: SvclogData, count: number): FileProcesses | null {
  const module = indexModule();
  if (!module) return null;
  const l = new Layout();
  const slots = tableSize(count);
  const at = {
    pid: l.take(count, 4),
    computer: l.take(count, 4),
    name: l.take(count, 4),
    of: l.take(count, 4),
    pidOut: l.take(count, 4),
    computerOut: l.take(count, 4),
    nameOut: l.take(count, 4),
    firstOut: l.take(count, 4),
    slots: l.take(slots, 4),
  };
  const { memory, exports: k } = instantiate<IndexExports>(module, l.bytes, NO_CALLBACKS);
  const buf = memory.buffer;
  const ev = data.events;
  copyIn(buf, count, [
    [at.pid, ev.pid],
    [at.computer, ev.computer],
    [at.name, ev.processName],
  ]);
  k.setupProcesses(at.pid, at.computer, at.name, at.of, at.pidOut, at.computerOut, at.nameOut, at.firstOut, at.slots, slots - 1);
  let n = 0;
  inRanges(count, (from, to) => (n = k.processes(from, to)));
  const list = (offset: number) => Array.from(new Int32Array(buf, offset, n));
  return { of: new Int32Array(buf, at.of, count).slice(), pid: list(at.pidOut), computer: list(at.computerOut), name: list(at.nameOut), first: list(at.firstOut) };
}

/** Events per SubType string id (indexed by id) and per Level (256), counted in the kernel; null where WebAssembly is not available. */
export function kernelTypeCounts(data: SvclogData, count: number): { types: Float64Array; levels: Float64Array } | null {
  const module = indexModule();
  if (!module) return null;
  const strings = data.strings.length;
  const l = new Layout();
  const at = { subType: l.take(count, 4), level: l.take(count, 1), types: l.take(strings, 8), levels: l.take(256, 8) };
  const { memory, exports: k } = instantiate<IndexExports>(module, l.bytes, NO_CALLBACKS);
  const buf = memory.buffer;
  copyIn(buf, count, [
    [at.subType, data.events.subType],
    [at.level, data.events.level],
  ]);
  k.countTypes(count, at.subType, at.level, at.types, at.levels);
  return { types: new Float64Array(buf, at.types, strings), levels: new Float64Array(buf, at.levels, 256) };
}

/** What groupFile asks of JavaScript (activities.ts's steps that need strings). */
export interface GroupCallbacks {
  /** A new (ActivityID, process p) at event i: its activity. */
  newNode(i: number, p: number): number;
  /** Event i is a Start of activity a, which has no name from a Start yet. */
  startName(i: number, a: number): void;
  /** Event i of activity a has an ActivityName and a has none yet. */
  activityName(i: number, a: number): void;
}

/** The Stats arrays activities.ts keeps per activity, here in the kernel's memory. */
export interface KernelStats {
  hot: Float64Array;
  starts: Int32Array;
  stops: Int32Array;
  nameRank: Uint8Array;
}

/** One file's grouping: the activity of each event, and its Transfers as (event, from, to) triples (to -1: not in this file). */
export interface FileGroups {
  of: Int32Array;
  transfers: Int32Array;
}

/**
 * What a direct grouping (one file with distinct strings; see kernel/index-kernel.ts) needs: per
 * string id, whether it is one activity everywhere and whether its display string is empty.
 */
export interface DirectInput {
  joined: Uint8Array;
  nonEmpty: Uint8Array;
}

/** A direct grouping: the activities the kernel made (their ActivityID string ids and the events their names come from) and the nodes, as (activity, first event, process) triples. */
export interface DirectGroups extends FileGroups {
  actIdOf: Int32Array;
  nameEvent: Int32Array;
  nodes: Int32Array;
}

/** activities.ts's per-event loop over a set of files, with Stats for up to `capacity` activities. */
export class ActivityKernel {
  readonly stats: KernelStats;
  private callbacks: GroupCallbacks | null = null;
  private readonly k: IndexExports;
  private readonly buf: ArrayBuffer;
  private readonly file: Record<'activity' | 'proc' | 'time' | 'tick' | 'level' | 'subType' | 'related' | 'nameId' | 'of' | 'keys' | 'values' | 'transfers', number>;
  private readonly slots: number;

  /**
   * Null where WebAssembly is not available. `maxEvents`: the largest file's events; `capacity`:
   * all files' events; `directRoom`: bytes for groupDirect (directBytes), 0 when it will not run;
   * `maxKeys`: the largest nodeBound of the files.
   */
  static create(maxEvents: number, capacity: number, hot: number, directRoom = 0, maxKeys = maxEvents): ActivityKernel | null {
    const module = indexModule();
    return module ? new ActivityKernel(module, maxEvents, capacity, hot, directRoom, maxKeys) : null;
  }

  /** Bytes groupDirect needs for a file of `events`, `strings` and `messages`. */
  static directBytes(events: number, strings: number, messages: number): number {
    return 256 + strings * 6 + events * 32 + messages * 20;
  }

  /** End of the fixed layout (groupDirect's arrays follow). */
  private readonly end: number;

  private constructor(module: WebAssembly.Module, maxEvents: number, capacity: number, hot: number, directRoom: number, maxKeys: number) {
    const l = new Layout();
    this.slots = tableSize(Math.min(maxEvents, maxKeys));
    const stats = { hot: l.take(capacity * hot, 8), starts: l.take(capacity, 4), stops: l.take(capacity, 4), rank: l.take(capacity, 1) };
    this.file = {
      activity: l.take(maxEvents, 4),
      proc: l.take(maxEvents, 4),
      time: l.take(maxEvents, 8),
      tick: l.take(maxEvents, 1),
      level: l.take(maxEvents, 1),
      subType: l.take(maxEvents, 4),
      related: l.take(maxEvents, 4),
      nameId: l.take(maxEvents, 4),
      of: l.take(maxEvents, 4),
      keys: l.take(this.slots, 8),
      values: l.take(this.slots, 4),
      transfers: l.take(maxEvents * 3, 4),
    };
    this.end = l.bytes;
    const call = () => this.callbacks!;
    const { memory, exports } = instantiate<IndexExports>(module, l.bytes + directRoom, {
      newNode: (i, p) => call().newNode(i, p),
      startName: (i, a) => call().startName(i, a),
      activityName: (i, a) => call().activityName(i, a),
    });
    this.k = exports;
    this.buf = memory.buffer;
    this.stats = {
      hot: new Float64Array(this.buf, stats.hot, capacity * hot),
      starts: new Int32Array(this.buf, stats.starts, capacity),
      stops: new Int32Array(this.buf, stats.stops, capacity),
      nameRank: new Uint8Array(this.buf, stats.rank, capacity),
    };
    exports.setupStats(stats.hot, stats.starts, stats.stops, stats.rank);
  }

  /** Groups the events of `f` (processes numbered by `procOf`, nProcs of them); SubType ids -1 when absent. */
  groupFile(f: SvclogFile, procOf: Int32Array, nProcs: number, ids: { start: number; stop: number; transfer: number }, callbacks: GroupCallbacks, direct?: () => void): FileGroups {
    const n = f.recordCount;
    const ev = f.data.events;
    const at = this.file;
    const b = this.buf;
    copyIn(b, n, [
      [at.activity, ev.activity],
      [at.proc, procOf],
      [at.time, ev.timeUs],
      [at.tick, ev.tick],
      [at.level, ev.level],
      [at.subType, ev.subType],
      [at.related, ev.related],
      [at.nameId, ev.activityName],
    ]);
    const mask = tableSize(nodeBound(f, nProcs)) - 1;
    if (mask >= this.slots) throw new Error('The index kernel was sized for fewer activities than this file has.');
    this.k.setupFile(n, at.activity, at.proc, at.time, at.tick, at.level, at.subType, at.related, at.nameId, at.of, at.keys, at.values, mask, at.transfers);
    direct?.();
    this.callbacks = callbacks;
    try {
      inRanges(n, (from, to) => this.k.groupFile(from, to, nProcs, ids.start, ids.stop, ids.transfer));
      this.k.resolveTransfers(nProcs);
    } finally {
      this.callbacks = null;
    }
    const transfers = this.k.transferCount.value as number;
    return { of: new Int32Array(b, at.of, n).slice(), transfers: new Int32Array(b, at.transfers, transfers * 3).slice() };
  }

  /**
   * groupFile for the only file of the set when its strings are all distinct: activities, their
   * names and nodes are made in the kernel, with no call back to JavaScript.
   */
  groupDirect(f: SvclogFile, procOf: Int32Array, nProcs: number, ids: { start: number; stop: number; transfer: number }, input: DirectInput): DirectGroups {
    const n = f.recordCount;
    const strings = input.nonEmpty.length;
    const messages = f.data.messageCount;
    const l = new Layout();
    l.bytes = this.end;
    const at = {
      joinedFlag: l.take(strings, 1),
      joined: l.take(strings, 4),
      nonEmpty: l.take(strings, 1),
      actIdOf: l.take(n, 4),
      nameEvent: l.take(n, 4),
      nodes: l.take(n * 3, 4),
      message: l.take(n, 4),
      description: l.take(n, 4),
      exceptionMessage: l.take(n, 4),
      mSource: l.take(messages, 4),
      mAction: l.take(messages, 4),
      mMethod: l.take(messages, 4),
      mStatus: l.take(messages, 4),
      mTo: l.take(messages, 4),
    };
    if (l.bytes > this.buf.byteLength) throw new Error('The index kernel has no room for a direct grouping.');
    const b = this.buf;
    const ev = f.data.events;
    const mc = f.data.messages;
    new Uint8Array(b, at.joinedFlag, strings).set(input.joined.subarray(0, strings));
    new Uint8Array(b, at.nonEmpty, strings).set(input.nonEmpty);
    copyIn(b, n, [
      [at.message, ev.message],
      [at.description, ev.description],
      [at.exceptionMessage, ev.exceptionMessage],
    ]);
    copyIn(b, messages, [
      [at.mSource, mc.source],
      [at.mAction, mc.action],
      [at.mMethod, mc.httpMethod],
      [at.mStatus, mc.httpStatus],
      [at.mTo, mc.to],
    ]);
    const grouped = this.groupFile(f, procOf, nProcs, ids, NO_CALLBACKS, () =>
      this.k.setupDirect(at.joinedFlag, at.joined, at.nonEmpty, at.actIdOf, at.nameEvent, at.nodes, at.message, at.description, at.exceptionMessage, at.mSource, at.mAction, at.mMethod, at.mStatus, at.mTo),
    );
    const activities = this.k.activityCount.value as number;
    const nodes = this.k.nodeCount.value as number;
    return {
      ...grouped,
      actIdOf: new Int32Array(b, at.actIdOf, activities).slice(),
      nameEvent: new Int32Array(b, at.nameEvent, activities).slice(),
      nodes: new Int32Array(b, at.nodes, nodes * 3).slice(),
    };
  }
}
