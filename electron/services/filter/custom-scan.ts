/**
 * The scan behind a custom (XPath) filter: every event of every svclog file is read back from
 * its byte range, in large reads, and tested with xpath-filter.ts. The scan awaits between
 * reads (the main side keeps answering), reports progress, can be cancelled, and its result —
 * the matching events and how many could not be evaluated — is cached per view and filter.
 */
import { open } from 'node:fs/promises';
import type { AppliedCustomFilter } from '../../../shared/channels/filter';
import { decodeRange } from '../../engine/svclog/detail';
import { ServiceError } from '../errors';
import { customKey } from '../svclog-views/filter';
import type { ViewIndex } from '../svclog-views/view-index';
import { compileCustomFilter } from './xpath-filter';

const READ_BYTES = 4 << 20;

export interface CustomMask {
  /** 1 per global event that matches. */
  mask: Uint8Array;
  notes: string[];
}

export interface ScanProgress {
  name: string;
  done: number;
  total: number;
}

async function scan(view: ViewIndex, c: AppliedCustomFilter, signal: AbortSignal, progress: (p: ScanProgress) => void): Promise<CustomMask> {
  const xpath = compileCustomFilter(c);
  const mask = new Uint8Array(view.total);
  let unreadable = 0;
  let done = 0;
  let lastReport = 0;
  for (let fi = 0; fi < view.files.length; fi++) {
    const f = view.files[fi];
    const ev = f.data.events;
    const n = f.recordCount;
    const handle = await open(f.path, 'r');
    try {
      for (let i = 0; i < n; ) {
        if (signal.aborted) throw new ServiceError('cancelled', `The custom filter "${c.name}" was cancelled.`);
        // A read of whole events, about READ_BYTES long (one event when it is larger).
        let j = i + 1;
        while (j < n && ev.end[j] - ev.start[i] <= READ_BYTES) j++;
        const from = ev.start[i];
        const buf = Buffer.allocUnsafe(ev.end[j - 1] - from);
        const { bytesRead } = await handle.read(buf, 0, buf.length, from);
        for (let k = i; k < j; k++) {
          const s = ev.start[k] - from;
          const e = ev.end[k] - from;
          if (e > bytesRead) {
            unreadable++;
            continue;
          }
          const verdict = xpath.test(decodeRange(buf.subarray(s, e), f.encoding));
          if (verdict === 'match') mask[view.base[fi] + k] = 1;
          else if (verdict === 'unreadable') unreadable++;
        }
        done += j - i;
        i = j;
        if (Date.now() - lastReport > 200) {
          lastReport = Date.now();
          progress({ name: c.name, done, total: view.total });
          await new Promise((r) => setImmediate(r));
        }
      }
    } finally {
      await handle.close();
    }
  }
  progress({ name: c.name, done: view.total, total: view.total });
  const notes = unreadable ? [`The custom filter "${c.name}" could not evaluate ${unreadable.toLocaleString('en-US')} event(s) (XML that is not well-formed, has a DOCTYPE or is over 1 MiB); they are not shown.`] : [];
  return { mask, notes };
}

/** Scans in flight or done per filter, for one view (a rebuilt view gets a new cache). */
export class CustomScans {
  private readonly scans = new Map<string, Promise<CustomMask>>();
  private readonly done = new Map<string, CustomMask>();
  private readonly running = new Set<AbortController>();

  constructor(
    private readonly view: ViewIndex,
    private readonly progress: (p: ScanProgress) => void,
  ) {}

  /** The filter's matching events, scanning once (concurrent callers share the scan). */
  get(c: AppliedCustomFilter): Promise<CustomMask> {
    const key = customKey(c);
    let p = this.scans.get(key);
    if (!p) {
      const abort = new AbortController();
      this.running.add(abort);
      p = scan(this.view, c, abort.signal, this.progress).finally(() => this.running.delete(abort));
      // A failed or cancelled scan is not kept: applying the filter again starts a new one.
      p.then(
        (m) => this.done.set(key, m),
        () => this.scans.delete(key),
      );
      this.scans.set(key, p);
    }
    return p;
  }

  /** A finished scan's result, or undefined. */
  finished(c: AppliedCustomFilter): CustomMask | undefined {
    return this.done.get(customKey(c));
  }

  /** Stops every scan in flight (the status bar's Cancel). */
  cancel(): number {
    const n = this.running.size;
    for (const a of this.running) a.abort();
    return n;
  }
}
