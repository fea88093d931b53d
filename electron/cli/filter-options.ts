/**
 * The one filter from the command line, shared by `export` and `summary`: the same value the
 * app's filter bar builds, and `--where` takes the filter box's query language.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { TraceFilter } from '../../shared/channels/filter';
import { FILTER_LEVELS, type FilterLevel } from '../../shared/filter-levels';
import { filterPartCount } from '../../shared/query/filter-parts';
import { parseQuery, QueryError } from '../../shared/query/parse';
import { parseTimeArg } from '../../shared/time';
import { isZoneChoice, resolveZone, ZONE_UTC, type ZoneChoice } from '../../shared/time-zone';

function levelList(value: string): FilterLevel[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase());
  for (const l of list) if (!(FILTER_LEVELS as readonly string[]).includes(l)) throw new InvalidArgumentError(`levels are ${FILTER_LEVELS.join(', ')}`);
  return list as FilterLevel[];
}

/** Checked here, read in filterFromFlags: a time without an offset is a wall clock in --tz, which may come later on the line. */
function isoTime(value: string): string {
  if (parseTimeArg(value) === undefined) throw new InvalidArgumentError('use an ISO 8601 time, e.g. 2026-11-20T01:52:00Z (without Z or an offset: in --tz, UTC by default)');
  return value;
}

function timeZone(value: string): ZoneChoice {
  if (!isZoneChoice(value)) throw new InvalidArgumentError('UTC, local or an IANA zone name such as America/New_York');
  return value;
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
  from?: string;
  to?: string;
  tz?: ZoneChoice;
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
    .option('--from <time>', 'only records at or after this time (ISO 8601; without Z or an offset, in --tz)', isoTime)
    .option('--to <time>', 'only records at or before this time (ISO 8601; without Z or an offset, in --tz)', isoTime)
    .option('--tz <zone>', 'time zone of times shown and read: UTC (default), local, or an IANA name such as Europe/Berlin', timeZone)
    .option('--host <name>', 'only records of this computer (repeat for several)', collect)
    .option('--source <name>', 'only records of this trace source (repeat for several)', collect)
    .option('--process <label>', 'only records of this process, as "name (pid) on HOST" (repeat for several)', collect)
    .option('--where <query>', 'only records matching this query (the filter box\'s language: words, "phrases", -word, field:value, time>=22:01 (in --tz), /regex/, or, parentheses)', query)
    .option('--text <text>', 'same as --where (kept for older scripts)', query);
}

export function filterFromFlags(o: FilterFlags): TraceFilter | undefined {
  const where = [o.where, o.text].filter((t): t is string => !!t?.trim());
  const zone = o.tz ?? ZONE_UTC;
  const f: TraceFilter = {
    ...(o.level ? { levels: o.level } : {}),
    ...(o.from !== undefined ? { fromUs: parseTimeArg(o.from, zone) } : {}),
    ...(o.to !== undefined ? { toUs: parseTimeArg(o.to, zone) } : {}),
    ...(o.host?.length ? { hosts: o.host } : {}),
    ...(o.source?.length ? { sources: o.source } : {}),
    ...(o.process?.length ? { processes: o.process } : {}),
    ...(where.length ? { text: where.length === 1 ? where[0] : where.map((w) => `(${w})`).join(' ') } : {}),
    // The query's times (time>=22:01) are read in --tz like --from/--to; 'local' is this machine's zone.
    ...(where.length && zone !== ZONE_UTC ? { zone: resolveZone(zone) } : {}),
  };
  return filterPartCount(f) ? f : undefined;
}
