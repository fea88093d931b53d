/**
 * The svclog index's per-event loops in WebAssembly (compiled by scripts/build-wasm.mjs into
 * ../index-kernel-wasm.ts; used by ../index-kernel.ts): numbering each event's process
 * (../processes.ts's processesOf) and grouping events into activities with their aggregates
 * (../activities.ts's buildActivities), step for step. They run once per load on the main
 * thread, where JavaScript would run them before V8 has optimised them; compiled WebAssembly runs
 * at full speed from the first event. What needs strings (which activity a new (id, process)
 * joins, activity names) is asked of JavaScript through the imports below, in the same order the
 * JavaScript loop asks itself.
 *
 * Memory is the importer's and never grows; the importer lays out every array (byte offsets).
 */

/** A new (ActivityID, process) of the current file at event i: its activity (JavaScript makes or finds it). */
@external('env', 'newNode')
declare function newNode(i: i32, p: i32): i32;
/** Event i is a Start of activity a, which has no name from a Start yet: JavaScript names it; 1 when it did. */
@external('env', 'startName')
declare function startName(i: i32, a: i32): i32;
/** Event i of activity a has an ActivityName and a has none yet: JavaScript takes it. */
@external('env', 'activityName')
declare function activityName(i: i32, a: i32): void;

// ---------------------------------------------------------------------------------------------
// Processes: (pid, computer, process name) → a number, in order of first appearance.

// The numbering's state between calls.
let pidAt: usize = 0;
let computerAt: usize = 0;
let nameAt: usize = 0;
let procOfAt: usize = 0;
let pidOut: usize = 0;
let computerOut: usize = 0;
let nameOut: usize = 0;
let firstOut: usize = 0;
let procSlots: usize = 0;
let procMask = 0;
let procCount = 0;
let procLast = -1;

/**
 * Where the events' pid (i32), computer and process name (string ids, u32) are, where their
 * process numbers go (of, i32), the table of processes (pidOut, computerOut, nameOut, firstOut:
 * one i32 per event at most) and a hash table of mask + 1 i32 (≥ twice the events, a power of two).
 */
export function setupProcesses(pid: usize, computer: usize, name: usize, out: usize, pids: usize, computers: usize, names: usize, firsts: usize, slots: usize, mask: i32): void {
  pidAt = pid;
  computerAt = computer;
  nameAt = name;
  procOfAt = out;
  pidOut = pids;
  computerOut = computers;
  nameOut = names;
  firstOut = firsts;
  procSlots = slots;
  procMask = mask;
  procCount = 0;
  procLast = -1;
  memory.fill(slots, 0xff, <usize>(mask + 1) << 2);
}

/**
 * Numbers the processes of events [from, to) (called on successive ranges: a function that runs
 * once stays in V8's baseline code; called again it gets optimised). Returns the number of
 * processes so far.
 */
export function processes(from: i32, to: i32): i32 {
  const ofAt = procOfAt;
  const slots = procSlots;
  const mask = procMask;
  for (let i = from; i < to; i++) {
    const o = <usize>i << 2;
    const pid = load<i32>(pidAt + o);
    const computer = load<i32>(computerAt + o);
    const name = load<i32>(nameAt + o);
    const lo = <usize>procLast << 2;
    if (procLast >= 0 && load<i32>(pidOut + lo) == pid && load<i32>(computerOut + lo) == computer && load<i32>(nameOut + lo) == name) {
      store<i32>(ofAt + o, procLast);
      continue;
    }
    let slot = hash3(pid, computer, name) & mask;
    let p = -1;
    for (;;) {
      const q = load<i32>(slots + (<usize>slot << 2));
      if (q < 0) break;
      const qo = <usize>q << 2;
      if (load<i32>(pidOut + qo) == pid && load<i32>(computerOut + qo) == computer && load<i32>(nameOut + qo) == name) {
        p = q;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (p < 0) {
      p = procCount++;
      const po = <usize>p << 2;
      store<i32>(pidOut + po, pid);
      store<i32>(computerOut + po, computer);
      store<i32>(nameOut + po, name);
      store<i32>(firstOut + po, i);
      store<i32>(slots + (<usize>slot << 2), p);
    }
    store<i32>(ofAt + o, p);
    procLast = p;
  }
  return procCount;
}

@inline
function hash3(a: i32, b: i32, c: i32): i32 {
  let h = a * <i32>0x9e3779b1;
  h ^= b * <i32>0x85ebca6b;
  h ^= c * <i32>0xc2b2ae35;
  return h ^ <i32>(<u32>h >> 15);
}

// ---------------------------------------------------------------------------------------------
// Activities: activities.ts's per-event loop over one file, with its Stats in this memory.

// Stats of every activity (for all files; capacity set by setupStats).
let hotAt: usize = 0;
let startsAt: usize = 0;
let stopsAt: usize = 0;
let rankAt: usize = 0;
// activities.ts's slots in `hot` (HOT f64 per activity).
const FIRST_US = 0;
const LAST_US = 1;
const FIRST_TICK = 2;
const LAST_TICK = 3;
const TRACES = 4;
const WORST = 5;
const HOT = 6;

/** Where the Stats arrays are: hot (6 f64 per activity), starts and stops (i32), nameRank (u8). */
export function setupStats(hot: usize, starts: usize, stops: usize, rank: usize): void {
  hotAt = hot;
  startsAt = starts;
  stopsAt = stops;
  rankAt = rank;
}

// The current file's columns (n events each) and work areas.
let n = 0;
let activityAt: usize = 0;
let procAt: usize = 0;
let timeAt: usize = 0;
let tickAt: usize = 0;
let levelAt: usize = 0;
let subTypeAt: usize = 0;
let relatedAt: usize = 0;
let nameIdAt: usize = 0;
let ofAt: usize = 0;
// (id, process) → activity: keys (u64, all ones when empty) and values (i32).
let keysAt: usize = 0;
let valuesAt: usize = 0;
let tableMask = 0;
// Direct mode (one file whose strings are all distinct: ActivityGroups keys are string ids): the
// kernel makes activities itself and names them by event, with no call back per node or name.
let direct = false;
/** Per string id: 1 when the id is one activity everywhere (the root id, ids propagated in headers). */
let joinedFlagAt: usize = 0;
/** Per string id: the activity + 1 of a joined id, 0 before it exists. */
let joinedAt: usize = 0;
/** Per string id: 1 when its display string is not empty. */
let nonEmptyAt: usize = 0;
/** Per activity: its ActivityID string id, and the event its name comes from (-1: none). */
let actIdOfAt: usize = 0;
let nameEventAt: usize = 0;
/** Nodes as (activity, first event, process) i32 triples, in the order they appear. */
let nodesAt: usize = 0;
export let activityCount = 0;
export let nodeCount = 0;
// Columns the name of a Start event comes from (file.ts's description): per event message row
// (i32), description and exception message (u32); per message source, action, method, status, to (u32).
let messageAt: usize = 0;
let descriptionAt: usize = 0;
let exceptionMessageAt: usize = 0;
let mSourceAt: usize = 0;
let mActionAt: usize = 0;
let mMethodAt: usize = 0;
let mStatusAt: usize = 0;
let mToAt: usize = 0;

/** Switches direct mode on for the current file (see above); the arrays are the importer's. */
export function setupDirect(
  joinedFlag: usize,
  joined: usize,
  nonEmpty: usize,
  actIdOf: usize,
  nameEvent: usize,
  nodes: usize,
  message: usize,
  description: usize,
  exceptionMessage: usize,
  mSource: usize,
  mAction: usize,
  mMethod: usize,
  mStatus: usize,
  mTo: usize,
): void {
  direct = true;
  joinedFlagAt = joinedFlag;
  joinedAt = joined;
  nonEmptyAt = nonEmpty;
  actIdOfAt = actIdOf;
  nameEventAt = nameEvent;
  nodesAt = nodes;
  messageAt = message;
  descriptionAt = description;
  exceptionMessageAt = exceptionMessage;
  mSourceAt = mSource;
  mActionAt = mAction;
  mMethodAt = mMethod;
  mStatusAt = mStatus;
  mToAt = mTo;
  activityCount = 0;
  nodeCount = 0;
}

@inline
function nonEmpty(id: u32): bool {
  return load<u8>(nonEmptyAt + <usize>id) != 0;
}

/** file.ts's `str(activityName[i]) || description(i)` is not empty. */
function startNamed(i: i32): bool {
  const o = <usize>i << 2;
  if (nonEmpty(load<u32>(nameIdAt + o))) return true;
  const m = load<i32>(messageAt + o);
  if (m >= 0) {
    const mo = <usize>m << 2;
    return nonEmpty(load<u32>(mSourceAt + mo)) || nonEmpty(load<u32>(mActionAt + mo)) || nonEmpty(load<u32>(mMethodAt + mo)) || nonEmpty(load<u32>(mStatusAt + mo)) || nonEmpty(load<u32>(mToAt + mo));
  }
  return nonEmpty(load<u32>(descriptionAt + o)) || nonEmpty(load<u32>(exceptionMessageAt + o));
}

/** A new activity of ActivityID string id `id` (Stats.add's steps). */
function newActivity(id: u32): i32 {
  const a = activityCount++;
  store<u32>(actIdOfAt + (<usize>a << 2), id);
  store<i32>(nameEventAt + (<usize>a << 2), -1);
  store<u8>(rankAt + <usize>a, 2);
  return a;
}

/** newNode in direct mode (ActivityGroups.get/set over string ids). */
function newNodeDirect(i: i32, p: i32, id: u32): i32 {
  let a: i32;
  if (load<u8>(joinedFlagAt + <usize>id) != 0) {
    const at = joinedAt + (<usize>id << 2);
    a = load<i32>(at) - 1;
    if (a < 0) {
      a = newActivity(id);
      store<i32>(at, a + 1);
    }
  } else a = newActivity(id);
  const node = nodesAt + (<usize>(nodeCount * 3) << 2);
  store<i32>(node, a);
  store<i32>(node, i, 4);
  store<i32>(node, p, 8);
  nodeCount++;
  return a;
}

// Transfers of the file: (event, from, to) i32 triples.
let transfersAt: usize = 0;
export let transferCount = 0;

/** The current file's columns and work areas (tableMask + 1 ≥ 2n, a power of two; transfers: 3n i32). */
export function setupFile(
  count: i32,
  activity: usize,
  proc: usize,
  time: usize,
  tick: usize,
  level: usize,
  subType: usize,
  related: usize,
  nameId: usize,
  out: usize,
  keys: usize,
  values: usize,
  mask: i32,
  transfers: usize,
): void {
  n = count;
  activityAt = activity;
  procAt = proc;
  timeAt = time;
  tickAt = tick;
  levelAt = level;
  subTypeAt = subType;
  relatedAt = related;
  nameIdAt = nameId;
  ofAt = out;
  keysAt = keys;
  valuesAt = values;
  tableMask = mask;
  transfersAt = transfers;
  transferCount = 0;
  direct = false;
  memory.fill(keys, 0xff, <usize>(mask + 1) << 3);
}

@inline
function hashKey(k: u64): i32 {
  const h = k * 0x9e3779b97f4a7c15;
  return <i32>(h >> 32) ^ <i32>h;
}

/** The activity of table key k, or -1. */
function tableGet(k: u64): i32 {
  let slot = hashKey(k) & tableMask;
  for (;;) {
    const key = load<u64>(keysAt + (<usize>slot << 3));
    if (key == k) return load<i32>(valuesAt + (<usize>slot << 2));
    if (key == 0xffffffffffffffff) return -1;
    slot = (slot + 1) & tableMask;
  }
  return -1;
}

function tableSet(k: u64, a: i32): void {
  let slot = hashKey(k) & tableMask;
  for (;;) {
    const key = load<u64>(keysAt + (<usize>slot << 3));
    if (key == k || key == 0xffffffffffffffff) break;
    slot = (slot + 1) & tableMask;
  }
  store<u64>(keysAt + (<usize>slot << 3), k);
  store<i32>(valuesAt + (<usize>slot << 2), a);
}

/** levels.ts's severityRank. */
@inline
function severityRank(level: f64): f64 {
  return level >= 1 && level <= 16 ? level : 1000;
}

/**
 * Groups the file's events [from, to) (nProcs processes; SubType ids of Start, Stop and Transfer,
 * -1 when absent) into activities, updating their Stats and writing of[i]. Called on successive
 * ranges, as processes() is.
 */
export function groupFile(from: i32, to: i32, nProcs: i32, startId: i32, stopId: i32, transferId: i32): void {
  const procs = <u64>nProcs;
  for (let i = from; i < to; i++) {
    const o = <usize>i << 2;
    const p = load<i32>(procAt + o);
    const slot = <u64>load<u32>(activityAt + o) * procs + <u64>p;
    let a = tableGet(slot);
    if (a < 0) {
      a = direct ? newNodeDirect(i, p, load<u32>(activityAt + o)) : newNode(i, p);
      tableSet(slot, a);
    }
    store<i32>(ofAt + o, a);
    const t = load<f64>(timeAt + (<usize>i << 3));
    const tick = <f64>load<u8>(tickAt + <usize>i);
    const h = hotAt + (<usize>(a * HOT) << 3);
    const count = load<f64>(h, TRACES << 3);
    const first = load<f64>(h, FIRST_US << 3);
    if (count == 0 || t < first || (t == first && tick < load<f64>(h, FIRST_TICK << 3))) {
      store<f64>(h, t, FIRST_US << 3);
      store<f64>(h, tick, FIRST_TICK << 3);
    }
    const last = load<f64>(h, LAST_US << 3);
    if (count == 0 || t > last || (t == last && tick > load<f64>(h, LAST_TICK << 3))) {
      store<f64>(h, t, LAST_US << 3);
      store<f64>(h, tick, LAST_TICK << 3);
    }
    store<f64>(h, count + 1, TRACES << 3);
    const level = <f64>load<u8>(levelAt + <usize>i);
    const worst = load<f64>(h, WORST << 3);
    if (severityRank(level) < severityRank(worst) || worst == 0) store<f64>(h, level, WORST << 3);
    const sub = load<i32>(subTypeAt + o);
    const ao = <usize>a << 2;
    if (sub == startId) {
      store<i32>(startsAt + ao, load<i32>(startsAt + ao) + 1);
      if (load<u8>(rankAt + <usize>a) > 0) {
        if (!direct) startName(i, a);
        else if (startNamed(i)) {
          store<u8>(rankAt + <usize>a, 0);
          store<i32>(nameEventAt + ao, i);
        }
      }
    } else if (sub == stopId) store<i32>(stopsAt + ao, load<i32>(stopsAt + ao) + 1);
    else if (sub == transferId && load<u32>(relatedAt + o) != 0) {
      const tr = transfersAt + (<usize>(transferCount * 3) << 2);
      store<i32>(tr, i);
      store<i32>(tr, a, 4);
      transferCount++;
    }
    if (load<u8>(rankAt + <usize>a) > 1 && load<u32>(nameIdAt + o) != 0) {
      if (!direct) activityName(i, a);
      else {
        store<u8>(rankAt + <usize>a, 1);
        store<i32>(nameEventAt + ao, i);
      }
    }
  }
}

/** After the whole file: each Transfer's related (id, process) within the file (-1 where JavaScript must look further). */
export function resolveTransfers(nProcs: i32): void {
  const procs = <u64>nProcs;
  for (let k = 0; k < transferCount; k++) {
    const tr = transfersAt + (<usize>(k * 3) << 2);
    const i = load<i32>(tr);
    const o = <usize>i << 2;
    const related = load<u32>(relatedAt + o);
    let to = tableGet(<u64>related * procs + <u64>load<i32>(procAt + o));
    // Direct mode: a joined id is one activity in every process (ActivityGroups.get).
    if (to < 0 && direct && load<u8>(joinedFlagAt + <usize>related) != 0) to = load<i32>(joinedAt + (<usize>related << 2)) - 1;
    store<i32>(tr, to, 8);
  }
}

// ---------------------------------------------------------------------------------------------
// The summary's counts: events per SubType string id (f64, `types` ids) and per Level (256 f64).

/** Adds n events' SubType ids (u32) and levels (u8) to the counts (zeroed by the importer). */
export function countTypes(n: i32, subTypeIds: usize, levels: usize, typeCounts: usize, levelCounts: usize): void {
  for (let i = 0; i < n; i++) {
    const t = typeCounts + (<usize>load<u32>(subTypeIds + (<usize>i << 2)) << 3);
    store<f64>(t, load<f64>(t) + 1);
    const l = levelCounts + (<usize>load<u8>(levels + <usize>i) << 3);
    store<f64>(l, load<f64>(l) + 1);
  }
}
