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

/** Progress carries the matches found since the last message (job-relative), so the views can show them while the scan runs. */
export type XPathScanMessage = { type: 'progress'; done: number; matches: number; hits: Int32Array } | { type: 'done'; mask: Uint8Array; unreadable: number } | { type: 'error'; message: string };

const READ_BYTES = 4 << 20;
/** Matches and progress are posted at least this often. */
const REPORT_MS = 200;

/**
 * Test hook (end-to-end tests only): pause this many ms after every 100 events, so a scan of a
 * small file lasts long enough to see its first matches on screen before it ends.
 */
const PAUSE_MS = Math.min(1000, Number(process.env.TRACELENS_TEST_SCAN_PAUSE_MS) || 0);
const PER_READ = PAUSE_MS ? 100 : Infinity;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function scan(req: XPathScanRequest): void {
  const test = compileCustomFilter(req.filter);
  const n = req.starts.length;
  const mask = new Uint8Array(n);
  let unreadable = 0;
  let matches = 0;
  let last = Date.now();
  let hits: number[] = [];
  const post = (done: number) => {
    last = Date.now();
    const h = Int32Array.from(hits);
    hits = [];
    parentPort!.postMessage({ type: 'progress', done, matches, hits: h } satisfies XPathScanMessage, [h.buffer]);
  };
  const fd = openSync(req.path, 'r');
  let reused = Buffer.alloc(0);
  try {
    for (let i = 0; i < n; ) {
      let j = i + 1;
      while (j < n && j - i < PER_READ && req.ends[j] - req.starts[i] <= READ_BYTES) j++;
      const from = req.starts[i];
      // One buffer for all reads (a new 4 MiB buffer per read cost as much in GC as the tree building).
      const size = req.ends[j - 1] - from;
      if (size > reused.length) reused = Buffer.allocUnsafe(Math.max(size, READ_BYTES));
      const buf = reused.subarray(0, size);
      const got = readSync(fd, buf, 0, size, from);
      const before = matches;
      const judge = (k: number, bytes: Buffer) => {
        const verdict = test.test(decodeRange(bytes, req.encoding));
        if (verdict === 'match') {
          mask[k] = 1;
          matches++;
          hits.push(k);
        } else if (verdict === 'unreadable') unreadable++;
      };
      // Events cut short by the read (the file shrank) are not evaluated.
      let whole = j;
      while (whole > i && req.ends[whole - 1] - from > got) whole--;
      unreadable += j - whole;
      const rs = new Float64Array(whole - i);
      const re = new Float64Array(whole - i);
      for (let k = i; k < whole; k++) {
        rs[k - i] = req.starts[k] - from;
        re[k - i] = req.ends[k] - from;
      }
      // Raw bytes first: an event without the expression's names and literals is never decoded.
      const list = test.candidates(buf, rs, re, req.encoding);
      if (list) for (const c of list) judge(i + c, buf.subarray(rs[c], re[c]));
      else
        for (let c = 0; c < rs.length; c++) {
          const bytes = buf.subarray(rs[c], re[c]);
          if (!test.cannotMatch(bytes, req.encoding)) judge(i + c, bytes);
        }
      i = j;
      if (PAUSE_MS) pause(PAUSE_MS);
      // The first matches go out at once; then every REPORT_MS.
      if ((before === 0 && matches > 0) || Date.now() - last > REPORT_MS) post(i);
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
