/**
 * Reads every event's XML back from its byte range, in large reads, and tests it: the custom
 * (XPath) filters and Find's whole-XML, attribute and message searches with options run on this.
 * It awaits between reads (the main side keeps answering), reports progress and can be aborted.
 */
import { open } from 'node:fs/promises';
import { decodeRange } from '../../engine/svclog/queries/detail';
import type { ViewIndex } from '../svclog-views/view-index';

const READ_BYTES = 4 << 20;

export type EventVerdict = 'match' | 'no' | 'unreadable';

export interface EventScan {
  /** 1 per global event that matched. */
  mask: Uint8Array;
  /** Events whose XML could not be tested (unreadable bytes, or the test said so). */
  unreadable: number;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Called every 200 ms or so with events done of all. */
  progress?: (done: number, total: number) => void;
  /** Only these global events are read (others are skipped without reading). */
  only?: (g: number) => boolean;
  /** Thrown when the signal aborts. */
  abortError?: () => Error;
}

export async function scanEventXml(view: ViewIndex, test: (xml: string) => EventVerdict, o: ScanOptions = {}): Promise<EventScan> {
  const mask = new Uint8Array(view.total);
  let unreadable = 0;
  let done = 0;
  let lastReport = 0;
  for (let fi = 0; fi < view.files.length; fi++) {
    const f = view.files[fi];
    const ev = f.events;
    const n = f.recordCount;
    const base = view.base[fi];
    const handle = await open(f.path, 'r');
    try {
      for (let i = 0; i < n; ) {
        if (o.signal?.aborted) throw o.abortError?.() ?? new Error('The scan was cancelled.');
        // Skip events that are not asked for; then one read of whole events, about READ_BYTES long.
        if (o.only && !o.only(base + i)) {
          i++;
          done++;
          continue;
        }
        let j = i + 1;
        while (j < n && ev.end[j] - ev.start[i] <= READ_BYTES) j++;
        const from = ev.start[i];
        const buf = Buffer.allocUnsafe(ev.end[j - 1] - from);
        const { bytesRead } = await handle.read(buf, 0, buf.length, from);
        for (let k = i; k < j; k++) {
          if (o.only && !o.only(base + k)) continue;
          const s = ev.start[k] - from;
          const e = ev.end[k] - from;
          if (e > bytesRead) {
            unreadable++;
            continue;
          }
          const verdict = test(decodeRange(buf.subarray(s, e), f.encoding));
          if (verdict === 'match') mask[base + k] = 1;
          else if (verdict === 'unreadable') unreadable++;
        }
        done += j - i;
        i = j;
        if (Date.now() - lastReport > 200) {
          lastReport = Date.now();
          o.progress?.(done, view.total);
          await new Promise((r) => setImmediate(r));
        }
      }
    } finally {
      await handle.close();
    }
  }
  o.progress?.(view.total, view.total);
  return { mask, unreadable };
}
