/** Partition paths from untrusted machine names and times: always one safe path segment, never a way out of the dataset folder. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { dayOf, partitionName, PartitionedDataset, type DatasetSpec } from '../../electron/engine/export/parquet';

describe('partition names', () => {
  it('keeps ordinary names and makes anything else path-safe', () => {
    expect(partitionName('WEB01')).toBe('WEB01');
    expect(partitionName('web01.contoso.com')).toBe('web01.contoso.com');
    expect(partitionName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(partitionName('a/b\\c:d*e?f"g<h>i|j k')).toBe('a_b_c_d_e_f_g_h_i_j_k');
    expect(partitionName('')).toBe('_unknown');
    expect(partitionName('..')).toBe('_unknown');
    expect(partitionName('Ünïcödé\u0000\u202e')).toBe('_n_c_d___');
    expect(partitionName('x'.repeat(500))).toHaveLength(100);
  });

  it('puts a time on its UTC day, and a missing time on "unknown"', () => {
    expect(dayOf(Date.UTC(2026, 10, 20, 23, 59, 59, 999) * 1000)).toBe('2026-11-20');
    expect(dayOf(Date.UTC(2026, 10, 21) * 1000)).toBe('2026-11-21');
    expect(dayOf(NaN)).toBe('unknown');
    expect(dayOf(1e20)).toBe('unknown');
  });

  it('writes hostile names inside the dataset folder, one part file per partition', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-partitions-'));
    const spec: DatasetSpec = { name: 'things', doc: '', columns: [{ name: 'n', kind: 'int64', doc: '' }] };
    const set = new PartitionedDataset(dir, spec, 'test');
    set.add('2026-11-20', '../../outside', [1]);
    set.add('2026-11-20', '', [2]);
    set.close();
    expect(readdirSync(dir)).toEqual(['things']);
    expect(readdirSync(join(dir, 'things', 'day=2026-11-20')).sort()).toEqual(['machine=.._.._outside', 'machine=_unknown']);
    expect(readdirSync(join(dir, 'things', 'day=2026-11-20', 'machine=_unknown'))).toEqual(['part-0.parquet']);
    expect(set.written).toBe(2);
  });
});

describe('a dataset closed and written to again', () => {
  it('goes on numbering its part files instead of overwriting them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-partitions-'));
    const spec: DatasetSpec = { name: 'things', doc: '', columns: [{ name: 'n', kind: 'int64', doc: '' }] };
    const set = new PartitionedDataset(dir, spec, 'test');
    set.add('2026-11-20', 'WEB01', [1]);
    set.close();
    set.add('2026-11-20', 'WEB01', [2]);
    set.close();
    expect(readdirSync(join(dir, 'things', 'day=2026-11-20', 'machine=WEB01')).sort()).toEqual(['part-0.parquet', 'part-1.parquet']);
  });
});

describe('row groups', () => {
  it('are cut by what the rows weigh, so long texts are never buffered by the thousands; every row is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-partitions-'));
    const spec: DatasetSpec = { name: 'events', doc: '', columns: [{ name: 'n', kind: 'int64', doc: '' }, { name: 'text', kind: 'string', doc: '' }] };
    const set = new PartitionedDataset(dir, spec, 'test');
    // 3,000 rows of 5,000 characters (15 MB of text) and 3,000 short ones.
    for (let n = 0; n < 3000; n++) set.add('2026-11-20', 'WEB01', [n, `${n} ${'x'.repeat(5000)}`]);
    for (let n = 0; n < 3000; n++) set.add('2026-11-20', 'WEB02', [n, String(n)]);
    set.close();
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const read = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
    const file = (m: string) => join(dir, 'events', 'day=2026-11-20', `machine=${m}`, 'part-0.parquet');
    const groups = async (m: string) => (await read(`SELECT max(row_group_id) + 1 AS g, max(row_group_num_rows) AS most FROM parquet_metadata('${file(m)}')`))[0];
    const long = await groups('WEB01');
    expect(long.g).toBeGreaterThanOrEqual(4);
    expect(long.most).toBeLessThan(1000);
    expect(await groups('WEB02')).toEqual({ g: 1, most: 3000 });
    expect(await read(`SELECT count(*) AS c, sum(n) AS s, min(length(text)) AS shortest FROM '${file('WEB01')}'`)).toEqual([{ c: 3000, s: (2999 * 3000) / 2, shortest: 5002 }]);
    db.closeSync();
  });
});
