/**
 * The activity index of a split load, grouped by the parse workers: each worker groups its own part
 * (local string ids) into nodes, one per (ActivityID, process), with their aggregates; the loader's
 * thread then only joins the parts' small node and process tables (string ids remapped by the
 * merge), and each worker renumbers its own part's events through the small tables the join gives
 * it (RenumberOrder): no per-event loop runs on the loader's thread. What comes out is what the index kernel's direct grouping of the
 * merged file makes (activities.ts; tests compare both): activities in the order of their first
 * event, nodes likewise, names from the first named Start (else the first ActivityName).
 */
import type { SvclogData } from '../extraction/data';
import type { ParsePart } from '../extraction/parse';
import { processesInJs, type FileProcesses } from './processes';
import { ROOT_ACTIVITY_ID } from './activity-groups';
import type { DirectGroups, KernelStats } from './index-kernel';

/** Slots of a node's (and an activity's) aggregates in `hot` (activities.ts's Stats layout). */
export const FIRST_US = 0;
export const LAST_US = 1;
export const FIRST_TICK = 2;
export const LAST_TICK = 3;
export const TRACES = 4;
export const WORST = 5;
export const HOT = 6;

/** One part's grouping, in its own string ids and process numbers (posted by the worker). */
export interface PartGroups {
  /** The part's processes (processes.ts), `first` in part events. */
  procs: Omit<FileProcesses, 'of'>;
  /** Per part event: its process and its node. */
  procOf: Int32Array;
  nodeOf: Int32Array;
  /** Per node, in the order of their first event: ActivityID string id, process, first event. */
  nodeAct: Int32Array;
  nodeProc: Int32Array;
  nodeFirst: Int32Array;
  /**
   * Per node: HOT aggregates, first and last over the events with a time only (NaN: none); Start
   * and Stop counts; first named Start (-1) and first event with an ActivityName (-1).
   */
  hot: Float64Array;
  starts: Int32Array;
  stops: Int32Array;
  startNamed: Int32Array;
  activityNamed: Int32Array;
  /** Transfer events with a RelatedActivityID, as (event, node) pairs. */
  transfers: Int32Array;
  /** Events per SubType string id and per Level. */
  typeCounts: Float64Array;
  levelCounts: Float64Array;
}

/** A split load's index pieces, joined on the loader's thread (see SvclogData.grouped). */
export interface JoinedGroups {
  /** For how many events (a grown file's data has more: then it is not used). */
  events: number;
  processes: FileProcesses;
  direct: DirectGroups;
  stats: KernelStats;
  typeCounts: { types: Float64Array; levels: Float64Array };
}

/** The joined groups of `data` when they are for its rows (a grown file's are not). */
export function groupsOf(data: SvclogData): JoinedGroups | null {
  return data.grouped && data.grouped.events === data.eventCount ? data.grouped : null;
}

/**
 * Nodes keyed by (ActivityID string id, process): per id the last node made, chained to the id's
 * earlier nodes (an id is seen in one process or a few), so the per-event lookup hashes nothing.
 */
class NodeKeys {
  private readonly head: Int32Array;
  private readonly next: Ints;
  private readonly proc: Ints;

  constructor(ids: number, nodes = 1024) {
    this.head = new Int32Array(ids).fill(-1);
    this.next = new Ints(nodes);
    this.proc = new Ints(nodes);
  }

  get(id: number, p: number): number {
    for (let j = this.head[id]; j >= 0; j = this.next.values[j]) if (this.proc.values[j] === p) return j;
    return -1;
  }

  /** Adds the next node (numbered in the order added). */
  add(id: number, p: number): void {
    this.next.push(this.head[id]);
    this.proc.push(p);
    this.head[id] = this.proc.length - 1;
  }
}

function sharedInts(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

/** A growing array of int32 values. */
class Ints {
  values: Int32Array;
  length = 0;
  constructor(cap = 1024) {
    this.values = new Int32Array(Math.max(16, cap));
  }
  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Int32Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }
  /** The values, in shared memory (posted without a copy). */
  done(): Int32Array {
    const out = new Int32Array(new SharedArrayBuffer(this.length * 4));
    out.set(this.values.subarray(0, this.length));
    return out;
  }
}

function severityRank(level: number): number {
  return level >= 1 && level <= 16 ? level : 1000;
}

/** Groups one parsed part (in the worker that parsed it). */
export function groupPart(part: ParsePart): PartGroups {
  const n = part.eventCount;
  const ev = part.events;
  const mc = part.messages;
  const strings = part.strings;
  // In JavaScript: the kernel's copy of the columns would hold tens of MB per worker until a GC.
  // The per-event arrays are shared memory: posting them to the loader copies nothing.
  const { of: procOf, ...procs } = processesInJs(part, n, sharedInts(n) as Int32Array<ArrayBuffer>);
  const nonEmpty = new Uint8Array(strings.length);
  for (let s = 0; s < strings.length; s++) nonEmpty[s] = strings[s] === '' ? 0 : 1;
  const ids = { start: strings.indexOf('Start'), stop: strings.indexOf('Stop'), transfer: strings.indexOf('Transfer') };
  // Pass 1: each event's node (nodes numbered in the order of their first event), so that pass 2
  // sizes its arrays exactly (arrays grown by doubling left tens of MB of garbage per worker).
  const { activity, timeUs, tick: ticks, level: lvls, subType, related, activityName, message, description, exceptionMessage } = ev;
  const table = new NodeKeys(strings.length);
  const nodeOf = sharedInts(n);
  const nodeAct = new Ints();
  const nodeProc = new Ints();
  const nodeFirst = new Ints();
  let transferCount = 0;
  for (let i = 0; i < n; i++) {
    const p = procOf[i];
    let node = table.get(activity[i], p);
    if (node < 0) {
      node = nodeAct.length;
      table.add(activity[i], p);
      nodeAct.push(activity[i]);
      nodeProc.push(p);
      nodeFirst.push(i);
    }
    nodeOf[i] = node;
    if (subType[i] === ids.transfer && related[i] !== 0) transferCount++;
  }
  // Pass 2: the nodes' aggregates.
  const nodes = nodeAct.length;
  const hot = new Float64Array(new SharedArrayBuffer(nodes * HOT * 8));
  const starts = sharedInts(nodes);
  const stops = sharedInts(nodes);
  const named = sharedInts(nodes).fill(-1);
  const withName = sharedInts(nodes).fill(-1);
  for (let j = 0; j < nodes; j++) hot[j * HOT + FIRST_US] = hot[j * HOT + LAST_US] = NaN;
  const transfers = sharedInts(transferCount * 2);
  let tr = 0;
  const types = new Float64Array(strings.length);
  const levels = new Float64Array(256);
  /** file.ts's `str(activityName[i]) || description(i)` is not empty (the kernel's startNamed). */
  const startNamed = (i: number): boolean => {
    if (nonEmpty[activityName[i]]) return true;
    const m = message[i];
    if (m >= 0) return nonEmpty[mc.source[m]] === 1 || nonEmpty[mc.action[m]] === 1 || nonEmpty[mc.httpMethod[m]] === 1 || nonEmpty[mc.httpStatus[m]] === 1 || nonEmpty[mc.to[m]] === 1;
    return nonEmpty[description[i]] === 1 || nonEmpty[exceptionMessage[i]] === 1;
  };
  for (let i = 0; i < n; i++) {
    const node = nodeOf[i];
    const t = timeUs[i];
    const tick = ticks[i];
    const h = node * HOT;
    // Events without a time are skipped here; the join knows which node began with one (its
    // activity's first/last then stay as that event left them, as in the per-event loop).
    if (t === t) {
      const first = hot[h + FIRST_US];
      if (first !== first || t < first || (t === first && tick < hot[h + FIRST_TICK])) {
        hot[h + FIRST_US] = t;
        hot[h + FIRST_TICK] = tick;
      }
      const last = hot[h + LAST_US];
      if (last !== last || t > last || (t === last && tick > hot[h + LAST_TICK])) {
        hot[h + LAST_US] = t;
        hot[h + LAST_TICK] = tick;
      }
    }
    hot[h + TRACES]++;
    const level = lvls[i];
    const worst = hot[h + WORST];
    if (severityRank(level) < severityRank(worst) || worst === 0) hot[h + WORST] = level;
    const sub = subType[i];
    types[sub]++;
    levels[level]++;
    if (sub === ids.start) {
      starts[node]++;
      if (named[node] < 0 && startNamed(i)) named[node] = i;
    } else if (sub === ids.stop) stops[node]++;
    else if (sub === ids.transfer && related[i] !== 0) {
      transfers[tr++] = i;
      transfers[tr++] = node;
    }
    if (withName[node] < 0 && activityName[i] !== 0) withName[node] = i;
  }
  return {
    procs,
    procOf,
    nodeOf,
    nodeAct: nodeAct.done(),
    nodeProc: nodeProc.done(),
    nodeFirst: nodeFirst.done(),
    hot,
    starts,
    stops,
    startNamed: named,
    activityNamed: withName,
    transfers,
    typeCounts: types,
    levelCounts: levels,
  };
}

/** Per-activity arrays of the join. */
class ActivityTable {
  n = 0;
  hot: Float64Array;
  starts: Int32Array;
  stops: Int32Array;
  startNamed: Int32Array;
  activityNamed: Int32Array;
  actId: Int32Array;

  constructor(cap: number) {
    cap = Math.max(16, cap);
    this.hot = new Float64Array(cap * HOT);
    this.starts = new Int32Array(cap);
    this.stops = new Int32Array(cap);
    this.startNamed = new Int32Array(cap);
    this.activityNamed = new Int32Array(cap);
    this.actId = new Int32Array(cap);
  }

  /** A new activity (at most one per node: the table is sized for every part's nodes). */
  add(id: number): number {
    this.actId[this.n] = id;
    this.startNamed[this.n] = -1;
    this.activityNamed[this.n] = -1;
    return this.n++;
  }
}

/**
 * What one part's worker writes once the parts are joined: its events' activities and processes in
 * the whole file's numbering (out[eventAt + i] = table[part's own number of event i]).
 */
export interface RenumberOrder {
  /** The whole file's per-event columns (shared memory: every part's worker fills its own rows). */
  activityOf: Int32Array;
  processOf: Int32Array;
  eventAt: number;
  /** The part's node → the file's activity; the part's process → the file's process. */
  nodeActivity: Int32Array;
  processRemap: Int32Array;
}

/** Applies a RenumberOrder to the part it was made for (in the worker that grouped it). */
export function renumberPart(g: Pick<PartGroups, 'nodeOf' | 'procOf'>, o: RenumberOrder): void {
  renumber(o.activityOf, o.eventAt, g.nodeOf, o.nodeActivity);
  renumber(o.processOf, o.eventAt, g.procOf, o.processRemap);
}

/** The join: the file's groups, their per-event columns still to be filled by `renumberPart` of every part. */
export interface PartJoin {
  joined: JoinedGroups;
  orders: RenumberOrder[];
}

/** One grouped part as the join reads it: its rows start at `eventAt` of the merged file, its string ids map through `remap`. */
export interface JoinPart {
  part: ParsePart;
  groups: PartGroups;
  remap: Int32Array;
  eventAt: number;
}

/**
 * Joins the parts' groupings into the merged file's (`strings`: its string table). Reads only the
 * parts' own columns and per-node tables, so it runs while the workers copy their rows into the
 * merged ones; the per-event columns are left to the workers (`orders`, one per part).
 */
export function joinPartGroups(strings: readonly string[], joinParts: readonly JoinPart[]): PartJoin {
  const parts = joinParts.map((j) => j.groups);
  const remaps = joinParts.map((j) => j.remap);
  const eventAt = joinParts.map((j) => j.eventAt);
  const events = joinParts.reduce((n, j) => n + j.part.eventCount, 0);
  // Processes: numbered in the order of their first event, as processesOf numbers them.
  const procKey = new Map<string, number>();
  const processes: FileProcesses = { of: sharedInts(events), computer: [], name: [], pid: [], first: [] };
  const procRemaps = parts.map((g, k) => {
    const remap = remaps[k];
    return Int32Array.from(g.procs.pid, (pid, lp) => {
      const computer = remap[g.procs.computer[lp]];
      const name = remap[g.procs.name[lp]];
      const key = `${computer}|${name}|${pid}`;
      let p = procKey.get(key);
      if (p === undefined) {
        procKey.set(key, (p = processes.pid.length));
        processes.pid.push(pid);
        processes.computer.push(computer);
        processes.name.push(name);
        processes.first.push(eventAt[k] + g.procs.first[lp]);
      }
      return p;
    });
  });
  // Ids that are one activity in every process: the root id and ids propagated in ActivityId headers.
  const joined = new Uint8Array(strings.length);
  const root = strings.indexOf(ROOT_ACTIVITY_ID);
  if (root >= 0) joined[root] = 1;
  for (const { part, remap } of joinParts) {
    const { activityHeader } = part.messages;
    for (let m = 0; m < part.messageCount; m++) if (activityHeader[m] !== 0 && part.strings[activityHeader[m]] !== '') joined[remap[activityHeader[m]]] = 1;
  }
  const joinedAct = new Int32Array(strings.length);
  // (ActivityID, process) of the whole file → node; each node has one activity.
  // Sized for every part's nodes and transfers (a bound): nothing grows while joining.
  const partNodes = parts.reduce((n, g) => n + g.nodeAct.length, 0);
  const nodeKeys = new NodeKeys(strings.length, partNodes);
  const nodes = new Ints(partNodes * 3);
  const act = new ActivityTable(partNodes);
  const activityOf = sharedInts(events);
  const orders: RenumberOrder[] = [];
  /** Per Transfer: event, from activity, related id, process. */
  const transferList = new Ints(parts.reduce((n, g) => n + (g.transfers.length / 2) * 4, 0));
  parts.forEach((g, k) => {
    const remap = remaps[k];
    const procRemap = procRemaps[k];
    const base = eventAt[k];
    const nodeAct = new Int32Array(g.nodeAct.length);
    for (let j = 0; j < g.nodeAct.length; j++) {
      const id = remap[g.nodeAct[j]];
      const p = procRemap[g.nodeProc[j]];
      const known = nodeKeys.get(id, p);
      let a: number;
      if (known >= 0) a = nodes.values[known * 3];
      else {
        if (joined[id]) {
          a = joinedAct[id] - 1;
          if (a < 0) joinedAct[id] = (a = act.add(id)) + 1;
        } else a = act.add(id);
        nodeKeys.add(id, p);
        nodes.push(a);
        nodes.push(base + g.nodeFirst[j]);
        nodes.push(p);
      }
      nodeAct[j] = a;
      combine(act, a, g, j, base, joinParts[k].part);
    }
    orders.push({ activityOf, processOf: processes.of, eventAt: base, nodeActivity: nodeAct, processRemap: procRemap });
    const related = joinParts[k].part.events.related;
    for (let t = 0; t < g.transfers.length; t += 2) {
      const i = g.transfers[t];
      transferList.push(base + i);
      transferList.push(nodeAct[g.transfers[t + 1]]);
      transferList.push(remap[related[i]]);
      transferList.push(procRemap[g.procOf[i]]);
    }
  });
  // Each Transfer's related (id, process) node anywhere in the file, else the joined id's activity.
  const transfers = new Int32Array((transferList.length / 4) * 3);
  for (let t = 0, r = 0; t < transferList.length; t += 4, r += 3) {
    const i = transferList.values[t];
    const id = transferList.values[t + 2];
    const node = nodeKeys.get(id, transferList.values[t + 3]);
    let to = node >= 0 ? nodes.values[node * 3] : -1;
    if (to < 0 && joined[id]) to = joinedAct[id] - 1;
    transfers[r] = i;
    transfers[r + 1] = transferList.values[t + 1];
    transfers[r + 2] = to;
  }
  const n = act.n;
  const nameRank = new Uint8Array(n);
  const nameEvent = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    const s = act.startNamed[a];
    const an = act.activityNamed[a];
    nameRank[a] = s >= 0 ? 0 : an >= 0 ? 1 : 2;
    nameEvent[a] = s >= 0 ? s : an;
  }
  const types = new Float64Array(strings.length);
  const levels = new Float64Array(256);
  parts.forEach((g, k) => {
    const remap = remaps[k];
    g.typeCounts.forEach((c, id) => c && (types[remap[id]] += c));
    g.levelCounts.forEach((c, lv) => (levels[lv] += c));
  });
  const result: JoinedGroups = {
    events,
    processes,
    direct: { of: activityOf, transfers, actIdOf: act.actId.slice(0, n), nameEvent, nodes: nodes.done() },
    stats: { hot: act.hot.slice(0, n * HOT), starts: act.starts.slice(0, n), stops: act.stops.slice(0, n), nameRank },
    typeCounts: { types, levels },
  };
  return { joined: result, orders };
}

/** out[base + i] = to[from[i]]. */
function renumber(out: Int32Array, base: number, from: Int32Array, to: Int32Array): void {
  for (let i = 0; i < from.length; i++) out[base + i] = to[from[i]];
}

/** Adds node j of part g (events from `base`) to activity a, as if its events came one by one. */
function combine(act: ActivityTable, a: number, g: PartGroups, j: number, base: number, part: ParsePart): void {
  const h = a * HOT;
  const s = j * HOT;
  const hot = act.hot;
  const count = hot[h + TRACES];
  const firstEvent = g.nodeFirst[j];
  const firstTime = part.events.timeUs[firstEvent];
  if (count === 0 && firstTime !== firstTime) {
    // The activity's first event has no time: the per-event loop's first and last stay on it.
    hot[h + FIRST_US] = hot[h + LAST_US] = NaN;
    hot[h + FIRST_TICK] = hot[h + LAST_TICK] = part.events.tick[firstEvent];
  } else {
    // Comparisons with NaN are false: a node without times, or an activity that began without one, keeps its values.
    const t0 = g.hot[s + FIRST_US];
    const k0 = g.hot[s + FIRST_TICK];
    if (count === 0 || t0 < hot[h + FIRST_US] || (t0 === hot[h + FIRST_US] && k0 < hot[h + FIRST_TICK])) {
      hot[h + FIRST_US] = t0;
      hot[h + FIRST_TICK] = k0;
    }
    const t1 = g.hot[s + LAST_US];
    const k1 = g.hot[s + LAST_TICK];
    if (count === 0 || t1 > hot[h + LAST_US] || (t1 === hot[h + LAST_US] && k1 > hot[h + LAST_TICK])) {
      hot[h + LAST_US] = t1;
      hot[h + LAST_TICK] = k1;
    }
  }
  hot[h + TRACES] = count + g.hot[s + TRACES];
  // The worst level folds like the per-event step: 0 (absent) gives way to anything, else the lower rank.
  const worst = hot[h + WORST];
  const w = g.hot[s + WORST];
  if (severityRank(w) < severityRank(worst) || worst === 0) hot[h + WORST] = w;
  act.starts[a] += g.starts[j];
  act.stops[a] += g.stops[j];
  // The activity's first such event: a joined activity's nodes of one part interleave.
  act.startNamed[a] = earliest(act.startNamed[a], g.startNamed[j], base);
  act.activityNamed[a] = earliest(act.activityNamed[a], g.activityNamed[j], base);
}

/** The earlier of event `have` (-1: none) and part event `local` (-1: none) from `base`. */
function earliest(have: number, local: number, base: number): number {
  if (local < 0) return have;
  return have < 0 || base + local < have ? base + local : have;
}
