/**
 * What the STV views query, built once per set of visible svclog files on top of the engine's
 * SvclogIndex: every event gets a global number (file slot base + event) and flat typed columns
 * over those numbers (file, activity, level class, time rank, process, host, source), so filters,
 * sorting and paging are loops over typed arrays rather than object walks. A build for files that
 * grew by live follow starts from the previous build (`grownFrom`): its per-event columns are
 * copied and only the new events are read; its time orders are extended, not sorted again.
 */
import type { ActivityType, FilterLevel } from '../../../shared/channels/svclog';
import { FILTER_LEVELS } from '../../../shared/filter-levels';
import { SvclogIndex } from '../../engine/svclog';
import type { WcfTraceFile } from '../../engine/wcf-traces';
import { activityType } from './activity-type';
import { mergeRuns } from '../run-merge';
import { mergeFresh } from '../follow/grown-order';

/** Position of each filter level in FILTER_LEVELS: the per-event level class. */
export const LEVEL_CLASS: Readonly<Record<FilterLevel, number>> = Object.fromEntries(FILTER_LEVELS.map((l, i) => [l, i])) as Record<FilterLevel, number>;
const BOUNDARY_SUBTYPES = new Set(['Start', 'Stop', 'Transfer', 'Suspend', 'Resume']);

/** A table of distinct strings with a global id per event (hosts, processes, sources). */
export interface Dictionary {
  names: string[];
  /** Global event → id in `names`. */
  of: Int32Array;
}

/** Per activity: first and last displayed time (and tick) of its traces. */
export interface ActivityTimes {
  firstUs: Float64Array;
  firstTick: Uint8Array;
  lastUs: Float64Array;
  lastTick: Uint8Array;
}

/** What one set of clock offsets makes of the times: displayed times, their order and ranks, activity spans. */
interface Timing {
  key: string;
  /** Clock offset (µs) per host id. */
  shift: Float64Array;
  timeUs: Float64Array;
  order: Int32Array;
  rank: Int32Array;
  activityTimes: ActivityTimes;
}

/** Timings kept for switching back (Raw and Adjusted, and one more): 16 bytes per event each (raw times are shared). */
const TIMINGS_KEPT = 3;

/** The previous build of files that grew since: its orders are extended by the new events (until the clock's first say). */
interface Inherited {
  timings: readonly Timing[];
  fileOf: Int32Array;
  /** Per file: global number of its event 0 before, and how many events it had. */
  base: Int32Array;
  kept: Int32Array;
}

export class ViewIndex {
  readonly index: SvclogIndex;
  readonly files: readonly WcfTraceFile[];
  /** Global event number of each file's event 0; `base[files.length]` is the total. */
  readonly base: Int32Array;
  readonly total: number;
  readonly fileOf: Int32Array;
  readonly activityOf: Int32Array;
  /** FILTER_LEVELS index per event. */
  readonly levelClass: Uint8Array;
  /** Displayed time: raw time less the host's clock offset (see applyOffsets). */
  timeUs: Float64Array;
  /** Time as written by the event's own computer. */
  readonly rawTimeUs: Float64Array;
  readonly tick: Uint8Array;
  /** Global events in displayed-time order (time, 100 ns tick, file, event) and each event's position in it. */
  order!: Int32Array;
  rank!: Int32Array;
  /** Per activity: first and last displayed time (and tick) of its traces. */
  activityTimes!: ActivityTimes;
  /** The timings (times, order, ranks, spans) of the last few clock offsets, the current one first. */
  private timings: Timing[] = [];
  private inherited?: Inherited;
  /** Whether this build started from the previous one (followed files grew): its events were copied, not read again. */
  readonly extended: boolean;
  /** Whether the next applyOffsets may still use `inherited` (the clock's first, after the constructor's raw one). */
  private keepInherited = false;
  /** Clock offset (µs) of each host id in `hosts.names`, as last applied. */
  hostOffsetUs: Float64Array = new Float64Array(0);
  readonly hosts: Dictionary;
  readonly processes: Dictionary;
  readonly sources: Dictionary;
  readonly activityTypes: ActivityType[];
  /** Transfer trace (global event) → target activity. */
  readonly transferTo = new Map<number, number>();

  constructor(
    files: readonly WcfTraceFile[],
    /** Build number, echoed in every answer so the renderer can tell stale activity indexes. */
    readonly version: number,
    /**
     * The previous build when each file is the same or grew from its file there (live follow; the
     * caller checks), with at least its events: only the new events are read.
     */
    grownFrom?: ViewIndex,
  ) {
    this.files = files;
    this.index = SvclogIndex.of(files);
    this.base = new Int32Array(files.length + 1);
    files.forEach((f, i) => (this.base[i + 1] = this.base[i] + f.recordCount));
    const n = (this.total = this.base[files.length]);
    this.fileOf = new Int32Array(n);
    this.activityOf = new Int32Array(n);
    this.levelClass = new Uint8Array(n);
    this.rawTimeUs = new Float64Array(n);
    const tick = (this.tick = new Uint8Array(n));
    const prev = grownFrom && grownFrom.files.length === files.length && files.every((f, i) => f.recordCount >= grownFrom.countOf(i)) ? grownFrom : undefined;
    this.extended = prev !== undefined;
    // Names keep their ids from the previous build: its per-event ids are copied as they are.
    const dictionary = (d: Dictionary | undefined): Dictionary => ({ names: d ? [...d.names] : [], of: new Int32Array(n) });
    this.hosts = dictionary(prev?.hosts);
    this.processes = dictionary(prev?.processes);
    this.sources = dictionary(prev?.sources);
    const idsOf = (d: Dictionary) => new Map(d.names.map((name, id) => [name, id]));
    const hostIds = idsOf(this.hosts);
    const procIds = idsOf(this.processes);
    const sourceIds = idsOf(this.sources);
    const intern = (d: Dictionary, ids: Map<string, number>, name: string) => {
      let id = ids.get(name);
      if (id === undefined) ids.set(name, (id = d.names.push(name) - 1));
      return id;
    };
    files.forEach((f, fi) => {
      const ev = f.events;
      const b = this.base[fi];
      const count = f.recordCount;
      this.fileOf.fill(fi, b, b + count);
      this.activityOf.set(this.index.activitiesOfFile(fi).subarray(0, count), b);
      this.rawTimeUs.set(ev.timeUs.subarray(0, count), b);
      tick.set(ev.tick.subarray(0, count), b);
      // Per-file caches indexed by the file's string ids and process numbers (processes()): no
      // string work and no allocation per event (a million events made a million keys before).
      const strings = f.strings.length;
      const hostOfStr = new Int32Array(strings).fill(-1);
      const sourceOfStr = new Int32Array(strings).fill(-1);
      const boundary = new Int8Array(strings).fill(-1);
      const procs = f.processes();
      const procOf = Int32Array.from(procs.first, (j) => {
        const host = f.str(ev.computer[j]);
        return intern(this.processes, procIds, host ? `${f.processLabel(j)} on ${host}` : f.processLabel(j));
      });
      // Events the previous build read are copied; the loop reads the new ones.
      const kept = prev ? prev.countOf(fi) : 0;
      if (kept > 0) {
        const pb = prev!.base[fi];
        for (const [to, from] of [
          [this.levelClass, prev!.levelClass],
          [this.hosts.of, prev!.hosts.of],
          [this.sources.of, prev!.sources.of],
          [this.processes.of, prev!.processes.of],
        ] as const)
          to.set(from.subarray(pb, pb + kept) as never, b);
      }
      for (let i = kept; i < count; i++) {
        const g = b + i;
        const sub = ev.subType[i];
        if (boundary[sub] < 0) boundary[sub] = BOUNDARY_SUBTYPES.has(f.str(sub)) ? 1 : 0;
        this.levelClass[g] = boundary[sub] === 1 || ev.level[i] === 255 ? LEVEL_CLASS.boundaries : levelClassOf(ev.level[i]);
        const c = ev.computer[i];
        if (hostOfStr[c] < 0) hostOfStr[c] = intern(this.hosts, hostIds, f.str(c));
        this.hosts.of[g] = hostOfStr[c];
        const src = ev.source[i];
        if (sourceOfStr[src] < 0) sourceOfStr[src] = intern(this.sources, sourceIds, f.str(src));
        this.sources.of[g] = sourceOfStr[src];
        this.processes.of[g] = procOf[procs.of[i]];
      }
    });
    this.timeUs = this.rawTimeUs;
    if (prev) this.inherited = { timings: prev.timings, fileOf: prev.fileOf, base: prev.base, kept: Int32Array.from(files, (_, i) => prev.countOf(i)) };
    this.keepInherited = true;
    this.applyOffsets(new Map());
    // The clock's offsets come next (views.ts applyClock): they may extend an inherited timing too.
    this.keepInherited = true;
    this.activityTypes = this.index.activities.map((a) => activityType(a.name, a.isRoot));
    for (const tr of this.index.transfers) if (tr.to >= 0) this.transferTo.set(this.base[tr.file] + tr.event, tr.to);
  }

  /**
   * Shifts every event by its computer's clock offset (adjusted = raw − offset; none in raw mode)
   * and rebuilds the time order, ranks and activity spans: filters, sorting and paging then work
   * in displayed time across hosts. Cheap next to a rebuild: the index itself is untouched.
   */
  applyOffsets(offsetsUs: ReadonlyMap<string, number>): void {
    const kept = this.timingOf(offsetsUs);
    if (!this.keepInherited) this.inherited = undefined;
    this.keepInherited = false;
    // Raw and Adjusted back and forth: the timing of the last few offsets is kept, a switch back is a lookup.
    this.timings = [kept, ...this.timings.filter((k) => k !== kept)];
    this.use(kept);
  }

  /**
   * Runs `fn` with the view timed by `offsetsUs` and puts the current timing back: what another
   * clock mode will show is prepared while the user looks (the graph), not when they switch.
   * Synchronous, so no request ever sees the borrowed timing.
   */
  withOffsets<T>(offsetsUs: ReadonlyMap<string, number>, fn: () => T): T {
    const current = { key: this.hostOffsetUs.join(','), shift: this.hostOffsetUs, timeUs: this.timeUs, order: this.order, rank: this.rank, activityTimes: this.activityTimes };
    this.use(this.timingOf(offsetsUs));
    try {
      return fn();
    } finally {
      this.use(current);
    }
  }

  private use(t: Timing): void {
    ({ timeUs: this.timeUs, order: this.order, rank: this.rank, activityTimes: this.activityTimes, shift: this.hostOffsetUs } = t);
  }

  /**
   * The timing of `offsetsUs`: a kept one, or made (and kept, after the current one) without applying
   * it. When followed files grew, the previous build's order under the same offsets is extended.
   */
  private timingOf(offsetsUs: ReadonlyMap<string, number>): Timing {
    const n = this.total;
    const shift = Float64Array.from(this.hosts.names, (h) => offsetsUs.get(h) ?? 0);
    const key = shift.join(',');
    const kept = this.timings.find((k) => k.key === key);
    if (kept) return kept;
    const t = shift.some((o) => o !== 0) ? new Float64Array(n) : this.rawTimeUs;
    if (t !== this.rawTimeUs) for (let g = 0; g < n; g++) t[g] = this.rawTimeUs[g] - shift[this.hosts.of[g]];
    const tick = this.tick;
    const grown = this.inherited && this.grownOrder(this.inherited, key, t, tick);
    const order = grown || new Int32Array(n);
    if (!grown) for (let g = 0; g < n; g++) order[g] = g;
    // One file written in time order (the usual case) is in order already: a check instead of a
    // sort. Shifted by clock offsets, each computer's events in each file still are: merge those.
    if (!grown && !inTimeOrder(t, tick, n)) {
      const hosts = this.hosts.names.length;
      const runOf = new Int32Array(n);
      for (let g = 0; g < n; g++) runOf[g] = this.fileOf[g] * hosts + this.hosts.of[g];
      const merged = mergeRuns(n, runOf, this.files.length * hosts, t, tick);
      if (merged) order.set(merged);
      else order.sort((a, b) => t[a] - t[b] || tick[a] - tick[b] || a - b);
    }
    const rank = new Int32Array(n);
    for (let r = 0; r < n; r++) rank[order[r]] = r;
    const acts = this.index.activities.length;
    const span: ActivityTimes = { firstUs: new Float64Array(acts).fill(NaN), firstTick: new Uint8Array(acts), lastUs: new Float64Array(acts), lastTick: new Uint8Array(acts) };
    for (let r = 0; r < n; r++) {
      const g = order[r];
      const a = this.activityOf[g];
      if (Number.isNaN(span.firstUs[a])) {
        span.firstUs[a] = t[g];
        span.firstTick[a] = tick[g];
      }
      span.lastUs[a] = t[g];
      span.lastTick[a] = tick[g];
    }
    const made: Timing = { key, shift, timeUs: t, order, rank, activityTimes: span };
    // The current timing stays first; the oldest other one goes.
    this.timings = [...this.timings.slice(0, 1), made, ...this.timings.slice(1)].slice(0, TIMINGS_KEPT);
    return made;
  }

  /** Events of file slot `fi`. */
  countOf(fi: number): number {
    return this.base[fi + 1] - this.base[fi];
  }

  /**
   * The time order of the previous build under the same offsets, renumbered, with the new events
   * merged in (follow/grown-order.ts); null when it has none or a new time is NaN.
   */
  private grownOrder(from: Inherited, key: string, t: Float64Array, tick: Uint8Array): Int32Array | null {
    const old = from.timings.find((k) => k.key === key)?.order;
    if (!old) return null;
    const shiftOf = Int32Array.from(from.kept, (_, fi) => this.base[fi] - from.base[fi]);
    // Only files after one that grew are renumbered (none when the last file grew, or the only one).
    let mapped = old;
    if (shiftOf.some((d) => d !== 0)) {
      mapped = new Int32Array(old.length);
      for (let r = 0; r < old.length; r++) mapped[r] = old[r] + shiftOf[from.fileOf[old[r]]];
    }
    const fresh = new Int32Array(this.total - old.length);
    let k = 0;
    for (let fi = 0; fi < this.files.length; fi++) for (let g = this.base[fi] + from.kept[fi]; g < this.base[fi + 1]; g++) fresh[k++] = g;
    for (const g of fresh) if (Number.isNaN(t[g])) return null;
    return mergeFresh(mapped, fresh, (a, b) => t[a] < t[b] || (t[a] === t[b] && (tick[a] < tick[b] || (tick[a] === tick[b] && a < b))));
  }

  /** Clock offset (µs) applied to global event g. */
  offsetOf(g: number): number {
    return this.hostOffsetUs[this.hosts.of[g]];
  }

  global(fileId: string, index: number): number {
    const slot = this.index.fileSlot(fileId);
    if (slot < 0 || index >= this.files[slot].recordCount) return -1;
    return this.base[slot] + index;
  }

  eventOf(g: number): { file: WcfTraceFile; event: number } {
    const fi = this.fileOf[g];
    return { file: this.files[fi], event: g - this.base[fi] };
  }

  /** Global events of activity `a` (in file order). */
  *membersOf(a: number): Generator<number> {
    for (const ref of this.index.eventsOf(a)) yield this.base[ref.file] + ref.event;
  }

  /** Sorts global event numbers into time order, in place and without a comparator. */
  sortByTime(events: Int32Array): Int32Array {
    for (let i = 0; i < events.length; i++) events[i] = this.rank[events[i]];
    events.sort();
    for (let i = 0; i < events.length; i++) events[i] = this.order[events[i]];
    return events;
  }
}

/** True when events 0…n-1 are already ordered by (time, tick, number): then the sort would leave them as they are. */
function inTimeOrder(t: Float64Array, tick: Uint8Array, n: number): boolean {
  for (let g = 1; g < n; g++) {
    // NaN times fail both tests: such files take the sort, as before.
    if (!(t[g] > t[g - 1] || (t[g] === t[g - 1] && tick[g] >= tick[g - 1]))) return false;
  }
  return true;
}

function levelClassOf(level: number): number {
  switch (level) {
    case 1:
      return LEVEL_CLASS.critical;
    case 2:
      return LEVEL_CLASS.error;
    case 4:
      return LEVEL_CLASS.warning;
    case 16:
      return LEVEL_CLASS.verbose;
    default:
      return LEVEL_CLASS.info;
  }
}
