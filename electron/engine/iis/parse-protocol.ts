/** Messages between the main thread and the IIS parse worker. */
import type { ScanFormat } from './scanner';
import type { IisFileData } from './store';

export interface ParseRequest {
  path: string;
  format: ScanFormat;
  size: number;
  /** Byte range; a range not starting at 0 starts at a line start and finds its header block itself. */
  start: number;
  end: number;
}

export type WorkerMessage =
  | { type: 'progress'; bytesRead: number; rows: number }
  | { type: 'done'; data: IisFileData; lines: number }
  /** The range cannot be indexed apart from the file's start (no #Fields before it, or rows without dates). */
  | { type: 'nosplit' }
  | { type: 'error'; message: string };

/** The distinct buffers behind a store's typed arrays, to transfer instead of copying. */
export function transferList(d: IisFileData): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [d.timeMs, d.offset, d.line, d.block];
  for (const a of Object.values(d.num)) if (a) arrays.push(a);
  for (const c of Object.values(d.str)) if (c) arrays.push(c.ids);
  for (const c of Object.values(d.custom)) arrays.push(c.ids);
  const set = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) set.add(a.buffer);
  return [...set];
}
