/**
 * A parsed query (shared/query) compiled into a pass mask over the global events of a ViewIndex.
 * Each term is evaluated column-wise in one typed-array loop (no closure per event): text fields
 * are interned strings, so each distinct string is tested once per term (a memo per file and term)
 * and the loop is integer work; `and`/`or`/`not` combine byte masks. Term masks are cached per
 * view (LRU), so typing a query or toggling one part re-evaluates only the new terms. Regexes run
 * bounded in time (bounded-regex.ts) over the distinct strings they need.
 */
import { timeOfDayIn, type QueryNode } from '../../../shared/query/parse';
import type { TraceEventColumns } from '../../engine/wcf-traces';
import type { Dictionary, ViewIndex } from '../svclog-views/view-index';
import { Lru } from '../svclog-views/lru';
import { boundedRegex } from './bounded-regex';
import { textRows, type StringColumn } from './text-rows';

export type EventTest = (g: number) => boolean;

/** What a compiled query reports besides its test. */
export interface QueryNotes {
  /** Regexes stopped on this many strings (those records do not match). */
  regexStopped: number;
}

/** A test of one string, given lower-cased. */
type StringTest = (s: string) => boolean;
type Ids = ArrayLike<number>;

/** The string fields judged through text rows (text-rows.ts), by name. */
const TEXT: Record<string, StringColumn> = {
  description: { events: (ev) => ev.description },
  exceptionMessage: { events: (ev) => ev.exceptionMessage },
  exceptionType: { events: (ev) => ev.exceptionType },
  activityName: { events: (ev) => ev.activityName },
  subType: { events: (ev) => ev.subType },
  action: { messages: (mc) => mc.action },
  to: { messages: (mc) => mc.to },
  replyTo: { messages: (mc) => mc.replyTo },
  httpStatus: { messages: (mc) => mc.httpStatus },
  messageSource: { messages: (mc) => mc.source },
};
const TEXT_NAMES = Object.keys(TEXT);
const TEXT_COLUMNS = Object.values(TEXT);

/**
 * A string-valued field: columns of the text rows (by name), string-id columns of the events read
 * event by event (the activity id: nearly one value per activity, so no use as a row), or a view
 * dictionary.
 */
type Column = { text: string[] } | { events: (ev: TraceEventColumns) => Ids[] } | { dict: (v: ViewIndex) => Dictionary };

const COLUMNS: Record<string, Column[]> = {
  source: [{ dict: (v) => v.sources }],
  host: [{ dict: (v) => v.hosts }],
  process: [{ dict: (v) => v.processes }],
  activity: [{ events: (ev) => [ev.activity] }, { text: ['activityName'] }],
  name: [{ text: ['activityName'] }],
  type: [{ text: ['subType'] }],
  description: [{ text: ['description', 'exceptionMessage'] }],
  exception: [{ text: ['exceptionType', 'exceptionMessage'] }],
  action: [{ text: ['action'] }],
  to: [{ text: ['to'] }],
  from: [{ text: ['replyTo'] }],
  status: [{ text: ['httpStatus'] }],
  uri: [{ text: ['to'] }],
};
/** What a bare word, phrase or regex looks in: the indexed text (as the filter box always did). */
const ANY_TEXT: Column[] = [{ text: ['description', 'exceptionMessage', 'exceptionType', 'activityName', 'subType', 'action', 'to', 'messageSource'] }, { dict: (v) => v.sources }];

/** Lower-cased strings of a file's table, each made when a term first needs it and kept with the table. */
const lowered = new WeakMap<readonly string[], (string | undefined)[]>();
function lowerOf(strings: readonly string[], id: number): string {
  let l = lowered.get(strings);
  if (!l) lowered.set(strings, (l = new Array<string | undefined>(strings.length)));
  return (l[id] ??= (strings[id] ?? '').toLowerCase());
}

/** Term masks kept per view (about 0.7 MB each on the 1 GB trace). */
const CACHED_TERMS = 24;

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '!=':
      return a !== b;
    default:
      return a === b;
  }
}

/** Fills `out[g]` with 1 where `value(g) op bound`; the comparison is chosen once, outside the loop. */
function compareInto(out: Uint8Array, n: number, value: (g: number) => number, op: string, bound: number): void {
  switch (op) {
    case '<':
      for (let g = 0; g < n; g++) out[g] = value(g) < bound ? 1 : 0;
      return;
    case '<=':
      for (let g = 0; g < n; g++) out[g] = value(g) <= bound ? 1 : 0;
      return;
    case '>':
      for (let g = 0; g < n; g++) out[g] = value(g) > bound ? 1 : 0;
      return;
    case '>=':
      for (let g = 0; g < n; g++) out[g] = value(g) >= bound ? 1 : 0;
      return;
    case '!=':
      for (let g = 0; g < n; g++) out[g] = value(g) !== bound ? 1 : 0;
      return;
    default:
      for (let g = 0; g < n; g++) out[g] = value(g) === bound ? 1 : 0;
  }
}

/**
 * out = out AND/OR m, or NOT out, over 0/1 bytes; four events a step through 32-bit views of the
 * masks' own buffers (byte by byte for a mask that does not start a buffer).
 */
export function combine(out: Uint8Array, m: Uint8Array | undefined, op: 'and' | 'or' | 'not'): void {
  const words = out.byteOffset === 0 && (!m || m.byteOffset === 0) ? out.length >> 2 : 0;
  const o32 = new Uint32Array(out.buffer, 0, words);
  const m32 = m && new Uint32Array(m.buffer, 0, words);
  if (op === 'and') for (let w = 0; w < words; w++) o32[w] &= m32![w];
  else if (op === 'or') for (let w = 0; w < words; w++) o32[w] |= m32![w];
  else for (let w = 0; w < words; w++) o32[w] ^= 0x01010101;
  for (let g = words << 2; g < out.length; g++) out[g] = op === 'and' ? out[g] & m![g] : op === 'or' ? out[g] | m![g] : out[g] ^ 1;
}

interface Term {
  mask: Uint8Array;
  regexStopped: number;
}

/** Per view: the term cache, dropped when the displayed times change (clock offsets). */
const caches = new WeakMap<ViewIndex, { timeUs: Float64Array; terms: Lru<Term> }>();

function termCache(view: ViewIndex): Lru<Term> {
  let c = caches.get(view);
  if (!c || c.timeUs !== view.timeUs) caches.set(view, (c = { timeUs: view.timeUs, terms: new Lru(CACHED_TERMS) }));
  return c.terms;
}

class Compiler {
  readonly notes: QueryNotes = { regexStopped: 0 };
  private readonly n: number;
  private readonly terms: Lru<Term>;
  constructor(private readonly view: ViewIndex) {
    this.n = view.total;
    this.terms = termCache(view);
  }

  /**
   * One string test over `columns` into a mask, memoised per file's string id and per dictionary
   * entry. `test` gets the string lower-cased (from a per-file cache); `batch` (a regex) tests a
   * list of original strings at once, bounded: only the strings the columns hold are given to it.
   */
  private strings(columns: Column[], test: StringTest, batch?: (strings: readonly string[]) => Uint8Array): Uint8Array {
    const view = this.view;
    const n = this.n;
    const out = new Uint8Array(n);
    // One memo per file for all of the term's columns, per string id: 0 not yet tested, 1 hit, 2 miss.
    const memos = view.files.map((f) => new Uint8Array(f.strings.length));
    const judge = (fi: number, ids: Iterable<number>): void => {
      const memo = memos[fi];
      const strings = view.files[fi].strings;
      const todo = [...ids].filter((id) => id > 0 && memo[id] === 0);
      if (batch) {
        const hits = batch(todo.map((id) => strings[id] ?? ''));
        todo.forEach((id, k) => (memo[id] = hits[k] ? 1 : 2));
      } else {
        for (const id of todo) memo[id] = test(lowerOf(strings, id)) ? 1 : 2;
      }
    };
    for (const c of columns) {
      if ('dict' in c) {
        const d = c.dict(view);
        const hits = batch ? batch(d.names) : Uint8Array.from(d.names, (s) => (test(s.toLowerCase()) ? 1 : 0));
        const of = d.of;
        for (let g = 0; g < n; g++) out[g] |= hits[of[g]];
      } else if ('text' in c) this.rowStrings(c.text, memos, judge, out);
      else
        view.files.forEach((f, fi) => {
          const memo = memos[fi];
          const b = view.base[fi];
          const count = f.recordCount;
          for (const col of c.events(f.events)) {
            const seen = new Set<number>();
            for (let i = 0; i < count; i++) if (col[i] > 0 && memo[col[i]] === 0) seen.add(col[i]);
            judge(fi, seen);
            for (let i = 0; i < count; i++) if (col[i] > 0 && memo[col[i]] === 1) out[b + i] = 1;
          }
        });
    }
    return out;
  }

  /** ORs into `out` the events whose text row holds a hit in one of the `names` columns. */
  private rowStrings(names: string[], memos: Uint8Array[], judge: (fi: number, ids: Iterable<number>) => void, out: Uint8Array): void {
    const rows = textRows(this.view, TEXT_COLUMNS);
    const { ids, width, fileStart } = rows;
    const cols = names.map((name) => TEXT_NAMES.indexOf(name));
    const hits = new Uint8Array(rows.count);
    for (let fi = 0; fi < this.view.files.length; fi++) {
      const from = fileStart[fi];
      const to = fileStart[fi + 1];
      const wanted = new Set<number>();
      for (let r = from; r < to; r++) for (const c of cols) wanted.add(ids[r * width + c]);
      judge(fi, wanted);
      const memo = memos[fi];
      for (let r = from; r < to; r++) for (const c of cols) if (memo[ids[r * width + c]] === 1) hits[r] = 1;
    }
    const of = rows.of;
    for (let g = 0; g < this.n; g++) out[g] |= hits[of[g]];
  }

  compile(node: QueryNode): Uint8Array {
    switch (node.kind) {
      case 'and':
      case 'or': {
        const [first, ...rest] = node.items.map((i) => this.compile(i));
        const out = first.slice();
        for (const m of rest) combine(out, m, node.kind);
        return out;
      }
      case 'not': {
        const out = this.compile(node.item).slice();
        combine(out, undefined, 'not');
        return out;
      }
      default: {
        // Leaves are cached per view; a cached mask is never written to (and/or/not copy).
        const t = this.terms.get(JSON.stringify(node), () => this.leaf(node));
        this.notes.regexStopped += t.regexStopped;
        return t.mask;
      }
    }
  }

  private leaf(node: QueryNode): Term {
    const view = this.view;
    const n = this.n;
    const mask = (m: Uint8Array): Term => ({ mask: m, regexStopped: 0 });
    switch (node.kind) {
      case 'text': {
        const needle = node.value.toLowerCase();
        return mask(this.strings(ANY_TEXT, (s) => s.includes(needle)));
      }
      case 'regex': {
        const re = boundedRegex(node.source, node.flags);
        const cols = node.field ? COLUMNS[node.field] : ANY_TEXT;
        const m = cols ? this.strings(cols, () => false, (strings) => re.test(strings)) : this.fileField(node.field!, (s) => re.test([s])[0] === 1);
        return { mask: m, regexStopped: re.stopped };
      }
      case 'field':
        break;
      default:
        throw new Error(`not a leaf: ${node.kind}`);
    }
    const out = new Uint8Array(n);
    if (node.type === 'text') {
      const want = node.value.toLowerCase();
      const test: StringTest = node.op === ':' ? (s) => s.includes(want) : (s) => s === want;
      const positive = COLUMNS[node.field] ? this.strings(COLUMNS[node.field], test) : this.fileField(node.field, test);
      if (node.op === '!=') combine(positive, undefined, 'not');
      return mask(positive);
    }
    const { op, value } = node;
    switch (node.type) {
      case 'level': {
        const lc = view.levelClass;
        // level>=warning: at least as severe (lower index), boundaries excluded from the order.
        if (op === ':' || op === '=' || op === '!=') compareInto(out, n, (g) => lc[g], op, value);
        else for (let g = 0; g < n; g++) out[g] = lc[g] < 5 && compare(value, op, lc[g]) ? 1 : 0;
        break;
      }
      case 'time': {
        const t = view.timeUs;
        if (node.timeOfDay) {
          const timeOfDay = timeOfDayIn(node.zone);
          compareInto(out, n, (g) => timeOfDay(t[g]), op, value);
        } else compareInto(out, n, (g) => t[g], op, value);
        break;
      }
      case 'duration': {
        // Per activity first, then spread over its events.
        const span = view.activityTimes;
        const acts = new Uint8Array(span.firstUs.length);
        compareInto(acts, acts.length, (a) => span.lastUs[a] - span.firstUs[a], op, value);
        const of = view.activityOf;
        for (let g = 0; g < n; g++) out[g] = acts[of[g]];
        break;
      }
      case 'number': {
        const col = node.field === 'pid' ? 'pid' : node.field === 'thread' ? 'tid' : 'eventId';
        view.files.forEach((f, fi) => {
          const values = f.events[col];
          const b = view.base[fi];
          compareInto(out.subarray(b, b + f.recordCount), f.recordCount, (i) => values[i], op, value);
        });
        break;
      }
    }
    return mask(out);
  }

  /** Fields that are one value per file (the file's name). */
  private fileField(field: string, test: StringTest): Uint8Array {
    const out = new Uint8Array(this.n);
    if (field !== 'file') return out;
    this.view.files.forEach((f, fi) => {
      if (test((f.path.split(/[\\/]/).pop() ?? f.path).toLowerCase())) out.fill(1, this.view.base[fi], this.view.base[fi + 1]);
    });
    return out;
  }
}

/** Builds what text terms read (the view's text rows), so the first query after a load does not pay for it. */
export function prepareQueries(view: ViewIndex): void {
  textRows(view, TEXT_COLUMNS);
}

/**
 * Compiles a parsed query over a view into its pass mask (1 where the event matches; never written
 * to by callers) and a test over it; `notes` say what the regexes could not judge.
 */
export function compileQuery(view: ViewIndex, node: QueryNode): { mask: Uint8Array; test: EventTest; notes: QueryNotes } {
  const c = new Compiler(view);
  const mask = c.compile(node);
  return { mask, test: (g) => mask[g] === 1, notes: c.notes };
}
