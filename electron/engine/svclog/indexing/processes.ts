/**
 * The processes (computer + process name + pid) a file's events come from, as one small integer
 * per event, so per-event grouping needs no string keys.
 */
import type { SvclogData } from '../extraction/data';
import { kernelProcesses } from './index-kernel';

export interface FileProcesses {
  /** of[i]: the process of event i (index into the arrays below). */
  of: Int32Array;
  computer: number[];
  name: number[];
  pid: number[];
  /** An event of each process (for labels). */
  first: number[];
}

/** The processes of the first `count` events (in the index kernel where WebAssembly is available). */
export function processesOf(data: SvclogData, count: number, kernel = true): FileProcesses {
  return (kernel ? kernelProcesses(data, count) : null) ?? processesInJs(data, count);
}

/** processesOf in JavaScript (the kernel's steps; tests compare both); `of`: where to write each event's process. */
export function processesInJs(data: Pick<SvclogData, 'events'>, count: number, of = new Int32Array(count)): FileProcesses {
  const ev = data.events;
  const out: FileProcesses = { of, computer: [], name: [], pid: [], first: [] };
  // pid → processes with that pid; the last hit is tried first (events come in runs).
  const byPid = new Map<number, number[]>();
  let last = -1;
  for (let i = 0; i < count; i++) {
    const pid = ev.pid[i];
    const computer = ev.computer[i];
    const name = ev.processName[i];
    if (last >= 0 && out.pid[last] === pid && out.computer[last] === computer && out.name[last] === name) {
      out.of[i] = last;
      continue;
    }
    let cands = byPid.get(pid);
    if (!cands) byPid.set(pid, (cands = []));
    let p = -1;
    for (const c of cands) {
      if (out.computer[c] === computer && out.name[c] === name) {
        p = c;
        break;
      }
    }
    if (p < 0) {
      p = out.pid.length;
      cands.push(p);
      out.pid.push(pid);
      out.computer.push(computer);
      out.name.push(name);
      out.first.push(i);
    }
    out.of[i] = last = p;
  }
  return out;
}
