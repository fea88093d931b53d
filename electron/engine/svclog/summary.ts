/** The `svclog` section of `tracelens summary --json` over a set of loaded svclog files. */
import type { SvclogFile } from './file';
import { LEVEL_NAMES } from './levels';
import { SvclogIndex } from './svclog-index';

export interface SvclogSummary {
  events: number;
  /** Count per SubType name (Start, Stop, Transfer, Information, …). */
  byType: Record<string, number>;
  /** Count per Level (Critical, Error, Warning, Information, Verbose); activity-tracing events (Level 255) have no severity and are not counted here. */
  byLevel: Record<string, number>;
  activities: number;
  transfers: number;
  messages: number;
  messagePairs: number;
  computers: string[];
  /** Distinct processes (computer + name + id). */
  processes: number;
}

export function summarizeSvclog(files: readonly SvclogFile[], index = new SvclogIndex(files)): SvclogSummary {
  const byType: Record<string, number> = {};
  const byLevel: Record<string, number> = {};
  const computers = new Set<string>();
  const processes = new Set<string>();
  let events = 0;
  let messages = 0;
  for (const f of files) {
    const ev = f.data.events;
    events += f.recordCount;
    messages += f.data.messageCount;
    // Count per id first, then name: ids are few, events many.
    const typeCounts = new Float64Array(f.data.strings.length);
    const levelCounts = new Float64Array(256);
    /** The SubType ids that occur (a handful, of a table as long as the file's strings). */
    const types: number[] = [];
    const { subType, level } = ev;
    for (let i = 0; i < f.recordCount; i++) {
      if (typeCounts[subType[i]]++ === 0) types.push(subType[i]);
      levelCounts[level[i]]++;
    }
    for (const i of f.processes().first) {
      processes.add(`${f.str(ev.computer[i])}|${f.processLabel(i)}`);
      if (ev.computer[i] !== 0) computers.add(f.str(ev.computer[i]));
    }
    for (const id of types.sort((a, b) => a - b)) {
      const name = f.str(id) || '(none)';
      byType[name] = (byType[name] ?? 0) + typeCounts[id];
    }
    levelCounts.forEach((n, lv) => {
      const name = LEVEL_NAMES[lv];
      if (name && n > 0) byLevel[name] = (byLevel[name] ?? 0) + n;
    });
  }
  return {
    events,
    byType,
    byLevel,
    activities: index.activityCount,
    transfers: index.transferCount,
    messages,
    messagePairs: index.pairs.filter((p) => p.kind === 'send-receive').length,
    computers: [...computers].sort(),
    processes: processes.size,
  };
}
