/**
 * All records under the one filter: svclog events keep exactly the events the views keep (the
 * views' pass mask); other records (IIS, HTTPERR, FREB) are tested field by field
 * (record-query.ts). The list of passing merged positions is cached per order and filter.
 */
import type { TraceFilter } from '../../../shared/channels/filter';
import type { FilterStatus } from '../../../shared/channels/svclog';
import type { RecordPage } from '../../../shared/model';
import type { LoadedFile } from '../../engine/types';
import { offsetOfRecord } from '../clock/record-times';
import type { Session } from '../session';
import { machines } from '../machines/machines';
import { resultKey } from '../svclog-views/filter';
import { svclogViews } from '../svclog-views/views';
import { recordTest } from './record-query';

const cache = new WeakMap<object, { key: string; viewVersion: number; positions: Int32Array }>();

/** Merged positions passing the filter; undefined when it lets everything through. */
export async function passingRecords(session: Session, f: TraceFilter | undefined): Promise<Int32Array | undefined> {
  const identity = machines(session).identity();
  const key = resultKey(f, identity);
  if (!key) return undefined;
  const { view, result } = await svclogViews(session).filterResult(f);
  const { files, ids, merged, offsets } = session.recordOrder();
  const names = new Map(session.list().map((i) => [i.id, i.name]));
  const hit = cache.get(merged);
  if (hit && hit.key === key && hit.viewVersion === view.version) return hit.positions;
  const test = recordTest(f, identity.machineOf);
  // Per file: the svclog view's slot (its events are judged by the mask), or a record test.
  const judge = files.map((file: LoadedFile, fi) => {
    const slot = view.files.indexOf(file as (typeof view.files)[number]);
    if (slot >= 0) {
      const base = view.base[slot];
      return (i: number) => !result.mask || result.mask[base + i] === 1;
    }
    if (!test) return () => true;
    const shift = offsetOfRecord(file, offsets);
    const name = names.get(ids[fi]) ?? '';
    return (i: number) => {
      const row = file.row(i);
      const s = shift(i);
      return test(s ? { ...row, timeUs: row.timeUs - s } : row, name);
    };
  });
  const out = new Int32Array(merged.length);
  let n = 0;
  for (let p = 0; p < merged.length; p++) if (judge[merged.source[p]](merged.index[p])) out[n++] = p;
  const positions = out.slice(0, n);
  cache.set(merged, { key, viewVersion: view.version, positions });
  return positions;
}

export async function filteredRecordPage(session: Session, f: TraceFilter | undefined, offset: number, limit: number): Promise<RecordPage> {
  return session.page(offset, limit, await passingRecords(session, f));
}

/** The status bar's counts: activities and traces (svclog views) and records (All records) the filter keeps, with its notes. */
export async function filterStatus(session: Session, f: TraceFilter | undefined): Promise<FilterStatus> {
  const status = await svclogViews(session).status(f);
  const positions = await passingRecords(session, f);
  const totalRecords = session.recordOrder().merged.length;
  return { ...status, records: positions ? positions.length : totalRecords, totalRecords };
}
