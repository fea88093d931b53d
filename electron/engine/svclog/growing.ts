/**
 * The columns of a followed svclog with room to grow. A merge (data.ts) copies every column into
 * new arrays: per append of a live file that is O(file), and the follow bench spent most of an
 * append there. Here the columns have spare capacity (doubled when full), the rows of an appended
 * part are written after the last row, and each append hands out views of the new length over the
 * same memory: rows already handed out never change, so files made from earlier views stay valid.
 * One string table lives as long as the follower and is only extended.
 */
import { EVENT_SPEC, MESSAGE_SPEC, type Columns, type EventSpec, type MessageSpec, type TableSpec } from './extraction/columns';
import type { SvclogData } from './extraction/data';
import { StringTable, hashStrings } from './extraction/intern';
import type { ParsePart } from './extraction/parse';

type Column = Float64Array | Int32Array | Uint8Array | Uint32Array;
type Store = Record<string, Column>;

/** Grows one table: capacity doubles, `n` rows are valid. */
class GrowingTable<S extends TableSpec> {
  private cols: Store = {};
  private capacity = 0;
  length = 0;

  constructor(private readonly spec: S) {}

  /** Appends `n` rows of `src`: string ids through `remap`, the column `shiftKey` by `shift` (−1 stays −1). */
  append(src: Columns<S>, n: number, remap: Int32Array | null, shiftKey: string, shift: number): void {
    this.reserve(this.length + n);
    const at = this.length;
    for (const k of Object.keys(this.spec)) {
      const dst = this.cols[k];
      const from = (src as Store)[k];
      if (this.spec[k] === 'str' && remap) for (let i = 0; i < n; i++) dst[at + i] = remap[from[i]];
      else if (k === shiftKey && shift !== 0) for (let i = 0; i < n; i++) dst[at + i] = from[i] < 0 ? from[i] : from[i] + shift;
      else dst.set(from.subarray(0, n), at);
    }
    this.length += n;
  }

  /** Views of the valid rows (the same memory: no copy). */
  view(): Columns<S> {
    const out: Store = {};
    for (const k of Object.keys(this.spec)) out[k] = this.cols[k].subarray(0, this.length);
    return out as Columns<S>;
  }

  private reserve(rows: number): void {
    if (rows <= this.capacity && this.capacity > 0) return;
    const capacity = Math.max(64, this.capacity * 2, rows);
    for (const k of Object.keys(this.spec)) {
      const old = this.cols[k];
      const make = old ? (old.constructor as new (n: number) => Column) : KIND[this.spec[k]];
      const next = new make(capacity);
      if (old) next.set(old.subarray(0, this.length));
      this.cols[k] = next;
    }
    this.capacity = capacity;
  }
}

const KIND = { f64: Float64Array, i32: Int32Array, u8: Uint8Array, str: Uint32Array } as const;

export class GrowingSvclog {
  private readonly events = new GrowingTable(EVENT_SPEC);
  private readonly messages = new GrowingTable(MESSAGE_SPEC);
  private readonly strings = new StringTable();
  private problems: SvclogData['problems'] = [];

  /** Starts from a loaded file's data (copied once, its strings made unique). */
  constructor(data: SvclogData) {
    this.add({ events: data.events, eventCount: data.eventCount, messages: data.messages, messageCount: data.messageCount, strings: data.strings as string[], problems: data.problems, bytesRead: 0 });
  }

  /** Adds a part parsed after the last row; returns the data of the whole file so far. */
  add(part: ParsePart): SvclogData {
    const remap = this.strings.absorb(part.strings, part.stringHashes ?? hashStrings(part.strings));
    const identity = remap.every((id, i) => id === i);
    const events = this.events.length;
    const messages = this.messages.length;
    this.events.append(part.events, part.eventCount, identity ? null : remap, 'message', messages);
    this.messages.append(part.messages, part.messageCount, identity ? null : remap, 'event', events);
    if (part.problems.length) this.problems = [...this.problems, ...part.problems].sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
    return this.data();
  }

  /**
   * Leaves out problems at or after `offset` (about a half-written event, read again now) and those
   * about the file as a whole (e.g. "holds no complete event"), which the next part may answer.
   */
  dropProblemsFrom(offset: number): void {
    this.problems = this.problems.filter((p) => p.offset !== undefined && p.offset < offset);
  }

  data(): SvclogData {
    return {
      events: this.events.view() as Columns<EventSpec>,
      eventCount: this.events.length,
      messages: this.messages.view() as Columns<MessageSpec>,
      messageCount: this.messages.length,
      // The table's own array: it only grows, and every id handed out keeps its string.
      strings: this.strings.values,
      uniqueStrings: true,
      problems: this.problems,
    };
  }
}
