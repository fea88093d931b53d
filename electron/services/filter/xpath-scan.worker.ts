/**
 * A parse worker's share of a custom (XPath) filter scan: the events of one byte range of one
 * file, read in large synchronous reads (this thread does nothing else) and tested with
 * xpath-filter.ts. Posts progress, then the matching events' mask.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { AppliedCustomFilter } from '../../../shared/channels/filter';
import type { TextEncoding } from '../../engine/encoding';
import { decodeRange } from '../../engine/svclog/queries/detail';
import { compileCustomFilter } from './xpath-filter';

export interface XPathScanRequest {
  path: string;
  encoding: TextEncoding;
  /** Byte ranges of the events to test, in file order. */
  starts: Float64Array;
  ends: Float64Array;
  filter: AppliedCustomFilter;
}

export type XPathScanMessage = { type: 'progress'; done: number; matches: number } | { type: 'done'; mask: Uint8Array; unreadable: number } | { type: 'error'; message: string };

const READ_BYTES = 4 << 20;

function scan(req: XPathScanRequest): void {
  const test = compileCustomFilter(req.filter);
  const n = req.starts.length;
  const mask = new Uint8Array(n);
  let unreadable = 0;
  let matches = 0;
  let last = Date.now();
  const fd = openSync(req.path, 'r');
  try {
    for (let i = 0; i < n; ) {
      let j = i + 1;
      while (j < n && req.ends[j] - req.starts[i] <= READ_BYTES) j++;
      const from = req.starts[i];
      const buf = Buffer.allocUnsafe(req.ends[j - 1] - from);
      const got = readSync(fd, buf, 0, buf.length, from);
      for (let k = i; k < j; k++) {
        const s = req.starts[k] - from;
        const e = req.ends[k] - from;
        const verdict = e > got ? 'unreadable' : test.test(decodeRange(buf.subarray(s, e), req.encoding));
        if (verdict === 'match') {
          mask[k] = 1;
          matches++;
        }
        else if (verdict === 'unreadable') unreadable++;
      }
      i = j;
      if (Date.now() - last > 200) {
        last = Date.now();
        parentPort!.postMessage({ type: 'progress', done: i, matches } satisfies XPathScanMessage);
      }
    }
  } finally {
    closeSync(fd);
  }
  parentPort!.postMessage({ type: 'done', mask, unreadable } satisfies XPathScanMessage, [mask.buffer]);
}

parentPort!.on('message', (req: XPathScanRequest) => {
  try {
    scan(req);
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies XPathScanMessage);
  }
});
