import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent, type ReactNode } from 'react';
import { isGroupRow, LIST_NAMES, type GroupRow } from '../../../shared/lists';
import { useMenu, type MenuItem } from '../menuStore';
import { useStore } from '../store';

import { listScrollers, useView, type ListName } from '../viewStore';
import { copyRows } from './copyRows';
import type { Paged } from './usePaged';
import { columnWidth, useColumnFit } from './useColumnFit';
import { useFixedRows } from './useFixedRows';
import { useListAnchor, type ListAnchoring } from './useListAnchor';
import { useTail } from './useTail';
import { formatCount } from '../format';
import { useTimeZone } from '../timeZone';
import { cellText, TableRow, type RowActions, type RowCell } from './TableRow';

export { cellText };

export const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 24;

export interface Column<T> {
  id: string;
  label: ReactNode;
  /** The column's name in the column chooser and the copied header line (default: the label). */
  name?: string;
  /** Width in px before any content is there; the last column takes the rest of the row. */
  width: number;
  /** Px the cell shows besides its text (an icon, a swatch), added when fitting. */
  extra?: number;
  /** Fitted widths stay within [min, max]. */
  min?: number;
  max?: number;
  /** Sort key sent to the main side when the header is clicked. */
  sortKey?: string;
  /** The cell as plain text: fitting (columns without it keep `width`), copying rows, "filter by / find this value". */
  text?(row: T): string;
  /** The cell when it is more than its text (icons, highlights). */
  render?(row: T): ReactNode;
  /** Shortened from the middle rather than cut at the end (names whose end tells them apart). */
  middle?: boolean;
  /** Hidden until the user shows it (column chooser). */
  hidden?: boolean;
  title?(row: T): string;
  headerTitle?: string;
}

interface Props<T extends object> {
  /** Name for persisted widths (and layout, for the STV lists) and for test ids: `${name}-row`, `${name}-rows`. */
  name: string;
  label: string;
  columns: Column<T>[];
  paged: Paged<T | GroupRow>;
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
  /** ← / → on the cursor row (e.g. a transfer). Return true when handled. */
  onArrow?(dir: 'left' | 'right', row: T | undefined): boolean;
  sort?: { by: string; descending: boolean };
  onSort?(key: string): void;
  /** Ctrl+A: the parent selects every row too (e.g. every activity). */
  onSelectAll?(): void;
  /** Items of a row's context menu after Copy; `column` is the one right-clicked. */
  rowMenu?(row: T, i: number, column: Column<T> | undefined): MenuItem[];
  onToggleGroup?(key: string): void;
  /** Widths are fitted to the first rows once per value (a set of files: `useFileSetKey`), never as the list grows. */
  fitKey?: string | number;
  empty?: ReactNode;
  /** Extra content before the rows' marks (bookmarks). */
  marker?(row: T): ReactNode;
  /** Keeps the top row and the selected row (the cursor's) in place while followed files grow. */
  anchoring?: TableAnchoring<T>;
}

/** How a list names its rows to its main side (`anchors`) and moves its selection (see useListAnchor). */
export interface TableAnchoring<T, A = unknown> extends ListAnchoring<A> {
  of(row: T): A;
}

type Marks = { all: true } | { all: false; set: Set<number> };
const NO_MARKS: Marks = { all: false, set: new Set() };

/** The list's columns in the user's order, without the hidden ones. */
export function visibleColumns<T>(columns: Column<T>[], order: string[] | undefined, hidden: string[] | undefined): Column<T>[] {
  const rank = new Map((order ?? []).map((id, i) => [id, i]));
  const byOrder = [...columns].sort((a, b) => (rank.get(a.id) ?? 1000 + columns.indexOf(a)) - (rank.get(b.id) ?? 1000 + columns.indexOf(b)));
  return byOrder.filter((c) => (hidden ? !hidden.includes(c.id) : !c.hidden));
}

/**
 * A virtualized table over a main-side paged list: only visible rows exist in the DOM. Columns
 * are fitted to their content, shown, hidden and reordered (header context menu) and resized by
 * dragging their edge (all persisted per list); headers with a sort key sort on click; group
 * headers collapse; rows are marked by click, Ctrl/Shift+click and Ctrl+A and copied by Ctrl+C.
 */
export function VirtualTable<T extends object>(p: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const widths = useView((s) => s.columns);
  const setColumn = useView((s) => s.setColumn);
  const listName = (LIST_NAMES as readonly string[]).includes(p.name) ? (p.name as ListName) : undefined;
  const layout = useView((s) => (listName ? s.lists[listName] : undefined));
  const setList = useView((s) => s.setList);
  const scrollRestore = useView((s) => s.scrollRestore);
  const openMenu = useMenu((s) => s.open);
  const notify = useStore((s) => s.notify);
  const total = p.paged.total ?? 0;
  const columns = useMemo(() => visibleColumns(p.columns, layout?.order, layout?.hidden), [p.columns, layout?.order, layout?.hidden]);
  const [marks, setMarks] = useState<Marks>(NO_MARKS);
  const anchor = useRef(-1);
  // The list's font as the browser computed it ('' until the list was first laid out: fitting waits for it).
  const [measuredFont, setFont] = useState('');
  const font = measuredFont || '13px sans-serif';
  const [paneWidth, setPaneWidth] = useState(0);
  // The header sits inside the scroller (sticky) so it scrolls sideways with the rows.
  const virtualizer = useFixedRows(scroller, { count: total, rowHeight: ROW_HEIGHT, overscan: 12, scrollMargin: HEADER_HEIGHT });

  useEffect(() => setMarks(NO_MARKS), [p.paged.key]);
  // A jump (F10, Ctrl+F10, a find hit, a bookmark) moves the selection to the row it lands on.
  useEffect(() => {
    if (p.cursor < 0) return;
    setMarks((m) => {
      if (!m.all && m.set.has(p.cursor)) return m;
      anchor.current = p.cursor;
      return { all: false, set: new Set([p.cursor]) };
    });
  }, [p.cursor]);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    listScrollers.set(p.name, el);
    // Width and font are read when the observer reports, after the browser laid the list out (it
    // reports once on observe): read here, in the commit that mounts the list, they forced a style
    // and layout pass of the whole new view inside the task that shows a file's first rows.
    const ro = new ResizeObserver(() => {
      setPaneWidth(el.clientWidth);
      setFont(getComputedStyle(el).font || '13px sans-serif');
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      if (listScrollers.get(p.name) === el) listScrollers.delete(p.name);
    };
  }, [p.name]);

  const fitColumns = useMemo(() => p.columns.map((c) => ({ ...c, name: colName(c) })), [p.columns]);
  const fitted = useColumnFit(scroller, fitColumns, p.paged, p.fitKey, measuredFont);

  // A fitted layout too wide for the pane gives the room back from the middle-shortened columns, so the last columns stay in view.
  const last = columns.length - 1;
  const baseWidth = (c: Column<T>) => widths[`${p.name}.${c.id}`] ?? fitted[c.id] ?? c.width;
  const squeezed = useMemo(() => {
    const out = new Map<string, number>();
    const wanted = columns.reduce((n, c, i) => n + (i === last ? Math.max(120, fitted[c.id] ?? 120) : baseWidth(c)), 0);
    const over = wanted - paneWidth;
    const flexible = columns.filter((c, i) => i !== last && c.middle && widths[`${p.name}.${c.id}`] === undefined);
    if (over > 0 && paneWidth > 0 && flexible.length) {
      for (const c of flexible) out.set(c.id, Math.max(c.min ?? 120, baseWidth(c) - Math.ceil(over / flexible.length)));
    }
    return out;
  }, [columns, widths, fitted, paneWidth]);
  const width = (c: Column<T>) => squeezed.get(c.id) ?? baseWidth(c);
  const style = (c: Column<T>, isLast: boolean) => (isLast ? { flex: 1, minWidth: Math.min(fitted[c.id] ?? 120, 400) } : { width: width(c), flex: 'none' as const });
  // The rows' cells, the same objects until a width changes, so rows that show the same record are not drawn again.
  const cells = useMemo<RowCell<T>[]>(() => columns.map((c, i) => ({ column: c, style: style(c, i === last), textWidth: width(c) })), [columns, widths, fitted, squeezed]);
  const zone = useTimeZone();

  // Only explicit jumps (scrollTick) scroll to the cursor: scrolling by hand must not snap back.
  // A jump often lands before its list has loaded (a trace picked in the graph selects its
  // activity, whose traces arrive after): the scroll waits until the cursor's row exists.
  const jumpPending = useRef(true);
  useEffect(() => {
    jumpPending.current = true;
  }, [p.scrollTick]);
  useEffect(() => {
    if (!jumpPending.current || total === 0) return;
    const restoreTo = scrollRestore && scrollRestore.tick === p.scrollTick ? scrollRestore.scroll[p.name] : undefined;
    if (restoreTo !== undefined && scroller.current) {
      // Back/Forward: the list goes back to where it was scrolled, once its rows are there.
      if (!p.paged.ready) return;
      jumpPending.current = false;
      scroller.current.scrollTop = restoreTo;
      return;
    }
    if (p.cursor < 0 || p.cursor >= total) return;
    jumpPending.current = false;
    virtualizer.scrollToIndex(p.cursor, { align: 'auto' });
  }, [p.scrollTick, p.cursor, total, p.paged.ready]);

  const { onScroll, atEnd } = useTail(scroller, total, (last) => virtualizer.scrollToIndex(last, { align: 'end' }), ROW_HEIGHT);
  const anchoring = p.anchoring;
  const shown = virtualizer.getVirtualItems();
  // Rows on screen only (their pages are being read anyway): a selection scrolled far away is not fetched for this.
  const anchorOf = (i: number, selected: boolean) => {
    const row = anchoring && p.paged.ready && shown.length > 0 && i >= shown[0].index && i <= shown[shown.length - 1].index ? p.paged.rowAt(i) : undefined;
    return row && !isGroupRow(row) && (!selected || p.isSelected(row as T, i)) ? anchoring!.of(row as T) : undefined;
  };
  useListAnchor({
    version: anchoring?.version ?? 0,
    enabled: anchoring !== undefined,
    ready: p.paged.ready,
    scroller,
    first: virtualizer.first,
    top: anchorOf(virtualizer.first, false),
    cursor: p.cursor,
    selected: anchorOf(p.cursor, true),
    rowHeight: ROW_HEIGHT,
    atEnd,
    locate: (anchors) => anchoring?.locate(anchors) ?? Promise.resolve([]),
    moveSelected: (position, anchor, from) => anchoring?.moveSelected(position, anchor, from),
  });

  const startResize = (c: Column<T>) => (e: PointerEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX;
    const w0 = width(c);
    const move = (ev: globalThis.PointerEvent) => setColumn(`${p.name}.${c.id}`, Math.max(30, Math.round(w0 + ev.clientX - x0)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  // A double-click on a header's edge fits the column to the rows on screen now (kept as the user's width).
  const fitToShown = (c: Column<T>) => (e: MouseEvent) => {
    e.stopPropagation();
    const rows = shown.map((v) => p.paged.rowAt(v.index)).filter((r): r is T => r !== undefined && !isGroupRow(r));
    if (rows.length && c.text) setColumn(`${p.name}.${c.id}`, columnWidth(scroller.current, { ...c, name: colName(c) }, rows, font));
  };

  const isMarked = (i: number) => marks.all || marks.set.has(i);
  const copy = () => void copyRows(p.paged, columns, marks.all ? 'all' : [...marks.set].sort((a, b) => a - b), total).then((note) => note && notify(note));

  const onKey = (e: KeyboardEvent) => {
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      setMarks({ all: true });
      p.onSelectAll?.();
      return;
    }
    if (ctrl && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'c') {
      e.preventDefault();
      if (!marks.all && marks.set.size === 0 && p.cursor >= 0) void copyRows(p.paged, columns, [p.cursor], total).then((note) => note && notify(note));
      else copy();
      return;
    }
    if (total === 0) return;
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !e.altKey && !ctrl && p.onArrow) {
      const row = p.paged.rowAt(p.cursor);
      if (p.onArrow(e.key === 'ArrowLeft' ? 'left' : 'right', row && !isGroupRow(row) ? (row as T) : undefined)) e.preventDefault();
      return;
    }
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 240) / ROW_HEIGHT) - 1);
    const pos = p.cursor;
    const moves: Record<string, number> = { ArrowDown: pos + 1, ArrowUp: pos - 1, PageDown: pos + page, PageUp: pos - page, Home: 0, End: total - 1 };
    if (!(e.key in moves) || e.altKey) return;
    e.preventDefault();
    const to = Math.max(0, Math.min(total - 1, pos < 0 && e.key === 'ArrowDown' ? 0 : moves[e.key]));
    if (e.shiftKey && anchor.current >= 0) setMarks({ all: false, set: range(anchor.current, to) });
    else {
      anchor.current = to;
      setMarks({ all: false, set: new Set([to]) });
    }
    p.onMove(to, e);
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  const click = (i: number, row: T, e: MouseEvent) => {
    if (e.shiftKey && anchor.current >= 0) setMarks({ all: false, set: range(anchor.current, i) });
    else if (e.ctrlKey || e.metaKey) {
      const set = new Set(marks.all ? [] : marks.set);
      if (set.has(i)) set.delete(i);
      else set.add(i);
      anchor.current = i;
      setMarks({ all: false, set });
    } else {
      anchor.current = i;
      setMarks({ all: false, set: new Set([i]) });
    }
    p.onRowClick(i, row, e);
  };

  const rowMenu = (i: number, row: T, e: MouseEvent) => {
    e.preventDefault();
    if (!isMarked(i)) click(i, row, { ...e, ctrlKey: false, metaKey: false, shiftKey: false } as MouseEvent);
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-col]')?.dataset.col;
    const column = columns.find((c) => c.id === cell);
    const value = column ? cellText(column, row) : '';
    const count = marks.all ? total : isMarked(i) ? Math.max(1, marks.set.size) : 1;
    const items: MenuItem[] = [
      { label: count > 1 ? `Copy ${formatCount(count)} rows` : 'Copy row', keys: 'Ctrl+C', run: () => (isMarked(i) ? copy() : void copyRows(p.paged, columns, [i], total)) },
      { label: `Copy "${short(value)}"`, disabled: !value, run: () => void navigator.clipboard?.writeText(value).catch(() => notify('The clipboard refused the copy.')) },
      ...(p.rowMenu?.(row, i, column) ?? []),
    ];
    openMenu(e.clientX, e.clientY, items, `${p.name}-menu`);
  };

  // One object for every row, pointing at this render's handlers (rows are memoised, the handlers are not).
  const actions = useRef<RowActions<T>>({ click, menu: rowMenu });
  actions.current = { click, menu: rowMenu, doubleClick: p.onRowDoubleClick };

  const headerMenu = (clicked: Column<T>) => (e: MouseEvent) => {
    e.preventDefault();
    if (!listName) return;
    const order = visibleColumns(p.columns, layout?.order, []).map((c) => c.id);
    const hidden = layout?.hidden ?? p.columns.filter((c) => c.hidden).map((c) => c.id);
    const move = (delta: number) => {
      const at = order.indexOf(clicked.id);
      const next = [...order];
      next.splice(at, 1);
      next.splice(Math.max(0, Math.min(next.length, at + delta)), 0, clicked.id);
      setList(listName, { order: next, hidden });
    };
    const shown = columns.map((c) => c.id);
    const items: MenuItem[] = [
      { label: `Move "${colName(clicked)}" left`, disabled: shown[0] === clicked.id, run: () => move(-1) },
      { label: `Move "${colName(clicked)}" right`, disabled: shown[shown.length - 1] === clicked.id, run: () => move(1) },
      ...p.columns.map((c, k) => ({
        label: colName(c),
        checked: !hidden.includes(c.id),
        separator: k === 0,
        // The last visible column cannot be hidden: a list needs one.
        disabled: !hidden.includes(c.id) && shown.length === 1,
        run: () => setList(listName, { order, hidden: hidden.includes(c.id) ? hidden.filter((h) => h !== c.id) : [...hidden, c.id] }),
      })),
      { label: 'Reset columns', separator: true, run: () => setList(listName, { order: undefined, hidden: undefined }) },
    ];
    openMenu(e.clientX, e.clientY, items, `${p.name}-columns-menu`);
  };

  const minWidth = columns.reduce((n, c, i) => n + (i === last ? 120 : width(c)), 0);
  return (
    <div className={`vtable ${p.name}-table`} aria-label={p.label} data-testid={`${p.name}-table`} data-ready={p.paged.ready} data-total={total}>
      <div className="rows" ref={scroller} tabIndex={0} onKeyDown={onKey} onScroll={onScroll} data-testid={`${p.name}-rows`} role="grid" aria-rowcount={total} aria-multiselectable>
        <div className="row header" role="row" style={{ minWidth }}>
          {columns.map((c, i) => {
            const sorted = p.sort && c.sortKey === p.sort.by;
            return (
              <span
                key={c.id}
                role="columnheader"
                className={`cell c-${c.id}${c.sortKey ? ' sortable' : ''}`}
                style={style(c, i === last)}
                title={c.headerTitle ?? `${colName(c)} (right-click: show, hide or move columns)`}
                data-testid={`${p.name}-header-${c.id}`}
                aria-sort={sorted ? (p.sort!.descending ? 'descending' : 'ascending') : undefined}
                onClick={c.sortKey && p.onSort ? () => p.onSort!(c.sortKey!) : undefined}
                onContextMenu={headerMenu(c)}
              >
                {c.label}
                {sorted && <span className="sort-arrow">{p.sort!.descending ? ' ▼' : ' ▲'}</span>}
                {i !== last && <span className="col-resize" data-testid={`${p.name}-resize-${c.id}`} title="Drag to resize; double-click to fit the rows shown" onPointerDown={startResize(c)} onClick={(e) => e.stopPropagation()} onDoubleClick={fitToShown(c)} />}
              </span>
            );
          })}
        </div>
        {total === 0 && p.paged.ready && p.empty}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
          {virtualizer.getVirtualItems().map((v) => {
            const entry = p.paged.rowAt(v.index);
            const place = { transform: `translateY(${v.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT };
            if (!entry)
              return (
                <div key={v.key} className="row" style={place}>
                  <span className="muted cell">…</span>
                </div>
              );
            if (isGroupRow(entry)) {
              const g = entry.group;
              return (
                <div
                  key={v.key}
                  role="row"
                  className={`row group-row${v.index === p.cursor ? ' cursor' : ''}`}
                  style={place}
                  data-testid={`${p.name}-group`}
                  data-key={g.key}
                  data-count={g.count}
                  data-collapsed={g.collapsed}
                  onClick={() => p.onToggleGroup?.(g.key)}
                >
                  <span className="cell group-label">
                    <span className="group-toggle" aria-hidden>
                      {g.collapsed ? '▸' : '▾'}
                    </span>{' '}
                    {g.label} <span className="muted">({formatCount(g.count)})</span>
                  </span>
                </div>
              );
            }
            const row = entry as T;
            const selected = p.isSelected(row, v.index);
            const marked = isMarked(v.index);
            return (
              <TableRow<T>
                key={v.key}
                name={p.name}
                row={row}
                index={v.index}
                top={v.start - HEADER_HEIGHT}
                height={ROW_HEIGHT}
                ariaSelected={selected || marked}
                attrs={p.rowAttrs?.(row)}
                className={`row ${p.rowClass(row, v.index)}${selected ? ' selected' : ''}${marked && !selected ? ' marked' : ''}${v.index === p.cursor ? ' cursor' : ''}`}
                marker={p.marker?.(row) ?? null}
                cells={cells}
                font={font}
                zone={zone}
                actions={actions}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

export const colName = <T,>(c: Column<T>) => c.name ?? (typeof c.label === 'string' ? c.label : c.id);
const short = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

function range(a: number, b: number): Set<number> {
  const out = new Set<number>();
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) out.add(i);
  return out;
}
