/**
 * What the trace list and the Messages tab group and sort by: group keys and labels per Group By
 * choice, the Messages sort orders, and highlight rules compiled once per build.
 */
import type { MessageGroup, MessageRow, MessageSort, TraceGroup } from '../../../shared/channels/svclog';
import { parseQuery } from '../../../shared/query/parse';
import type { MessageInfo } from '../../engine/svclog';
import { compileQuery, type EventTest } from '../filter/svclog-query';
import type { ViewIndex } from './view-index';

export interface Keyed {
  key(x: number): string;
  label(x: number): string;
}

const activityLabel = (view: ViewIndex, a: number) => {
  const act = view.index.activities[a];
  return act ? act.name || `{${act.id}}` : 'No activity';
};

/** Group keys of the trace list (items are global events). `directionOf`: message direction by global event. */
export function traceGroupKeys(view: ViewIndex, by: Exclude<TraceGroup, 'none'>, directionOf: ReadonlyMap<number, 'send' | 'receive'>): Keyed {
  switch (by) {
    case 'activity':
      return { key: (g) => `a${view.activityOf[g]}`, label: (g) => activityLabel(view, view.activityOf[g]) };
    case 'process': {
      const where = (g: number) => {
        const { file, event } = view.eventOf(g);
        const host = file.str(file.events.computer[event]);
        const tid = file.events.tid[event];
        return `${file.processLabel(event)}${host ? ` on ${host}` : ''}${tid >= 0 ? `, thread ${tid}` : ''}`;
      };
      return { key: where, label: where };
    }
    case 'message': {
      const dir = (g: number) => directionOf.get(g) ?? 'none';
      const LABEL = { send: 'Sent messages', receive: 'Received messages', none: 'Not a message' };
      return { key: dir, label: (g) => LABEL[dir(g)] };
    }
    case 'file':
      return { key: (g) => `f${view.fileOf[g]}`, label: (g) => view.files[view.fileOf[g]].path.split(/[\\/]/).pop() ?? '' };
  }
}

/** Group keys of the Messages tab (items are message numbers in `view.index.messages`). */
export function messageGroupKeys(view: ViewIndex, by: Exclude<MessageGroup, 'none'>): Keyed {
  const msgs = view.index.messages;
  const g = (i: number) => view.base[msgs[i].file] + msgs[i].event;
  switch (by) {
    case 'activity':
      return { key: (i) => `a${view.activityOf[g(i)]}`, label: (i) => activityLabel(view, view.activityOf[g(i)]) };
    case 'process': {
      const where = (i: number) => (msgs[i].host ? `${msgs[i].process} on ${msgs[i].host}` : msgs[i].process);
      return { key: where, label: where };
    }
    case 'message':
      return { key: (i) => msgs[i].direction, label: (i) => (msgs[i].direction === 'send' ? 'Sent messages' : 'Received messages') };
  }
}

const SEVERITY_RANK = { error: 0, warning: 1, none: 2 } as const;

/** Ascending order of two message rows by a column (ties broken by the caller in time order). */
export function compareMessages(by: MessageSort): (x: MessageRow, y: MessageRow) => number {
  const text = (f: (m: MessageRow) => string) => (x: MessageRow, y: MessageRow) => f(x).localeCompare(f(y));
  switch (by) {
    case 'time':
      return (x, y) => x.timeUs - y.timeUs || x.tick - y.tick;
    case 'severity':
      return (x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity];
    case 'direction':
      return text((m) => m.direction);
    case 'action':
      return text((m) => m.action);
    case 'from':
      return text((m) => m.from);
    case 'to':
      return text((m) => m.to);
    case 'source':
      return text((m) => m.source);
    case 'process':
      return text((m) => `${m.process} on ${m.host}`);
  }
}

/** Message direction by global event, for grouping traces by Send & Receive. */
export function directions(view: ViewIndex, msgs: readonly MessageInfo[]): Map<number, 'send' | 'receive'> {
  const out = new Map<number, 'send' | 'receive'>();
  for (const m of msgs) out.set(view.base[m.file] + m.event, m.direction);
  return out;
}

/**
 * Highlight rules compiled against one build; a query that does not parse matches nothing (the
 * renderer checks queries as they are typed, with the filter box's parser).
 */
export class Highlighter {
  private readonly compiled = new Map<string, EventTest | null>();

  constructor(private readonly view: ViewIndex) {}

  /** Index of the first rule that event `g` matches (times read in `zone`), or undefined. */
  first(rules: readonly string[] | undefined, g: number, zone?: string): number | undefined {
    if (!rules?.length) return undefined;
    for (let i = 0; i < rules.length; i++) {
      const test = this.test(rules[i], zone);
      if (test?.(g)) return i;
    }
    return undefined;
  }

  private test(query: string, zone: string | undefined): EventTest | null {
    const key = `${zone ?? ''}\n${query}`;
    let t = this.compiled.get(key);
    if (t === undefined) {
      try {
        const node = parseQuery(query, { zone });
        t = node ? compileQuery(this.view, node).test : null;
      } catch {
        t = null;
      }
      if (this.compiled.size > 64) this.compiled.clear();
      this.compiled.set(key, t);
    }
    return t;
  }
}
