/**
 * A loaded IIS file's row times (ms UTC, NaN for a row without a usable time). IIS writes whole
 * seconds, so once a file is read its times are kept as 32-bit seconds since 1970 (4 bytes a row
 * instead of 8, about 12.7 MB less per GB of log); a file with any time that is not a whole second
 * in 1970–2106 (milliseconds, a clock offset, a date outside that span) keeps float64 milliseconds,
 * so every time reads back exactly. Read with `at(i)`; never assume the form.
 */

/** The 32-bit form's "no time" (NaN). */
const NONE = 0xffffffff;

export class RowTimes {
  private constructor(
    /** Whole seconds since 1970 (NONE: no time), or null in the float64 form. */
    private readonly secs: Uint32Array | null,
    /** Milliseconds, in the float64 form. */
    private readonly ms: Float64Array | null,
  ) {}

  /** Times as float64 milliseconds (as the scanner writes them). */
  static ofMs(ms: Float64Array): RowTimes {
    return new RowTimes(null, ms);
  }

  /** The times of a store posted by a worker (a structured clone keeps the fields, not the class). */
  static revive(t: RowTimes): RowTimes {
    const o = t as unknown as { secs: Uint32Array | null; ms: Float64Array | null };
    return new RowTimes(o.secs, o.ms);
  }

  get length(): number {
    return (this.secs ?? this.ms!).length;
  }

  /** Row i's time, ms UTC; NaN when it has none. */
  at(i: number): number {
    const s = this.secs;
    if (s !== null) {
      const v = s[i];
      return v === NONE ? NaN : v * 1000;
    }
    return this.ms![i];
  }

  /** True when kept as 32-bit seconds. */
  get compact(): boolean {
    return this.secs !== null;
  }

  /** The first `end` rows (a view, no copy). */
  subarray(start: 0, end: number): RowTimes {
    return new RowTimes(this.secs?.subarray(start, end) ?? null, this.ms?.subarray(start, end) ?? null);
  }

  /** Every time as float64 milliseconds (the array itself in that form, else a copy). */
  toMs(): Float64Array {
    if (this.ms) return this.ms;
    const out = new Float64Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.at(i);
    return out;
  }

  /** The 32-bit seconds form when every time fits it, else these times as they are. */
  compacted(): RowTimes {
    if (this.secs) return this;
    const secs = toSeconds(this.ms!);
    return secs ? new RowTimes(secs, null) : this;
  }

  /** Every time moved back by `ms` (float64: an offset need not be whole seconds). */
  shiftedBy(ms: number): RowTimes {
    const out = new Float64Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.at(i) - ms;
    return new RowTimes(null, out);
  }

  /**
   * The raw column and its form, for code that grows columns in place (grow.ts): `secs` true for
   * whole seconds (NONE = no time), else float64 ms.
   */
  raw(): { secs: true; a: Uint32Array } | { secs: false; a: Float64Array } {
    return this.secs ? { secs: true, a: this.secs } : { secs: false, a: this.ms! };
  }

  /** Times over a raw column (see raw). */
  static ofRaw(r: { secs: true; a: Uint32Array } | { secs: false; a: Float64Array }): RowTimes {
    return r.secs ? new RowTimes(r.a, null) : new RowTimes(null, r.a);
  }
}

/** `ms` as whole seconds since 1970 (NaN as NONE), or null when a time is not one. */
export function toSeconds(ms: ArrayLike<number>): Uint32Array | null {
  const out = new Uint32Array(ms.length);
  for (let i = 0; i < ms.length; i++) {
    const v = ms[i];
    if (v !== v) {
      out[i] = NONE;
      continue;
    }
    const s = v / 1000;
    // Whole seconds from 1970 below NONE only (a fraction or a date outside fails).
    if (!(s >= 0 && s < NONE) || s !== Math.floor(s)) return null;
    out[i] = s;
  }
  return out;
}
