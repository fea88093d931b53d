/**
 * `--format parquet`: one Parquet dataset per record kind under the output folder, hive-partitioned
 * by day and machine (engine/export/parquet), holding exactly what the one filter keeps. Written
 * into a temporary folder beside the output and moved into place only when something was written:
 * a refused or empty export leaves nothing, and an existing non-empty folder is never written into.
 */
import { randomBytes } from 'node:crypto';
import { readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { TraceFilter } from '../../../shared/channels/filter';
import { dayOf, DATASETS, PartitionedDataset, type DatasetSpec } from '../../engine/export';
import { EVTX_RECORDS, FREB_EVENTS, FREB_REQUESTS, HTTPERR_ENTRIES, IIS_REQUESTS, SVCLOG_ACTIVITIES, SVCLOG_EVENTS, SVCLOG_MESSAGES, SVCLOG_PAIRS } from '../../engine/export';
import { readyForScan } from '../../engine/types';
import { machineClock } from '../clock/machine-clock';
import { recordJudges } from '../filter/records';

import { machines } from '../machines/machines';
import type { Session } from '../session';
import { svclogViews } from '../svclog-views/views';
import { evtxRows, frebRows, requestRowsOf, svclogActivityRows, svclogEventRows, svclogMessageRows, svclogPairRows, type DatasetRow, type RowContext } from './parquet-rows';

export interface ParquetOutcome {
  /** Rows written over all datasets. */
  written: number;
  /** Rows per dataset written (datasets without rows are left out). */
  datasets: Record<string, number>;
  problems: string[];
}

/** Refuses an output folder that exists with something in it (an empty one is replaced), or whose parent folder does not exist. */
async function checkTarget(dir: string): Promise<string | undefined> {
  const parent = await stat(dirname(resolve(dir))).catch(() => undefined);
  if (!parent?.isDirectory()) return `Cannot write ${dir}: its folder does not exist.`;
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : e.code === 'ENOTDIR' ? ['(a file)'] : Promise.reject(e)));
  if (entries === null || entries.length === 0) return undefined;
  return `${dir} already exists and is not an empty folder; choose a new folder for the Parquet datasets.`;
}

export async function exportParquet(session: Session, o: { output: string; filter?: TraceFilter; version: string }): Promise<ParquetOutcome> {
  const refused = await checkTarget(o.output);
  if (refused) return { written: 0, datasets: {}, problems: [refused] };
  const { view, result } = await svclogViews(session).filterResult(o.filter);
  const { events } = await svclogViews(session).passingInOrder(o.filter);
  const identity = machines(session).identity();
  const clock = machineClock(session);
  const ctx: RowContext = { view, result, machine: (n) => identity.displayName(n), offsetUs: clock.offsetUs };
  const { files } = session.recordOrder();
  const judges = await recordJudges(session, o.filter);
  await readyForScan(files);
  const serving = files.some((f) => f.provides.requests) && view.total > 0 ? session.services.iisViews.servingActivities() : new Map<string, Map<number, string>>();

  const temp = `${o.output}.${randomBytes(6).toString('hex')}.partial`;
  const createdBy = `TraceLens ${o.version}`;
  const sets = new Map<DatasetSpec, PartitionedDataset>(DATASETS.map((d) => [d, new PartitionedDataset(temp, d, createdBy)]));
  const add = (spec: DatasetSpec, rows: Iterable<DatasetRow>, last = false) => {
    const set = sets.get(spec)!;
    for (const r of rows) set.add(dayOf(r.timeUs), r.machine, r.cells);
    // A dataset made in one go is finished at once: only one dataset's buffers are held at a time.
    if (last) set.close();
  };
  try {
    try {
      add(SVCLOG_EVENTS, svclogEventRows(ctx, events), true);
      add(SVCLOG_ACTIVITIES, svclogActivityRows(ctx), true);
      add(SVCLOG_MESSAGES, svclogMessageRows(ctx), true);
      add(SVCLOG_PAIRS, svclogPairRows(ctx), true);
      files.forEach((file, k) => {
        const { requests: log, requestTrace: freb, systemEvents: events } = file.provides;
        if (log) add(log.format === 'httperr' ? HTTPERR_ENTRIES : IIS_REQUESTS, requestRowsOf(ctx, log, judges[k], serving.get(log.path)));
        else if (freb) {
          const { request, events: evs } = frebRows(ctx, freb, judges[k]);
          if (request) add(FREB_REQUESTS, [request]);
          add(FREB_EVENTS, evs);
        } else if (events) add(EVTX_RECORDS, evtxRows(ctx, events, judges[k]));
      });
    } finally {
      for (const s of sets.values()) s.close();
    }
    const datasets = Object.fromEntries([...sets].filter(([, s]) => s.written > 0).map(([d, s]) => [d.name, s.written]));
    const written = Object.values(datasets).reduce((a, b) => a + b, 0);
    if (written === 0) return { written, datasets, problems: ['Nothing matches the filter; nothing was written.'] };
    // An empty folder at the output (checked above) is replaced.
    await rmdir(o.output).catch(() => undefined);
    await rename(temp, o.output).catch((e: NodeJS.ErrnoException) => {
      throw new Error(`Cannot write ${o.output}: ${e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.message.replace(basename(temp), basename(o.output))}.`);
    });
    return { written, datasets, problems: [] };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
