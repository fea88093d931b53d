import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type MouseEvent, type PointerEvent, type ReactNode } from 'react';
import { useView } from '../viewStore';
import type { Paged } from './usePaged';
import { useTail } from './useTail';

export const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;

export interface Column<T> {
  id: string;
  label: ReactNode;
  /** Default width in px; the last column takes the rest of the row. */
  width: number;
  /** Sort key sent to the main side when the header is clicked. */
  sortKey?: string;
  render(row: T): ReactNode;
  title?(row: T): string;
  headerTitle?: string;
}

interface Props<T> {
  /** Name for persisted column widths and test ids: `${name}-row`, `${name}-rows`. */
  name: string;
  label: string;
  columns: Column<T>[];
  paged: Paged<T>;
  rowClass(row: T, i: number): string;
  isSelected(row: T, i: number): boolean;
  /** The position keyboard moves start from, scrolled into view when `scrollTick` moves. */
  cursor: number;
  scrollTick?: number;
  rowAttrs?(row: T): Record<string, string | number | boolean>;
  onRowClick(i: number, row: T, e: MouseEvent): void;
  onRowDoubleClick?(i: number, row: T): void;
  /** Keyboard move to position `to` (already clamped). */
  onMove(to: number, e: KeyboardEvent): void;
  sort?: { by: string; descending: boolean };
  onSort?(key: string): void;
  empty?: ReactNode;
}

/**
 * A virtualized table over a main-side paged list: only visible rows exist in the DOM; columns
 * resize by dragging the header edge (widths persisted); headers with a sort key sort on click.
 */
export function VirtualTable<T>(p: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const widths = useView((s) => s.columns);
  const setColumn = useView((s) => s.setColumn);
  const total = p.paged.total ?? 0;
  // The header sits inside the scroller (sticky) so it scrolls sideways with the rows.
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12, scrollMargin: HEADER_HEIGHT, scrollPaddingStart: HEADER_HEIGHT });

  // Only explicit jumps (scrollTick) scroll to the cursor: scrolling by hand must not snap back.
  // A jump often lands before its list has loaded (a trace picked in the graph selects its
  // activity, whose traces arrive after): the scroll waits until the cursor's row exists.
  const jumpPending = useRef(true);
  useEffect(() => {
    jumpPending.current = true;
  }, [p.scrollTick]);
  useEffect(() => {
    if (!jumpPending.current || p.cursor < 0 || p.cursor >= total) return;
    jumpPending.current = false;
    virtualizer.scrollToIndex(p.cursor, { align: 'auto' });
  }, [p.scrollTick, p.cursor, total]);

  const onScroll = useTail(scroller, total, (last) => virtualizer.scrollToIndex(last, { align: 'end' }), ROW_HEIGHT);

  const width = (c: Column<T>, last: boolean) => (last ? undefined : (widths[`${p.name}.${c.id}`] ?? c.width));
  const style = (c: Column<T>, last: boolean) => (last ? { flex: 1, minWidth: 120 } : { width: width(c, last), flex: 'none' as const });

  const startResize = (c: Column<T>) => (e: PointerEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    const w0 = widths[`${p.name}.${c.id}`] ?? c.width;
    const move = (ev: globalThis.PointerEvent) => setColumn(`${p.name}.${c.id}`, Math.max(30, Math.round(w0 + ev.clientX - x0)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const onKey = (e: KeyboardEvent) => {
    if (total === 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 240) / ROW_HEIGHT) - 1);
    const pos = p.cursor;
    const moves: Record<string, number> = { ArrowDown: pos + 1, ArrowUp: pos - 1, PageDown: pos + page, PageUp: pos - page, Home: 0, End: total - 1 };
    if (!(e.key in moves) || e.altKey) return;
    e.preventDefault();
    const to = Math.max(0, Math.min(total - 1, pos < 0 && e.key === 'ArrowDown' ? 0 : moves[e.key]));
    p.onMove(to, e);
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  const last = p.columns.length - 1;
  const minWidth = p.columns.reduce((n, c, i) => n + (i === last ? 120 : (widths[`${p.name}.${c.id}`] ?? c.width)), 0);
  return (
    <div className={`vtable ${p.name}-table`} aria-label={p.label} data-testid={`${p.name}-table`} data-ready={p.paged.ready} data-total={total}>
      <div className="rows" ref={scroller} tabIndex={0} onKeyDown={onKey} onScroll={onScroll} data-testid={`${p.name}-rows`} role="grid" aria-rowcount={total}>
          <div className="row header" role="row" style={{ minWidth }}>
          {p.columns.map((c, i) => {
            const sorted = p.sort && c.sortKey === p.sort.by;
            return (
              <span
                key={c.id}
                role="columnheader"
                className={`cell c-${c.id}${c.sortKey ? ' sortable' : ''}`}
                style={style(c, i === last)}
                title={c.headerTitle}
                data-testid={`${p.name}-header-${c.id}`}
                aria-sort={sorted ? (p.sort!.descending ? 'descending' : 'ascending') : undefined}
                onClick={c.sortKey && p.onSort ? () => p.onSort!(c.sortKey!) : undefined}
              >
                {c.label}
                {sorted && <span className="sort-arrow">{p.sort!.descending ? ' ▼' : ' ▲'}</span>}
                {i !== last && <span className="col-resize" onPointerDown={startResize(c)} onClick={(e) => e.stopPropagation()} />}
              </span>
            );
          })}
        </div>
        {total === 0 && p.paged.ready && p.empty}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = p.paged.rowAt(v.index);
            if (!row)
              return (
                <div key={v.key} className="row" style={{ transform: `translateY(${v.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT }}>
                  <span className="muted cell">…</span>
                </div>
              );
            const selected = p.isSelected(row, v.index);
            return (
              <div
                key={v.key}
                role="row"
                aria-selected={selected}
                data-testid={`${p.name}-row`}
                data-pos={v.index}
                {...Object.fromEntries(Object.entries(p.rowAttrs?.(row) ?? {}).map(([k, val]) => [`data-${k}`, String(val)]))}
                className={`row ${p.rowClass(row, v.index)}${selected ? ' selected' : ''}${v.index === p.cursor ? ' cursor' : ''}`}
                style={{ transform: `translateY(${v.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT }}
                onClick={(e) => p.onRowClick(v.index, row, e)}
                onDoubleClick={p.onRowDoubleClick ? () => p.onRowDoubleClick!(v.index, row) : undefined}
              >
                {p.columns.map((c, i) => (
                  <span key={c.id} className={`cell c-${c.id}`} style={style(c, i === last)} title={c.title?.(row)}>
                    {c.render(row)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
