import { useEffect, useRef, type RefObject } from 'react';

/** A record, trace or IIS request (`index`: its event or row in the file) as the lists' `anchors` name it. */
export interface RowRef {
  fileId: string;
  index: number;
}

/** A row as a list's main side names it (a record or trace: file and event; an activity: its GUID), with its position when read. */
interface Held<A> {
  anchor: A;
  position: number;
}

export interface ListAnchoring<A> {
  /** Changes when the list's rows changed under it (followed files grew): the list is anchored again. */
  version: number;
  /** The anchors' positions in the list as it is now (-1 for one it does not hold). */
  locate(anchors: A[]): Promise<number[]>;
  /** The selected row (the `selected` anchor) is now at `position`; it was at `from`. */
  moveSelected(position: number, anchor: A, from: number): void;
}

/**
 * Keeps a list still while followed files grow. A row appended to one file can sort before the
 * rows the user is reading (another file's writer is behind in time, a list sorted newest first),
 * which would shift every row below it. After each growth the row at the top of the view and the
 * selected row are located again (the list's page request with `anchors`): the view scrolls by the
 * rows inserted above, so neither moves on screen, and the selection's position follows its row. A
 * list at its end (tail mode, `atEnd`) is left to show the newest rows.
 *
 * `top` and `selected` are read at each render from the rows the list holds; they are only
 * trusted while the rows on screen are the list's current ones (`ready`), and are read again after
 * each move.
 */
export function useListAnchor<A>(
  p: ListAnchoring<A> & {
    enabled: boolean;
    ready: boolean;
    scroller: RefObject<HTMLDivElement | null>;
    /** The first row in view and its anchor, when the list holds that row. */
    first: number;
    top: A | undefined;
    /** The selected row's position and anchor, when the list holds that row. */
    cursor: number;
    selected: A | undefined;
    rowHeight: number;
    atEnd: () => boolean;
  },
): void {
  const top = useRef<Held<A> | undefined>(undefined);
  const sel = useRef<Held<A> | undefined>(undefined);
  if (p.ready && p.top !== undefined) top.current = { anchor: p.top, position: p.first };
  if (p.ready && p.cursor < 0) sel.current = undefined;
  else if (p.ready && p.selected !== undefined) sel.current = { anchor: p.selected, position: p.cursor };
  const seen = useRef(p.version);
  const asking = useRef(false);
  const latest = useRef(p);
  latest.current = p;

  useEffect(() => {
    if (p.version === seen.current) return;
    seen.current = p.version;
    const was = top.current;
    const picked = sel.current;
    if (!p.enabled || (!was && !picked) || asking.current || p.atEnd()) return;
    asking.current = true;
    const held = [was, picked].filter((h): h is Held<A> => h !== undefined);
    const ask = (version: number): void => {
      latest.current
        .locate(held.map((h) => h.anchor))
        .then((at) => {
          // The list grew again meanwhile: ask where the rows are now (the view has not moved yet).
          if (latest.current.version !== version) return ask(latest.current.version);
          asking.current = false;
          const topAt = was ? at[0] : -1;
          const selAt = picked ? at[held.length - 1] : -1;
          const el = latest.current.scroller.current;
          if (el && was && topAt >= 0 && topAt !== was.position) el.scrollTop += (topAt - was.position) * latest.current.rowHeight;
          if (picked && selAt >= 0 && selAt !== picked.position) latest.current.moveSelected(selAt, picked.anchor, picked.position);
          // Hold both where they are now; the next render with the list's rows reads them again. (Dropping
          // them lost the selection when the files grew again before the selected row's page came back:
          // the selection stayed on its row but the keyboard went on from its old place.)
          top.current = was && topAt >= 0 ? { anchor: was.anchor, position: topAt } : undefined;
          sel.current = picked && selAt >= 0 ? { anchor: picked.anchor, position: selAt } : undefined;
        })
        .catch(() => {
          asking.current = false;
        });
    };
    ask(p.version);
  }, [p.version]);
}
