/** CSV (RFC 4180, via csv-stringify) and JSON Lines writers, streaming: rows never pile up in memory. */
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportRow } from './trace-rows';

export type TabularFormat = 'csv' | 'jsonl';

/**
 * CSV cells a spreadsheet would evaluate as a formula (starting with =, +, -, @, tab or CR, and
 * their full-width forms) get a leading ' as OWASP recommends (csv-stringify's escape_formulas);
 * numbers, negative ones included, stay numbers. JSON Lines is written unchanged.
 */
function csvOptions(columns: readonly string[]) {
  return { header: true, columns: [...columns], escape_formulas: true, cast: { number: (v: number) => String(v) } };
}

/** Writes rows to `out` (not ended); resolves with the number of rows written. */
export async function writeTabular(rows: Iterable<ExportRow>, columns: readonly string[], format: TabularFormat, out: Writable): Promise<number> {
  let n = 0;
  if (format === 'jsonl') {
    for (const row of rows) {
      if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
      n++;
    }
    return n;
  }
  const csv = stringify(csvOptions(columns));
  csv.pipe(out, { end: false });
  for (const row of rows) {
    if (!csv.write(row)) await once(csv, 'drain');
    n++;
  }
  csv.end();
  await once(csv, 'end');
  return n;
}
