/** CSV (RFC 4180, via csv-stringify) and JSON Lines writers, streaming: rows never pile up in memory. */
import { stringify } from 'csv-stringify';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportRow } from './trace-rows';

export type TabularFormat = 'csv' | 'jsonl';

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
  const csv = stringify({ header: true, columns: [...columns], cast: { number: (v) => String(v) } });
  csv.pipe(out, { end: false });
  for (const row of rows) {
    if (!csv.write(row)) await once(csv, 'drain');
    n++;
  }
  csv.end();
  await once(csv, 'end');
  return n;
}
