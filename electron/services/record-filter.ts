/**
 * The filter bar applied to All records: one predicate over the generic row, so every format
 * (svclog, IIS, FREB, event logs) is filtered by the same fields, and the passing positions of the
 * merged order, computed once per filter and order.
 */
import type { RecordFilter } from '../../shared/channels/core';
import type { RecordRow } from '../../shared/model';

const SEVERITIES = ['critical', 'error', 'warning', 'info', 'verbose'];

/** A canonical key (empty: the filter lets everything through). */
export function recordFilterKey(f: RecordFilter | undefined): string {
  if (!f) return '';
  const sorted = (l?: string[]) => (l && l.length ? [...l].sort() : undefined);
  const levels = f.levels?.filter((l) => l !== 'boundaries');
  const key = {
    l: levels && levels.length < SEVERITIES.length ? sorted(levels) ?? [] : undefined,
    s: sorted(f.sources),
    h: sorted(f.hosts),
    a: f.fromUs,
    b: f.toUs,
    t: f.text?.trim() ? f.text.trim().toLowerCase() : undefined,
  };
  const json = JSON.stringify(key);
  return json === '{}' ? '' : json;
}

/** Whether a row passes; `timeUs` is its displayed time. */
export function recordPredicate(f: RecordFilter): (row: RecordRow) => boolean {
  const levels = f.levels ? new Set(f.levels) : undefined;
  const sources = f.sources?.length ? new Set(f.sources) : undefined;
  const hosts = f.hosts?.length ? new Set(f.hosts) : undefined;
  const text = f.text?.trim().toLowerCase();
  const from = f.fromUs ?? -Infinity;
  const to = f.toUs ?? Infinity;
  return (r) =>
    (!levels || levels.has(r.level)) &&
    (!sources || sources.has(r.source)) &&
    (!hosts || hosts.has(r.host)) &&
    r.timeUs >= from &&
    r.timeUs <= to &&
    (!text || `${r.kind}\u0000${r.source}\u0000${r.host}\u0000${r.text}`.toLowerCase().includes(text));
}

/** Positions (into a list of `length` rows) whose row passes. */
export function passingPositions(length: number, rowAt: (i: number) => RecordRow, f: RecordFilter): Uint32Array {
  const pass = recordPredicate(f);
  const out = new Uint32Array(length);
  let k = 0;
  for (let i = 0; i < length; i++) if (pass(rowAt(i))) out[k++] = i;
  return out.slice(0, k);
}
