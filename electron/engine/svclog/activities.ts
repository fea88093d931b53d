/**
 * Activities as Service Trace Viewer shows them. Events are grouped by ActivityID within a process
 * (computer + process name + pid); groups in different processes or files with the same id are
 * joined into one activity when that id travelled in an ActivityId message header (propagation)
 * and the all-zero id is one root activity. Transfers come from Transfer traces' RelatedActivityID.
 */
import type { SvclogFile } from './file';
import { severityRank } from './levels';

export const ROOT_ACTIVITY_ID = '00000000-0000-0000-0000-000000000000';

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
  activities: Activity[];
  transfers: Transfer[];
  /** activityOf[file][event] = activity index. */
  activityOf: Int32Array[];
  /** Events of activity a: members.subarray(memberStart[a], memberStart[a + 1]) as global event numbers. */
  memberStart: Int32Array;
  members: Int32Array;
  /** Global event number = eventBase[file] + event. */
  eventBase: number[];
}

interface Acc {
  a: Activity;
  hosts: Set<string>;
  procs: Set<string>;
  files: Set<number>;
  nameRank: number;
}

/** `propagated`: ActivityId header values seen in any loaded message. */
export function buildActivities(files: readonly SvclogFile[], propagated: ReadonlySet<string>): ActivityIndex {
  const accs: Acc[] = [];
  const byGroup = new Map<string, number>();
  const activityOf: Int32Array[] = [];
  const eventBase: number[] = [];
  const transfers: Transfer[] = [];
  // (file, event) of Transfer traces, resolved once every activity exists.
  const pendingTransfers: { file: number; event: number; from: number; proc: string; related: string }[] = [];
  let base = 0;
  files.forEach((f, fi) => {
    eventBase.push(base);
    base += f.recordCount;
    const ev = f.data.events;
    const of = new Int32Array(f.recordCount);
    activityOf.push(of);
    // Per-file caches keyed by numeric ids so that the per-event work allocates nothing.
    // SubType string ids of this file (-1 when absent) so the per-event test is an integer compare.
    const startId = f.data.strings.indexOf('Start');
    const stopId = f.data.strings.indexOf('Stop');
    const transferId = f.data.strings.indexOf('Transfer');
    // Processes found by pid first (a small integer key), then computer and name; one map of
    // activity string id → activity per process. Small-integer keys keep the per-event work cheap.
    const procsByPid = new Map<number, number[]>();
    const procComputer: number[] = [];
    const procName: number[] = [];
    const procKeys: string[] = [];
    const nodesOfProc: Map<number, number>[] = [];
    for (let i = 0; i < f.recordCount; i++) {
      const pid = ev.pid[i];
      let cands = procsByPid.get(pid);
      if (!cands) procsByPid.set(pid, (cands = []));
      let procIdx = -1;
      for (const c of cands) {
        if (procComputer[c] === ev.computer[i] && procName[c] === ev.processName[i]) {
          procIdx = c;
          break;
        }
      }
      if (procIdx < 0) {
        procIdx = procKeys.length;
        cands.push(procIdx);
        procComputer.push(ev.computer[i]);
        procName.push(ev.processName[i]);
        procKeys.push(`${f.str(ev.computer[i])}|${f.processLabel(i)}`);
        nodesOfProc.push(new Map());
      }
      const proc = procKeys[procIdx];
      const actId = ev.activity[i];
      const nodeOf = nodesOfProc[procIdx];
      const nodeKey = actId;
      let a = nodeOf.get(nodeKey);
      if (a === undefined) {
        const id = f.str(actId);
        const group = groupKey(id, proc, propagated);
        a = byGroup.get(group);
        if (a === undefined) {
          a = accs.length;
          byGroup.set(group, a);
          accs.push(newAcc(a, id));
        }
        nodeOf.set(nodeKey, a);
        // A node is one (process, id): its host, process and file are fixed, so record them once.
        accs[a].hosts.add(f.str(ev.computer[i]));
        accs[a].procs.add(proc);
        accs[a].files.add(fi);
      }
      of[i] = a;
      const acc = accs[a];
      const act = acc.a;
      const t = ev.timeUs[i];
      if (act.traceCount === 0 || t < act.firstUs || (t === act.firstUs && ev.tick[i] < act.firstTick)) {
        act.firstUs = t;
        act.firstTick = ev.tick[i];
      }
      if (act.traceCount === 0 || t > act.lastUs || (t === act.lastUs && ev.tick[i] > act.lastTick)) {
        act.lastUs = t;
        act.lastTick = ev.tick[i];
      }
      act.traceCount++;
      if (severityRank(ev.level[i]) < severityRank(act.worstLevel) || act.worstLevel === 0) act.worstLevel = ev.level[i];
      const sub = ev.subType[i];
      if (sub === startId) {
        act.starts++;
        const name = f.str(ev.activityName[i]) || f.description(i);
        if (name && acc.nameRank > 0) {
          act.name = name;
          acc.nameRank = 0;
        }
      } else if (sub === stopId) act.stops++;
      else if (sub === transferId && ev.related[i] !== 0) {
        pendingTransfers.push({ file: fi, event: i, from: a, proc, related: f.str(ev.related[i]) });
      }
      if (acc.nameRank > 1 && ev.activityName[i] !== 0) {
        act.name = f.str(ev.activityName[i]);
        acc.nameRank = 1;
      }
    }
  });
  for (const p of pendingTransfers) {
    const to = byGroup.get(groupKey(p.related, p.proc, propagated)) ?? -1;
    accs[p.from].a.transfersOut++;
    if (to >= 0) accs[to].a.transfersIn++;
    transfers.push({ file: p.file, event: p.event, timeUs: files[p.file].timeUs(p.event), from: p.from, to, relatedId: p.related });
  }
  const activities = accs.map((acc) => {
    const a = acc.a;
    a.hosts = [...acc.hosts].filter(Boolean).sort();
    a.processes = [...acc.procs].map(procLabel).sort();
    a.files = [...acc.files].sort((x, y) => x - y);
    a.durationUs = a.lastUs - a.firstUs;
    a.unbalanced = !a.isRoot && (a.starts !== a.stops || (a.starts === 0 && a.stops > 0));
    if (a.isRoot && !a.name) a.name = 'Root activity';
    return a;
  });
  const { memberStart, members } = buildMembers(activityOf, eventBase, activities.length);
  return { activities, transfers, activityOf, memberStart, members, eventBase };
}

/** Propagated ids and the root are one activity everywhere; others are per process. */
function groupKey(id: string, proc: string, propagated: ReadonlySet<string>): string {
  return id === ROOT_ACTIVITY_ID || propagated.has(id) ? `g|${id}` : `p|${proc}|${id}`;
}

function procLabel(key: string): string {
  const [computer, proc] = key.split('|');
  return computer ? `${proc} on ${computer}` : proc;
}

function newAcc(index: number, id: string): Acc {
  return {
    a: {
      index,
      id,
      isRoot: id === ROOT_ACTIVITY_ID,
      name: '',
      firstUs: NaN,
      firstTick: 0,
      lastUs: NaN,
      lastTick: 0,
      durationUs: 0,
      traceCount: 0,
      worstLevel: 0,
      hosts: [],
      processes: [],
      files: [],
      transfersIn: 0,
      transfersOut: 0,
      starts: 0,
      stops: 0,
      unbalanced: false,
    },
    hosts: new Set(),
    procs: new Set(),
    files: new Set(),
    nameRank: 2,
  };
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
