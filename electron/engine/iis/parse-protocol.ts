/** Messages between the main thread and the IIS parse worker. */
import type { ScanFormat } from './scanner';
import type { SharedRegion } from './shared-columns';
import type { IisFileData, RangeDicts } from './store';
import type { ColumnStats } from './narrow';

export interface ParseRequest {
  path: string;
  format: ScanFormat;
  size: number;
  /** Byte range; a range not starting at 0 starts at a line start and finds its header block itself. */
  start: number;
  end: number;
  /** Shared columns to write the rows into (several ranges at once); absent: private columns. */
  region?: SharedRegion;
  /** The user's field names for a log without usable #Fields (only with a single range from 0). */
  fields?: readonly string[];
}

export type WorkerMessage =
  | { type: 'progress'; bytesRead: number; rows: number }
  | { type: 'done'; data: IisFileData; lines: number; dicts?: RangeDicts; stats?: ColumnStats }
  /** The range cannot be indexed apart from the file's start (no #Fields before it, or rows without dates). */
  | { type: 'nosplit' }
  | { type: 'error'; message: string };
