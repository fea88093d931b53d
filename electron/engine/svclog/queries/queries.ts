/** Small typed queries the views run against a SvclogIndex: pages of activities, traces, messages. */
import type { RecordRow } from '../../../../shared/model';
import type { Activity } from '../indexing/activities';
import type { MessageInfo } from '../indexing/messages';
import type { MessagePair } from '../indexing/pairs';
import type { EventRef, SvclogIndex } from '../indexing/svclog-index';
import { severityRank } from '../levels';

export interface Page<T> {
  total: number;
  offset: number;
  rows: T[];
}

export type ActivitySortKey = 'name' | 'firstUs' | 'lastUs' | 'durationUs' | 'traceCount' | 'worstLevel' | 'transfers';

export interface ActivityQuery {
  sortBy?: ActivitySortKey;
  descending?: boolean;
  offset?: number;
  limit?: number;
  /** Case-insensitive substring of the name or id. */
  text?: string;
  unbalancedOnly?: boolean;
}

function compareActivities(key: ActivitySortKey): (a: Activity, b: Activity) => number {
  switch (key) {
    case 'name':
      return (a, b) => (a.name || a.id).localeCompare(b.name || b.id);
    case 'worstLevel':
      return (a, b) => severityRank(a.worstLevel) - severityRank(b.worstLevel);
    case 'transfers':
      return (a, b) => a.transfersIn + a.transfersOut - (b.transfersIn + b.transfersOut);
    default:
      return (a, b) => a[key] - b[key];
  }
}

export function activitiesPage(index: SvclogIndex, q: ActivityQuery = {}): Page<Activity> {
  const text = q.text?.toLowerCase();
  let list = index.activities.filter((a) => (!q.unbalancedOnly || a.unbalanced) && (!text || a.name.toLowerCase().includes(text) || a.id.includes(text)));
  const cmp = compareActivities(q.sortBy ?? 'firstUs');
  list = list.sort((a, b) => (q.descending ? -cmp(a, b) : cmp(a, b)) || a.firstUs - b.firstUs || a.index - b.index);
  const offset = q.offset ?? 0;
  return { total: list.length, offset, rows: list.slice(offset, offset + (q.limit ?? 200)) };
}

export interface TraceRow extends RecordRow {
  ref: EventRef;
  activity: number;
}

/** The traces of a set of activities merged in time order (the STV trace list for a selection). */
export function tracesOf(index: SvclogIndex, activities: readonly number[], offset = 0, limit = 500): Page<TraceRow> {
  const refs: EventRef[] = [];
  for (const a of new Set(activities)) if (a >= 0 && a < index.activities.length) refs.push(...index.eventsOf(a));
  const f = index.files;
  refs.sort((x, y) => f[x.file].timeUs(x.event) - f[y.file].timeUs(y.event) || f[x.file].events.tick[x.event] - f[y.file].events.tick[y.event] || x.file - y.file || x.event - y.event);
  const rows = refs.slice(offset, offset + limit).map((ref) => ({ ...f[ref.file].row(ref.event), ref, activity: index.activityOf(ref) }));
  return { total: refs.length, offset, rows };
}

export interface MessageQuery {
  offset?: number;
  limit?: number;
  /** Only messages whose action, to or source contains this (case-insensitive). */
  text?: string;
}

/** Message records in time order. */
export function messagesPage(index: SvclogIndex, q: MessageQuery = {}): Page<MessageInfo> {
  const text = q.text?.toLowerCase();
  const list = text ? index.messages.filter((m) => `${m.action} ${m.to} ${m.source}`.toLowerCase().includes(text)) : index.messages;
  const offset = q.offset ?? 0;
  return { total: list.length, offset, rows: list.slice(offset, offset + (q.limit ?? 200)) };
}

/** Pairs one message record takes part in. */
export function pairsOf(index: SvclogIndex, ref: EventRef): MessagePair[] {
  return index.pairs.filter((p) => (p.from.file === ref.file && p.from.event === ref.event) || (p.to.file === ref.file && p.to.event === ref.event));
}
