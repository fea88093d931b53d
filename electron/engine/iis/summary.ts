/**
 * The `tracelens summary --json` sections of the IIS family:
 * {"iis":{requests,byStatus,slow,bursts503,servers}, "httperr":{entries,byReason}, "freb":{requests}}.
 * A section is left out when no file of its kind is loaded.
 */
import type { LoadedFile } from '../types';
import type { FrebFile, FrebSummary } from './freb';
import { IisIndex } from './iis-index';
import type { IisLogFile } from './log-file';
import { bursts503, countSlow } from './queries';
import { NO_NUM } from './store';
import { traceStartup } from '../startup-trace';

export interface IisSection {
  requests: number;
  byStatus: Record<string, number>;
  slow: number;
  bursts503: { start: string; end: string; count: number }[];
  servers: string[];
}
export interface HttperrSection {
  entries: number;
  byReason: Record<string, number>;
}
export interface FrebSection {
  requests: FrebSummary[];
}
export interface IisFamilySummary {
  iis?: IisSection;
  httperr?: HttperrSection;
  freb?: FrebSection;
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) out[k] = m.get(k)!;
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function iisSection(files: readonly IisLogFile[]): IisSection {
  const ix = new IisIndex(files.map((f) => f.table));
  const byStatus = new Map<string, number>();
  // Counted per (status, substatus) code first: most rows are a status below 1000 without a
  // substatus, counted in a flat table (a Map lookup per row was the summary's largest cost).
  const codes = new Map<number, number>();
  const plain = new Float64Array(1000);
  let missing = 0;
  for (const d of ix.datas) {
    const st = d.num.status;
    const sub = d.num.substatus;
    if (!st) {
      missing += d.rows;
      continue;
    }
    for (let i = 0; i < d.rows; i++) {
      const s = st[i];
      if (s === NO_NUM) {
        missing++;
        continue;
      }
      const u = sub && sub[i] > 0 ? Math.min(sub[i], 99999) : 0;
      if (u === 0 && s < 1000) plain[s]++;
      else codes.set(s * 100000 + u, (codes.get(s * 100000 + u) ?? 0) + 1);
    }
  }
  for (let s = 0; s < plain.length; s++) if (plain[s] > 0) codes.set(s * 100000, plain[s]);
  for (const [code, n] of codes) {
    const s = Math.floor(code / 100000);
    const sub = code % 100000;
    const key = sub ? `${s}.${sub}` : String(s);
    byStatus.set(key, (byStatus.get(key) ?? 0) + n);
  }
  if (missing) byStatus.set('-', missing);
  const servers = new Set<string>();
  for (let f = 0; f < ix.datas.length; f++) {
    const comp = ix.datas[f].str.computer;
    const ip = ix.datas[f].str.sIp;
    // A row names its server by s-computername, else s-ip: collect the distinct ones.
    const seen = new Set<number>();
    let last = 0;
    for (let i = 0; i < ix.datas[f].rows; i++) {
      const c = comp ? comp.ids[i] : 0;
      const key = c ? c : ip ? -1 - ip.ids[i] : 0;
      // Rows come in runs of one server: the last one seen needs no Set lookup.
      if (key === 0 || key === last || seen.has(key)) continue;
      last = key;
      seen.add(key);
      servers.add(files[f].table.server(i));
    }
  }
  servers.delete('');
  return {
    requests: ix.total,
    byStatus: sortedRecord(byStatus),
    slow: countSlow(ix),
    bursts503: bursts503(ix).map((b) => ({ start: iso(b.startMs), end: iso(b.endMs), count: b.count })),
    servers: [...servers].sort(),
  };
}

export function httperrSection(files: readonly IisLogFile[]): HttperrSection {
  const byReason = new Map<string, number>();
  let entries = 0;
  for (const f of files) {
    const d = f.table.data;
    entries += d.rows;
    const c = d.str.reason;
    const counts = new Map<number, number>();
    for (let i = 0; i < d.rows; i++) {
      const id = c ? c.ids[i] : 0;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, n] of counts) {
      // Lazy ids are rare here (few distinct reasons); read the first such row's value.
      const name = (c && c.values[id]) || (id === 0 ? '-' : '(other)');
      byReason.set(name, (byReason.get(name) ?? 0) + n);
    }
  }
  return { entries, byReason: sortedRecord(byReason) };
}

/** The sections for a set of loaded files; files of other engines are ignored. */
export function summarizeFiles(files: readonly LoadedFile[]): IisFamilySummary {
  const w3c = files.filter((f): f is IisLogFile => f.format === 'iis-w3c' || f.format === 'iis-native');
  const err = files.filter((f): f is IisLogFile => f.format === 'httperr');
  const freb = files.filter((f): f is FrebFile => f.format === 'freb');
  const out: IisFamilySummary = {};
  if (w3c.length) out.iis = iisSection(w3c);
  if (err.length) out.httperr = httperrSection(err);
  if (freb.length) out.freb = { requests: freb.map((f) => f.request) };
  traceStartup('IIS summary made');
  return out;
}

/** One file's own summary (LoadedFile.summary). */
export function fileSummary(file: IisLogFile): Record<string, unknown> {
  return { ...summarizeFiles([file]) };
}
