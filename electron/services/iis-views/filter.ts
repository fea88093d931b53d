/**
 * The contract's IisFilter as index rows. Most parts map onto the engine's RowFilter; the URI
 * substring becomes the set of matching stems, and the client (c-ip) substring — which the engine
 * does not filter on — is a per-file lookup over c-ip's local ids, so no row's string is read.
 */
import type { IisFilter } from '../../../shared/channels/iis';
import type { TraceFilter } from '../../../shared/channels/filter';
import { filterRows, type RowFilter } from '../../engine/iis';
import { recordTest } from '../filter/record-query';
import type { IisSet } from './iis-set';

/** A stable cache key of a filter (undefined and empty parts dropped). */
export function filterKey(f: IisFilter | undefined): string {
  if (!f) return '{}';
  const clean = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '').sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify(clean);
}

/** The engine's part of the filter; null when nothing can match (no stem contains the URI text). */
export function toRowFilter(set: IisSet, f: IisFilter | undefined): RowFilter | null {
  const out: RowFilter = {};
  if (!f) return out;
  if (f.fromUs !== undefined) out.fromMs = f.fromUs / 1000;
  if (f.toUs !== undefined) out.toMs = f.toUs / 1000;
  if (f.status !== undefined) out.status = f.status;
  if (f.substatus !== undefined) out.substatus = f.substatus;
  if (f.minTimeTaken !== undefined) out.minTimeTaken = f.minTimeTaken;
  // A server is a machine: every name it goes by in the logs (s-computername, s-ip) matches.
  if (f.server) {
    const same = set.sameMachine;
    const names = same ? set.ix.servers.values.filter((v) => v && same(v, f.server!)) : [];
    out.servers = names.includes(f.server) ? names : [...names, f.server];
  }
  const uri = f.uri?.trim().toLowerCase();
  let stems = uri ? set.ix.stems.values.filter((v) => v.toLowerCase().includes(uri)) : undefined;
  if (f.stem !== undefined) stems = (stems ?? [f.stem]).filter((v) => v === f.stem);
  if (stems) {
    if (stems.length === 0) return null;
    out.stems = stems;
  }
  return out;
}

/** Index rows passing the filter, in file order (with `from`: of each file's rows from `from[f]` on). */
export function selectRows(set: IisSet, f: IisFilter | undefined, from?: readonly number[]): Uint32Array {
  const rf = toRowFilter(set, f);
  if (!rf) return new Uint32Array(0);
  let rows = filterRows(set.ix, rf, from);
  const client = f?.client?.trim().toLowerCase();
  if (client) rows = keepClients(set, rows, client);
  return f?.shared ? keepShared(set, rows, f.shared) : rows;
}

/** The one filter's parts over each request's generic row (record-query.ts): the same test All records and request exports use. */
function keepShared(set: IisSet, rows: Uint32Array, shared: TraceFilter): Uint32Array {
  const test = recordTest({ ...shared, fromUs: undefined, toUs: undefined, custom: undefined }, set.machineOf);
  if (!test) return rows;
  const names = set.logs.map((l) => l.path.split(/[\\/]/).pop() ?? l.path);
  const out = new Uint32Array(rows.length);
  let n = 0;
  for (const g of rows) {
    const { file, row } = set.ix.ref(g);
    if (test(set.logs[file].row(row), names[file])) out[n++] = g;
  }
  return out.subarray(0, n);
}

function keepClients(set: IisSet, rows: Uint32Array, text: string): Uint32Array {
  const { ix } = set;
  // Per file: which local c-ip ids contain the text (values beyond the dictionary are read back).
  const ok = ix.datas.map((d) => {
    const vals = d.str.cIp?.values ?? [];
    return Uint8Array.from(vals, (v) => (v.toLowerCase().includes(text) ? 1 : 0));
  });
  const out = new Uint32Array(rows.length);
  let n = 0;
  for (const g of rows) {
    const { file, row } = ix.ref(g);
    const ids = ix.datas[file].str.cIp?.ids;
    if (!ids) continue;
    const id = ids[row];
    const hit = id < ok[file].length ? ok[file][id] === 1 : set.logs[file].table.str('cIp', row).toLowerCase().includes(text);
    if (hit) out[n++] = g;
  }
  return out.subarray(0, n);
}
