/** Messages between the main thread and the IIS parse worker. */
import type { ScanFormat } from './scanner';
import type { SharedRegion } from './shared-columns';
import type { IisFileData, RangeDicts } from './store';

export interface ParseRequest {
  path: string;
  format: ScanFormat;
  size: number;
  /** Byte range; a range not starting at 0 starts at a line start and finds its header block itself. */
  start: number;
  end: number;
  /** Shared columns to write the rows into (several ranges at once); absent: private columns. */
  region?: SharedRegion;
}

export type WorkerMessage =
  | { type: 'progress'; bytesRead: number; rows: number }
  | { type: 'done'; data: IisFileData; lines: number; dicts?: RangeDicts }
  /** The range cannot be indexed apart from the file's start (no #Fields before it, or rows without dates). */
  | { type: 'nosplit' }
  | { type: 'error'; message: string };

/** The distinct buffers behind a store's typed arrays, to transfer instead of copying (shared ones are shared anyway). */
export function transferList(d: IisFileData, dicts?: RangeDicts): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [d.timeMs, d.offset, d.line, d.block];
  for (const a of Object.values(d.num)) if (a) arrays.push(a);
  for (const c of Object.values(d.str)) if (c) arrays.push(c.ids);
  for (const c of Object.values(d.custom)) arrays.push(c.ids);
  for (const x of dicts ? [...Object.values(dicts.str), ...Object.values(dicts.custom)] : []) if (x) arrays.push(x.pool, x.starts, x.lens, x.hashes);
  const set = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) set.add(a.buffer);
  return [...set];
}
