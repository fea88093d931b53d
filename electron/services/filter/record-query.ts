/**
 * The one filter over generic records (IIS requests, HTTPERR entries, FREB events in All records
 * and in request exports): the parts whose fields such a record has — level, host, process,
 * source, time and the query over its kind, source, host, process and text. A part naming
 * something the record lacks (a svclog-only field) does not match it.
 */
import type { TraceFilter } from '../../../shared/channels/filter';
import { FILTER_LEVELS } from '../../../shared/filter-levels';
import type { RecordRow } from '../../../shared/model';
import { parseQuery, timeOfDayIn, type QueryNode } from '../../../shared/query/parse';
import { boundedRegex } from './bounded-regex';

export type RecordTest = (row: RecordRow, fileName: string) => boolean;

function compare(a: number, op: string, b: number): boolean {
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : op === '>=' ? a >= b : op === '!=' ? a !== b : a === b;
}

/** The query fields a generic record has (status and type are its kind, "GET 503"; uri is in its text). */
const FIELD_VALUE: Record<string, (r: RecordRow, fileName: string) => string> = {
  source: (r) => r.source,
  host: (r) => r.host,
  process: (r) => r.process,
  type: (r) => r.kind,
  status: (r) => r.kind,
  description: (r) => r.text,
  uri: (r) => r.text,
  file: (_r, fileName) => fileName,
};

function fieldValues(field: string, r: RecordRow, fileName: string): string[] | undefined {
  const get = FIELD_VALUE[field];
  return get ? [get(r, fileName)] : undefined;
}

function compile(n: QueryNode): RecordTest {
  switch (n.kind) {
    case 'and': {
      const items = n.items.map(compile);
      return (r, f) => items.every((t) => t(r, f));
    }
    case 'or': {
      const items = n.items.map(compile);
      return (r, f) => items.some((t) => t(r, f));
    }
    case 'not': {
      const item = compile(n.item);
      return (r, f) => !item(r, f);
    }
    case 'text': {
      const needle = n.value.toLowerCase();
      return (r) => [r.text, r.kind, r.source, r.host, r.process].some((s) => s.toLowerCase().includes(needle));
    }
    case 'regex': {
      const re = boundedRegex(n.source, n.flags);
      const field = n.field;
      return (r, f) => {
        const values = field ? fieldValues(field, r, f) : [r.text, r.kind, r.source, r.host, r.process];
        return !!values && re.test(values).some((h) => h === 1);
      };
    }
    case 'field':
      break;
  }
  if (n.type === 'text') {
    const want = n.value.toLowerCase();
    const field = n.field;
    const positive: RecordTest = (r, f) => {
      const values = fieldValues(field, r, f);
      return !!values && values.some((v) => (n.op === ':' ? v.toLowerCase().includes(want) : v.toLowerCase() === want));
    };
    return n.op === '!=' ? (r, f) => !positive(r, f) : positive;
  }
  const { op, value } = n;
  if (n.type === 'level') {
    return (r) => {
      const l = FILTER_LEVELS.indexOf(r.level);
      return op === ':' || op === '=' || op === '!=' ? compare(l, op, value) : compare(value, op, l);
    };
  }
  if (n.type === 'time') {
    if (!n.timeOfDay) return (r) => compare(r.timeUs, op, value);
    const timeOfDay = timeOfDayIn(n.zone);
    return (r) => compare(timeOfDay(r.timeUs), op, value);
  }
  // Numbers and durations are svclog fields (thread, event id, activity duration).
  return () => false;
}

/**
 * The filter as a test of one record; undefined when it lets every record through. `machineOf`
 * resolves a host name to its machine (machines.ts): picking a host keeps every record of that
 * machine, whichever of its names (IIS server, trace Computer, event-log Computer) the record bears.
 */
export function recordTest(f: TraceFilter | undefined, machineOf: (name: string) => string = (n) => n): RecordTest | undefined {
  if (!f) return undefined;
  const levels = f.levels && f.levels.length < FILTER_LEVELS.length ? new Set<string>(f.levels) : undefined;
  const hosts = f.hosts?.length ? new Set(f.hosts.map(machineOf)) : undefined;
  const sources = f.sources?.length ? new Set(f.sources) : undefined;
  const processes = f.processes?.length ? new Set(f.processes) : undefined;
  const node = f.text?.trim() ? parseQuery(f.text.trim(), { zone: f.zone }) : null;
  const query = node ? compile(node) : undefined;
  // An XPath filter reads a trace's XML: other records never match it.
  const none = (f.custom?.length ?? 0) > 0;
  const from = f.fromUs ?? -Infinity;
  const to = f.toUs ?? Infinity;
  if (!levels && !hosts && !sources && !processes && !query && !none && f.fromUs === undefined && f.toUs === undefined) return undefined;
  return (r, file) =>
    !none &&
    (!levels || levels.has(r.level)) &&
    (!hosts || hosts.has(machineOf(r.host))) &&
    (!sources || sources.has(r.source)) &&
    (!processes || processes.has(`${r.process} on ${r.host}`) || processes.has(r.process)) &&
    r.timeUs >= from &&
    r.timeUs <= to &&
    (!query || query(r, file));
}
