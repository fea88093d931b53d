/**
 * First results while a file still loads. The worker parsing the start of the file cuts batches
 * of the rows it added since its last batch (first after `firstEvents` events, then at most every
 * `intervalMs`); the loader appends them to a growing copy and hands out snapshots over it. Each
 * row crosses threads once, so a snapshot costs only its batch, never a copy of everything.
 */
import type { Problem } from '../../../../shared/model';
import { EVENT_SPEC, MESSAGE_SPEC, TableBuilder, type Columns, type EventSpec, type MessageSpec } from './columns';
import type { SvclogData } from './data';
import type { EventExtractor } from './fields';

export interface PartialOptions {
  /** Events parsed before the first batch. */
  firstEvents: number;
  /**
   * Least time between the first two batches; it doubles after each one. Every snapshot makes the
   * views rebuild over all rows so far, so a long load gets a few early snapshots (what the user
   * sees first) rather than one a second competing with the parse for the cores.
   */
  intervalMs: number;
}

export const DEFAULT_PARTIAL: PartialOptions = { firstEvents: 10_000, intervalMs: 1000 };

/** Rows, strings and problems added since the previous batch (ids are the part's own). */
export interface PartialBatch {
  events: Columns<EventSpec>;
  eventCount: number;
  messages: Columns<MessageSpec>;
  messageCount: number;
  strings: string[];
  problems: Problem[];
}

/** Worker side: decides when a batch is due and cuts it. */
export class BatchCutter {
  private events = 0;
  private messages = 0;
  private strings = 0;
  private problems = 0;
  private last = 0;
  private interval: number;

  constructor(private readonly opts: PartialOptions) {
    this.interval = opts.intervalMs;
  }

  /** The batch since the previous one, or null when none is due yet. */
  next(x: EventExtractor, problems: readonly Problem[]): PartialBatch | null {
    const now = Date.now();
    if (this.events === 0 ? x.events.length < this.opts.firstEvents : now - this.last < this.interval) return null;
    if (x.events.length === this.events) return null;
    if (this.events > 0) this.interval *= 2;
    this.last = now;
    const batch: PartialBatch = {
      events: x.events.since(this.events),
      eventCount: x.events.length - this.events,
      messages: x.messages.since(this.messages),
      messageCount: x.messages.length - this.messages,
      strings: x.strings.stringsFrom(this.strings),
      problems: problems.slice(this.problems),
    };
    this.events = x.events.length;
    this.messages = x.messages.length;
    this.strings = x.strings.size;
    this.problems = problems.length;
    return batch;
  }
}

/** Loader side: the rows received so far. Rows of the first part keep their final positions. */
export class PartialData {
  private readonly events = new TableBuilder<EventSpec>(EVENT_SPEC, 1 << 14);
  private readonly messages = new TableBuilder<MessageSpec>(MESSAGE_SPEC, 1 << 11);
  private readonly strings: string[] = [];
  private readonly problems: Problem[] = [];

  append(b: PartialBatch): void {
    this.events.append(b.events, b.eventCount);
    this.messages.append(b.messages, b.messageCount);
    for (const s of b.strings) this.strings.push(s);
    for (const p of b.problems) this.problems.push(p);
  }

  /**
   * A view over what arrived so far. Later batches only append past its counts (or move to bigger
   * arrays), so an earlier snapshot stays valid.
   */
  snapshot(): SvclogData {
    return {
      events: this.events.cols,
      eventCount: this.events.length,
      messages: this.messages.cols,
      messageCount: this.messages.length,
      strings: this.strings,
      problems: [...this.problems],
    };
  }
}
