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
    const { providers, computers } = f.facets();
    for (const [name, n] of providers) sources.set(name, (sources.get(name) ?? 0) + n);
    for (const c of computers) hosts.add(c);
  }
  return {
    ...options,
    sources: [...sources].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name)),
    hosts: [...hosts].sort((a, b) => a.localeCompare(b)),
  };
}
