/** CSV exports are safe to open in a spreadsheet (OWASP CSV injection); JSON Lines is untouched. */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeTabular } from '../../../electron/engine/export/tabular';

async function write(rows: Record<string, string | number>[], format: 'csv' | 'jsonl'): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeTabular(rows, ['text', 'n'], format, out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

describe('CSV formula neutralisation', () => {
  it('prefixes cells a spreadsheet would evaluate with a quote; numbers and JSON Lines are unchanged', async () => {
    const hostile = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1'];
    const rows = [...hostile.map((text) => ({ text, n: -351.5 })), { text: 'GET /orders', n: 7 }];
    const csv = parse(await write(rows, 'csv'), { columns: true }) as { text: string; n: string }[];
    expect(csv.map((r) => r.text)).toEqual([...hostile.map((h) => `'${h}`), 'GET /orders']);
    expect(csv.every((r) => r.n === '-351.5' || r.n === '7')).toBe(true);
    const jsonl = (await write(rows, 'jsonl')).trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl).toEqual(rows);
  });

  it('no string cell of a CSV export starts with a formula character (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 20 }), async (texts) => {
        const csv = parse(await write(texts.map((text) => ({ text, n: 1 })), 'csv'), { columns: true, relax_quotes: true }) as { text: string }[];
        for (const [i, r] of csv.entries()) {
          expect(r.text[0] === undefined || !'=+-@\t\r'.includes(r.text[0])).toBe(true);
          expect(r.text.replace(/^'(?=[=+\-@\t\r＝＋－＠])/, '')).toBe(texts[i]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
