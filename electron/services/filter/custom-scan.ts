/**
 * The scan behind a custom (XPath) filter: every event's XML tested with xpath-filter.ts in the
 * pooled parse workers (xpath-scan.worker.ts; files split into jobs of 50,000 events, one worker
 * per core), with progress and cancel; its result — the matching events and how many could not be
 * evaluated — is cached per view and filter.
 */
import type { AppliedCustomFilter } from '../../../shared/channels/filter';
import { ServiceError } from '../errors';
import { customKey } from '../svclog-views/filter';
import type { ViewIndex } from '../svclog-views/view-index';
import { availableParallelism } from 'node:os';
import { runPooled } from '../../engine/worker-pool';
import { workerScript } from '../../engine/worker-script';
import { copyRows } from '../../engine/wcf-traces';
import type { XPathScanMessage, XPathScanRequest } from './xpath-scan.worker';

export interface CustomMask {
  /** 1 per global event that matches. */
  mask: Uint8Array;
  notes: string[];
}

/** A scan in flight: the matches found so far (filled as the workers report them). */
export interface LiveScan {
  mask: Uint8Array;
  /** Events scanned so far. */
  done: number;
}

export interface ScanProgress {
  name: string;
  done: number;
  total: number;
  /** Matching events found so far. */
  matches: number;
}

/** Events per worker job: a big file is split so both cores work on it. */
const JOB_EVENTS = 50_000;

interface Job {
  file: number;
  from: number;
  to: number;
}

/** Runs one job in a pooled parse worker; rejects when aborted (the worker is ended). */
function runJob(view: ViewIndex, job: Job, c: AppliedCustomFilter, signal: AbortSignal, onDone: (events: number, matches: number, hits?: Int32Array) => void): Promise<{ mask: Uint8Array; unreadable: number }> {
  const f = view.files[job.file];
  const ev = f.events;
  const req: XPathScanRequest = { path: f.path, encoding: f.encoding, starts: copyRows(ev.start, job.from, job.to), ends: copyRows(ev.end, job.from, job.to), filter: c };
  let reported = 0;
  let found = 0;
  return runPooled<XPathScanMessage, { mask: Uint8Array; unreadable: number }>(
    workerScript(new URL('./xpath-scan.worker.ts', import.meta.url)),
    undefined,
    req,
    signal,
    (m) => {
      if (m.type === 'progress') {
        onDone(m.done - reported, m.matches - found, m.hits);
        reported = m.done;
        found = m.matches;
        return undefined;
      }
      if (m.type === 'error') return { fail: new ServiceError('invalid-request', m.message) };
      let all = 0;
      for (let k = 0; k < m.mask.length; k++) all += m.mask[k];
      onDone(job.to - job.from - reported, all - found);
      return { done: m };
    },
    () => new ServiceError('cancelled', `The custom filter "${c.name}" was cancelled.`),
  );
}

/** Scans every event in the parse workers (as many at once as there are cores), with progress and cancel. */
async function scan(view: ViewIndex, c: AppliedCustomFilter, signal: AbortSignal, progress: (p: ScanProgress) => void, live: LiveScan): Promise<CustomMask> {
  // Imported on first use: the XML DOM and XPath libraries cost start-up time (the CLI's summary
  // bundle carries them) that only a custom filter needs.
  const { compileCustomFilter } = await import('./xpath-filter');
  compileCustomFilter(c); // a bad expression or a missing parameter is said before any worker starts
  const jobs: Job[] = [];
  view.files.forEach((f, file) => {
    for (let from = 0; from < f.recordCount; from += JOB_EVENTS) jobs.push({ file, from, to: Math.min(f.recordCount, from + JOB_EVENTS) });
  });
  const mask = live.mask;
  let unreadable = 0;
  let done = 0;
  let matches = 0;
  let last = 0;
  const report = (job: Job, n: number, m: number, hits?: Int32Array) => {
    done += n;
    matches += m;
    // Matches go into the live mask first: the progress event makes the views ask again and show them.
    if (hits) for (let k = 0; k < hits.length; k++) mask[view.base[job.file] + job.from + hits[k]] = 1;
    live.done = done;
    if (Date.now() - last > 200 || done === view.total || (m > 0 && matches === m)) {
      last = Date.now();
      progress({ name: c.name, done, total: view.total, matches });
    }
  };
  const inner = new AbortController();
  const stop = () => inner.abort();
  signal.addEventListener('abort', stop);
  try {
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const r = await runJob(view, job, c, inner.signal, (n, m, hits) => report(job, n, m, hits));
        mask.set(r.mask, view.base[job.file] + job.from);
        unreadable += r.unreadable;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), jobs.length)) }, lane)).catch((e: unknown) => {
      inner.abort(); // one lane failed: end the others' workers
      throw e;
    });
  } finally {
    signal.removeEventListener('abort', stop);
  }
  progress({ name: c.name, done: view.total, total: view.total, matches });
  const notes = unreadable ? [`The custom filter "${c.name}" could not evaluate ${unreadable.toLocaleString('en-US')} event(s) (XML that is not well-formed, has a DOCTYPE or is over 1 MiB); they are not shown.`] : [];
  return { mask, notes };
}

/** Scans in flight or done per filter, for one view (a rebuilt view gets a new cache). */
export class CustomScans {
  private readonly scans = new Map<string, Promise<CustomMask>>();
  private readonly live = new Map<string, LiveScan>();
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
      const live: LiveScan = { mask: new Uint8Array(this.view.total), done: 0 };
      this.live.set(key, live);
      p = scan(this.view, c, abort.signal, this.progress, live).finally(() => {
        this.running.delete(abort);
        this.live.delete(key);
      });
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

  /** The matches so far of a scan in flight, or undefined (not started, finished or failed). */
  scanning(c: AppliedCustomFilter): LiveScan | undefined {
    return this.live.get(customKey(c));
  }

  /** Stops every scan in flight (the status bar's Cancel). */
  cancel(): number {
    const n = this.running.size;
    for (const a of this.running) a.abort();
    return n;
  }
}
