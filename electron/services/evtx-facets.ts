/**
 * Event-log providers and computers offered by the filter bar beside the trace sources and hosts,
 * so All records can be filtered by them (the svclog views simply show nothing for them).
 */
import type { SvclogFilterOptions } from '../../shared/channels/svclog';
import { provided } from '../engine/capabilities';
import type { LoadedFile } from '../engine/types';

export function withEventLogFacets(options: SvclogFilterOptions, visible: readonly { file: LoadedFile }[]): SvclogFilterOptions {
  const logs = provided(visible.map((v) => v.file), 'systemEvents');
  if (logs.length === 0) return options;
  const sources = new Map(options.sources.map((s) => [s.name, s.count]));
  const hosts = new Set(options.hosts);
  for (const f of logs) {
    const d = f.data;
    const perString = new Int32Array(d.strings.length);
    for (let i = 0; i < d.count; i++) perString[d.provider[i]]++;
    perString.forEach((n, s) => n && d.strings[s] && sources.set(d.strings[s], (sources.get(d.strings[s]) ?? 0) + n));
    for (let i = 0; i < d.count; i++) if (d.strings[d.computer[i]]) hosts.add(d.strings[d.computer[i]]);
  }
  return {
    ...options,
    sources: [...sources].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name)),
    hosts: [...hosts].sort((a, b) => a.localeCompare(b)),
  };
}
