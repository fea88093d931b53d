/** The README's Parquet schema tables (Fleet scale) are the datasets the export writes, column for column. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../electron/engine/export/parquet';

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
const fleet = README.slice(README.indexOf('## Fleet scale'), README.indexOf('\n## ', README.indexOf('## Fleet scale') + 1));
const TYPE = { timestamp: 'TIMESTAMP (INT64 µs, UTC)', string: 'STRING', int32: 'INT32', int64: 'INT64', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;

describe('README Fleet scale schema', () => {
  it.each(DATASETS.map((d) => [d.name, d] as const))('lists %s with its columns, in order and with their types', (_name, d) => {
    const at = fleet.indexOf(`**\`${d.name}\`**`);
    expect(at, `no table for ${d.name}`).toBeGreaterThan(0);
    const rows = fleet
      .slice(at)
      .split('\n')
      .slice(1)
      .filter((l) => l.startsWith('| `'));
    const table = rows.slice(0, d.columns.length).map((l) => l.split(' | ').slice(0, 2).join(' | '));
    expect(table).toEqual(d.columns.map((c) => `| \`${c.name}\` | ${TYPE[c.kind]}`));
  });
});
