/**
 * Which activity an (ActivityID, process) belongs to, across files: the root id and ids that
 * travelled in an ActivityId message header are one activity everywhere; other ids are one activity
 * per process. Ids are compared as strings, but through integer keys: one file whose string table
 * has no duplicates (what a split load's merge makes) uses its string ids as keys and never hashes
 * a string; otherwise each distinct id string of each file is looked up once.
 */
import type { SvclogFile } from '../file';

export const ROOT_ACTIVITY_ID = '00000000-0000-0000-0000-000000000000';

export class ActivityGroups {
  /** Keys are string ids of the only file (no string is hashed). */
  private readonly direct: boolean;
  private readonly keyOf: Int32Array[];
  private readonly byString = new Map<string, number>();
  private keys = 0;
  private readonly rootKey: number;
  /** Per key: 1 when the id was propagated in an ActivityId header. */
  private readonly propagated: Uint8Array;
  /** Per key: the activity + 1 of a root/propagated id, 0 before it exists (fresh memory, no fill). */
  private readonly joined: Int32Array;
  /** Per process key: id key → activity. */
  private readonly perProcess: Map<number, number>[] = [];
  private readonly procIndex = new Map<string, number>();

  constructor(private readonly files: readonly SvclogFile[]) {
    this.direct = files.length === 1 && files[0].data.uniqueStrings === true;
    // Keys number distinct strings (the root id may be in no file): this bounds them.
    const bound = files.reduce((n, f) => n + f.data.strings.length, 1);
    this.keyOf = files.map((f) => (this.direct ? new Int32Array(0) : new Int32Array(f.data.strings.length).fill(-1)));
    this.propagated = new Uint8Array(bound);
    this.joined = new Int32Array(bound);
    this.rootKey = this.direct ? files[0].data.strings.indexOf(ROOT_ACTIVITY_ID) : this.keyOfString(ROOT_ACTIVITY_ID);
    files.forEach((f, fi) => {
      const { activityHeader } = f.data.messages;
      for (let m = 0; m < f.data.messageCount; m++) {
        const h = activityHeader[m];
        if (h !== 0 && f.str(h) !== '') this.propagated[this.key(fi, h)] = 1;
      }
    });
  }

  /** True when keys are the only file's string ids (no string is hashed). */
  get isDirect(): boolean {
    return this.direct;
  }

  /** Per key (direct: per string id): 1 when the id is one activity everywhere (the root id, propagated ids). */
  joinedFlags(): Uint8Array {
    const flags = this.propagated.slice();
    if (this.rootKey >= 0) flags[this.rootKey] = 1;
    return flags;
  }

  /** Index of a process key ("computer|name (pid)"), the same for every file. */
  process(procKey: string): number {
    let p = this.procIndex.get(procKey);
    if (p === undefined) {
      this.procIndex.set(procKey, (p = this.perProcess.length));
      this.perProcess.push(new Map());
    }
    return p;
  }

  /** The activity of id `strId` of file `fi` seen in process `proc` (from process()), or -1. */
  get(fi: number, strId: number, proc: number): number {
    const k = this.key(fi, strId);
    return this.isJoined(k) ? this.joined[k] - 1 : (this.perProcess[proc].get(k) ?? -1);
  }

  set(fi: number, strId: number, proc: number, activity: number): void {
    const k = this.key(fi, strId);
    if (this.isJoined(k)) this.joined[k] = activity + 1;
    else this.perProcess[proc].set(k, activity);
  }

  private isJoined(k: number): boolean {
    return k === this.rootKey || this.propagated[k] === 1;
  }

  private key(fi: number, strId: number): number {
    if (this.direct) return strId;
    const cache = this.keyOf[fi];
    let k = cache[strId];
    if (k < 0) cache[strId] = k = this.keyOfString(this.files[fi].str(strId));
    return k;
  }

  private keyOfString(s: string): number {
    let k = this.byString.get(s);
    if (k === undefined) this.byString.set(s, (k = this.keys++));
    return k;
  }
}
