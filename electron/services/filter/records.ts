/**
 * All records under the one filter: svclog events keep exactly the events the views keep (the
 * views' pass mask); other records (IIS, HTTPERR, FREB) are tested field by field
 * (record-query.ts). The list of passing merged positions is cached per order and filter.
 */
import type { TraceFilter } from '../../../shared/channels/filter';
import type { FilterStatus } from '../../../shared/channels/svclog';
import type { RecordPage } from '../../../shared/model';
import { readyForScan, type LoadedFile } from '../../engine/types';
import { offsetOfRecord } from '../clock/record-times';
import type { Session } from '../session';
import { machines } from '../machines/machines';
import { resultKey } from '../svclog-views/filter';
import type { ViewIndex } from '../svclog-views/view-index';
import type { MergedOrder } from '../merge-order';
import { prepareAfterLoad, svclogViews } from '../svclog-views/views';
import { recordTest } from './record-query';

/** Whether the filter's query may read a row's text (built on demand by some engines: it is built for every row first). */
const readsText = (f: TraceFilter | undefined) => !!f?.text?.trim();

const cache = new WeakMap<object, { key: string; viewVersion: number; positions: Int32Array }>();

/** Per file, the base of its events in the svclog view; -1 for files the view does not hold. */
function viewBases(files: readonly LoadedFile[], view: ViewIndex): Int32Array {
  return Int32Array.from(files, (file) => {
    const slot = view.files.indexOf(file as (typeof view.files)[number]);
    return slot >= 0 ? view.base[slot] : -1;
  });
}

/**
 * Per loaded file (in `session.recordOrder().files` order): the base of its events in the svclog
 * view (judged by the view's mask, -1 for other files), and for other files a record test.
 */
function fileJudges(session: Session, f: TraceFilter | undefined, view: ViewIndex, machineOf: (name: string) => string): { baseOf: Int32Array; judge: ((i: number) => boolean)[] } {
  const { files, ids, offsets } = session.recordOrder();
  const names = new Map(session.list().map((i) => [i.id, i.name]));
  const test = recordTest(f, machineOf);
  const baseOf = viewBases(files, view);
  const judge = files.map((file: LoadedFile, fi) => {
    if (baseOf[fi] >= 0) return () => true;
    if (!test) return () => true;
    const shift = offsetOfRecord(file, offsets);
    const name = names.get(ids[fi]) ?? '';
    return (i: number) => {
      // The row is the judge's own: shifted in place (a copy would read every field, and an
      // EVTX row's text is built only when read).
      const row = file.row(i);
      row.timeUs -= shift(i);
      return test(row, name);
    };
  });
  return { baseOf, judge };
}

/** Per loaded file (in `session.recordOrder().files` order), whether its record i passes the filter, as All records judges it. */
export async function recordJudges(session: Session, f: TraceFilter | undefined): Promise<((i: number) => boolean)[]> {
  const identity = machines(session).identity();
  if (readsText(f)) await readyForScan(session.recordOrder().files);
  const { view, result } = await svclogViews(session).filterResult(f);
  const { baseOf, judge } = fileJudges(session, f, view, identity.machineOf);
  const mask = result.mask;
  return judge.map((test, fi) => {
    const base = baseOf[fi];
    return base < 0 ? test : (i: number) => !mask || mask[base + i] === 1;
  });
}

/**
 * Merged positions passing the filter; undefined when it lets everything through. `live`: while a
 * custom filter's scan runs, the records it matched so far (the list), instead of waiting for the end.
 */
export async function passingRecords(session: Session, f: TraceFilter | undefined, live = false): Promise<Int32Array | undefined> {
  const identity = machines(session).identity();
  if (!resultKey(f, identity)) return undefined;
  const views = svclogViews(session);
  const { view, result } = await (live ? views.listedResult(f) : views.filterResult(f));
  // The result's key names the machine identity and, for a live answer, how far the scan got.
  const key = result.key;
  const { merged } = session.recordOrder();
  const hit = cache.get(merged);
  if (hit && hit.key === key && hit.viewVersion === view.version) return hit.positions;
  if (readsText(f)) await readyForScan(session.recordOrder().files);
  const { baseOf, judge } = fileJudges(session, f, view, identity.machineOf);
  const mask = result.mask;
  const { source, index } = merged;
  const globalOf = globalsOf(merged, baseOf, view.version);
  // Only svclog files: exactly the views' passing events, in merged order, with no judge to call.
  const svclogOnly = baseOf.every((b) => b >= 0);
  const out = new Int32Array(svclogOnly && mask ? result.passing : merged.length);
  let n = 0;
  if (svclogOnly && mask) {
    for (let p = 0; p < globalOf.length; p++) if (mask[globalOf[p]] === 1) out[n++] = p;
    return remember(merged, key, view.version, out);
  }
  for (let p = 0; p < merged.length; p++) {
    const g = globalOf[p];
    if (g >= 0 ? !mask || mask[g] === 1 : judge[source[p]](index[p])) out[n++] = p;
  }
  return remember(merged, key, view.version, out.slice(0, n));
}

function remember(merged: object, key: string, viewVersion: number, positions: Int32Array): Int32Array {
  cache.set(merged, { key, viewVersion, positions });
  return positions;
}

// The first filter after a load counts All records too: the merged order of every record (a sort
// per file) and its map to the view's events are made after the load, not on that first filter.
prepareAfterLoad((view, session) => {
  if (!view.total) return;
  const { files, merged } = session.recordOrder();
  globalsOf(merged, viewBases(files, view), view.version);
}, true);

const globals = new WeakMap<object, { viewVersion: number; globalOf: Int32Array }>();

/** Per merged position, the svclog view's global event (-1 for other files); kept per merged order and view. */
function globalsOf(merged: MergedOrder, baseOf: Int32Array, viewVersion: number): Int32Array {
  const hit = globals.get(merged);
  if (hit && hit.viewVersion === viewVersion) return hit.globalOf;
  const globalOf = new Int32Array(merged.length);
  for (let p = 0; p < merged.length; p++) {
    const b = baseOf[merged.source[p]];
    globalOf[p] = b >= 0 ? b + merged.index[p] : -1;
  }
  globals.set(merged, { viewVersion, globalOf });
  return globalOf;
}

export async function filteredRecordPage(session: Session, f: TraceFilter | undefined, offset: number, limit: number, soFar = false, anchors?: readonly { fileId: string; index: number }[]): Promise<RecordPage> {
  const positions = await passingRecords(session, f, soFar);
  const page = session.page(offset, limit, positions);
  return anchors?.length ? { ...page, anchorsAt: anchors.map((a) => listPosition(session.recordPosition(a.fileId, a.index), positions)) } : page;
}

/** Where merged position `p` is in a filtered list (ascending positions): -1 when the filter hides it. */
function listPosition(p: number, positions: Int32Array | undefined): number {
  if (p < 0 || !positions) return p;
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positions[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  return positions[lo] === p ? lo : -1;
}

/** The status bar's counts: activities and traces (svclog views) and records (All records) the filter keeps, with its notes. */
export async function filterStatus(session: Session, f: TraceFilter | undefined): Promise<FilterStatus> {
  const status = await svclogViews(session).status(f);
  const positions = await passingRecords(session, f);
  const totalRecords = session.recordTotal();
  return { ...status, records: positions ? positions.length : totalRecords, totalRecords };
}
