import { useEffect, useRef, type RefObject } from 'react';
import { useStore } from '../store';

/**
 * Tail mode for a virtualized list: scrolled to its end while files are followed, it keeps showing
 * its end as rows are appended; scrolled anywhere else, it stays where the user put it. Returns the
 * scroller's onScroll handler and whether the list was at its end when last scrolled.
 */
export function useTail(scroller: RefObject<HTMLDivElement | null>, total: number, toEnd: (last: number) => void, rowHeight: number): { onScroll: () => void; atEnd: () => boolean } {
  const following = useStore((s) => s.follow.on);
  // Only rows that files gained count: a list that grows because a filter was cleared stays put.
  const records = useStore((s) => s.files.reduce((n, f) => n + f.records, 0));
  const recordsAtTotal = useRef(records);
  const atEnd = useRef(true);
  const shownTotal = useRef(total);
  const onScroll = () => {
    const el = scroller.current;
    if (el) atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
  };
  useEffect(() => {
    const before = shownTotal.current;
    shownTotal.current = total;
    const appended = records > recordsAtTotal.current;
    recordsAtTotal.current = records;
    if (following && appended && before > 0 && total > before && atEnd.current) toEnd(total - 1);
    // Otherwise the rows changed under a still scroller (a first load, a filter): where is it now?
    else requestAnimationFrame(onScroll);
  }, [total, following]);
  return { onScroll, atEnd: () => atEnd.current };
}
