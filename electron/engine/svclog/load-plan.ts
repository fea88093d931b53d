/**
 * How an svclog load is cut into parts for its workers (load.ts), in a module of its own that
 * imports no parser: the CLI reads it first thing to start a large trace's parse early
 * (early-parse.ts).
 */
import { availableParallelism } from 'node:os';
import type { TextEncoding } from '../encoding';
import type { ParseRequest } from './extraction/parse';

/** Files smaller than this are parsed on the calling thread (default of SvclogLoadOptions.inThreadBelow). */
export const IN_THREAD_BELOW = 1 << 20;
/** Files at least this big are split across workers (default of SvclogLoadOptions.splitAbove). */
export const SPLIT_ABOVE = 24 << 20;

/** What of SvclogLoadOptions the cut depends on. */
export interface PlanOptions {
  splitAbove?: number;
  parts?: number;
  chunkBytes?: number;
}

/** How many parts a large file is cut into: one per core, at most 8. */
export function defaultParts(): number {
  return Math.min(8, availableParallelism());
}

/** Cuts the file into byte ranges; UTF-16 cuts fall on code unit boundaries (even offsets past the BOM). */
export function planParts(size: number, encoding: TextEncoding, bomLength: number, path: string, opts: PlanOptions): ParseRequest[] {
  const split = size >= (opts.splitAbove ?? SPLIT_ABOVE);
  const n = split ? Math.max(1, opts.parts ?? defaultParts()) : 1;
  const unit = encoding === 'utf8' ? 1 : 2;
  const cut = (k: number) => bomLength + Math.floor(((size - bomLength) * k) / n / unit) * unit;
  const out: ParseRequest[] = [];
  for (let k = 0; k < n; k++) {
    const from = cut(k);
    const to = k === n - 1 ? Infinity : cut(k + 1);
    // The first part's tables get room for the whole file's rows: they become the merged tables (data.ts).
    const tableBytes = n > 1 && k === 0 ? size : undefined;
    out.push({ path, encoding, from, to, skipLeading: k > 0, chunkBytes: opts.chunkBytes, tableBytes });
  }
  return out;
}

/** The requests as posted to the workers: the parts of a split file are kept by their workers for placing. */
export function workerRequests(requests: readonly ParseRequest[]): ParseRequest[] {
  return requests.map((req) => ({ ...req, keepForPlacing: requests.length > 1 }));
}
