/**
 * Activities as Service Trace Viewer shows them. Events are grouped by ActivityID within a process
 * (computer + process name + pid); groups in different processes or files with the same id are
 * joined into one activity when that id travelled in an ActivityId message header (propagation)
 * and the all-zero id is one root activity. Transfers come from Transfer traces' RelatedActivityID.
 */
import type { SvclogFile } from '../file';
import { ActivityGroups, ROOT_ACTIVITY_ID } from './activity-groups';
import { severityRank } from '../levels';
import { ActivityKernel, nodeBound, type FileGroups, type GroupCallbacks, type KernelStats } from './index-kernel';
import { FIRST_TICK, FIRST_US, HOT, LAST_TICK, LAST_US, TRACES, WORST, groupsOf } from './part-groups';

export { ROOT_ACTIVITY_ID };

export interface Activity {
  /** Position in `SvclogIndex.activities`. */
  index: number;
  /** The ActivityID GUID (without braces). */
  id: string;
  isRoot: boolean;
  /** ActivityName of its Start trace (or that trace's description); empty when it has none. */
  name: string;
  firstUs: number;
  firstTick: number;
  lastUs: number;
  lastTick: number;
  durationUs: number;
  traceCount: number;
  /** Worst Level element value among its traces (1 Critical … 16 Verbose; 255 only activity tracing). */
  worstLevel: number;
  hosts: string[];
  /** "name (pid)" on "computer". */
  processes: string[];
  /** Slots (in `SvclogIndex.files`) of the files it has traces in. */
  files: number[];
  transfersIn: number;
  transfersOut: number;
  starts: number;
  stops: number;
  /** Starts and Stops do not balance (or the activity never stopped). */
  unbalanced: boolean;
}

export interface Transfer {
  file: number;
  event: number;
  timeUs: number;
  from: number;
  /** Activity index the transfer went to, -1 when the related id never appears as an activity. */
  to: number;
  relatedId: string;
}

export interface ActivityIndex {
  /** Number of activities (known without materialising the Activity objects). */
  activityCount: number;
  /** Number of transfers. */
  transferCount: number;
  /** The Activity objects, built on first access (a large file has ~100k of them). */
  readonly activities: Activity[];
  /** The Transfer objects, built on first access. */
  readonly transfers: Transfer[];
  /** activityOf[file][event] = activity index. */
  activityOf: Int32Array[];
  /** Events of activity a: members.subarray(memberStart[a], memberStart[a + 1]) as global event numbers (built on first access). */
  readonly memberStart: Int32Array;
  readonly members: Int32Array;
  /** Global event number = eventBase[file] + event. */
  eventBase: number[];
}

// FIRST_US … WORST (part-groups.ts): slots of the per-activity values every event updates, side by
// side in `Stats.hot` (one cache line per activity instead of one per value: events of interleaved
// activities hit them in random order).

/** Per-activity aggregates in typed arrays, grown by doubling: the per-event work allocates nothing. */
class Stats {
  n = 0;
  /** FIRST_US … WORST of activity a at a * HOT + slot. */
  hot: Float64Array = new Float64Array(0);
  nameRank: Uint8Array = new Uint8Array(0);
  starts: Int32Array = new Int32Array(0);
  stops: Int32Array = new Int32Array(0);
  transfersIn: Int32Array = new Int32Array(0);
  transfersOut: Int32Array = new Int32Array(0);
  /** First node of each activity; nodes chain through `nextNode`. */
  firstNode: Int32Array = new Int32Array(0);
  readonly ids: string[] = [];
  readonly names: string[] = [];

  /** `kernel`: the per-activity arrays the index kernel updates (sized for every event: never grown). */
  constructor(kernel?: KernelStats) {
    if (!kernel) return;
    this.hot = kernel.hot;
    this.nameRank = kernel.nameRank;
    this.starts = kernel.starts;
    this.stops = kernel.stops;
    const cap = kernel.starts.length;
    this.transfersIn = new Int32Array(cap);
    this.transfersOut = new Int32Array(cap);
    this.firstNode = new Int32Array(cap);
  }

  /** The n activities were made in the kernel (ranks set there): their ids, no names yet, no nodes. */
  adopt(id: (a: number) => string): void {
    for (let a = 0; a < this.n; a++) {
      this.ids.push(id(a));
      this.names.push('');
      this.firstNode[a] = -1;
    }
  }

  add(id: string): number {
    if (this.n === this.starts.length) this.grow(Math.max(1024, this.n * 2));
    this.ids.push(id);
    this.names.push('');
    this.nameRank[this.n] = 2;
    this.firstNode[this.n] = -1;
    return this.n++;
  }

  /**
   * Copies every array to exactly the n activities made: the kernel-backed ones lived in the index
   * kernel's memory, which (a hash table and copies of the file's columns: tens of MB for a large
   * trace) would otherwise stay allocated as long as the index.
   */
  ownArrays(): void {
    const n = this.n;
    this.hot = this.hot.slice(0, n * HOT);
    this.nameRank = this.nameRank.slice(0, n);
    this.starts = this.starts.slice(0, n);
    this.stops = this.stops.slice(0, n);
    this.transfersIn = this.transfersIn.slice(0, n);
    this.transfersOut = this.transfersOut.slice(0, n);
    this.firstNode = this.firstNode.slice(0, n);
  }

  value(a: number, slot: number): number {
    return this.hot[a * HOT + slot];
  }

  private grow(cap: number): void {
    const hot = new Float64Array(cap * HOT);
    hot.set(this.hot);
    this.hot = hot;
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.nameRank = u8(this.nameRank);
    this.starts = i32(this.starts);
    this.stops = i32(this.stops);
    this.transfersIn = i32(this.transfersIn);
    this.transfersOut = i32(this.transfersOut);
    this.firstNode = i32(this.firstNode);
  }
}

/**
 * (activity string id, process) of one file → activity: dense when small enough, else a Map. The
 * dense table holds activity + 1, so it starts as fresh zeroed memory: only the pages of keys that
 * occur are ever touched (filling it with -1 would touch every page of a table of millions).
 */
class NodeTable {
  private readonly dense: Int32Array | null;
  private readonly sparse = new Map<number, number>();

  constructor(size: number) {
    this.dense = size <= 1 << 24 ? new Int32Array(size) : null;
  }

  get(k: number): number {
    return this.dense ? this.dense[k] - 1 : (this.sparse.get(k) ?? -1);
  }

  set(k: number, a: number): void {
    if (this.dense) this.dense[k] = a + 1;
    else this.sparse.set(k, a);
  }
}

/**
 * Groups the files' events into activities. `kernel`: run the per-event loop in the index kernel
 * (index-kernel.ts) where WebAssembly is available; the JavaScript loop below takes the same steps
 * (tests compare both).
 */
export function buildActivities(files: readonly SvclogFile[], kernel = true): ActivityIndex {
  const events = files.reduce((n, f) => n + f.recordCount, 0);
  const groups = new ActivityGroups(files);
  // One file with distinct strings: the kernel also makes and names the activities (no call backs).
  const only = groups.isDirect ? files[0] : null;
  // A split load's workers grouped its parts already: the same as the kernel's direct grouping.
  const pre = kernel && only ? groupsOf(only.data) : null;
  const useKernel = kernel && !pre;
  const directRoom = only ? ActivityKernel.directBytes(only.recordCount, only.data.strings.length, only.data.messageCount) : 0;
  const maxKeys = useKernel ? files.reduce((n, f) => Math.max(n, nodeBound(f, Math.max(1, f.processes().pid.length))), 0) : 0;
  let k = useKernel ? ActivityKernel.create(files.reduce((n, f) => Math.max(n, f.recordCount), 0), Math.max(1, events), HOT, directRoom, maxKeys) : null;
  const st = new Stats(pre?.stats ?? k?.stats);
  /** The kernel (or the workers) grouped the only file directly (transfers resolved across processes). */
  const direct = (k !== null || pre !== null) && only !== null;
  // A node is one (process, id) of one file: its host, process and file are fixed.
  const nodeNext: number[] = [];
  const nodeHost: string[] = [];
  const nodeProc: string[] = [];
  const nodeFile: number[] = [];
  const activityOf: Int32Array[] = [];
  const eventBase: number[] = [];
  const procGroupsOf: number[][] = [];
  // Transfer traces per file as (event, from activity, to activity in the same file or -1), resolved
  // across files once every activity exists.
  const transfersOf: Int32Array[] = [];
  /** Work deferred until the Activity objects are first wanted. */
  const beforeMaterialise: (() => void)[] = [];
  let base = 0;
  files.forEach((f, fi) => {
    const kern = k;
    eventBase.push(base);
    base += f.recordCount;
    const ev = f.data.events;
    const procs = f.processes();
    const nProcs = Math.max(1, procs.pid.length);
    const procKeys = procs.first.map((i) => `${f.str(ev.computer[i])}|${f.processLabel(i)}`);
    const procGroups = procKeys.map((key) => groups.process(key));
    procGroupsOf.push(procGroups);
    // SubType string ids of this file (-1 when absent) so the per-event test is an integer compare.
    const ids = { start: f.data.strings.indexOf('Start'), stop: f.data.strings.indexOf('Stop'), transfer: f.data.strings.indexOf('Transfer') };
    const { activity, computer, activityName } = ev;
    // The steps that need strings, shared by the kernel's loop and the one below.
    /** Node (activity a, first event i, process p) of this file. */
    const addNode = (a: number, i: number, p: number) => {
      nodeNext.push(st.firstNode[a]);
      st.firstNode[a] = nodeHost.length;
      nodeHost.push(f.str(computer[i]));
      nodeProc.push(procKeys[p]);
      nodeFile.push(fi);
    };
    const steps: GroupCallbacks = {
      newNode(i, p) {
        const actId = activity[i];
        let a = groups.get(fi, actId, procGroups[p]);
        if (a < 0) {
          a = st.add(f.str(actId));
          groups.set(fi, actId, procGroups[p], a);
        }
        addNode(a, i, p);
        return a;
      },
      startName(i, a) {
        const name = f.str(activityName[i]) || f.description(i);
        if (name) {
          st.names[a] = name;
          st.nameRank[a] = 0;
        }
      },
      activityName(i, a) {
        st.names[a] = f.str(activityName[i]);
        st.nameRank[a] = 1;
      },
    };
    let grouped: FileGroups;
    if (direct && (pre || kern)) {
      const made = pre ? pre.direct : (kern as ActivityKernel).groupDirect(f, procs.of, nProcs, ids, { joined: groups.joinedFlags(), nonEmpty: nonEmptyStrings(f.data.strings) });
      st.n = made.actIdOf.length;
      // Ids, names and nodes are strings the summary does not need: made when the activities are.
      beforeMaterialise.push(() => {
        st.adopt((a) => f.str(made.actIdOf[a]));
        // The names: from the first Start with one (rank 0) or the first ActivityName (rank 1).
        for (let a = 0; a < st.n; a++) {
          const e = made.nameEvent[a];
          if (st.nameRank[a] === 0) steps.startName(e, a);
          else if (st.nameRank[a] === 1) steps.activityName(e, a);
        }
        const nodes = made.nodes;
        for (let q = 0; q < nodes.length; q += 3) addNode(nodes[q], nodes[q + 1], nodes[q + 2]);
      });
      grouped = made;
    } else grouped = kern ? kern.groupFile(f, procs.of, nProcs, ids, steps) : groupInJs(f, procs.of, nProcs, ids, st, steps);
    activityOf.push(grouped.of);
    transfersOf.push(grouped.transfers);
  });
  // The grouping is done: the kernel's memory goes (the closures below would keep `k` alive).
  if (k) st.ownArrays();
  k = null;
  // Resolved transfers as (file, event, from, to); their objects are built on first access.
  const resolved = new Int32Array(transfersOf.reduce((n, t) => n + t.length / 3, 0) * 4);
  let r = 0;
  transfersOf.forEach((list, fi) => {
    const f = files[fi];
    const procOf = f.processes().of;
    const related = f.data.events.related;
    for (let k3 = 0; k3 < list.length; k3 += 3, r += 4) {
      const event = list[k3];
      const from = list[k3 + 1];
      // The (process, related id) node of the same file is the group looked for, when it exists;
      // else another file's or process's (a direct grouping looked at those too).
      let to = list[k3 + 2];
      if (to < 0 && !direct) to = groups.get(fi, related[event], procGroupsOf[fi][procOf[event]]);
      st.transfersOut[from]++;
      if (to >= 0) st.transfersIn[to]++;
      resolved[r] = fi;
      resolved[r + 1] = event;
      resolved[r + 2] = from;
      resolved[r + 3] = to;
    }
  });
  const transfers = (): Transfer[] => {
    const out: Transfer[] = [];
    for (let r = 0; r < resolved.length; r += 4) {
      const f = files[resolved[r]];
      const event = resolved[r + 1];
      out.push({ file: resolved[r], event, timeUs: f.timeUs(event), from: resolved[r + 2], to: resolved[r + 3], relatedId: f.str(f.data.events.related[event]) });
    }
    return out;
  };
  const activities = (): Activity[] => {
    for (const step of beforeMaterialise) step();
    return materialise(st, { nodeNext, nodeHost, nodeProc, nodeFile });
  };
  const members = once(() => buildMembers(activityOf, eventBase, st.n));
  const objects = { activities: once(activities), transfers: once(transfers) };
  return {
    activityCount: st.n,
    transferCount: resolved.length / 4,
    get activities() {
      return objects.activities();
    },
    get transfers() {
      return objects.transfers();
    },
    activityOf,
    get memberStart() {
      return members().memberStart;
    },
    get members() {
      return members().members;
    },
    eventBase,
  };
}

/** Per string id: 1 when its display string is not empty. */
function nonEmptyStrings(strings: readonly string[]): Uint8Array {
  const out = new Uint8Array(strings.length);
  for (let i = 0; i < strings.length; i++) out[i] = strings[i] === '' ? 0 : 1;
  return out;
}

/**
 * The per-event loop in JavaScript (the index kernel's steps, where WebAssembly is not available):
 * each event's activity, the activities' aggregates, and the file's Transfer traces.
 */
function groupInJs(f: SvclogFile, procOf: Int32Array, nProcs: number, ids: { start: number; stop: number; transfer: number }, st: Stats, steps: GroupCallbacks): FileGroups {
  const n = f.recordCount;
  const of = new Int32Array(n);
  const table = new NodeTable(f.data.strings.length * nProcs);
  const pending = new GrowingInts(3);
  // Columns in locals: the loop then touches typed arrays only.
  const { activity, timeUs, tick: ticks, level: levels, subType, related, activityName } = f.data.events;
  for (let i = 0; i < n; i++) {
    const p = procOf[i];
    const slot = activity[i] * nProcs + p;
    let a = table.get(slot);
    if (a < 0) {
      a = steps.newNode(i, p);
      table.set(slot, a);
    }
    of[i] = a;
    const t = timeUs[i];
    const tick = ticks[i];
    const hot = st.hot;
    const h = a * HOT;
    const count = hot[h + TRACES];
    if (count === 0 || t < hot[h + FIRST_US] || (t === hot[h + FIRST_US] && tick < hot[h + FIRST_TICK])) {
      hot[h + FIRST_US] = t;
      hot[h + FIRST_TICK] = tick;
    }
    if (count === 0 || t > hot[h + LAST_US] || (t === hot[h + LAST_US] && tick > hot[h + LAST_TICK])) {
      hot[h + LAST_US] = t;
      hot[h + LAST_TICK] = tick;
    }
    hot[h + TRACES] = count + 1;
    const level = levels[i];
    const worst = hot[h + WORST];
    if (severityRank(level) < severityRank(worst) || worst === 0) hot[h + WORST] = level;
    const sub = subType[i];
    if (sub === ids.start) {
      st.starts[a]++;
      if (st.nameRank[a] > 0) steps.startName(i, a);
    } else if (sub === ids.stop) st.stops[a]++;
    else if (sub === ids.transfer && related[i] !== 0) pending.push3(i, a, -1);
    if (st.nameRank[a] > 1 && activityName[i] !== 0) steps.activityName(i, a);
  }
  // Each Transfer's related (id, process) node in this file, once the file's nodes all exist.
  const transfers = pending.values.slice(0, pending.length);
  for (let k = 0; k < transfers.length; k += 3) {
    const i = transfers[k];
    transfers[k + 2] = table.get(related[i] * nProcs + procOf[i]);
  }
  return { of, transfers };
}

/** The value of `make()`, computed on the first call. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** Where each activity was seen: nodes are (file, process, id) groups chained per activity. */
interface Nodes {
  nodeNext: number[];
  nodeHost: string[];
  nodeProc: string[];
  nodeFile: number[];
}

/** The Activity objects from the aggregates. */
function materialise(st: Stats, { nodeNext, nodeHost, nodeProc, nodeFile }: Nodes): Activity[] {
  const labels = new Map<string, string>();
  const label = (key: string) => {
    let l = labels.get(key);
    if (l === undefined) labels.set(key, (l = procLabel(key)));
    return l;
  };
  const activities: Activity[] = [];
  const single = new SingleNodeLists();
  for (let a = 0; a < st.n; a++) {
    const id = st.ids[a];
    const isRoot = id === ROOT_ACTIVITY_ID;
    let hosts: string[];
    let processes: string[];
    let inFiles: number[];
    const node = st.firstNode[a];
    if (nodeNext[node] < 0) {
      // One node: the lists are shared by every activity of that process (read-only by contract).
      hosts = single.hosts(nodeHost[node]);
      processes = single.processes(nodeProc[node], label);
      inFiles = single.files(nodeFile[node]);
    } else {
      const h = new Set<string>();
      const p = new Set<string>();
      const fs = new Set<number>();
      for (let k = node; k >= 0; k = nodeNext[k]) {
        h.add(nodeHost[k]);
        p.add(nodeProc[k]);
        fs.add(nodeFile[k]);
      }
      hosts = [...h].filter(Boolean).sort();
      processes = [...p].map(label).sort();
      inFiles = [...fs].sort((x, y) => x - y);
    }
    const starts = st.starts[a];
    const stops = st.stops[a];
    activities.push({
      index: a,
      id,
      isRoot,
      name: isRoot && !st.names[a] ? 'Root activity' : st.names[a],
      firstUs: st.value(a, FIRST_US),
      firstTick: st.value(a, FIRST_TICK),
      lastUs: st.value(a, LAST_US),
      lastTick: st.value(a, LAST_TICK),
      durationUs: st.value(a, LAST_US) - st.value(a, FIRST_US),
      traceCount: st.value(a, TRACES),
      worstLevel: st.value(a, WORST),
      hosts,
      processes,
      files: inFiles,
      transfersIn: st.transfersIn[a],
      transfersOut: st.transfersOut[a],
      starts,
      stops,
      unbalanced: !isRoot && (starts !== stops || (starts === 0 && stops > 0)),
    });
  }
  return activities;
}

/** A growing array of int32 tuples (no boxed numbers, no array of arrays). */
class GrowingInts {
  values = new Int32Array(3 * 1024);
  length = 0;

  constructor(private readonly width: number) {}

  push3(x: number, y: number, z: number): void {
    if (this.length + this.width > this.values.length) {
      const next = new Int32Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length] = x;
    this.values[this.length + 1] = y;
    this.values[this.length + 2] = z;
    this.length += this.width;
  }
}

/** The host/process/file lists of activities that live in one process of one file, one instance per value. */
class SingleNodeLists {
  private readonly byHost = new Map<string, string[]>();
  private readonly byProc = new Map<string, string[]>();
  private readonly byFile = new Map<number, number[]>();

  hosts(host: string): string[] {
    let l = this.byHost.get(host);
    if (!l) this.byHost.set(host, (l = host ? [host] : []));
    return l;
  }

  processes(procKey: string, label: (key: string) => string): string[] {
    let l = this.byProc.get(procKey);
    if (!l) this.byProc.set(procKey, (l = [label(procKey)]));
    return l;
  }

  files(file: number): number[] {
    let l = this.byFile.get(file);
    if (!l) this.byFile.set(file, (l = [file]));
    return l;
  }
}

function procLabel(key: string): string {
  const [computer, proc] = key.split('|');
  return computer ? `${proc} on ${computer}` : proc;
}

/** Counting sort of events by activity (CSR layout), in file order within each activity. */
function buildMembers(activityOf: Int32Array[], eventBase: number[], n: number): { memberStart: Int32Array; members: Int32Array } {
  const memberStart = new Int32Array(n + 1);
  for (const of of activityOf) for (let i = 0; i < of.length; i++) memberStart[of[i] + 1]++;
  for (let a = 0; a < n; a++) memberStart[a + 1] += memberStart[a];
  const fill = memberStart.slice(0, n);
  const members = new Int32Array(memberStart[n]);
  activityOf.forEach((of, f) => {
    for (let i = 0; i < of.length; i++) members[fill[of[i]]++] = eventBase[f] + i;
  });
  return { memberStart, members };
}
