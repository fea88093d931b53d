/**
 * A parsed query (shared/query) compiled into a test per global event of a ViewIndex. Text fields
 * are interned strings, so each distinct string is tested once per term (a memo per file and
 * term) and a query over a million events is mostly integer work; regexes run bounded in time
 * (bounded-regex.ts) over the distinct strings they need.
 */
import type { QueryNode } from '../../../shared/query/parse';
import type { SvclogFile } from '../../engine/svclog';
import type { Dictionary, ViewIndex } from '../svclog-views/view-index';
import { boundedRegex, type BoundedRegex } from './bounded-regex';

export type EventTest = (g: number) => boolean;

/** What a compiled query reports besides its test. */
export interface QueryNotes {
  /** Regexes stopped on this many strings (those records do not match). */
  regexStopped: number;
}

type StringTest = (s: string) => boolean;
type Ids = ArrayLike<number>;
/**
 * A string-valued field: string-id columns of the events, or of the messages (reached through
 * the event's message), or a view dictionary. Columns are fetched once per file, so the test per
 * event allocates nothing.
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

const DAY_US = 86_400_000_000;

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

class Compiler {
  readonly notes: QueryNotes = { regexStopped: 0 };
  private readonly regexes: BoundedRegex[] = [];
  constructor(private readonly view: ViewIndex) {}

  /** One string test over `columns`, memoised per file's string id and per dictionary entry. */
  private strings(columns: Column[], test: StringTest, batch?: (strings: readonly string[]) => Uint8Array): EventTest {
    const view = this.view;
    const tests = columns.map((c): EventTest => {
      if ('dict' in c) {
        const d = c.dict(view);
        const hits = batch ? batch(d.names) : Uint8Array.from(d.names, (n) => (test(n) ? 1 : 0));
        return (g) => hits[d.of[g]] === 1;
      }
      const perFile = view.files.map((f) => {
        // A regex tests the file's whole string table at once (bounded); a plain test fills a memo lazily.
        const all = batch ? batch(f.data.strings) : undefined;
        const memo = all ? undefined : new Int8Array(f.data.strings.length);
        const strings = f.data.strings;
        const hit = (id: number): boolean => {
          if (id <= 0) return false;
          if (all) return all[id] === 1;
          let m = memo![id];
          if (m === 0) memo![id] = m = test(strings[id] ?? '') ? 1 : -1;
          return m === 1;
        };
        const ev = f.data.events;
        if ('events' in c) {
          const cols = c.events(ev);
          return (i: number): boolean => {
            for (let k = 0; k < cols.length; k++) if (hit(cols[k][i])) return true;
            return false;
          };
        }
        const cols = c.messages(f.data.messages);
        const msgOf = ev.message;
        return (i: number): boolean => {
          const m = msgOf[i];
          if (m < 0) return false;
          for (let k = 0; k < cols.length; k++) if (hit(cols[k][m])) return true;
          return false;
        };
      });
      return (g) => {
        const fi = view.fileOf[g];
        return perFile[fi](g - view.base[fi]);
      };
    });
    return tests.length === 1 ? tests[0] : (g) => tests.some((t) => t(g));
  }

  compile(n: QueryNode): EventTest {
    const view = this.view;
    switch (n.kind) {
      case 'and': {
        const items = n.items.map((i) => this.compile(i));
        return (g) => items.every((t) => t(g));
      }
      case 'or': {
        const items = n.items.map((i) => this.compile(i));
        return (g) => items.some((t) => t(g));
      }
      case 'not': {
        const item = this.compile(n.item);
        return (g) => !item(g);
      }
      case 'text': {
        const needle = n.value.toLowerCase();
        return this.strings(ANY_TEXT, (s) => s.toLowerCase().includes(needle));
      }
      case 'regex': {
        const re = boundedRegex(n.source, n.flags);
        this.regexes.push(re);
        const cols = n.field ? this.columnsOf(n.field) : ANY_TEXT;
        if (!cols) return this.fileField(n.field!, (s) => re.test([s])[0] === 1);
        return this.strings(cols, () => false, (strings) => re.test(strings));
      }
      case 'field':
        break;
    }
    if (n.type === 'text') {
      const want = n.value.toLowerCase();
      const test: StringTest = n.op === ':' ? (s) => s.toLowerCase().includes(want) : (s) => s.toLowerCase() === want;
      const positive = this.columnsOf(n.field) ? this.strings(this.columnsOf(n.field)!, test) : this.fileField(n.field, test);
      return n.op === '!=' ? (g) => !positive(g) : positive;
    }
    const { op, value } = n;
    switch (n.type) {
      case 'level':
        // level>=warning: at least as severe (lower index), boundaries excluded from the order.
        if (op === ':' || op === '=' || op === '!=') return (g) => compare(view.levelClass[g], op, value);
        return (g) => view.levelClass[g] < 5 && compare(value, op, view.levelClass[g]);
      case 'time':
        if (n.timeOfDay) return (g) => compare(((view.timeUs[g] % DAY_US) + DAY_US) % DAY_US, op, value);
        return (g) => compare(view.timeUs[g], op, value);
      case 'duration': {
        const span = view.activityTimes;
        return (g) => {
          const a = view.activityOf[g];
          return compare(span.lastUs[a] - span.firstUs[a], op, value);
        };
      }
      case 'number': {
        const col = n.field === 'pid' ? 'pid' : n.field === 'thread' ? 'tid' : 'eventId';
        return (g) => {
          const fi = view.fileOf[g];
          return compare(view.files[fi].data.events[col][g - view.base[fi]], op, value);
        };
      }
    }
  }

  private columnsOf(field: string): Column[] | undefined {
    return COLUMNS[field];
  }

  /** Fields that are one value per file (the file's name). */
  private fileField(field: string, test: StringTest): EventTest {
    if (field !== 'file') return () => false;
    const hits = this.view.files.map((f) => test(f.path.split(/[\\/]/).pop() ?? f.path));
    return (g) => hits[this.view.fileOf[g]];
  }

  finish(): void {
    this.notes.regexStopped = this.regexes.reduce((s, r) => s + r.stopped, 0);
  }
}

/** Compiles a parsed query over a view; `notes` are filled once the test was built (regexes run while building). */
export function compileQuery(view: ViewIndex, node: QueryNode): { test: EventTest; notes: QueryNotes } {
  const c = new Compiler(view);
  const test = c.compile(node);
  c.finish();
  return { test, notes: c.notes };
}
