/**
 * The distinct combinations of the events' string fields over a view ("text rows"): an event's
 * description, exception, activity name, type and its message's action, addresses, status and
 * source are each one of a few strings, so the whole tuple takes few distinct values (about 2,000
 * on the 1 GB generated trace of 722,564 events). A text term is then judged once per row and
 * spread over the events with one lookup each, instead of one lookup per field per event. Built
 * on the first text term and kept with the view; a trace whose strings are all distinct degrades
 * to one row per event, no worse than judging events field by field.
 */
import type { TraceEventColumns, TraceMessageColumns } from '../../engine/wcf-traces';
import type { ViewIndex } from '../svclog-views/view-index';

type Ids = ArrayLike<number>;
type Events = TraceEventColumns;
type Messages = TraceMessageColumns;

/** A per-file string-id column, of the events or of the event's message (0: none). */
export type StringColumn = { events: (ev: Events) => Ids } | { messages: (mc: Messages) => Ids };

export interface TextRows {
  /** Global event → its row. */
  of: Int32Array;
  /** Rows of file slot f are fileStart[f] … fileStart[f + 1] - 1 (string ids are per file). */
  fileStart: Int32Array;
  /** Row r's string id in column c: ids[r * width + c]. */
  ids: Int32Array;
  width: number;
  count: number;
}

const built = new WeakMap<ViewIndex, WeakMap<readonly StringColumn[], TextRows>>();

/** The text rows of `view` over `columns` (a constant list: the cache is per list). */
export function textRows(view: ViewIndex, columns: readonly StringColumn[]): TextRows {
  let perView = built.get(view);
  if (!perView) built.set(view, (perView = new WeakMap()));
  let rows = perView.get(columns);
  // A view that grew (live follow) is read again.
  if (!rows || rows.of.length !== view.total) perView.set(columns, (rows = build(view, columns)));
  return rows;
}

function build(view: ViewIndex, columns: readonly StringColumn[]): TextRows {
  const width = columns.length;
  const of = new Int32Array(view.total);
  const fileStart = new Int32Array(view.files.length + 1);
  let ids: Int32Array = new Int32Array(1024 * width);
  let count = 0;
  const cur = new Int32Array(width);
  view.files.forEach((f, fi) => {
    fileStart[fi] = count;
    const ev = f.events;
    const msgOf = ev.message;
    const cols = columns.map((c) => ('events' in c ? c.events(ev) : c.messages(f.messages)));
    const viaMessage = columns.map((c) => 'messages' in c);
    // Open addressing per file: slot → row + 1; grown at half full.
    let slots: Int32Array = new Int32Array(1024);
    const first = count;
    const b = view.base[fi];
    for (let i = 0; i < f.recordCount; i++) {
      let h = 0x811c9dc5;
      for (let c = 0; c < width; c++) {
        let id: number;
        if (viaMessage[c]) {
          const m = msgOf[i];
          id = m < 0 ? 0 : cols[c][m];
        } else id = cols[c][i];
        if (!(id > 0)) id = 0;
        cur[c] = id;
        h = Math.imul(h ^ id, 0x01000193);
      }
      const mask = slots.length - 1;
      let s = (h ^ (h >>> 15)) & mask;
      let row = -1;
      for (;;) {
        const at = slots[s];
        if (at === 0) break;
        const o = (at - 1) * width;
        let same = true;
        for (let c = 0; c < width; c++)
          if (ids[o + c] !== cur[c]) {
            same = false;
            break;
          }
        if (same) {
          row = at - 1;
          break;
        }
        s = (s + 1) & mask;
      }
      if (row < 0) {
        row = count++;
        if (count * width > ids.length) {
          const grown = new Int32Array(ids.length * 2);
          grown.set(ids);
          ids = grown;
        }
        ids.set(cur, row * width);
        slots[s] = row + 1;
        if ((count - first) * 2 > slots.length) slots = rehash(slots.length * 2, ids, width, first, count);
      }
      of[b + i] = row;
    }
  });
  fileStart[view.files.length] = count;
  return { of, fileStart, ids: ids.slice(0, count * width), width, count };
}

/** A slot table of `size` holding rows first … count - 1 (same hash as build). */
function rehash(size: number, ids: Int32Array, width: number, first: number, count: number): Int32Array {
  const slots = new Int32Array(size);
  const mask = size - 1;
  for (let r = first; r < count; r++) {
    let h = 0x811c9dc5;
    for (let c = 0; c < width; c++) h = Math.imul(h ^ ids[r * width + c], 0x01000193);
    let s = (h ^ (h >>> 15)) & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = r + 1;
  }
  return slots;
}
