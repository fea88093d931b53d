/**
 * The cross-file index every svclog view queries: activities (joined across files, processes and
 * machines), transfers, message records and message pairs over a set of loaded svclog files.
 * Built once per set of files (`SvclogIndex.of`): the views, the summary and the clock-skew step
 * share it. Cheap queries live in queries.ts.
 */
import { buildActivities, type Activity, type ActivityIndex, type Transfer } from './activities';
import { ownFile, type SvclogFile } from '../file';
import type { WcfTraceFile } from '../../wcf-traces';
import { listMessages, messageInfo, pairableMessage, type MessageInfo, type MessageRef } from './messages';
import { pairMessages, type KeyIds, type MessagePair } from './pairs';

export interface EventRef {
  /** Slot of the file in `SvclogIndex.files`. */
  file: number;
  event: number;
}

/** The last index built over a set of files, kept with the set's first file (see SvclogIndex.of). */
const shared = new WeakMap<WcfTraceFile, SvclogIndex>();

export class SvclogIndex {
  /**
   * The index over exactly these files, built once: a load's views, its summary and the clock-skew
   * step ask for the same set, and building it is the main thread's largest step. Only the last set
   * per first file is kept, so a changing selection does not hold old indexes alive.
   */
  static of(files: readonly WcfTraceFile[]): SvclogIndex {
    const first = files[0];
    if (!first) return new SvclogIndex(files);
    const known = shared.get(first);
    if (known && known.files.length === files.length && known.files.every((f, i) => f === files[i])) return known;
    const index = new SvclogIndex(files);
    shared.set(first, index);
    return index;
  }

  readonly files: readonly WcfTraceFile[];
  /** The same files as the engine's own (its modules read their store). */
  private readonly own: readonly SvclogFile[];
  readonly pairs: MessagePair[];
  private readonly act: ActivityIndex;
  private readonly messageRefs: MessageRef[];
  private messageCache?: MessageInfo[];

  constructor(files: readonly WcfTraceFile[]) {
    this.files = files;
    const own = (this.own = files.map(ownFile));
    this.messageRefs = listMessages(own);
    this.act = buildActivities(own);
    this.pairs = pairMessages(
      this.messageRefs.map((r) => pairableMessage(own, r)),
      keyIds(own, this.messageRefs),
    );
  }

  /** Message records in time order (built on first access: pairing reads a lighter record). */
  get messages(): MessageInfo[] {
    this.messageCache ??= this.messageRefs.map((r) => messageInfo(this.own, r));
    return this.messageCache;
  }

  /** Activities (built on first access: loading needs only their count). */
  get activities(): Activity[] {
    return this.act.activities;
  }

  get activityCount(): number {
    return this.act.activityCount;
  }

  /** Transfers (built on first access). */
  get transfers(): Transfer[] {
    return this.act.transfers;
  }

  get transferCount(): number {
    return this.act.transferCount;
  }

  /** Activity index of an event. */
  activityOf(ref: EventRef): number {
    return this.act.activityOf[ref.file][ref.event];
  }

  /** Activity index of each event of the file in slot `file` (read-only). */
  activitiesOfFile(file: number): Int32Array {
    return this.act.activityOf[file];
  }

  /** Events of activity a, in file order. */
  eventsOf(a: number): EventRef[] {
    const out: EventRef[] = [];
    for (let k = this.act.memberStart[a]; k < this.act.memberStart[a + 1]; k++) out.push(this.toRef(this.act.members[k]));
    return out;
  }

  /** Slot of the file with this id, or -1. */
  fileSlot(fileId: string): number {
    return this.files.findIndex((f) => f.fileId === fileId);
  }

  /** Activities with this GUID (one when joined, one per process otherwise). */
  activitiesById(id: string): Activity[] {
    const key = id.replace(/^\{|\}$/g, '').toLowerCase();
    return this.activities.filter((a) => a.id.toLowerCase() === key);
  }

  private toRef(global: number): EventRef {
    const base = this.act.eventBase;
    let lo = 0;
    let hi = base.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (base[mid] <= global) lo = mid;
      else hi = mid - 1;
    }
    return { file: lo, event: global - base[lo] };
  }
}

/** Pairing keys as string ids, when the messages come from one file whose ids compare as strings (a split load's). */
function keyIds(files: readonly SvclogFile[], refs: readonly MessageRef[]): KeyIds | undefined {
  if (files.length !== 1 || files[0].data.uniqueStrings !== true) return undefined;
  const mc = files[0].data.messages;
  // A plain loop: TypedArray.from with a mapping function is several times slower.
  const column = (col: Uint32Array) => {
    const out = new Uint32Array(refs.length);
    for (let k = 0; k < refs.length; k++) out[k] = col[refs[k].message];
    return out;
  };
  return { correlationId: column(mc.correlationId), messageId: column(mc.messageId), relatesTo: column(mc.relatesTo), space: files[0].data.strings.length };
}
