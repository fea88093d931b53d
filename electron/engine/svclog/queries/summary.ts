/** The `svclog` section of `tracelens summary --json` over a set of loaded svclog files. */
import type { SvclogFile } from '../file';
import { LEVEL_NAMES } from '../levels';
import { SvclogIndex } from '../indexing/svclog-index';
import { kernelTypeCounts } from '../indexing/index-kernel';
import { groupsOf } from '../indexing/part-groups';

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

export function summarizeSvclog(files: readonly SvclogFile[], index = SvclogIndex.of(files)): SvclogSummary {
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
    const counts = groupsOf(f.data)?.typeCounts ?? kernelTypeCounts(f.data, f.recordCount) ?? typeCountsInJs(f);
    for (const i of f.processes().first) {
      processes.add(`${f.str(ev.computer[i])}|${f.processLabel(i)}`);
      if (ev.computer[i] !== 0) computers.add(f.str(ev.computer[i]));
    }
    counts.types.forEach((n, id) => {
      if (n === 0) return;
      const name = f.str(id) || '(none)';
      byType[name] = (byType[name] ?? 0) + n;
    });
    counts.levels.forEach((n, lv) => {
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

/** Events per SubType string id and per Level, in JavaScript (where WebAssembly is not available). */
function typeCountsInJs(f: SvclogFile): { types: Float64Array; levels: Float64Array } {
  const types = new Float64Array(f.data.strings.length);
  const levels = new Float64Array(256);
  const { subType, level } = f.data.events;
  for (let i = 0; i < f.recordCount; i++) {
    types[subType[i]]++;
    levels[level[i]]++;
  }
  return { types, levels };
}
