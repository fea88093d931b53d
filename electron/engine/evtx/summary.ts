/** The `evtx` section of `tracelens summary`: records, time range, top providers and levels. */
import type { EvtxFile } from './evtx-file';
import { LEVEL_NAMES } from './evtx-file';

export interface EvtxSection {
  files: number;
  records: number;
  firstUs: number | null;
  lastUs: number | null;
  providers: { name: string; records: number }[];
  levels: Record<string, number>;
  computers: string[];
}

export function summarizeEvtx(files: readonly EvtxFile[]): Record<string, unknown> {
  if (files.length === 0) return {};
  const providers = new Map<string, number>();
  const levels: Record<string, number> = {};
  const computers = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  let records = 0;
  for (const f of files) {
    const d = f.data;
    records += d.count;
    for (let i = 0; i < d.count; i++) {
      const p = d.strings[d.provider[i]];
      providers.set(p, (providers.get(p) ?? 0) + 1);
      const l = LEVEL_NAMES[d.level[i]] ?? `Level ${d.level[i]}`;
      levels[l] = (levels[l] ?? 0) + 1;
      computers.add(d.strings[d.computer[i]]);
      if (d.timeUs[i] < first) first = d.timeUs[i];
      if (d.timeUs[i] > last) last = d.timeUs[i];
    }
  }
  const section: EvtxSection = {
    files: files.length,
    records,
    firstUs: records ? first : null,
    lastUs: records ? last : null,
    providers: [...providers].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([name, n]) => ({ name, records: n })),
    levels,
    computers: [...computers].filter(Boolean).sort(),
  };
  return { evtx: section };
}
