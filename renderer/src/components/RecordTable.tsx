import { useRef, type KeyboardEvent } from 'react';
import type { RecordRow } from '../../../shared/model';
import { formatTimeUs } from '../../../shared/time';
import { getApi } from '../api';
import { LEVEL_LABEL, timeHeader } from '../format';
import { displayText } from '../safeText';
import { useStore } from '../store';
import { effectiveFilter, scanKey, useView } from '../viewStore';
import { LevelIcon } from './LevelIcon';
import { usePaged } from './usePaged';
import { useFixedRows } from './useFixedRows';
import { useListAnchor, type RowRef } from './useListAnchor';
import { useTail } from './useTail';

const ROW_HEIGHT = 24;

/** Every loaded record in time order (the "All records" tab), virtualized: only the visible rows exist in the DOM. */
export function RecordTable() {
  const version = useStore((s) => s.recordsVersion);
  const filter = useView((s) => s.filter);
  const f = effectiveFilter(filter);
  const files = useStore((s) => s.files);
  const selection = useStore((s) => s.selection);
  const select = useStore((s) => s.select);
  // All records take the one filter, like every other view.
  const scanning = useView(scanKey);
  const paged = usePaged<RecordRow>(`${version}|${JSON.stringify(f)}${scanning}`, (offset, limit) => getApi().call('records.page', { offset, limit, filter: f, soFar: true }));
  const total = paged.total ?? 0;
  const scroller = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLDivElement>(null);
  const virtualizer = useFixedRows(scroller, { count: total, rowHeight: ROW_HEIGHT, overscan: 20 });
  const colourOf = new Map(files.map((f) => [f.id, f.colour]));
  const tail = useTail(scroller, total, (last) => virtualizer.scrollToIndex(last, { align: 'end' }), ROW_HEIGHT);
  const firstRow = paged.ready ? paged.rowAt(virtualizer.first) : undefined;
  useListAnchor<RowRef>({
    version,
    enabled: true,
    ready: paged.ready,
    scroller,
    first: virtualizer.first,
    top: firstRow && { fileId: firstRow.fileId, index: firstRow.index },
    cursor: selection?.position ?? -1,
    selected: selection && { fileId: selection.fileId, index: selection.index },
    rowHeight: ROW_HEIGHT,
    atEnd: tail.atEnd,
    locate: async (anchors) => (await getApi().call('records.page', { offset: 0, limit: 1, filter: f, soFar: true, anchors })).anchorsAt ?? [],
    moveSelected: (position, was) => {
      const now = useStore.getState().selection;
      if (now && now.fileId === was.fileId && now.index === was.index) select({ ...now, position });
    },
  });

  const selectPosition = (position: number) => {
    const clamped = Math.max(0, Math.min(total - 1, position));
    const choose = (row: RecordRow) => {
      select({ fileId: row.fileId, index: row.index, position: clamped });
      // The detail pane follows the view store's current trace (activity unknown here).
      useView.getState().setCurrent({ fileId: row.fileId, index: row.index, activity: -1 });
    };
    // A row whose page has not arrived (a fast click, End on a long list) is fetched alone; it is
    // selected unless the list changed meanwhile.
    const asked = version;
    void paged
      .rowAsync(clamped)
      .then((row) => row && asked === useStore.getState().recordsVersion && choose(row))
      .catch(() => undefined);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent) => {
    const pos = selection?.position ?? -1;
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 240) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: pos + 1, ArrowUp: pos - 1, PageDown: pos + pageRows, PageUp: pos - pageRows, Home: 0, End: total - 1 };
    if (e.key in moves && total > 0) {
      e.preventDefault();
      selectPosition(moves[e.key]);
    }
  };

  return (
    <section className="record-table" aria-label="Records" data-testid="record-table" data-total={total} data-ready={paged.ready}>
      {/* The header stays above the rows and follows their sideways scroll (it clips at the pane's edge). */}
      <div className="row header" role="row" ref={header}>
        <span className="c-time">{timeHeader()}</span>
        <span className="c-level">Level</span>
        <span className="c-kind">Type</span>
        <span className="c-host">Host</span>
        <span className="c-process">Process</span>
        <span className="c-source">Source</span>
        <span className="c-text">Description</span>
      </div>
      <div
        className="rows"
        ref={scroller}
        tabIndex={0}
        onKeyDown={onKey}
        onScroll={(e) => {
          if (header.current) header.current.scrollLeft = e.currentTarget.scrollLeft;
          tail.onScroll();
        }}
        data-testid="record-rows"
        role="grid"
        aria-rowcount={total}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = paged.rowAt(v.index);
            // By record, not position: rows appended to a followed file can land before the selected one in time.
            const selected = row ? selection?.fileId === row.fileId && selection.index === row.index : selection?.position === v.index;
            return (
              <div
                key={v.key}
                role="row"
                data-testid="record-row"
                data-pos={v.index}
                data-file={row?.fileId}
                data-index={row?.index}
                className={`row level-${row?.level ?? 'loading'}${selected ? ' selected' : ''}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                onClick={() => selectPosition(v.index)}
              >
                {row ? (
                  <>
                    <span className="c-time">
                      <span className={`swatch small c${colourOf.get(row.fileId) ?? 0}`} />
                      {formatTimeUs(row.timeUs, { tick: row.tick })}
                    </span>
                    <span className="c-level" title={LEVEL_LABEL[row.level]}>
                      <LevelIcon level={row.level} /> {LEVEL_LABEL[row.level]}
                    </span>
                    <span className="c-kind">{displayText(row.kind)}</span>
                    <span className="c-host">{displayText(row.host)}</span>
                    <span className="c-process">{displayText(row.process)}</span>
                    <span className="c-source">{displayText(row.source)}</span>
                    <span className="c-text" title={displayText(row.text)}>
                      {displayText(row.text)}
                    </span>
                  </>
                ) : (
                  <span className="muted">…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
