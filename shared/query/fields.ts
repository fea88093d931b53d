/**
 * The fields a filter query can name (`field:value`, `field>value`), shared by the filter box, the
 * CLI's `--where` and the help. Each field says what kind of value it compares, so the parser can
 * reject `thread:abc` and `time>tomorrow` with the position of the mistake.
 */

export type FieldKind = 'text' | 'number' | 'time' | 'duration' | 'level';

export interface QueryField {
  name: string;
  aliases?: string[];
  kind: FieldKind;
  /** One line for the help and the suggestions. */
  help: string;
}

export const QUERY_FIELDS: readonly QueryField[] = [
  { name: 'level', kind: 'level', help: 'critical, error, warning, information, verbose, boundaries (also level>=warning)' },
  { name: 'source', kind: 'text', help: 'trace source (System.ServiceModel, …) or IIS site' },
  { name: 'host', aliases: ['computer', 'machine', 'server'], kind: 'text', help: 'computer that wrote the record' },
  { name: 'process', kind: 'text', help: 'process name (and id)' },
  { name: 'pid', kind: 'number', help: 'process id' },
  { name: 'thread', aliases: ['tid'], kind: 'number', help: 'thread id' },
  { name: 'activity', kind: 'text', help: 'activity id or name' },
  { name: 'name', kind: 'text', help: 'activity name' },
  { name: 'type', aliases: ['kind', 'subtype'], kind: 'text', help: 'Start, Stop, Transfer, Information… (IIS: method and status)' },
  { name: 'eventid', aliases: ['event'], kind: 'number', help: 'event id' },
  { name: 'description', aliases: ['desc', 'text'], kind: 'text', help: 'the one-line description' },
  { name: 'exception', kind: 'text', help: 'exception type or message' },
  { name: 'action', kind: 'text', help: 'SOAP action of a message' },
  { name: 'to', kind: 'text', help: 'To address of a message' },
  { name: 'from', aliases: ['replyto'], kind: 'text', help: 'ReplyTo / From address of a message' },
  { name: 'status', kind: 'text', help: 'HTTP status of a message or request' },
  { name: 'uri', aliases: ['url'], kind: 'text', help: 'message To address or request URI' },
  { name: 'file', kind: 'text', help: 'file name' },
  { name: 'time', kind: 'time', help: 'time in the zone shown (Time: UTC, local or a named zone): time>=22:01:20 or time<2026-11-23T22:05 (…Z or …-05:00: that instant)' },
  { name: 'duration', kind: 'duration', help: "the record's activity duration: duration>500ms (us, ms, s, m, h)" },
];

const BY_NAME = new Map<string, QueryField>();
for (const f of QUERY_FIELDS) for (const n of [f.name, ...(f.aliases ?? [])]) BY_NAME.set(n, f);

export function fieldNamed(name: string): QueryField | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Every name a user can type (aliases included), for suggestions. */
export const FIELD_NAMES: readonly string[] = [...BY_NAME.keys()];

/** Levels by name, in severity order (index = FILTER_LEVELS index on the main side). */
export const QUERY_LEVELS = ['critical', 'error', 'warning', 'information', 'verbose', 'boundaries'] as const;
const LEVEL_ALIASES: Record<string, number> = { critical: 0, error: 1, err: 1, warning: 2, warn: 2, information: 3, info: 3, verbose: 4, boundaries: 5, boundary: 5, activitytracing: 5 };

export function levelNamed(text: string): number | undefined {
  return LEVEL_ALIASES[text.toLowerCase()];
}

/** Levenshtein distance, for "did you mean" (names are short). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Field names that start like `partial` or are one or two edits from it. */
export function suggestFields(partial: string): string[] {
  const p = partial.toLowerCase();
  const prefixed = QUERY_FIELDS.filter((f) => f.name.startsWith(p) || f.aliases?.some((a) => a.startsWith(p))).map((f) => f.name);
  if (prefixed.length) return prefixed;
  return QUERY_FIELDS.map((f) => ({ f: f.name, d: Math.min(...[f.name, ...(f.aliases ?? [])].map((n) => distance(p, n))) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.f);
}
