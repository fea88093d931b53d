/**
 * Tallies of each IIS log's rows, kept across live-follow growth. A grown log has the lineage of
 * the log it grew from (append.ts) and holds that log's rows unchanged, so a tally of its first n
 * rows is extended by the new rows only: the views ask for the set's time range, timeline buckets,
 * Top URIs and 503s after every growth, which over all rows cost more with every growth (hundreds
 * of ms per second of follow at 50,000 rows/s). A log never grown is not tallied here: the views
 * count its rows once per query, as before.
 */
import type { IisIndex } from '../../engine/iis';

type Data = IisIndex['datas'][number];

interface Held {
  rows: number;
  state: unknown;
}

/** Per lineage, per tally key: the state and how many rows it counted. */
const held = new WeakMap<object, Map<string, Held>>();
/** Keys kept per lineage (timeline widths come and go as the range grows). */
const MAX_KEYS = 24;

/**
 * The tally `key` of a log's rows: `make()` extended by `add(state, from, to)` up to `data.rows`.
 * A tally of more rows than `data` has (an older generation asked late) is counted again.
 */
export function tally<T>(lineage: object, key: string, data: Data, make: () => T, add: (state: T, data: Data, from: number, to: number) => void): T {
  let byKey = held.get(lineage);
  if (!byKey) held.set(lineage, (byKey = new Map()));
  let h = byKey.get(key);
  if (!h || h.rows > data.rows) {
    h = { rows: 0, state: make() };
    byKey.delete(key);
    byKey.set(key, h);
    if (byKey.size > MAX_KEYS) byKey.delete(byKey.keys().next().value as string);
  }
  if (h.rows < data.rows) {
    add(h.state as T, data, h.rows, data.rows);
    h.rows = data.rows;
  }
  return h.state as T;
}

/** A log's first and last valid times (ms), whether every time is a whole ms, and whether its rows are in time order. */
export interface TimeSpan {
  lo: number;
  hi: number;
  whole: boolean;
  /** Every row has a time, none before the row above it (a range of times is then a range of rows). */
  sorted: boolean;
  last: number;
}

/** The time span of file f of a set's index, tallied (its times are shifted by `shiftMs`). */
export function timeSpan(lineage: object, shiftMs: number, data: Data): TimeSpan {
  return tally<TimeSpan>(
    lineage,
    `span|${shiftMs}`,
    data,
    () => ({ lo: Infinity, hi: -Infinity, whole: true, sorted: true, last: -Infinity }),
    (s, d, from, to) => {
      const t = d.timeMs;
      let { lo, hi, whole, sorted, last } = s;
      for (let i = from; i < to; i++) {
        const v = t.at(i);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (whole && v !== Math.floor(v) && v === v) whole = false;
        // NaN fails this too: a row without a time is not in order.
        if (sorted && !(v >= last)) sorted = false;
        last = v;
      }
      Object.assign(s, { lo, hi, whole, sorted, last });
    },
  );
}

/** A growable list of numbers (amortised appends). */
export class Growing {
  private a = new Uint32Array(64);
  length = 0;

  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }

  view(): Uint32Array {
    return this.a.subarray(0, this.length);
  }
}

/** Local rows of a log with status 503 and a valid time, in row order, tallied for its lineage. */
export function timed503(lineage: object, data: Data): Uint32Array {
  return tally<Growing>(
    lineage,
    '503',
    data,
    () => new Growing(),
    (g, d, from, to) => {
      const st = d.num.status;
      if (!st) return;
      const t = d.timeMs;
      for (let i = from; i < Math.min(to, st.length); i++) if (st[i] === 503 && t.at(i) === t.at(i)) g.push(i);
    },
  ).view();
}
