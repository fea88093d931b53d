/**
 * A loaded W3C / native / HTTPERR log as the rest of the app sees it (LoadedFile), over its table.
 */
import type { Problem, RecordDetail, RecordLevel, RecordRow, FieldNames } from '../../../shared/model';
import { formatTimeUs } from '../../../shared/time';
import type { Capabilities } from '../capabilities';
import type { LoadedFile } from '../types';
import { logCapabilities } from './capabilities';
import { readLine } from './line-reader';
import type { IisFileData } from './store';
import { IisTable, lineValues } from './table';
import { fileSummary } from './summary';

export type LogFormat = 'iis-w3c' | 'iis-native' | 'httperr';

export function levelOfStatus(status: number | undefined): RecordLevel {
  if (status === undefined) return 'verbose';
  if (status >= 500) return 'error';
  if (status >= 400) return 'warning';
  return 'info';
}

/** "503.2", "200" (substatus 0 or absent is not shown), "" without a status. */
export function statusText(status: number | undefined, sub: number | undefined): string {
  if (status === undefined) return '';
  return sub ? `${status}.${sub}` : String(status);
}

export class IisLogFile implements LoadedFile {
  readonly table: IisTable;
  readonly problems: readonly Problem[];
  readonly lineage: object;
  /** True for a log a live follow grew (its rows' tallies are kept and extended, not counted again). */
  readonly grown: boolean;
  private summaryCache?: Readonly<Record<string, unknown>>;
  private capabilities?: Capabilities;

  constructor(
    readonly format: LogFormat,
    readonly fileId: string,
    readonly path: string,
    data: IisFileData,
    /**
     * Given for a log a live follow grew from another (append.ts): that log's lineage. The same
     * object for a loaded log and every log grown from it, whose first rows are the same rows,
     * unchanged, so what was tallied of them stays true (services/iis-views/tallies.ts).
     */
    lineage?: object,
  ) {
    this.lineage = lineage ?? {};
    this.grown = lineage !== undefined;
    this.table = new IisTable(path, data);
    const problems = [...data.problems];
    const more = data.problemCount - data.problems.length;
    if (more > 0) problems.push({ severity: 'warning', message: `…and ${more} more warnings like these (not listed).` });
    if (data.rows === 0) problems.unshift({ severity: 'warning', message: 'No request rows were read from it: it holds only directives (#Software, #Fields…) or lines that are not rows.' });
    if (data.localTime) problems.unshift({ severity: 'warning', message: 'Times in this file are server-local time (date-local/time-local or the native format); they are shown as if they were UTC.' });
    this.problems = problems;
  }

  get recordCount(): number {
    return this.table.rows;
  }

  /** The first header block whose fields were guessed or given by the user, if any. */
  get fieldNames(): FieldNames | undefined {
    const b = this.table.data.blocks.find((x) => x.guessed || x.source);
    return b && !b.native ? { names: [...b.fields], source: b.source ?? 'guessed' } : undefined;
  }

  get summary(): Readonly<Record<string, unknown>> {
    return (this.summaryCache ??= fileSummary(this));
  }

  get provides(): Capabilities {
    return (this.capabilities ??= logCapabilities(this));
  }

  /** µs UTC; a row without a valid time takes the last valid time before it (so merging stays ordered). */
  timeUs(i: number): number {
    const t = this.table.data.timeMs;
    for (let k = i; k >= 0 && k > i - 10_000; k--) if (!Number.isNaN(t.at(k))) return t.at(k) * 1000;
    return 0;
  }

  row(i: number): RecordRow {
    const t = this.table;
    const status = t.num('status', i);
    const stem = t.str('stem', i);
    const query = t.str('query', i);
    const kind =
      this.format === 'httperr'
        ? t.str('reason', i) || statusText(status, undefined)
        : [t.str('method', i), statusText(status, t.num('substatus', i))].filter(Boolean).join(' ');
    return {
      fileId: this.fileId,
      index: i,
      timeUs: this.timeUs(i),
      level: levelOfStatus(status),
      kind,
      source: t.str('site', i),
      host: t.server(i),
      process: '',
      text: query ? `${stem}?${query}` : stem,
    };
  }

  async detail(i: number): Promise<RecordDetail> {
    const t = this.table;
    const d = t.data;
    const block = d.blocks[d.block[i]];
    const raw = await readLine(this.path, d.offset[i], d.encoding);
    const values = lineValues(raw, block);
    const row = this.row(i);
    const fields = [
      Number.isNaN(d.timeMs.at(i)) ? { name: 'Time (UTC)', value: '(no valid time)' } : { name: 'Time (UTC)', value: formatTimeUs(d.timeMs.at(i) * 1000, { zone: 'UTC' }), timeUs: d.timeMs.at(i) * 1000 },
      { name: 'Line', value: String(t.line(i)) },
      { name: 'Byte offset', value: String(d.offset[i]) },
      ...(block.software ? [{ name: 'Software', value: block.software }] : []),
      ...(block.guessed ? [{ name: 'Fields', value: 'guessed (the file has no #Fields directive)' }] : []),
      ...values,
    ];
    return {
      fileId: this.fileId,
      index: i,
      title: `${row.kind} ${row.text}`.trim(),
      fields,
      tree: { name: 'request', children: values.map((v) => ({ name: v.name, value: v.value })) },
      raw: raw.toString('utf8'),
    };
  }
}
