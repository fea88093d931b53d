/** An event-log record as a flat export row: the EVTX engine's export-rows capability. */
import { formatIsoUs } from '../../../shared/time';
import type { ExportRows } from '../capabilities';
import { LEVEL_NAMES, type EvtxFile } from './evtx-file';

export const EVENT_COLUMNS = [
  'time', 'file', 'recordId', 'provider', 'eventId', 'level', 'task', 'opcode', 'keywords', 'channel', 'computer',
  'pid', 'thread', 'activityId', 'relatedActivityId', 'user', 'data',
] as const;

/** Absent process/thread ids are -1 in the columns: an empty cell, as the detail pane leaves them out. */
const id = (v: number): number | string => (v >= 0 ? v : '');

export function eventExportRows(f: EvtxFile): ExportRows {
  const d = f.data;
  return {
    noun: 'event-log records',
    columns: EVENT_COLUMNS,
    row: (i, timeUs, zone) => ({
      time: formatIsoUs(timeUs, d.tick[i], zone),
      file: f.path,
      recordId: d.recordId[i],
      provider: f.str(d.provider, i),
      eventId: d.eventId[i],
      level: LEVEL_NAMES[d.level[i]] ?? String(d.level[i]),
      task: d.task[i],
      opcode: d.opcode[i],
      keywords: f.str(d.keywords, i),
      channel: f.str(d.channel, i),
      computer: f.str(d.computer, i),
      pid: id(d.pid[i]),
      thread: id(d.tid[i]),
      activityId: f.str(d.activity, i),
      relatedActivityId: f.str(d.related, i),
      user: f.str(d.user, i),
      data: f.text(i),
    }),
  };
}
