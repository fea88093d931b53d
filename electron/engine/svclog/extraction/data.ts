/**
 * The parsed index of one svclog file: events and messages as columns plus one string table.
 * Parts parsed by different workers are merged here into exactly what a single pass would give:
 * the loader's thread only merges the parts' string tables (by hash) and sizes the result; each
 * part's rows are then copied into place, with their ids remapped, by the worker that parsed them.
 * The first part's tables are made with room for the whole file (parse.ts's tableBytes): when the
 * file's rows fit, they are the merged tables, its rows already in place, and the other parts are
 * copied in after them. That saves a copy of the first part and fresh memory for it (each new
 * page costs a fault, which is most of the load's system time).
 */
import type { Problem } from '../../../../shared/model';
import { EVENT_SPEC, MESSAGE_SPEC, allocTable, isIdentity, placeInto, roomOf, widened, type Columns, type EventSpec, type MessageSpec, type TableSpec } from './columns';
import { StringTable } from './intern';
import type { ParsePart } from './parse';
import type { JoinedGroups } from '../indexing/part-groups';

export interface SvclogData {
  events: Columns<EventSpec>;
  eventCount: number;
  messages: Columns<MessageSpec>;
  messageCount: number;
  strings: readonly string[];
  /** True when no two string ids have the same string (a merge guarantees it), so ids compare as strings. */
  uniqueStrings?: boolean;
  problems: Problem[];
  /** A split load's activity index pieces, grouped by its workers (part-groups.ts). */
  grouped?: JoinedGroups;
}

/** Where one part's rows go in the merged tables (posted to the worker that holds the part). */
export interface PlaceOrder {
  /** The merged tables (shared memory). */
  events: Columns<EventSpec>;
  messages: Columns<MessageSpec>;
  eventAt: number;
  messageAt: number;
  /** The part's string ids → the merged table's. */
  remap: Int32Array;
  /** The part's events (messages) already are these rows of the merged table: nothing to copy. */
  eventsInPlace?: boolean;
  messagesInPlace?: boolean;
}

/** The merged file, its columns still to be filled by `placePart` of every part. */
export interface MergePlan {
  data: SvclogData;
  orders: PlaceOrder[];
}

/** Merges the parts' string tables and lays out the merged columns (no row is copied yet). */
export function planMerge(parts: readonly ParsePart[]): MergePlan {
  // Sized for the first part's strings and half the others' (parts share most of their strings).
  const table = new StringTable(parts.reduce((n, p, k) => n + (k === 0 ? p.strings.length : p.strings.length / 2), 0));
  const remaps = parts.map((p) => table.absorb(p.strings, p.stringHashes));
  const eventCount = parts.reduce((n, p) => n + p.eventCount, 0);
  const messageCount = parts.reduce((n, p) => n + p.messageCount, 0);
  // The first part's rows stay where they are when its ids are kept and its tables have room.
  const keepFirst = isIdentity(remaps[0]);
  const eventsInPlace = keepFirst && roomOf(EVENT_SPEC, parts[0].events) >= eventCount;
  const messagesInPlace = keepFirst && roomOf(MESSAGE_SPEC, parts[0].messages) >= messageCount;
  const events = mergedTable(EVENT_SPEC, parts[0].events, eventCount, eventsInPlace);
  const messages = mergedTable(MESSAGE_SPEC, parts[0].messages, messageCount, messagesInPlace);
  let eventAt = 0;
  let messageAt = 0;
  const orders = parts.map((p, k): PlaceOrder => {
    const order = { events, messages, eventAt, messageAt, remap: remaps[k], eventsInPlace: k === 0 && eventsInPlace, messagesInPlace: k === 0 && messagesInPlace };
    eventAt += p.eventCount;
    messageAt += p.messageCount;
    return order;
  });
  const data = {
    events,
    eventCount,
    messages,
    messageCount,
    strings: table.values,
    uniqueStrings: true,
    problems: parts.flatMap((p) => p.problems).sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0)),
  };
  return { data, orders };
}

/** The first part's table widened to `n` rows, or a new shared table of `n` rows. */
function mergedTable<S extends TableSpec>(spec: S, first: Columns<S>, n: number, inPlace: boolean): Columns<S> {
  return inPlace ? widened(spec, first, n) : allocTable(spec, n, true);
}

/** Copies one part's rows to their place in the merged tables (string ids remapped, row references shifted). */
export function placePart(p: ParsePart, o: PlaceOrder): void {
  if (!o.eventsInPlace) placeInto(EVENT_SPEC, o.events, o.eventAt, { cols: p.events, length: p.eventCount, remap: o.remap, shift: { message: o.messageAt } });
  if (!o.messagesInPlace) placeInto(MESSAGE_SPEC, o.messages, o.messageAt, { cols: p.messages, length: p.messageCount, remap: o.remap, shift: { event: o.eventAt } });
}

/** The parts merged on this thread (tests, and parts parsed in-thread). */
export function mergeParts(parts: readonly ParsePart[]): SvclogData {
  if (parts.length === 1) {
    const p = parts[0];
    return { events: p.events, eventCount: p.eventCount, messages: p.messages, messageCount: p.messageCount, strings: p.strings, problems: [...p.problems] };
  }
  const plan = planMerge(parts);
  parts.forEach((p, k) => placePart(p, plan.orders[k]));
  return plan.data;
}
