import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * Virtual rows of one fixed height: which rows the scroller shows is arithmetic on its scrollTop,
 * so the cost of a render is the rows on screen, never the row count. (A measuring virtualizer
 * walks every row whenever the count changes: 70–350 ms per update of a followed log with a
 * million rows, measured in `node bench/run.mjs follow`.)
 */
export interface FixedRow {
  index: number;
  key: number;
  /** Offset of the row's top from the scroller's content top (includes `scrollMargin`). */
  start: number;
}

export interface FixedRowsOptions {
  count: number;
  rowHeight: number;
  overscan: number;
  /** Height above the first row inside the scroller (a sticky header). */
  scrollMargin?: number;
}

export interface FixedRows {
  /** The first row in view (below `scrollMargin`). */
  first: number;
  getVirtualItems(): FixedRow[];
  /** Height of the rows (the `scrollMargin` above them is not included). */
  getTotalSize(): number;
  /** Scrolls so that row `index` is shown: at the end, or (`auto`) only if it is not already in view. */
  scrollToIndex(index: number, opts: { align: 'auto' | 'end' }): void;
}

export function useFixedRows(scroller: RefObject<HTMLDivElement | null>, { count, rowHeight, overscan, scrollMargin = 0 }: FixedRowsOptions): FixedRows {
  const [view, setView] = useState({ top: 0, height: 0 });
  const read = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, [scroller]);
  // Read on scroll and resize only: reading scrollTop after the rows changed would force a layout
  // inside the update (a count that shrinks below the view clamps scrollTop, which fires a scroll).
  // The first read is the observer's first report, after the browser laid the new list out: read
  // here it forced that layout inside the task that mounts the view (a file's first rows).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scroller, read]);

  const body = Math.max(0, view.top - scrollMargin);
  const first = Math.max(0, Math.min(count, Math.floor(body / rowHeight)) - overscan);
  const last = Math.min(count, Math.ceil((body + view.height) / rowHeight) + overscan);
  const items: FixedRow[] = [];
  for (let i = first; i < last; i++) items.push({ index: i, key: i, start: scrollMargin + i * rowHeight });
  return {
    first: Math.min(Math.max(0, count - 1), Math.floor(body / rowHeight)),
    getVirtualItems: () => items,
    // Like the rows' container: the header above them is not part of it.
    getTotalSize: () => count * rowHeight,
    scrollToIndex(index, { align }) {
      const el = scroller.current;
      if (!el) return;
      const top = scrollMargin + index * rowHeight;
      const endTop = top + rowHeight - el.clientHeight;
      if (align === 'end') el.scrollTop = endTop;
      // The sticky header covers `scrollMargin` pixels of the viewport's top.
      else if (top - scrollMargin < el.scrollTop) el.scrollTop = top - scrollMargin;
      else if (endTop > el.scrollTop) el.scrollTop = endTop;
      // The scroll event that follows re-reads the view.
    },
  };
}
