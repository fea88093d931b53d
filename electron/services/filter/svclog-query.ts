/**
 * A parsed query (shared/query) compiled into a pass mask over the global events of a ViewIndex.
 * Each term is evaluated column-wise in one typed-array loop (no closure per event): text fields
 * are interned strings, so each distinct string is tested once per term (a memo per file and term)
 * and the loop is integer work; `and`/`or`/`not` combine byte masks. Term masks are cached per
 * view (LRU), so typing a query or toggling one part re-evaluates only the new terms. Regexes run
 * bounded in time (bounded-regex.ts) over the distinct strings they need.
 */
import { timeOfDayIn, type QueryNode } from '../../../shared/query/parse';
import type { SvclogFile } from '../../engine/svclog';
import type { Dictionary, ViewIndex } from '../svclog-views/view-index';
import { Lru } from '../svclog-views/lru';
import { boundedRegex } from './bounded-regex';

export type EventTest = (g: number) => boolean;

/** What a compiled query reports besides its test. */
export interface QueryNotes {
  /** Regexes stopped on this many strings (those records do not match). */
  regexStopped: number;
}

/** A test of one string, given lower-cased. */
type StringTest = (s: string) => boolean;
type Ids = ArrayLike<number>;
/**
 * A string-valued field: string-id columns of the events, or of the messages (reached through
 * the event's message), or a view dictionary.
 */
type Column = { events: (ev: SvclogFile['data']['events']) => Ids[] } | { messages: (mc: SvclogFile['data']['messages']) => Ids[] } | { dict: (v: ViewIndex) => Dictionary };

const COLUMNS: Record<string, Column[]> = {
  source: [{ dict: (v) => v.sources }],
  host: [{ dict: (v) => v.hosts }],
  process: [{ dict: (v) => v.processes }],
  activity: [{ events: (ev) => [ev.activity, ev.activityName] }],
  name: [{ events: (ev) => [ev.activityName] }],
  type: [{ events: (ev) => [ev.subType] }],
  description: [{ events: (ev) => [ev.description, ev.exceptionMessage] }],
  exception: [{ events: (ev) => [ev.exceptionType, ev.exceptionMessage] }],
  action: [{ messages: (mc) => [mc.action] }],
  to: [{ messages: (mc) => [mc.to] }],
  from: [{ messages: (mc) => [mc.replyTo] }],
  status: [{ messages: (mc) => [mc.httpStatus] }],
  uri: [{ messages: (mc) => [mc.to] }],
};
/** What a bare word, phrase or regex looks in: the indexed text (as the filter box always did). */
const ANY_TEXT: Column[] = [
  { events: (ev) => [ev.description, ev.exceptionMessage, ev.exceptionType, ev.activityName, ev.subType] },
  { dict: (v) => v.sources },
  { messages: (mc) => [mc.action, mc.to, mc.source] },
];

/** Lower-cased strings of a file's table, made by the first text term and kept with the table. */
const lowered = new WeakMap<readonly string[], string[]>();
function lowerTable(strings: readonly string[]): string[] {
  let l = lowered.get(strings);
  if (!l) lowered.set(strings, (l = strings.map((s) => s.toLowerCase())));
  return l;
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
   * whole table of original strings at once, bounded.
   */
  private strings(columns: Column[], test: StringTest, batch?: (strings: readonly string[]) => Uint8Array): Uint8Array {
    const view = this.view;
    const n = this.n;
    const out = new Uint8Array(n);
    // One memo per file for all of the term's columns (a regex fills it whole: 1 hit, 0 miss).
    const memos = new Map<number, Uint8Array>();
    for (const c of columns) {
      if ('dict' in c) {
        const d = c.dict(view);
        const hits = batch ? batch(d.names) : Uint8Array.from(d.names, (s) => (test(s.toLowerCase()) ? 1 : 0));
        const of = d.of;
        for (let g = 0; g < n; g++) out[g] |= hits[of[g]];
        continue;
      }
      view.files.forEach((f, fi) => {
        const strings = f.data.strings;
        // Per string id: 0 not yet tested, 1 hit, 2 miss.
        let memo = memos.get(fi);
        if (!memo) memos.set(fi, (memo = batch ? batch(strings) : new Uint8Array(strings.length)));
        const lower = batch ? [] : lowerTable(strings);
        const b = view.base[fi];
        const count = f.recordCount;
        const ev = f.data.events;
        const msgOf = ev.message;
        const viaMessage = 'messages' in c;
        const cols = viaMessage ? c.messages(f.data.messages) : c.events(ev);
        for (const col of cols)
          for (let i = 0; i < count; i++) {
            if (out[b + i] !== 0) continue;
            let id = i;
            if (viaMessage) {
              id = msgOf[i];
              if (id < 0) continue;
            }
            id = col[id];
            if (id <= 0) continue;
            let m = memo![id];
            if (m === 0 && !batch) memo![id] = m = test(lower[id] ?? '') ? 1 : 2;
            out[b + i] = m & 1;
          }
      });
    }
    return out;
  }

  compile(node: QueryNode): Uint8Array {
    const n = this.n;
    switch (node.kind) {
      case 'and':
      case 'or': {
        const [first, ...rest] = node.items.map((i) => this.compile(i));
        const out = Uint8Array.from(first);
        for (const m of rest) {
          if (node.kind === 'and') for (let g = 0; g < n; g++) out[g] &= m[g];
          else for (let g = 0; g < n; g++) out[g] |= m[g];
        }
        return out;
      }
      case 'not': {
        const item = this.compile(node.item);
        const out = new Uint8Array(n);
        for (let g = 0; g < n; g++) out[g] = item[g] ^ 1;
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
      if (node.op === '!=') for (let g = 0; g < n; g++) positive[g] ^= 1;
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
          const values = f.data.events[col];
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

/**
 * Compiles a parsed query over a view into its pass mask (1 where the event matches; never written
 * to by callers) and a test over it; `notes` say what the regexes could not judge.
 */
export function compileQuery(view: ViewIndex, node: QueryNode): { mask: Uint8Array; test: EventTest; notes: QueryNotes } {
  const c = new Compiler(view);
  const mask = c.compile(node);
  return { mask, test: (g) => mask[g] === 1, notes: c.notes };
}
