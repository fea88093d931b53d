/**
 * Ctrl+C of list rows: the visible columns' text, tab-separated, a header line first, as
 * spreadsheets and Service Trace Viewer's own copy expect. Rows are read from the main side a page
 * at a time; group headers are left out.
 */
import { isGroupRow, type GroupRow } from '../../../shared/lists';
import { cellText, colName, type Column } from './VirtualTable';
import type { Paged } from './usePaged';
import { formatCount } from '../format';

/** More rows than this are not put on the clipboard (a sentence says so). */
export const MAX_COPY_ROWS = 50_000;

const cell = (s: string) => s.replace(/[\t\r\n]+/g, ' ');

/** Copies the rows at `positions` ('all': every row); resolves to a note for the user, or '' when all went well. */
export async function copyRows<T extends object>(paged: Paged<T | GroupRow>, columns: Column<T>[], positions: number[] | 'all', total: number): Promise<string> {
  const wanted = positions === 'all' ? total : positions.length;
  if (wanted === 0) return '';
  const take = Math.min(wanted, MAX_COPY_ROWS);
  const rows: T[] = [];
  if (positions === 'all') {
    for (const r of await paged.range(0, take)) if (!isGroupRow(r)) rows.push(r as T);
  } else {
    for (const at of positions.slice(0, take)) {
      const r = await paged.rowAsync(at);
      if (r && !isGroupRow(r)) rows.push(r as T);
    }
  }
  const text = [columns.map((c) => cell(colName(c))).join('\t'), ...rows.map((r) => columns.map((c) => cell(cellText(c, r))).join('\t'))].join('\n') + '\n';
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    return 'The clipboard refused the copy (the window may not have focus).';
  }
  return take < wanted ? `Copied the first ${formatCount(take)} of ${formatCount(wanted)} rows.` : '';
}
