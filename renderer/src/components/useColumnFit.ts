import { useEffect, useRef, useState, type RefObject } from 'react';
import { isGroupRow, type GroupRow } from '../../../shared/lists';
import { useStore } from '../store';
import { CELL_PADDING, textWidth } from '../textFit';
import type { Paged } from './usePaged';

/** Rows of the first page measured to fit the column widths. */
const FIT_ROWS = 100;

/** What fitting needs of a column (see VirtualTable's Column). */
export interface FitColumn<T> {
  id: string;
  /** The header's text, which the column is never narrower than. */
  name: string;
  text?(row: T): string;
  extra?: number;
  min?: number;
  max?: number;
}

/**
 * The files the views show, as one key: it changes when a file is opened or removed, not when a
 * file loading or followed shows more of itself. The lists fit their columns once per key.
 */
export function useFileSetKey(): string {
  return useStore((s) =>
    s.files
      .filter((f) => f.state === 'loaded' || f.state === 'loading')
      .map((f) => f.id)
      .join(','),
  );
}

/**
 * Column widths fitted to the content of a list's first rows, once per `fitKey` (a set of files):
 * rows that arrive later — pages scrolled to, a file that loads or grows — never re-measure, so
 * columns do not jump and a growing list costs no measuring (measuring 200 rows on every partial
 * snapshot and every growth was the longest task while a large trace loaded).
 */
export function useColumnFit<T extends object>(
  scroller: RefObject<HTMLDivElement | null>,
  columns: readonly FitColumn<T>[],
  paged: Paged<T | GroupRow>,
  fitKey: string | number | undefined,
  font: string,
): Record<string, number> {
  const [fitted, setFitted] = useState<Record<string, number>>({});
  const fittedFor = useRef<unknown>(undefined);
  const total = paged.total ?? 0;
  useEffect(() => {
    if (!paged.ready || total === 0 || !font || fittedFor.current === fitKey) return;
    // After the rows are painted, in a task of its own: the first rows show without waiting for it,
    // and the cells' styles it reads are already computed.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        const out = fit(scroller.current, columns, paged, total, font);
        if (!out) return;
        fittedFor.current = fitKey;
        setFitted((was) => (sameWidths(was, out) ? was : out));
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [paged.ready, paged.key, total, fitKey, font]);
  return fitted;
}

/** Widths of the columns that have text, fitted to the first FIT_ROWS rows (undefined: no row yet). */
function fit<T extends object>(el: HTMLElement | null, columns: readonly FitColumn<T>[], paged: Paged<T | GroupRow>, total: number, font: string): Record<string, number> | undefined {
  const rows: T[] = [];
  for (let i = 0; i < Math.min(total, FIT_ROWS); i++) {
    const r = paged.rowAt(i);
    if (r && !isGroupRow(r)) rows.push(r as T);
  }
  if (!rows.length) return undefined;
  const out: Record<string, number> = {};
  for (const c of columns) if (c.text) out[c.id] = columnWidth(el, c, rows, font);
  return out;
}

/** The width that shows column `c` of `rows` whole, within its [min, max]; `font` is the list's (the header's). */
export function columnWidth<T>(el: HTMLElement | null, c: FitColumn<T>, rows: readonly T[], font: string): number {
  if (!c.text) return c.min ?? 30;
  // The cells' own font (the time column is monospaced).
  const cell = el?.querySelector(`.row:not(.header) > .c-${c.id}`);
  const cellFont = cell ? getComputedStyle(cell).font || font : font;
  let w = textWidth(c.name, font) + 12;
  for (const r of rows) w = Math.max(w, textWidth(c.text(r), cellFont) + (c.extra ?? 0));
  return Math.round(Math.max(c.min ?? 30, Math.min(c.max ?? 400, w + CELL_PADDING)));
}

function sameWidths(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}
