/**
 * The scan behind a custom (XPath) filter: every event's XML (event-scan.ts) tested with
 * xpath-filter.ts, with progress and cancel; its result —
 * the matching events and how many could not be evaluated — is cached per view and filter.
 */
import type { AppliedCustomFilter } from '../../../shared/channels/filter';
import { ServiceError } from '../errors';
import { customKey } from '../svclog-views/filter';
import type { ViewIndex } from '../svclog-views/view-index';
import { scanEventXml } from './event-scan';
import { compileCustomFilter } from './xpath-filter';

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
  const { mask, unreadable } = await scanEventXml(view, (xml) => xpath.test(xml), {
    signal,
    progress: (done, total) => progress({ name: c.name, done, total }),
    abortError: () => new ServiceError('cancelled', `The custom filter "${c.name}" was cancelled.`),
  });
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
