/**
 * Read access to one file's columnar store: values by row, with values that were too many to intern
 * (LAZY ids) read back from the row's line in the file.
 */
import { NATIVE_FIELDS, nativeRole, roleOf, type NumCol, type Role, type StrCol } from './fields';
import { readLineSync } from './line-reader';
import { lineAt } from './line-steps';
import { Spans, isDash, splitNative, splitW3c, trimEnd } from './split';
import { NO_NUM, PLUS_IS_SPACE, isLazy, type HeaderBlock, type IisFileData, type StrColumn } from './store';

export interface LineValue {
  name: string;
  value: string;
}

export class IisTable {
  constructor(
    readonly path: string,
    readonly data: IisFileData,
  ) {}

  get rows(): number {
    return this.data.rows;
  }

  /** Whether the file has column `col` (a field of some #Fields block). */
  has(col: StrCol | NumCol): boolean {
    // The two column name sets are disjoint.
    return (this.data.str as Record<string, unknown>)[col] !== undefined || (this.data.num as Record<string, unknown>)[col] !== undefined;
  }

  /** The names of the fields TraceLens has no column of its own for, in file order. */
  get customNames(): string[] {
    return Object.keys(this.data.custom);
  }

  /** Byte offset of row i's line in the file. */
  offset(i: number): number {
    return this.data.offset[i];
  }

  /** Row i's 1-based line in the file. */
  line(i: number): number {
    return lineAt(this.data.line, i);
  }

  /** Row i's own time (ms UTC), NaN when the row has none. */
  timeMs(i: number): number {
    return this.data.timeMs.at(i);
  }

  /** This table with every time moved back by `ms` (a clock offset); the other columns are shared. */
  shiftedBy(ms: number): IisTable {
    if (ms === 0) return this;
    return new IisTable(this.path, { ...this.data, timeMs: this.data.timeMs.shiftedBy(ms) });
  }

  num(col: NumCol, i: number): number | undefined {
    const a = this.data.num[col];
    if (!a) return undefined;
    const v = a[i];
    return v === NO_NUM ? undefined : v;
  }

  str(col: StrCol, i: number): string {
    const c = this.data.str[col];
    return c ? this.value(c, i, (r) => r.kind === 'str' && r.col === col, PLUS_IS_SPACE.has(col)) : '';
  }

  custom(name: string, i: number): string {
    const c = this.data.custom[name];
    return c ? this.value(c, i, (r) => r.kind === 'custom' && r.name === name, false) : '';
  }

  /** The machine that served the row: s-computername, else s-ip. */
  server(i: number): string {
    return this.str('computer', i) || this.str('sIp', i);
  }

  /** A value by id, or read back from the row's line when lazy (then with '+' undone like interned values). */
  private value(c: StrColumn, i: number, matches: (r: Role) => boolean, plusIsSpace: boolean): string {
    const id = c.ids[i];
    if (!isLazy(c.ids, id)) return c.values[id] ?? '';
    const block = this.data.blocks[this.data.block[i]];
    const k = block.fields.findIndex((f) => matches(block.native ? nativeRole(f) : roleOf(f)));
    if (k < 0) return '';
    const v = lineValues(readLineSync(this.path, this.data.offset[i], this.data.encoding), block)[k]?.value ?? '';
    return plusIsSpace ? v.replaceAll('+', ' ') : v;
  }
}

/** A line's values paired with its block's field names; values beyond the fields are "(extra n)". */
export function lineValues(line: Uint8Array, block: HeaderBlock): LineValue[] {
  const spans = new Spans(1024);
  const e = trimEnd(line, 0, line.length);
  const fields = block.native ? NATIVE_FIELDS : block.fields;
  let n: number;
  if (block.native) n = splitNative(line, 0, e, spans);
  else {
    n = splitW3c(line, 0, e, spans, false);
    if (n !== fields.length && splitW3c(line, 0, e, spans, true) !== fields.length) n = splitW3c(line, 0, e, spans, false);
    else n = spans.count;
  }
  const out: LineValue[] = [];
  const dec = new TextDecoder();
  for (let k = 0; k < Math.min(n, spans.capacity); k++) {
    const s = spans.starts[k];
    const v = spans.ends[k];
    out.push({ name: fields[k] ?? `(extra ${k - fields.length + 1})`, value: isDash(line, s, v) ? '' : dec.decode(line.subarray(s, v)) });
  }
  return out;
}
