import { useEffect, useRef, type RefObject } from 'react';
import type { TraceFilter } from '../../../shared/channels/filter';
import type { RecordRow } from '../../../shared/model';
import { getApi } from '../api';
import { useStore } from '../store';

interface Anchor {
  fileId: string;
  index: number;
  /** Its position in the list when it was read. */
  position: number;
}

/**
 * Keeps All records still while followed files grow. A record appended to one file can sort before
 * the rows the user is reading (another file's writer is behind in time), which would shift every
 * row below it. After each growth the record at the top of the view and the selected record are
 * located again (`records.page` with anchors): the view scrolls by the rows inserted above, so
 * neither moves on screen, and the selection's position follows its record. A list at its end
 * (tail mode, `atEnd`) is left to show the newest rows.
 */
export function useRecordAnchor(p: {
  version: number;
  filter: TraceFilter | undefined;
  scroller: RefObject<HTMLDivElement | null>;
  /** The first row in view, and that row if the list's current pages hold it. */
  first: number;
  firstRow: RecordRow | undefined;
  rowHeight: number;
  atEnd: () => boolean;
}): void {
  const top = useRef<Anchor | undefined>(undefined);
  if (p.firstRow) top.current = { fileId: p.firstRow.fileId, index: p.firstRow.index, position: p.first };
  const seen = useRef(p.version);
  const asking = useRef(false);
  const latest = useRef(p);
  latest.current = p;

  useEffect(() => {
    if (p.version === seen.current) return;
    seen.current = p.version;
    const was = top.current;
    if (!was || asking.current || p.atEnd()) return;
    const sel = useStore.getState().selection;
    asking.current = true;
    const ask = (version: number): void => {
      const anchors = [was, ...(sel ? [sel] : [])].map((a) => ({ fileId: a.fileId, index: a.index }));
      getApi()
        .call('records.page', { offset: 0, limit: 1, filter: latest.current.filter, soFar: true, anchors })
        .then((page) => {
          // The list grew again meanwhile: ask where the records are now (the view has not moved yet).
          if (latest.current.version !== version) return ask(latest.current.version);
          asking.current = false;
          const [topAt = -1, selAt = -1] = page.anchorsAt ?? [];
          const el = latest.current.scroller.current;
          if (el && topAt >= 0 && topAt !== was.position) {
            el.scrollTop += (topAt - was.position) * latest.current.rowHeight;
            top.current = undefined; // read again from the rows at the new scroll
          }
          const now = useStore.getState().selection;
          if (sel && now && now.fileId === sel.fileId && now.index === sel.index && selAt >= 0 && selAt !== now.position) useStore.getState().select({ ...now, position: selAt });
        })
        .catch(() => {
          asking.current = false;
        });
    };
    ask(p.version);
  }, [p.version]);
}
