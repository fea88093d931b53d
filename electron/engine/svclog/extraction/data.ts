/**
 * The parsed index of one svclog file: events and messages as columns plus one string table.
 * Parts parsed by different workers are merged here into exactly what a single pass would give.
 */
import type { Problem } from '../../../../shared/model';
import { EVENT_SPEC, MESSAGE_SPEC, concatTables, type Columns, type EventSpec, type MessageSpec } from './columns';
import { StringTable } from './intern';
import type { ParsePart } from './parse';

export interface SvclogData {
  events: Columns<EventSpec>;
  eventCount: number;
  messages: Columns<MessageSpec>;
  messageCount: number;
  strings: readonly string[];
  /** True when no two string ids have the same string (a merge guarantees it), so ids compare as strings. */
  uniqueStrings?: boolean;
  problems: Problem[];
}

export function mergeParts(parts: readonly ParsePart[]): SvclogData {
  if (parts.length === 1) {
    const p = parts[0];
    return { events: p.events, eventCount: p.eventCount, messages: p.messages, messageCount: p.messageCount, strings: p.strings, problems: [...p.problems] };
  }
  const table = new StringTable();
  const remaps = parts.map((p) => table.absorb(p.strings, p.stringHashes));
  let eventBase = 0;
  let messageBase = 0;
  const eventParts = [];
  const messageParts = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    eventParts.push({ cols: p.events, length: p.eventCount, remap: remaps[k], shift: { message: messageBase } });
    messageParts.push({ cols: p.messages, length: p.messageCount, remap: remaps[k], shift: { event: eventBase } });
    eventBase += p.eventCount;
    messageBase += p.messageCount;
  }
  return {
    events: concatTables(EVENT_SPEC, eventParts),
    eventCount: eventBase,
    messages: concatTables(MESSAGE_SPEC, messageParts),
    messageCount: messageBase,
    strings: table.values,
    uniqueStrings: true,
    problems: parts.flatMap((p) => p.problems).sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0)),
  };
}
