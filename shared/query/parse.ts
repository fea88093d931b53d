/**
 * The filter query language, parsed by hand (recursive descent) into a typed tree that the main
 * side evaluates. The filter box, the CLI's `--where` and the tests all use this one parser.
 *
 *   query   := or
 *   or      := and ('or' and)*
 *   and     := unary ('and'? unary)*          words side by side must all match
 *   unary   := ('-' | 'not') unary | primary
 *   primary := '(' or ')' | term
 *   term    := field op value | value         op: ':' (contains) = != < <= > >=
 *   value   := word | "phrase" | /regex/flags
 *
 * Errors carry the character position (0-based) and, for unknown fields, suggestions. Times are
 * read in the zone the user sees (`QueryOptions.zone`): `time>=22:01:20` is that wall clock there.
 */
import { formatIsoUs } from '../time';
import { resolveZone, wallToUtcMs, zoneOffsetMs, ZONE_UTC, type ZoneChoice } from '../time-zone';
import { fieldNamed, levelNamed, suggestFields, type FieldKind } from './fields';

export interface QueryOptions {
  /** The zone times are read in (the display zone, or the CLI's --tz); UTC when absent. */
  zone?: ZoneChoice;
}

export type CompareOp = ':' | '=' | '!=' | '<' | '<=' | '>' | '>=';

export type QueryNode =
  | { kind: 'and' | 'or'; items: QueryNode[] }
  | { kind: 'not'; item: QueryNode }
  /** Case-insensitive substring of any indexed text field. */
  | { kind: 'text'; value: string }
  /** A regular expression over any indexed text field, or over one field. */
  | { kind: 'regex'; source: string; flags: string; field?: string }
  | { kind: 'field'; field: string; type: 'text'; op: ':' | '=' | '!='; value: string }
  | { kind: 'field'; field: string; type: 'number' | 'duration' | 'level'; op: CompareOp; value: number }
  /**
   * Time: an instant (µs since the epoch, UTC), or (timeOfDay) µs since midnight in `zone` (an IANA
   * name; absent for UTC) — the wall clock as displayed, whatever the day's offset.
   */
  | { kind: 'field'; field: string; type: 'time'; op: CompareOp; value: number; timeOfDay: boolean; zone?: string };

export class QueryError extends Error {
  constructor(
    message: string,
    /** Character position where the problem starts. */
    readonly at: number,
    readonly suggestions: string[] = [],
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** Longest query accepted (the contract bounds the text too). */
export const MAX_QUERY_LENGTH = 2000;
const MAX_DEPTH = 64;

type Token =
  | { t: 'word'; v: string; at: number; glued: boolean }
  | { t: 'phrase'; v: string; at: number; glued: boolean }
  | { t: 'regex'; source: string; flags: string; at: number; glued: boolean }
  | { t: '(' | ')' | '-'; at: number; glued: boolean };

const SPECIAL = new Set(['(', ')', '"']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    // glued: no space before this token (e.g. the phrase of `action:"Get Order"`).
    const glued = i > 0 && !isSpace(src[i - 1]);
    const at = i;
    if (c === '(' || c === ')') {
      out.push({ t: c, at, glued });
      i++;
    } else if (c === '-' && (i === 0 || isSpace(src[i - 1]) || src[i - 1] === '(') && i + 1 < src.length && !isSpace(src[i + 1])) {
      out.push({ t: '-', at, glued });
      i++;
    } else if (c === '"') {
      let v = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) i++;
        v += src[i++];
      }
      if (i >= src.length) throw new QueryError('this phrase has no closing quote (")', at);
      i++;
      out.push({ t: 'phrase', v, at, glued });
    } else if (c === '/' && (!glued || ':=<>!(-'.includes(src[i - 1])) && regexEnd(src, i) > 0) {
      const end = regexEnd(src, i);
      const close = src.lastIndexOf('/', end - 1);
      out.push({ t: 'regex', source: src.slice(i + 1, close), flags: src.slice(close + 1, end), at, glued });
      i = end;
    } else {
      let v = '';
      while (i < src.length && !isSpace(src[i]) && !SPECIAL.has(src[i])) {
        // A field's operator may be followed straight by a phrase or regex: stop the word there.
        if (src[i] === '/' && /^[A-Za-z]+[:=<>]$/.test(v) && regexEnd(src, i) > 0) break;
        v += src[i++];
      }
      out.push({ t: 'word', v, at, glued });
    }
  }
  return out;
}

/**
 * Where a /regex/flags starting at `i` ends, or -1 when the text is not one: a path such as
 * /OrderService.svc or /api/v1/orders is a plain word (no closing slash, or not followed by
 * flags and a space, ")" or the end).
 */
function regexEnd(src: string, i: number): number {
  let j = i + 1;
  while (j < src.length && src[j] !== '/') {
    if (src[j] === '\\') j++;
    j++;
  }
  if (j >= src.length || j === i + 1) return -1;
  j++;
  while (j < src.length && /[imsu]/.test(src[j])) j++;
  return j === src.length || isSpace(src[j]) || src[j] === ')' ? j : -1;
}

const FIELD_RE = /^([A-Za-z][A-Za-z_]*)(>=|<=|!=|:|=|>|<)(.*)$/s;

/**
 * "22:01:20(.ffffff)" → µs since midnight; "2026-11-23[T ]22:01(:20(.f))" or a date → the instant
 * that wall clock is in `zone`; with "Z" or an offset ("-05:00") → that instant, whatever the zone.
 */
export function parseTimeValue(text: string, zone: ZoneChoice = ZONE_UTC): { us: number; timeOfDay: boolean } | undefined {
  let m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
  if (m) {
    if (+m[1] > 23 || +m[2] > 59 || +(m[3] ?? 0) > 59) return undefined;
    return { us: ((+m[1] * 60 + +m[2]) * 60 + +(m[3] ?? 0)) * 1e6 + Number((m[4] ?? '').padEnd(6, '0')), timeOfDay: true };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!m) return undefined;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  if (!Number.isFinite(wall)) return undefined;
  const offset = m[8] === undefined ? undefined : m[8] === 'Z' ? 0 : (m[8][0] === '-' ? -1 : 1) * (+m[8].slice(1, 3) * 60 + +m[8].slice(4, 6)) * 60_000;
  const ms = offset !== undefined ? wall - offset : zone === ZONE_UTC ? wall : wallToUtcMs(zone, wall);
  return { us: ms * 1000 + Number((m[7] ?? '').padEnd(6, '0')), timeOfDay: false };
}

const DAY_US = 86_400_000_000;
const HOUR_MS = 3_600_000;

/**
 * µs since midnight of an instant's wall clock in `zone` (an IANA name; UTC when absent), for
 * `time>=22:01:20` over many records: the offset is looked up once per hour of the records' times.
 */
export function timeOfDayIn(zone: string | undefined): (us: number) => number {
  const utc = (us: number) => ((us % DAY_US) + DAY_US) % DAY_US;
  if (!zone || resolveZone(zone) === ZONE_UTC) return utc;
  let hour = NaN;
  let offsetUs = 0;
  return (us) => {
    const ms = Math.floor(us / 1000);
    const h = Math.floor(ms / HOUR_MS);
    if (h === hour) return utc(us + offsetUs);
    const start = zoneOffsetMs(zone, h * HOUR_MS);
    // An hour holding a change of offset is looked up per instant and not remembered.
    if (start !== zoneOffsetMs(zone, h * HOUR_MS + HOUR_MS - 1)) return utc(us + zoneOffsetMs(zone, ms) * 1000);
    hour = h;
    offsetUs = start * 1000;
    return utc(us + offsetUs);
  };
}

const DURATION_UNITS: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1e6, sec: 1e6, m: 60e6, min: 60e6, h: 3600e6 };

/** "500ms", "1.5s", "2m", "250" (ms) → µs. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(us|µs|ms|s|sec|m|min|h)?$/i.exec(text);
  return m ? Number(m[1]) * DURATION_UNITS[(m[2] ?? 'ms').toLowerCase()] : undefined;
}

function checkRegex(source: string, flags: string, at: number): void {
  if (/[^imsu]/.test(flags)) throw new QueryError(`unknown regular expression flag in "${flags}" (use i, m, s or u)`, at);
  try {
    new RegExp(source, flags);
  } catch (e) {
    throw new QueryError(`bad regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`, at);
  }
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly toks: Token[],
    private readonly length: number,
    private readonly zone: ZoneChoice | undefined,
  ) {}

  parse(): QueryNode | null {
    if (this.toks.length === 0) return null;
    const node = this.or();
    const t = this.toks[this.pos];
    if (t) throw new QueryError(t.t === ')' ? 'this ")" has no matching "("' : 'unexpected text', t.at);
    return node;
  }

  private peekWord(w: string): boolean {
    const t = this.toks[this.pos];
    return t?.t === 'word' && t.v.toLowerCase() === w;
  }

  private or(): QueryNode {
    if (++this.depth > MAX_DEPTH) throw new QueryError('the query is nested too deeply', this.toks[this.pos]?.at ?? this.length);
    const items = [this.and()];
    while (this.peekWord('or')) {
      const at = this.toks[this.pos].at;
      this.pos++;
      if (this.atEnd()) throw new QueryError('"or" needs something after it', at);
      items.push(this.and());
    }
    this.depth--;
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private atEnd(): boolean {
    const t = this.toks[this.pos];
    return !t || t.t === ')';
  }

  private and(): QueryNode {
    const items: QueryNode[] = [];
    while (!this.atEnd() && !this.peekWord('or')) {
      if (this.peekWord('and')) {
        const at = this.toks[this.pos].at;
        this.pos++;
        if (items.length === 0 || this.atEnd() || this.peekWord('or')) throw new QueryError('"and" needs something on both sides', at);
        continue;
      }
      items.push(this.unary());
    }
    if (items.length === 0) {
      const t = this.toks[this.pos];
      throw new QueryError(t ? `expected a word, a field or "(" before "${t.t === 'word' ? t.v : t.t}"` : 'the query ends too early', t?.at ?? this.length);
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private unary(): QueryNode {
    const t = this.toks[this.pos];
    if (t.t === '-' || this.peekWord('not')) {
      this.pos++;
      if (this.atEnd()) throw new QueryError(`"${t.t === '-' ? '-' : 'not'}" needs something to exclude`, t.at);
      if (++this.depth > MAX_DEPTH) throw new QueryError('the query is nested too deeply', t.at);
      const item = this.unary();
      this.depth--;
      return { kind: 'not', item };
    }
    return this.primary();
  }

  private primary(): QueryNode {
    const t = this.toks[this.pos++];
    if (t.t === '(') {
      if (this.atEnd()) {
        if (this.toks[this.pos]?.t === ')') throw new QueryError('empty parentheses', t.at);
        throw new QueryError('this "(" has no matching ")"', t.at);
      }
      const inner = this.or();
      if (this.toks[this.pos]?.t !== ')') throw new QueryError('this "(" has no matching ")"', t.at);
      this.pos++;
      return inner;
    }
    if (t.t === 'phrase') return { kind: 'text', value: t.v };
    if (t.t === 'regex') {
      checkRegex(t.source, t.flags, t.at);
      return { kind: 'regex', source: t.source, flags: t.flags };
    }
    if (t.t !== 'word') throw new QueryError(`unexpected "${t.t}"`, t.at);
    const m = FIELD_RE.exec(t.v);
    if (!m || m[3].startsWith('//')) return { kind: 'text', value: t.v };
    return this.fieldTerm(t, m[1], m[2] as CompareOp, m[3]);
  }

  private fieldTerm(t: Token & { t: 'word' }, name: string, op: CompareOp, raw: string): QueryNode {
    const field = fieldNamed(name);
    if (!field) {
      const suggestions = suggestFields(name);
      throw new QueryError(`unknown field "${name}"${suggestions.length ? `; did you mean ${suggestions.map((s) => `${s}:`).join(', ')}?` : ' (F1 lists the fields)'}`, t.at, suggestions);
    }
    const valueAt = t.at + name.length + op.length;
    let value = raw;
    const next = this.toks[this.pos];
    if (value === '' && next && next.glued && (next.t === 'phrase' || next.t === 'regex')) {
      this.pos++;
      if (next.t === 'regex') {
        if (field.kind !== 'text') throw new QueryError(`${field.name} is a ${field.kind}; a regular expression works on text fields`, next.at);
        if (op !== ':' && op !== '=') throw new QueryError(`use ${field.name}:/…/ for a regular expression`, next.at);
        checkRegex(next.source, next.flags, next.at);
        return { kind: 'regex', source: next.source, flags: next.flags, field: field.name };
      }
      value = next.v;
    } else if (value === '') {
      throw new QueryError(`${field.name}${op} needs a value`, valueAt);
    }
    return typedTerm(field.name, field.kind, op, value, valueAt, this.zone);
  }
}

function typedTerm(field: string, kind: FieldKind, op: CompareOp, value: string, at: number, zone: ZoneChoice | undefined): QueryNode {
  const ordered = op === '<' || op === '<=' || op === '>' || op === '>=';
  if (kind === 'text') {
    if (ordered) throw new QueryError(`${field} is text: use ${field}:value, ${field}=value or ${field}!=value`, at - op.length);
    return { kind: 'field', field, type: 'text', op: op as ':' | '=' | '!=', value };
  }
  if (kind === 'number') {
    if (!/^-?\d+$/.test(value)) throw new QueryError(`${field} needs a whole number, not "${value}"`, at);
    return { kind: 'field', field, type: 'number', op, value: Number(value) };
  }
  if (kind === 'duration') {
    const us = parseDuration(value);
    if (us === undefined) throw new QueryError(`${field} needs a duration such as 500ms, 2s or 1.5m, not "${value}"`, at);
    return { kind: 'field', field, type: 'duration', op, value: us };
  }
  if (kind === 'level') {
    const l = levelNamed(value);
    if (l === undefined) throw new QueryError(`unknown level "${value}" (critical, error, warning, information, verbose, boundaries)`, at);
    return { kind: 'field', field, type: 'level', op, value: l };
  }
  const t = parseTimeValue(value, zone ?? ZONE_UTC);
  const id = resolveZone(zone ?? ZONE_UTC);
  if (!t) throw new QueryError(`${field} needs a time such as 22:01:20 or 2026-11-23T22:01:20 (read in ${zone ? id : 'the chosen time zone'}), not "${value}"`, at);
  return { kind: 'field', field, type: 'time', op, value: t.us, timeOfDay: t.timeOfDay, ...(t.timeOfDay && id !== ZONE_UTC ? { zone: id } : {}) };
}

/** Parses a query; null for an empty one. Throws QueryError with the position of a mistake. */
export function parseQuery(src: string, o: QueryOptions = {}): QueryNode | null {
  if (src.length > MAX_QUERY_LENGTH) throw new QueryError(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  return new Parser(tokenize(src), src.length, o.zone).parse();
}

/** The parse outcome without throwing (for as-you-type feedback). */
export function checkQuery(src: string, o: QueryOptions = {}): { ok: true; node: QueryNode | null } | { ok: false; error: QueryError } {
  try {
    return { ok: true, node: parseQuery(src, o) };
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, error: e };
    throw e;
  }
}

/** Completions for the word being typed at the end of `src`: field names with their colon. */
export function completeQuery(src: string): string[] {
  const m = /(?:^|[\s(-])([A-Za-z]+)$/.exec(src);
  if (!m) return [];
  const partial = m[1].toLowerCase();
  if (partial === 'or' || partial === 'and' || partial === 'not') return [];
  return suggestFields(partial)
    .filter((f) => f.startsWith(partial))
    .map((f) => `${f}:`);
}

/** Writes a tree back as query text (parsed in the zone of its time-of-day terms, it gives an equal tree; instants carry their offset). */
export function printQuery(n: QueryNode): string {
  const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  switch (n.kind) {
    case 'and':
      return n.items.map((i) => (i.kind === 'or' ? `(${printQuery(i)})` : printQuery(i))).join(' ');
    case 'or':
      return n.items.map(printQuery).join(' or ');
    case 'not':
      return `-${n.item.kind === 'and' || n.item.kind === 'or' || n.item.kind === 'not' ? `(${printQuery(n.item)})` : printQuery(n.item)}`;
    case 'text':
      return quote(n.value);
    case 'regex':
      return `${n.field ? `${n.field}:` : ''}/${n.source}/${n.flags}`;
    case 'field':
      if (n.type === 'text') return `${n.field}${n.op}${quote(n.value)}`;
      return `${n.field}${n.op}${printValue(n)}`;
  }
}

function printValue(n: QueryNode & { kind: 'field' }): string {
  if (n.type === 'level') return ['critical', 'error', 'warning', 'information', 'verbose', 'boundaries'][n.value];
  if (n.type === 'duration') return `${n.value}us`;
  if (n.type === 'time') {
    if (!n.timeOfDay) return formatIsoUs(n.value, undefined, n.zone ?? ZONE_UTC);
    const s = Math.floor(n.value / 1e6);
    const two = (x: number) => String(x).padStart(2, '0');
    return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}.${String(n.value % 1e6).padStart(6, '0')}`;
  }
  return String(n.value);
}
