/**
 * Splits one log line (a byte range without its line break) into value ranges. Shared by the
 * indexing hot path and by `detail()`, which re-reads a row's line, so both see the same values.
 */

import { SPACES, indexOfByte, viewOf } from './bytes';

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** Reusable value ranges of one line. `count` may exceed the capacity: extra values are counted, not stored. */
export class Spans {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** For scanFields (a FieldTable of one line): string hashes, parsed values. */
  readonly stride = 1;
  readonly hashes: Int32Array;
  readonly values: Float64Array;
  count = 0;
  private buf: Uint8Array | null = null;
  private dv: DataView | null = null;
  constructor(readonly capacity = 512) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
  }

  /** A DataView of `buf`, kept while the same buffer is split line after line. */
  viewOf(buf: Uint8Array): DataView {
    if (buf !== this.buf || !this.dv) {
      this.buf = buf;
      this.dv = viewOf(buf);
    }
    return this.dv;
  }
}

/** End of the line's content: drops trailing CR, spaces and tabs. */
export function trimEnd(buf: Uint8Array, s: number, e: number): number {
  while (e > s) {
    const b = buf[e - 1];
    if (b === 0x0d || b === SPACE || b === TAB) e--;
    else break;
  }
  return e;
}

/**
 * W3C values are separated by one space; two spaces in a row mean an empty value, unless
 * `collapse` (then any run of spaces is one separator, for padded columns). A value starting with
 * '"' runs to the next '"' and may contain spaces; the quotes are not part of the value.
 */
export function splitW3c(buf: Uint8Array, s: number, e: number, out: Spans, collapse: boolean): number {
  const starts = out.starts;
  const ends = out.ends;
  const cap = out.capacity;
  const dv = out.viewOf(buf);
  let n = 0;
  let p = s;
  if (collapse) while (p < e && buf[p] === SPACE) p++;
  while (p <= e) {
    let vs: number;
    let ve: number;
    if (p < e && buf[p] === QUOTE) {
      vs = p + 1;
      ve = vs;
      while (ve < e && buf[ve] !== QUOTE) ve++;
      p = ve + 1;
      // Anything glued after the closing quote belongs to the value's field; skip to the separator.
      while (p < e && buf[p] !== SPACE) p++;
    } else {
      vs = p;
      p = ve = indexOfByte(buf, dv, p, e, SPACE, SPACES);
    }
    if (n < cap) {
      starts[n] = vs;
      ends[n] = ve;
    }
    n++;
    if (p >= e) break;
    p++;
    if (collapse) {
      while (p < e && buf[p] === SPACE) p++;
      if (p >= e) break;
    }
  }
  out.count = n;
  return n;
}

/** IIS native format: values separated by ", " (a comma and optional spaces); a trailing comma ends the row. */
export function splitNative(buf: Uint8Array, s: number, e: number, out: Spans): number {
  let n = 0;
  let p = s;
  while (p < e) {
    while (p < e && buf[p] === SPACE) p++;
    const vs = p;
    while (p < e && buf[p] !== COMMA) p++;
    const ve = trimEnd(buf, vs, p);
    if (n < out.capacity) {
      out.starts[n] = vs;
      out.ends[n] = ve;
    }
    n++;
    p++; // past the comma
  }
  out.count = n;
  return n;
}

/** True when the value is '-' (W3C's "no value"). */
export function isDash(buf: Uint8Array, s: number, e: number): boolean {
  return e - s === 1 && buf[s] === 0x2d;
}
