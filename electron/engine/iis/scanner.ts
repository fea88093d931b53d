/**
 * The byte-level line scanner for W3C extended logs (IIS, FTP, Azure App Service, HTTP.sys error
 * logs) and the IIS native comma-separated format. It fills a ColumnBuilder one line at a time
 * and never throws on content: bad values become empty and a warning with the line number.
 */
import { fieldNames, stripDirectiveComment } from './directive';
import { digits, parseDirectiveDate, parseIsoDate, parseTimeOfDay, parseUsDate, MS_PER_DAY } from './dates';
import { GUESS_SETS, NATIVE_FIELDS, nativeRole, roleOf, type NumCol, type Role } from './fields';
import { fieldLineWithoutPrefix, guessFields, guessFieldsFromLines } from './guess';
import { ColumnBuilder, WIDE_ID, type HeaderBlock, type NumArray, type StrBuilder } from './store';
import type { Interner } from '../interning';
import { RowBatch } from './row-batch';
import { KernelStop, type RowKernel } from './row-kernel';
import { Kind, LastDate, NO_VALUE, Scan, scanFields } from './row-scan';
import { Spans, isDash, splitNative, splitW3c, trimEnd } from './split';

export type ScanFormat = 'iis-w3c' | 'httperr' | 'iis-native';

const LF = 0x0a;
const HASH = 0x23;
const QMARK = 0x3f;
const SIX_HOURS = 6 * 3600_000;
/** How much of a headerless file the field guess reads (its first lines). */
const GUESS_SAMPLE_BYTES = 64 << 10;

type StrTarget = StrBuilder;

/** How the current header block's values map to columns. */
interface Plan {
  block: HeaderBlock;
  blockIndex: number;
  kinds: Uint8Array;
  numCols: (NumCol | null)[];
  /** Each numeric field's column, in the array of its type (the other is null): monomorphic stores. */
  /** Per field: its numeric column's current array (re-fetched when a column grows or widens). */
  nums: (NumArray | null)[];
  strs: (StrTarget | null)[];
  /** The interner of each string field (null for other fields), for scanFields. */
  dicts: (Interner | null)[];
  /** Indices of the string and URI fields and of the numeric fields (for flush). */
  strFields: number[];
  numFields: number[];
  /** The last date and the last time field (-1: none): those give a row's time. */
  dateField: number;
  timeField: number;
  /** Rows can be batched (see RowBatch): W3C, and no two fields fill the same string column. */
  batchable: boolean;
  stem: StrTarget | null;
  query: StrTarget | null;
  hasDate: boolean;
  hasTime: boolean;
  /** Midnight of the block's #Date (ms), moved on when a time-only log passes midnight. */
  dayMs: number;
  lastTod: number;
  /** For a field set guessed from values: the set's name. */
  guessName?: string;
}

const decoder = new TextDecoder();

export class IisScanner {
  private plan: Plan | null = null;
  private readonly spans = new Spans();
  /** Directives seen since the last #Fields (they belong to the next block). */
  private pending: { software?: string; dateMs?: number } = {};
  private lineNo = 0;
  private readonly lastDate = new LastDate();
  /** Rows of the current plan waiting to be stored (null: the plan's rows are stored one by one). */
  private batch: RowBatch | null = null;
  /** True when `batch` is in the kernel's memory (then the kernel fills it from its chunk buffer). */
  private kernelBatch = false;
  private capacitySeen: number;
  private readonly fallbacks = new Map<string, Plan | null>();
  /** True until the first data line under the user's fields (a prefix-less field line there is skipped). */
  private userFieldsPending = false;
  /** End of the bytes `feed` was given: a headerless file's guess reads the lines after its first. */
  private feedEnd = 0;

  /** `kernel`: the WebAssembly row kernel whose chunk buffer the caller feeds (null: JavaScript only). */
  constructor(
    private readonly b: ColumnBuilder,
    private readonly format: ScanFormat,
    private readonly kernel: RowKernel | null = null,
  ) {
    this.capacitySeen = b.capacity;
  }

  /** Rows in the builder so far. */
  get rows(): number {
    return this.b.rows;
  }

  /**
   * Indexes the complete lines of buf[s, e); `base` is the file offset of buf[0]. Returns where the
   * unfinished last line starts (or e when `final`, which treats the rest as a line).
   */
  feed(buf: Uint8Array, s: number, e: number, base: number, final: boolean): number {
    let p = s;
    this.feedEnd = e;
    const kernel = this.kernel !== null && this.kernel.owns(buf) ? this.kernel : null;
    while (p < e) {
      if (kernel !== null && this.kernelBatch) {
        // The kernel takes the ordinary lines; the one it stops at (if any) goes the way below.
        const batch = this.batch!;
        const plan = this.plan!;
        p = kernel.scan(batch, p, e, final, base, this.lineNo, plan.kinds, plan.dicts, this.lastDate);
        this.lineNo += kernel.lines;
        if (kernel.stop === KernelStop.Full) {
          this.flush(buf);
          continue;
        }
        if (kernel.stop === KernelStop.End) break;
      }
      let nl = buf.indexOf(LF, p);
      if (nl < 0 || nl >= e) {
        if (!final) break;
        nl = e;
      }
      this.lineNo++;
      const le = trimEnd(buf, p, nl);
      if (le > p) {
        if (buf[p] !== HASH) this.row(buf, p, le, base + p);
        else {
          this.flush(buf);
          this.directive(buf, p, le);
        }
      }
      p = nl + 1;
    }
    // The caller reuses buf for the next chunk.
    this.flush(buf);
    return Math.min(p, e);
  }

  /**
   * Directive lines that precede this scanner's byte range (a range parsed apart from the start of
   * the file): they set up the header block without being counted as lines of this range.
   */
  prelude(lines: readonly string[]): void {
    const b = this.b;
    const [dl, hb, ln] = [b.directiveLines, b.headerBlocks, this.lineNo];
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      this.directive(bytes, 0, trimEnd(bytes, 0, bytes.length));
    }
    b.directiveLines = dl;
    b.headerBlocks = hb;
    this.lineNo = ln;
  }

  /** The user's field names, in force until a #Fields directive (a headerless file whose guess was wrong). */
  userFields(fields: readonly string[]): void {
    this.startBlock({ fields: [...fields], line: 0, source: 'yours', ...this.pending });
    this.pending = {};
    this.userFieldsPending = true;
  }

  /** Lines seen so far (to number the lines of a range parsed after this one). */
  get lines(): number {
    return this.lineNo;
  }

  /** True when rows of the current block get their date from the row (a range split is then safe). */
  get blockHasDate(): boolean {
    return this.plan?.hasDate ?? false;
  }

  private directive(buf: Uint8Array, s: number, e: number): void {
    this.b.directiveLines++;
    const text = decoder.decode(buf.subarray(s + 1, e));
    const colon = text.indexOf(':');
    if (colon < 0) return; // a plain comment ("# Bad IP 1")
    const name = text.slice(0, colon).trim().toLowerCase();
    // "#Version: 1.0   // the log file version…": comments after whitespace are not part of the value.
    const value = stripDirectiveComment(text.slice(colon + 1)).trim();
    if (name === 'software') this.pending.software = value;
    else if (name === 'date' || name === 'start-date') {
      const ms = parseDirectiveDate(value);
      if (Number.isFinite(ms)) this.pending.dateMs = ms;
      else this.b.warn(`Line ${this.lineNo}: #${text.slice(0, colon)} "${value}" is not a date.`, this.lineNo, 0);
    } else if (name === 'fields') {
      this.b.headerBlocks++;
      const fields = fieldNames(value);
      this.startBlock({ fields, ...this.pending, line: this.lineNo });
      this.pending = {};
    }
  }

  private startBlock(block: HeaderBlock): void {
    const plan = (this.plan = this.addBlock(block));
    const n = plan.kinds.length;
    if (!plan.batchable) this.batch = null;
    else if (this.batch?.fields !== n) {
      const inKernel = this.kernel?.batch(n) ?? null;
      this.batch = inKernel ?? new RowBatch(n);
      this.kernelBatch = inKernel !== null;
    }
    if (this.batch === null) this.kernelBatch = false;
  }

  private addBlock(block: HeaderBlock): Plan {
    const b = this.b;
    const index = b.blocks.length;
    b.blocks.push(block);
    const roles: Role[] = block.fields.map((f) => (block.native ? nativeRole(f) : roleOf(f)));
    const hasUtc = roles.some((r) => (r.kind === 'date' || r.kind === 'time') && !r.local);
    const n = roles.length;
    const plan: Plan = {
      block,
      blockIndex: index,
      kinds: new Uint8Array(n),
      numCols: new Array(n).fill(null),
      nums: new Array(n).fill(null),
      strs: new Array(n).fill(null),
      dicts: [],
      strFields: [],
      numFields: [],
      dateField: -1,
      timeField: -1,
      batchable: false,
      stem: null,
      query: null,
      hasDate: false,
      hasTime: false,
      dayMs: block.dateMs === undefined ? NaN : Math.floor(block.dateMs / MS_PER_DAY) * MS_PER_DAY,
      lastTod: -1,
    };
    roles.forEach((r, k) => {
      switch (r.kind) {
        case 'date':
        case 'time':
          // With UTC date/time present, the local ones are only shown in the detail.
          if (r.local && hasUtc) break;
          if (r.local) b.localTime = true;
          plan.kinds[k] = r.kind === 'date' ? Kind.Date : Kind.Time;
          if (r.kind === 'date') plan.hasDate = true;
          else plan.hasTime = true;
          break;
        case 'nativeDate':
          plan.kinds[k] = Kind.NativeDate;
          plan.hasDate = true;
          b.localTime = true;
          break;
        case 'num':
          plan.kinds[k] = Kind.Num;
          plan.numCols[k] = r.col;
          break;
        case 'str':
          plan.kinds[k] = Kind.Str;
          plan.strs[k] = b.strCol(r.col);
          break;
        case 'uri':
          plan.kinds[k] = Kind.Uri;
          plan.stem = b.strCol('stem');
          plan.query = b.strCol('query');
          break;
        case 'custom':
          plan.kinds[k] = Kind.Str;
          plan.strs[k] = b.customCol(r.name);
          break;
      }
    });
    plan.dicts = Array.from(plan.kinds, (kind, k) => (kind === Kind.Str ? plan.strs[k]!.interner : null));
    const targets: StrTarget[] = [];
    plan.kinds.forEach((kind, k) => {
      if (kind === Kind.Str || kind === Kind.Uri) plan.strFields.push(k);
      if (kind === Kind.Str) targets.push(plan.strs[k]!);
      else if (kind === Kind.Uri) targets.push(plan.stem!, plan.query!);
      else if (kind === Kind.Num) plan.numFields.push(k);
      else if (kind === Kind.Date) plan.dateField = k;
      else if (kind === Kind.Time) plan.timeField = k;
    });
    // Column by column would change the order in which one column's values are interned; a line
    // of more values than a line's spans hold is not split fast either (and a batch stays small).
    plan.batchable = !block.native && n <= this.spans.capacity && new Set(targets).size === targets.length;
    this.fetchNums(plan);
    return plan;
  }

  /** Numeric columns are re-fetched after the builder grows (growing replaces the arrays). */
  private refreshNums(): void {
    for (const plan of [this.plan, ...this.fallbacks.values()]) if (plan) this.fetchNums(plan);
    this.capacitySeen = this.b.capacity;
  }

  /** Widens column `col` to hold `v` (see ColumnBuilder.widenNum); every plan then reads the new array. */
  private widenNum(col: NumCol, v: number): NumArray {
    const a = this.b.widenNum(col, v);
    this.refreshNums();
    return a;
  }

  private fetchNums(plan: Plan): void {
    for (let k = 0; k < plan.numCols.length; k++) {
      const col = plan.numCols[k];
      plan.nums[k] = col ? this.b.numCol(col) : null;
    }
  }

  /**
   * A row whose value count does not match #Fields (a field list that does not fit the rows, rows
   * from another configuration): when its values fit a standard field set, read it that way
   * rather than by position. Plans are kept per header block and set.
   */
  private fallbackPlan(buf: Uint8Array, s: number, e: number, n: number): Plan | null {
    const current = this.plan!;
    const key = `${current.blockIndex}:${n}`;
    if (this.fallbacks.has(key)) return this.fallbacks.get(key)!;
    const g = guessFields(decoder.decode(buf.subarray(s, e)));
    let plan: Plan | null = null;
    if (g && g.fields.length === n) {
      plan = this.addBlock({ fields: [...g.fields], line: this.lineNo, guessed: true, dateMs: current.block.dateMs, software: current.block.software });
      plan.guessName = g.name;
    }
    this.fallbacks.set(key, plan);
    return plan;
  }

  /**
   * First data line without a #Fields before it: the field set is guessed over the lines that
   * follow in the buffer (a damaged first row does not decide it). Returns true when the line was
   * itself the field list, its "#Fields: " prefix lost.
   */
  private guessBlock(buf: Uint8Array, s: number, e: number): boolean {
    if (this.format === 'iis-native') {
      this.startBlock({ fields: [...NATIVE_FIELDS], line: 0, native: true, ...this.pending });
      return false;
    }
    // Bounded: a hostile first line may be megabytes long (the guess then falls back).
    const sample = decoder.decode(buf.subarray(s, Math.min(Math.max(e, this.feedEnd), s + GUESS_SAMPLE_BYTES))).split(/\r?\n/);
    const g = this.format === 'iis-w3c' ? guessFieldsFromLines(sample) : null;
    const set = g ?? guessFields(sample[0]) ?? GUESS_SETS.find((x) => x.format === this.format) ?? GUESS_SETS[0];
    this.startBlock({ fields: [...set.fields], line: g?.fieldLine ? this.lineNo : 0, ...(g?.fieldLine ? { source: 'field line' as const } : { guessed: true }), ...this.pending });
    this.pending = {};
    const hint = 'If a name is wrong, correct the fields in the files pane.';
    if (g?.fieldLine) {
      this.b.headerBlocks++;
      this.b.warn(`Line ${this.lineNo}: a field list without its "#Fields: " prefix; it was read as the fields (${set.fields.join(' ')}). ${hint}`, this.lineNo, 0);
      return true;
    }
    const custom = g && g.custom.length ? ` The last ${g.custom.length === 1 ? 'field is' : `${g.custom.length} fields are`} custom, named after ${g.custom.length === 1 ? 'its values' : 'their values'}: ${g.custom.join(', ')}.` : '';
    this.b.warn(
      `Line ${this.lineNo}: no #Fields directive, so the fields were guessed from the values (${set.name}: ${set.fields.join(' ')}).${custom} ${hint}`,
      this.lineNo,
      0,
    );
    return false;
  }

  private row(buf: Uint8Array, s: number, e: number, offset: number): void {
    if (!this.plan && this.guessBlock(buf, s, e)) return;
    if (this.userFieldsPending) {
      this.userFieldsPending = false;
      if (fieldLineWithoutPrefix(decoder.decode(buf.subarray(s, e)))) return;
    }
    const plan = this.plan!;
    const dv = this.spans.viewOf(buf);
    const batch = this.batch;
    if (batch) {
      const r = batch.rows;
      if (scanFields(buf, dv, s, e, batch, r, plan.kinds, plan.dicts, this.lastDate) === Scan.Parsed) {
        batch.offsets[r] = offset;
        batch.lines[r] = this.lineNo;
        batch.rows = r + 1;
        if (batch.full) this.flush(buf);
        return;
      }
      this.flush(buf);
    }
    const b = this.b;
    const i = b.rows;
    if (i >= b.capacity) b.ensure(i + 1);
    if (b.capacity !== this.capacitySeen) this.refreshNums();
    const split = !plan.block.native && plan.kinds.length <= this.spans.capacity && scanFields(buf, dv, s, e, this.spans, 0, plan.kinds, plan.dicts, this.lastDate) !== Scan.NotSplit;
    b.block[i] = plan.blockIndex; // storeValues may read the row by another plan
    b.timeMs[i] = this.storeValues(plan, buf, s, e, offset, i, split);
    b.offset[i] = offset;
    b.line[i] = this.lineNo;
    b.rows = i + 1;
  }

  /**
   * Stores the batched rows column by column (see RowBatch). They were parsed whole, so no value
   * can be bad; each column's values are interned in row order, as one by one.
   */
  private flush(buf: Uint8Array): void {
    const batch = this.batch;
    if (!batch || batch.rows === 0) return;
    const plan = this.plan!;
    const n = batch.rows;
    const b = this.b;
    const i0 = b.rows;
    if (i0 + n > b.capacity) b.ensure(i0 + n);
    if (b.capacity !== this.capacitySeen) this.refreshNums();
    // Counted first: a column that widens while being filled keeps the rows written so far.
    b.rows = i0 + n;
    batch.rows = 0;
    const dv = this.spans.viewOf(buf);
    const { stride, starts, ends, hashes, values } = batch;
    // The kernel interns whole columns of its batch into the dictionaries it holds.
    const kernel = this.kernel !== null && this.kernelBatch && this.kernel.owns(buf) ? this.kernel : null;
    for (const k of plan.strFields) {
      const t = plan.strs[k];
      if (kernel !== null && t !== null && kernel.holds(t.interner)) {
        const top = kernel.internColumn(t.interner, k, n);
        if (top >= WIDE_ID && t.ids.BYTES_PER_ELEMENT === 2) b.widen(t);
        t.ids.set(kernel.ids.subarray(k * stride, k * stride + n), i0);
        continue;
      }
      for (let r = 0, at = k * stride; r < n; r++, at++) {
        const vs = starts[at];
        const ve = ends[at];
        if (ve === vs || isDash(buf, vs, ve)) continue;
        if (t === null) this.putUri(plan, i0 + r, buf, vs, ve);
        else this.putId(t, i0 + r, t.interner.internHashed(buf, dv, vs, ve - vs, hashes[at]));
      }
    }
    b.fillNums(i0 + n);
    for (const k of plan.numFields) {
      let a = plan.nums[k]!;
      for (let r = 0, at = k * stride; r < n; r++, at++) {
        const v = values[at];
        if (v === NO_VALUE) continue;
        a[i0 + r] = v;
        // Read back: a value the column's type cannot hold came back changed.
        if (a[i0 + r] !== v) (a = this.widenNum(plan.numCols[k]!, v))[i0 + r] = v;
      }
    }
    const dateAt = plan.dateField * stride;
    const timeAt = plan.timeField * stride;
    const times = b.timeMs;
    if (plan.hasDate && plan.hasTime && dateAt >= 0 && timeAt >= 0) {
      // rowTime's usual case inline (date + time; NaN stays NaN): a call per row boxes its numbers.
      for (let r = 0; r < n; r++) times[i0 + r] = values[dateAt + r] + values[timeAt + r];
    } else {
      for (let r = 0; r < n; r++) times[i0 + r] = this.rowTime(plan, dateAt < 0 ? NaN : values[dateAt + r], timeAt < 0 ? NaN : values[timeAt + r]);
    }
    b.offset.set(batch.offsets.subarray(0, n), i0);
    b.line.set(batch.lines.subarray(0, n), i0);
    b.block.fill(plan.blockIndex, i0, i0 + n);
  }

  /**
   * Row i of any other line: split here unless scanFields did (`split`: then its ranges, hashes
   * and parsed values are used), matched to the fields, bad values reported. Returns the row's time.
   */
  private storeValues(plan: Plan, buf: Uint8Array, s: number, e: number, offset: number, i: number, split: boolean): number {
    const b = this.b;
    const spans = this.spans;
    let nf = plan.kinds.length;
    let n = nf;
    if (split) {
      // scanFields split the line: its hashes and parsed values (NaN: not parsed) hold.
    } else if (plan.block.native) n = splitNative(buf, s, e, spans);
    else {
      n = splitW3c(buf, s, e, spans, false);
      // Padded columns (several spaces between values) rather than empty values: try collapsing.
      if (n !== nf && splitW3c(buf, s, e, spans, true) !== nf) n = splitW3c(buf, s, e, spans, false);
      else n = spans.count;
    }
    if (n !== nf) {
      const fb = plan.block.native ? null : this.fallbackPlan(buf, s, e, n);
      if (fb) {
        b.warn(
          `Line ${this.lineNo}: ${n} values but the fields list ${nf}; the values fit the standard field set "${fb.guessName}", so they were read as that.`,
          this.lineNo,
          offset,
        );
        plan = fb;
        nf = n;
        b.block[i] = fb.blockIndex;
      } else {
        b.warn(
          `Line ${this.lineNo}: ${n} values but the fields list ${nf}; values were matched by position${n < nf ? ' and the missing ones left empty' : ', the extra ones are only in the detail'}.`,
          this.lineNo,
          offset,
        );
      }
    }
    // After the plan is settled: a fallback plan may just have made its numeric columns.
    b.fillNums(i + 1);
    const m = Math.min(n, nf, spans.capacity);
    const starts = spans.starts;
    const ends = spans.ends;
    const kinds = plan.kinds;
    const hashes = spans.hashes;
    const values = spans.values;
    const dv = spans.viewOf(buf);
    let day = NaN;
    let tod = NaN;
    let badTime = false;
    for (let k = 0; k < m; k++) {
      const vs = starts[k];
      const ve = ends[k];
      switch (kinds[k]) {
        case Kind.Skip:
          break;
        case Kind.Num: {
          let v = split ? values[k] : NaN;
          if (Number.isNaN(v)) {
            v = ve === vs || isDash(buf, vs, ve) ? NO_VALUE : digits(buf, vs, ve);
            if (Number.isNaN(v)) this.badValue(plan.block.fields[k], buf, vs, ve, 'is not a number', offset);
          }
          // No value: the column already holds NO_NUM.
          if (v === NO_VALUE || Number.isNaN(v)) break;
          const a = plan.nums[k]!;
          a[i] = v;
          if (a[i] !== v) this.widenNum(plan.numCols[k]!, v)[i] = v;
          break;
        }
        case Kind.Str:
          if (ve !== vs && !isDash(buf, vs, ve)) {
            const t = plan.strs[k]!;
            this.putId(t, i, split ? t.interner.internHashed(buf, dv, vs, ve - vs, hashes[k]) : t.interner.intern(buf, vs, ve));
          }
          break;
        case Kind.Date: {
          if (split && !Number.isNaN(values[k])) {
            day = values[k];
            break;
          }
          if (ve === vs || isDash(buf, vs, ve)) break;
          day = this.isoDate(buf, dv, vs, ve);
          if (Number.isNaN(day)) {
            badTime = true;
            this.badValue(plan.block.fields[k], buf, vs, ve, 'is not a valid date', offset);
          }
          break;
        }
        case Kind.NativeDate:
          day = parseUsDate(buf, vs, ve);
          if (Number.isNaN(day)) {
            badTime = true;
            this.badValue('date', buf, vs, ve, 'is not a valid date', offset);
          }
          break;
        case Kind.Time: {
          if (split && !Number.isNaN(values[k])) {
            tod = values[k];
            break;
          }
          if (ve === vs || isDash(buf, vs, ve)) break;
          tod = parseTimeOfDay(buf, vs, ve);
          if (Number.isNaN(tod)) {
            badTime = true;
            this.badValue(plan.block.fields[k], buf, vs, ve, 'is not a valid time', offset);
          }
          break;
        }
        case Kind.Uri:
          if (ve !== vs && !isDash(buf, vs, ve)) this.putUri(plan, i, buf, vs, ve);
          break;
      }
    }
    return badTime ? NaN : this.rowTime(plan, day, tod);
  }

  /** A full URI (HTTPERR cs-uri): the stem and the query after '?' go to their columns. */
  private putUri(plan: Plan, i: number, buf: Uint8Array, s: number, e: number): void {
    let q = s;
    while (q < e && buf[q] !== QMARK) q++;
    this.putId(plan.stem!, i, plan.stem!.interner.intern(buf, s, q));
    if (q + 1 < e) this.putId(plan.query!, i, plan.query!.interner.intern(buf, q + 1, e));
  }

  /** Writes a value's id into row i of a string column (rows start empty, so empty values are not written). */
  private putId(t: StrTarget, i: number, id: number): void {
    if (id >= WIDE_ID && t.ids.BYTES_PER_ELEMENT === 2) this.b.widen(t);
    const ids = t.ids;
    if (ids instanceof Uint16Array) ids[i] = id;
    else ids[i] = id;
  }

  /** Row time from its date and time values, the block's #Date filling in what the row lacks. */
  private rowTime(plan: Plan, day: number, tod: number): number {
    if (plan.hasDate) {
      if (Number.isNaN(day)) return NaN;
      return plan.hasTime ? (Number.isNaN(tod) ? NaN : day + tod) : day;
    }
    if (plan.hasTime) {
      if (Number.isNaN(tod) || Number.isNaN(plan.dayMs)) return NaN;
      // A time-only log passing midnight: the time of day jumps back by more than a few hours.
      if (plan.lastTod >= 0 && tod + SIX_HOURS < plan.lastTod) plan.dayMs += MS_PER_DAY;
      plan.lastTod = tod;
      return plan.dayMs + tod;
    }
    return plan.block.dateMs ?? NaN;
  }

  /** An ISO date through the one-entry cache that scanFields also reads. */
  private isoDate(buf: Uint8Array, dv: DataView, s: number, e: number): number {
    const last = this.lastDate;
    if (e - s === 10 && last.matches(dv, s)) return last.ms;
    const ms = parseIsoDate(buf, s, e);
    if (e - s === 10 && !Number.isNaN(ms)) last.remember(dv, s, ms);
    return ms;
  }

  private badValue(field: string, buf: Uint8Array, s: number, e: number, what: string, offset: number): void {
    const v = decoder.decode(buf.subarray(s, Math.min(e, s + 80)));
    this.b.warn(`Line ${this.lineNo}: ${field} "${v}" ${what}; left empty.`, this.lineNo, offset);
  }
}
