/**
 * Displayed time for the generic record list and the detail pane: records of files that group them
 * by computer (the clockRuns capability: svclog) are shifted by their computer's clock offset
 * (adjusted = raw − offset); other files keep their own time.
 */
import type { RecordDetail } from '../../../shared/model';
import { formatDurationUs, formatTimeUs } from '../../../shared/time';
import type { LoadedFile } from '../../engine/types';
import type { TimedSource } from '../merge-order';
import type { Session } from '../session';
import { svclogViews } from '../svclog-views/views';
import { clockService } from './service';

/** Effective offsets (µs) by computer; the same object while nothing changed (callers cache by identity). */
export function recordOffsets(session: Session): ReadonlyMap<string, number> {
  const views = svclogViews(session);
  return clockService(session).offsetsUs(views.view().index);
}

/** Offset (µs) of record i of a file: 0 for files without computers. */
export function offsetOfRecord(file: LoadedFile, offsets: ReadonlyMap<string, number>): (i: number) => number {
  const clock = file.provides.clockRuns;
  if (offsets.size === 0 || !clock) return () => 0;
  const { runOf, nameOf } = clock;
  // By the computer's run id (NaN: not looked up yet): no Map lookup per record.
  const byRun = new Float64Array(clock.runs).fill(NaN);
  return (i) => {
    const id = runOf[i];
    let o = byRun[id];
    if (Number.isNaN(o)) byRun[id] = o = offsets.get(nameOf(id)) ?? 0;
    return o;
  };
}

/** A file as the merged order sees it: its records' displayed times. */
export function shiftedSource(file: LoadedFile, offsets: ReadonlyMap<string, number>): TimedSource {
  const offset = offsetOfRecord(file, offsets);
  const timeUs = (i: number) => file.timeUs(i) - offset(i);
  const clock = file.provides.clockRuns;
  if (!clock) return { recordCount: file.recordCount, timeUs };
  // The time column as it is when no offset moves it; else shifted, with each computer's records
  // as a run that keeps its order (the order is then a merge, not a sort).
  const n = file.recordCount;
  const raw = clock.times.subarray(0, n);
  if ([...offsets.values()].every((o) => o === 0)) return { recordCount: n, timeUs, times: raw };
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = raw[i] - offset(i);
  return { recordCount: n, timeUs, times, runOf: clock.runOf, runs: clock.runs };
}

/** The detail's Time field in displayed time, with the raw time and the offset beside it. */
export function shiftDetail(detail: RecordDetail, file: LoadedFile, offsets: ReadonlyMap<string, number>): RecordDetail {
  const offsetUs = offsetOfRecord(file, offsets)(detail.index);
  if (offsetUs === 0) return detail;
  const fields = detail.fields.flatMap((f) => {
    if (f.name !== 'Time') return [f];
    const raw = file.row(detail.index);
    const note = `${raw.host} clock, ${offsetUs > 0 ? '+' : '−'}${formatDurationUs(Math.abs(offsetUs))} offset`;
    return [
      { name: 'Time', value: `${formatTimeUs(raw.timeUs, { tick: raw.tick, offsetUs, zone: 'UTC' })} UTC (clock-adjusted)`, timeUs: raw.timeUs - offsetUs, tick: raw.tick, timeNote: '(clock-adjusted)' },
      { name: 'Raw time', value: `${f.value} (${note})`, timeUs: raw.timeUs, tick: raw.tick, timeNote: `(${note})` },
    ];
  });
  return { ...detail, fields };
}
