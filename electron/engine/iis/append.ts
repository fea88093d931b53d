/**
 * Follows a growing IIS W3C, native or HTTPERR log: only the complete lines after the last one read
 * are indexed (the engine's own `parseIisRange`, with the directives in force there as its
 * prelude), then merged after the rows already indexed, as the parallel load merges its ranges. A
 * half-written last line waits for its line break.
 */
import { open } from 'node:fs/promises';
import type { AppendTail, Appendable } from '../capabilities';
import type { Problem } from '../../../shared/model';
import { IisLogFile, type LogFormat } from './log-file';
import { appendRows } from './grow';
import { narrowColumns } from './narrow';
import { findPrelude, parseIisRange } from './parse-file';
import { withIds, type IisFileData, type StrColumn } from './store';

/** Where the follower is in the file: the end of the last complete line and the lines before it. */
export interface IisCursor {
  completeEnd: number;
  lines: number;
  /** The directives in force at `completeEnd` (found once; then only appended bytes are searched for new ones). */
  prelude?: string[];
  /** The line start `prelude` was found for. */
  preludeAt?: number;
}

export type IisAppend =
  | { kind: 'none' }
  | { kind: 'grown'; file: IisLogFile; cursor: IisCursor; added: number }
  /** The rows cannot be read apart from the file's start (see `reason`): read the whole file again. */
  | { kind: 'reload'; reason: string };

const CHUNK = 1 << 16;

/** Offset just past the last line break before `size` (`from` when there is none after `from`). */
export async function lastLineEnd(path: string, from: number, size: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let end = size; end > from; end -= CHUNK) {
      const start = Math.max(from, end - CHUNK);
      const { bytesRead } = await fh.read(buf, 0, end - start, start);
      const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (nl >= 0) return start + nl + 1;
    }
    return from;
  } finally {
    await fh.close();
  }
}

/** Line breaks in [0, end): the line number the next range starts after. */
async function countLines(path: string, end: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let at = 0; at < end; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - at), at);
      if (bytesRead === 0) break;
      for (let p = buf.indexOf(0x0a); p >= 0 && p < bytesRead; p = buf.indexOf(0x0a, p + 1)) lines++;
      at += bytesRead;
    }
    return lines;
  } finally {
    await fh.close();
  }
}

/** Whether a problem is of the first `lines` lines (of the bytes before `end` where it names no line). */
const before = (p: Problem, lines: number, end: number): boolean => (p.line !== undefined ? p.line <= lines : p.offset === undefined || p.offset < end);

/** The first `rows` rows of `data` (views, no copy) and the problems of its first `lines` lines: a load that ended inside a half-written last line. */
function firstRows(data: IisFileData, rows: number, end: number, lines: number): IisFileData {
  const cut = <T extends { subarray(a: number, b: number): T }>(a: T) => a.subarray(0, rows);
  const str = (c: StrColumn): StrColumn => withIds(c, c.ids.subarray(0, rows));
  const mapValues = <V, W>(o: Partial<Record<string, V>>, f: (v: V) => W) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as V)]));
  const problems = data.problems.filter((p) => before(p, lines, end));
  return {
    ...data,
    rows,
    timeMs: cut(data.timeMs),
    offset: cut(data.offset),
    line: cut(data.line),
    block: cut(data.block),
    num: mapValues(data.num, cut),
    str: mapValues(data.str, str),
    custom: mapValues(data.custom, str) as Record<string, StrColumn>,
    problems,
    problemCount: data.problemCount - (data.problems.length - problems.length),
  };
}

/**
 * The cursor of a file just loaded from `loadedSize` bytes: a half-written last row (the writer was
 * mid-line) is dropped, to be read whole later.
 */
export async function cursorAfterLoad(file: IisLogFile, loadedSize: number): Promise<{ file: IisLogFile; cursor: IisCursor } | { reason: string }> {
  const data = file.table.data;
  const completeEnd = await lastLineEnd(file.path, 0, loadedSize);
  let rows = data.rows;
  while (rows > 0 && data.offset[rows - 1] >= completeEnd) rows--;
  const lines = await countLines(file.path, completeEnd);
  // The half-written last line is dropped, to be read whole later: a row, or a directive the writer
  // is still writing (caught just after its "#", or inside its value), with any problem the load
  // reported of it. A file without a single line break is not being written line by line: read whole.
  const dropped = data.rows - rows;
  if (completeEnd < loadedSize && (dropped > 1 || completeEnd === 0)) return { reason: 'its last line was half-written and not a request row' };
  const cut = dropped > 0 || data.problems.some((p) => !before(p, lines, completeEnd));
  const kept = cut ? new IisLogFile(file.format as LogFormat, file.fileId, file.path, firstRows(data, rows, completeEnd, lines)) : file;
  return { file: kept, cursor: { completeEnd, lines } };
}

/** Indexes the complete lines appended after `cursor` (the file is now `size` bytes). */
export async function appendIis(file: IisLogFile, cursor: IisCursor, size: number): Promise<IisAppend> {
  const data = file.table.data;
  if (data.encoding) return { kind: 'reload', reason: 'it is UTF-16, which is read from its start' };
  const end = await lastLineEnd(file.path, cursor.completeEnd, size);
  if (end <= cursor.completeEnd) return { kind: 'none' };
  const format = file.format as LogFormat;
  let prelude: string[] | undefined;
  let fields: string[] | undefined;
  if (format !== 'iis-native') {
    const userFields = file.fieldNames?.source === 'yours' ? file.fieldNames.names : undefined;
    // A log of hundreds of MB was searched backwards to its #Fields on every append: only new bytes are now.
    const found = cursor.completeEnd > 0 ? (findPrelude(file.path, cursor.completeEnd, cursor.prelude ? (cursor.preludeAt ?? 0) : 0) ?? cursor.prelude ?? null) : null;
    if (found) {
      const names = found.at(-1)!.toLowerCase().split(/\s+/);
      // Rows dated by #Date roll over midnight by the rows before them.
      if (!names.includes('date') && !names.includes('date-local')) return { kind: 'reload', reason: 'its rows take their date from #Date' };
      prelude = found;
    } else if (userFields) fields = [...userFields];
    else if (cursor.completeEnd > 0) return { kind: 'reload', reason: 'its fields were guessed, not given by a #Fields line' };
  }
  const part = parseIisRange(file.path, format, { size: end, start: cursor.completeEnd, end, prelude, fields });
  // The rows read before are not copied: the columns grow in place (grow.ts).
  const merged = data.rows > 0 || cursor.completeEnd > 0 ? appendRows(data, part.data, cursor.lines) : narrowColumns(part.data);
  return {
    kind: 'grown',
    file: new IisLogFile(format, file.fileId, file.path, merged, file.lineage),
    cursor: { completeEnd: end, lines: cursor.lines + part.lines, prelude, preludeAt: prelude ? cursor.completeEnd : undefined },
    added: part.data.rows,
  };
}

/** The `append` capability of a W3C, native or HTTPERR log (UTF-16 logs are read again whole). */
export const iisAppendable = (file: IisLogFile): Appendable | undefined =>
  file.table.data.encoding
    ? undefined
    : {
        async start(loadedSize) {
          const c = await cursorAfterLoad(file, loadedSize);
          if (!('cursor' in c)) return undefined;
          const tail = (current: IisLogFile, cursor: IisCursor): AppendTail => ({
            file: current,
            async append(size) {
              const r = await appendIis(current, cursor, size);
              return r.kind === 'grown' ? { kind: 'grown', tail: tail(r.file, r.cursor), added: r.added, size: r.cursor.completeEnd } : r;
            },
          });
          return tail(c.file, c.cursor);
        },
      };
