/** A svclog event as a flat export row (CSV, JSON Lines): the svclog engine's export-rows capability. */
import { formatIsoUs } from '../../../../shared/time';
import { ZONE_UTC, type ZoneChoice } from '../../../../shared/time-zone';
import type { ExportRow, ExportRows } from '../../capabilities';
import type { WcfTraceFile } from '../../wcf-traces';
import { LEVEL_NAMES } from '../levels';

export const TRACE_COLUMNS = [
  'time', 'rawTime', 'file', 'record', 'computer', 'process', 'pid', 'thread', 'level', 'type', 'source', 'eventId',
  'activityId', 'relatedActivityId', 'activityName', 'description', 'exceptionType', 'exceptionMessage',
] as const;

/** A trace's Level as a name; 255 is what WCF writes for activity tracing (Start, Stop, Transfer…): no severity. */
export function levelName(level: number): string {
  return LEVEL_NAMES[level] ?? (level === 255 ? 'ActivityTracing' : String(level));
}

/**
 * One svclog event as an export row; `timeUs` is the time to show (clock-adjusted or raw). Times
 * are ISO 8601 in `zone` with its offset written out ("…-05:00"; UTC's is "Z").
 */
export function traceRow(f: WcfTraceFile, i: number, timeUs: number, zone: ZoneChoice = ZONE_UTC): ExportRow {
  const ev = f.events;
  return {
    time: formatIsoUs(timeUs, ev.tick[i], zone),
    rawTime: formatIsoUs(ev.timeUs[i], ev.tick[i], zone),
    file: f.path,
    // The event's number in its file (0-based), as the app's views count it.
    record: i,
    computer: f.str(ev.computer[i]),
    process: f.str(ev.processName[i]),
    pid: ev.pid[i],
    thread: ev.tid[i],
    level: levelName(ev.level[i]),
    type: f.str(ev.subType[i]),
    source: f.str(ev.source[i]),
    eventId: ev.eventId[i],
    activityId: f.str(ev.activity[i]),
    relatedActivityId: f.str(ev.related[i]),
    activityName: f.str(ev.activityName[i]),
    description: f.description(i),
    exceptionType: f.str(ev.exceptionType[i]),
    exceptionMessage: f.str(ev.exceptionMessage[i]),
  };
}

export function traceExportRows(f: WcfTraceFile): ExportRows {
  return { noun: 'traces', columns: TRACE_COLUMNS, row: (i, timeUs, zone) => traceRow(f, i, timeUs, zone) };
}
