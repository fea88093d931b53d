import { memo, type CSSProperties, type MouseEvent, type ReactNode } from 'react';
import type { ZoneChoice } from '../../../shared/time-zone';
import { CELL_PADDING, middleEllipsis } from '../textFit';

/** What a row's cells need of a column (VirtualTable's Column). */
export interface RowColumn<T> {
  id: string;
  text?(row: T): string;
  render?(row: T): ReactNode;
  middle?: boolean;
  title?(row: T): string;
}

/** One visible column: its cell style and, for middle-shortened columns, the px the text may take. */
export interface RowCell<T> {
  column: RowColumn<T>;
  style: CSSProperties;
  textWidth: number;
}

/** What a row does on the pointer; one object per table that reads the table's latest state. */
export interface RowActions<T> {
  click(i: number, row: T, e: MouseEvent): void;
  menu(i: number, row: T, e: MouseEvent): void;
  doubleClick?(i: number, row: T): void;
}

interface RowProps<T> {
  name: string;
  row: T;
  index: number;
  /** Px from the top of the rows (translateY). */
  top: number;
  height: number;
  className: string;
  ariaSelected: boolean;
  attrs: Record<string, string | number | boolean> | undefined;
  marker: ReactNode;
  cells: readonly RowCell<T>[];
  font: string;
  /** The displayed time zone: cells format times in it, so a change must redraw them. */
  zone: ZoneChoice;
  actions: { current: RowActions<T> };
}

/** A cell's plain text: its `text`, or what it renders when that is a string or number. */
export function cellText<T>(c: RowColumn<T>, row: T): string {
  if (c.text) return c.text(row);
  const r = c.render?.(row);
  return typeof r === 'string' || typeof r === 'number' ? String(r) : '';
}

function TableRowView<T extends object>(p: RowProps<T>) {
  const attrs: Record<string, string> = {};
  if (p.attrs) for (const k in p.attrs) attrs[`data-${k}`] = String(p.attrs[k]);
  return (
    <div
      role="row"
      aria-selected={p.ariaSelected}
      data-testid={`${p.name}-row`}
      data-pos={p.index}
      {...attrs}
      className={p.className}
      style={{ transform: `translateY(${p.top}px)`, height: p.height }}
      // A double-click opens or follows; it must not select the row's text.
      onMouseDown={(e) => e.detail > 1 && e.preventDefault()}
      onClick={(e) => p.actions.current.click(p.index, p.row, e)}
      onDoubleClick={p.actions.current.doubleClick ? () => p.actions.current.doubleClick?.(p.index, p.row) : undefined}
      onContextMenu={(e) => p.actions.current.menu(p.index, p.row, e)}
    >
      {p.cells.map(({ column: c, style, textWidth }, i) => (
        <span key={c.id} className={`cell c-${c.id}`} data-col={c.id} style={style} title={c.title?.(p.row)}>
          {i === 0 && p.marker}
          {c.render ? c.render(p.row) : c.middle ? middleEllipsis(cellText(c, p.row), textWidth - CELL_PADDING + 4, p.font) : cellText(c, p.row)}
        </span>
      ))}
    </div>
  );
}

/** Same keys, each value identical: rows are flat records, and a page asked again after a file grew holds new objects of the same rows. */
function sameRecord(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] !== y[k]) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}

function sameRow<T>(a: RowProps<T>, b: RowProps<T>): boolean {
  return (
    a.index === b.index &&
    a.top === b.top &&
    a.className === b.className &&
    a.ariaSelected === b.ariaSelected &&
    a.marker === b.marker &&
    a.cells === b.cells &&
    a.font === b.font &&
    a.zone === b.zone &&
    a.name === b.name &&
    a.height === b.height &&
    a.actions === b.actions &&
    sameRecord(a.attrs, b.attrs) &&
    sameRecord(a.row as object, b.row as object)
  );
}

/**
 * One data row of a VirtualTable, drawn again only when what it shows changed: a followed log's
 * growth asks the visible page again, and without this every cell of every visible row was
 * rendered and compared anew a few times a second.
 */
export const TableRow = memo(TableRowView, sameRow) as <T extends object>(p: RowProps<T>) => ReactNode;
