/**
 * The one filter from the command line, shared by `export` and `summary`: the same value the
 * app's filter bar builds, and `--where` takes the filter box's query language.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { TraceFilter } from '../../shared/channels/filter';
import { FILTER_LEVELS, type FilterLevel } from '../../shared/filter-levels';
import { filterPartCount } from '../../shared/query/filter-parts';
import { parseQuery, QueryError } from '../../shared/query/parse';

function levelList(value: string): FilterLevel[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase());
  for (const l of list) if (!(FILTER_LEVELS as readonly string[]).includes(l)) throw new InvalidArgumentError(`levels are ${FILTER_LEVELS.join(', ')}`);
  return list as FilterLevel[];
}

function isoTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('use an ISO 8601 time, e.g. 2026-11-20T01:52:00Z');
  return ms * 1000;
}

function query(value: string): string {
  try {
    parseQuery(value);
  } catch (e) {
    if (e instanceof QueryError) throw new InvalidArgumentError(`at character ${e.at + 1}: ${e.message}\n  ${value}\n  ${' '.repeat(e.at)}^`);
    throw e;
  }
  return value;
}

const collect = (value: string, prev: string[] = []) => [...prev, value];

export interface FilterFlags {
  level?: FilterLevel[];
  from?: number;
  to?: number;
  host?: string[];
  source?: string[];
  process?: string[];
  where?: string;
  text?: string;
}

/** Adds the filter flags to a command. */
export function withFilterOptions(cmd: Command): Command {
  return cmd
    .option('--level <levels>', `only these levels, e.g. error,warning (${FILTER_LEVELS.join(', ')})`, levelList)
    .option('--from <time>', 'only records at or after this time (ISO 8601, UTC)', isoTime)
    .option('--to <time>', 'only records at or before this time (ISO 8601, UTC)', isoTime)
    .option('--host <name>', 'only records of this computer (repeat for several)', collect)
    .option('--source <name>', 'only records of this trace source (repeat for several)', collect)
    .option('--process <label>', 'only records of this process, as "name (pid) on HOST" (repeat for several)', collect)
    .option('--where <query>', 'only records matching this query (the filter box\'s language: words, "phrases", -word, field:value, time>=22:01, /regex/, or, parentheses)', query)
    .option('--text <text>', 'same as --where (kept for older scripts)', query);
}

export function filterFromFlags(o: FilterFlags): TraceFilter | undefined {
  const where = [o.where, o.text].filter((t): t is string => !!t?.trim());
  const f: TraceFilter = {
    ...(o.level ? { levels: o.level } : {}),
    ...(o.from !== undefined ? { fromUs: o.from } : {}),
    ...(o.to !== undefined ? { toUs: o.to } : {}),
    ...(o.host?.length ? { hosts: o.host } : {}),
    ...(o.source?.length ? { sources: o.source } : {}),
    ...(o.process?.length ? { processes: o.process } : {}),
    ...(where.length ? { text: where.length === 1 ? where[0] : where.map((w) => `(${w})`).join(' ') } : {}),
  };
  return filterPartCount(f) ? f : undefined;
}
