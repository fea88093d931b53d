/**
 * `tracelens summary`: loads files with the engine, headless, and reports what it found, as JSON
 * (for scripts) or as sentences and tables (summary-text.ts). Each engine adds its own sections
 * (svclog, iis, …).
 */
import type { FileFormat, Problem } from '../../shared/model';
import { ENGINES } from '../engine/registry';
import { skewInputFromSvclog, skewSummary, solveSkew } from '../engine/skew';
import { SvclogIndex, svclogFiles } from '../engine/svclog';
import { loadAll } from './load-all';
import type { TraceFilter } from '../../shared/channels/filter';
import { formatIsoUs, parseTimeArg } from '../../shared/time';
import { resolveZone, type ZoneChoice } from '../../shared/time-zone';

export interface FileSummary {
  path: string;
  format: FileFormat;
  size: number;
  records: number;
  /** svclog: complete events (same as records). */
  events?: number;
  warnings: { offset?: number; line?: number; message: string }[];
  errors: { offset?: number; line?: number; message: string }[];
}

export interface Summary {
  files: FileSummary[];
  [section: string]: unknown;
}

const strip = (p: Problem) => ({ offset: p.offset, line: p.line, message: p.message });

/** With a filter, `filtered` says how much of the traces and other records it keeps (the app's status bar counts). */
export async function summarize(paths: readonly string[], filter?: TraceFilter, zone?: ZoneChoice): Promise<Summary> {
  const { infos, files: loaded, session, problems: workspaceProblems } = await loadAll(paths);
  const files: FileSummary[] = [];
  for (const current of infos) {
    const file = loaded.get(current.id);
    const problems = file ? file.problems : current.problems;
    files.push({
      path: current.path,
      format: current.format,
      size: current.size,
      records: file?.recordCount ?? 0,
      ...(current.format === 'svclog' ? { events: file?.recordCount ?? 0 } : {}),
      warnings: problems.filter((p) => p.severity === 'warning').map(strip),
      errors: problems.filter((p) => p.severity === 'error').map(strip),
    });
  }
  const summary: Summary = { files };
  // Workspaces and projects: what they list that could not be opened.
  if (workspaceProblems.length) summary.problems = workspaceProblems;
  for (const engine of ENGINES) {
    const mine = [...loaded.values()].filter((f) => engine.formats.includes(f.format));
    if (mine.length > 0) Object.assign(summary, engine.summarize(mine));
  }
  // Clock skew across the computers the traces came from (adjusted time = raw time − offsetMs).
  const traces = svclogFiles([...loaded.values()]);
  if (traces.length > 0) summary.skew = skewSummary(solveSkew(skewInputFromSvclog(SvclogIndex.of(traces))));
  if (zone) inZone(summary, resolveZone(zone));
  if (filter) {
    // Only a filtered summary needs the filter's evaluator (and the schemas it loads).
    const { filterStatus } = await import('../services/filter/records');
    const s = await filterStatus(session, filter);
    summary.filtered = { filter, activities: s.activities, ofActivities: s.totalActivities, traces: s.traces, ofTraces: s.totalTraces, records: s.records, ofRecords: s.totalRecords, notes: s.notes };
  }
  return summary;
}

/** `--tz`: the summary's times in that zone, ISO 8601 with the offset written out; the zone is named. */
function inZone(summary: Summary, zone: string): void {
  summary.timeZone = zone;
  const iis = summary.iis as { bursts503?: { start: string; end: string }[] } | undefined;
  const move = (iso: string) => {
    const us = parseTimeArg(iso);
    return us === undefined ? iso : formatIsoUs(us, undefined, zone);
  };
  for (const b of iis?.bursts503 ?? []) {
    b.start = move(b.start);
    b.end = move(b.end);
  }
}
