/**
 * The indexing fast path of a W3C row: one pass over the line that finds each value's end and, on
 * the way, parses what it can (numbers, the date when it repeats, HH:MM:SS times) and hashes the
 * string values for the interner. Anything unusual is left to the scanner's general path, so the
 * results are the same as splitting first and parsing after.
 */
import { HASH_SEED, HASH_SEED_ODD, SPACES, finishHash, firstFlagged, indexOfByte, mixWord, zeroByteBits } from './bytes';
import type { Interner } from '../interning';
import { Kind } from './kernel-layout';

/** What a field's value is for (per header block): the layout shared with kernel/row-kernel.ts. */
export { Kind };

/** Where scanFields writes a line's values: value k at index `at + k * stride`. */
export interface FieldTable {
  readonly stride: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** hashRange of string values. */
  readonly hashes: Int32Array;
  /** Parsed numbers, dates and times. */
  readonly values: Float64Array;
}

/** What scanFields made of a line. */
export const enum Scan {
  /** Not split (quoted values, or not exactly one value per field): the general path splits it. */
  NotSplit,
  /** Split, but some number, date or time was left to the general path (NaN in `values`). */
  Split,
  /** Split, and every number, date and time parsed. */
  Parsed,
}

/** In `values`: an empty or '-' number, which leaves the column empty. */
export const NO_VALUE = -1;

const SPACE = 0x20;
const DASH = 0x2d;
const QUOTE = 0x22;
const COLON = 0x3a;

/** The last ISO date parsed: consecutive rows almost always share it, so it is compared, not parsed. */
export class LastDate {
  /** The date's 10 bytes as two int32 words and a uint16 (little-endian); read by the row kernel too. */
  w0 = 0;
  w1 = 0;
  w2 = 0;
  set = false;
  /** Midnight of the date, ms UTC. */
  ms = NaN;

  /** True when dv[s, s+10) is the last date. */
  matches(dv: DataView, s: number): boolean {
    return this.set && dv.getInt32(s, true) === this.w0 && dv.getInt32(s + 4, true) === this.w1 && dv.getUint16(s + 8, true) === this.w2;
  }

  remember(dv: DataView, s: number, ms: number): void {
    this.w0 = dv.getInt32(s, true);
    this.w1 = dv.getInt32(s + 4, true);
    this.w2 = dv.getUint16(s + 8, true);
    this.ms = ms;
    this.set = true;
  }
}

/** "HH:MM:SS" at buf[p, p+8) → ms since midnight; NaN when not exactly that (parseTimeOfDay then decides). */
function fixedTime(buf: Uint8Array, p: number): number {
  if (buf[p + 2] !== COLON || buf[p + 5] !== COLON) return NaN;
  const h = twoDigits(buf, p);
  const mi = twoDigits(buf, p + 3);
  const sec = twoDigits(buf, p + 6);
  // Out-of-range parts go the slow way, which reports them.
  if (!(h < 24 && mi < 60 && sec < 61)) return NaN;
  return ((h * 60 + mi) * 60 + sec) * 1000;
}

/** Two decimal digits at buf[p]; a value ≥ 100 when either is not a digit. */
function twoDigits(buf: Uint8Array, p: number): number {
  const a = buf[p] - 48;
  const b = buf[p + 1] - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? 100 : a * 10 + b;
}

/**
 * Splits buf[s, e) like splitW3c (collapse off) when the line has exactly `kinds.length` values,
 * none quoted, and fills `out` from `at`: ranges, `hashes` of string values (hashRange; not for
 * columns whose interner is frozen), `values` of numbers (NO_VALUE when empty), dates and times
 * (NaN: not parsed here). `dv` is a view of buf.
 */
export function scanFields(
  buf: Uint8Array,
  dv: DataView,
  s: number,
  e: number,
  out: FieldTable,
  at: number,
  kinds: Uint8Array,
  dicts: readonly (Interner | null)[],
  lastDate: LastDate,
): Scan {
  const nf = kinds.length;
  const stride = out.stride;
  let parsed = true;
  const starts = out.starts;
  const ends = out.ends;
  const hashes = out.hashes;
  const values = out.values;
  let p = s;
  for (let k = 0; k < nf; k++) {
    if (p < e && buf[p] === QUOTE) return Scan.NotSplit;
    const kind = kinds[k];
    let ve = -1;
    let v = NaN;
    if (kind === Kind.Str && !dicts[k]!.frozen) {
      // indexOfByte's steps, mixing in the words before the space (hashRange in the same pass:
      // words at even word offsets into lane h, odd ones into lane g).
      let h = HASH_SEED;
      let g = HASH_SEED_ODD;
      let q = p;
      let tail = 0;
      while (q + 8 <= e) {
        const w0 = dv.getInt32(q, true);
        const w1 = dv.getInt32(q + 4, true);
        const z0 = zeroByteBits(w0 ^ SPACES);
        const z1 = zeroByteBits(w1 ^ SPACES);
        if ((z0 | z1) !== 0) {
          let w = w0;
          let z = z0;
          if (z0 === 0) {
            h = mixWord(h, w0);
            q += 4;
            w = w1;
            z = z1;
          }
          const j = firstFlagged(z);
          ve = q + j;
          tail = w & ((1 << (j << 3)) - 1);
          break;
        }
        h = mixWord(h, w0);
        g = mixWord(g, w1);
        q += 8;
      }
      // Fewer than eight bytes left: at most one more whole word (an even one), then the tail.
      if (ve < 0 && q + 4 <= e) {
        const w = dv.getInt32(q, true);
        const z = zeroByteBits(w ^ SPACES);
        if (z !== 0) {
          const j = firstFlagged(z);
          ve = q + j;
          tail = w & ((1 << (j << 3)) - 1);
        } else {
          h = mixWord(h, w);
          q += 4;
        }
      }
      if (ve < 0) {
        for (let sh = 0; q < e && buf[q] !== SPACE; q++, sh += 8) tail |= buf[q] << sh;
        ve = q;
      }
      hashes[at] = finishHash(h, g, tail, ve - p);
    } else if (kind === Kind.Num) {
      let q = p;
      let n = 0;
      for (; q < e; q++) {
        const d = buf[q] - 48;
        if (d >>> 0 > 9) break;
        n = n * 10 + d;
      }
      if (q === e || buf[q] === SPACE) {
        ve = q;
        v = q > p ? n : NO_VALUE;
      } else if (q === p && buf[q] === DASH && (q + 1 === e || buf[q + 1] === SPACE)) {
        ve = q + 1;
        v = NO_VALUE;
      }
    } else if (kind === Kind.Date) {
      if (p + 10 <= e && (p + 10 === e || buf[p + 10] === SPACE) && lastDate.matches(dv, p)) {
        ve = p + 10;
        v = lastDate.ms;
      }
    } else if (kind === Kind.Time) {
      if (p + 8 <= e && (p + 8 === e || buf[p + 8] === SPACE)) {
        v = fixedTime(buf, p);
        if (v === v) ve = p + 8;
      }
    }
    if (ve < 0) {
      ve = indexOfByte(buf, dv, p, e, SPACE, SPACES);
      if (kind !== Kind.Str && kind !== Kind.Skip && kind !== Kind.Uri) parsed = false;
    }
    starts[at] = p;
    ends[at] = ve;
    values[at] = v;
    if (ve === e) return k !== nf - 1 ? Scan.NotSplit : parsed ? Scan.Parsed : Scan.Split;
    p = ve + 1;
    at += stride;
  }
  return Scan.NotSplit;
}
