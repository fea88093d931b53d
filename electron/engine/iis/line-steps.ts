/**
 * A file's line numbers by row, kept as the rows where they step. Rows are lines in file order, so
 * row i's line is i plus the lines before it that are not rows (directives, blank or skipped
 * lines): that count changes only at such lines, a few hundred times in a day's log, where a
 * column held 4 bytes for each of millions of rows. Read in a detail view or when a file is
 * followed, never in a loop over all rows.
 */
import { lastAtMost } from './sorted';

export class LineSteps {
  private constructor(
    /** Rows where the count of lines that are not rows changes, ascending (the first is 0). */
    private readonly from: Uint32Array,
    /** line − row from that row on. */
    private readonly gaps: Float64Array,
    readonly length: number,
  ) {}

  /** The steps of `lines` (1-based line per row); null when they step on most rows (then the column is smaller). */
  static of(lines: ArrayLike<number>): LineSteps | null {
    const n = lines.length;
    const from: number[] = [];
    const gaps: number[] = [];
    for (let i = 0; i < n; i++) {
      const gap = lines[i] - i;
      if (gaps.length === 0 || gap !== gaps[gaps.length - 1]) {
        if (from.length > n / 4) return null;
        from.push(i);
        gaps.push(gap);
      }
    }
    return new LineSteps(Uint32Array.from(from), Float64Array.from(gaps), n);
  }

  /** Row i's 1-based line. */
  at(i: number): number {
    return i + this.gaps[lastAtMost(this.from, i)];
  }

  /** The first `end` rows' lines (the same steps). */
  subarray(start: 0, end: number): LineSteps {
    return new LineSteps(this.from, this.gaps, Math.min(end, this.length));
  }

  /** These rows' lines and `m` more, row `length + k` on line `lineOf(k)` (the steps are copied, the rows not). */
  extended(m: number, lineOf: (k: number) => number): LineSteps {
    const from = Array.from(this.from);
    const gaps = Array.from(this.gaps);
    // Steps past `length` (this is a view of fewer rows than its steps name) are not ours.
    while (from.length > 0 && from[from.length - 1] >= this.length) {
      from.pop();
      gaps.pop();
    }
    for (let k = 0; k < m; k++) {
      const i = this.length + k;
      const gap = lineOf(k) - i;
      if (gaps.length === 0 || gap !== gaps[gaps.length - 1]) {
        from.push(i);
        gaps.push(gap);
      }
    }
    return new LineSteps(Uint32Array.from(from), Float64Array.from(gaps), this.length + m);
  }

  /** Every row's line, as a column (to join it with another part's). */
  toArray(): Uint32Array {
    const out = new Uint32Array(this.length);
    for (let k = 0; k < this.from.length; k++) {
      const end = k + 1 < this.from.length ? Math.min(this.from[k + 1], this.length) : this.length;
      for (let i = this.from[k]; i < end; i++) out[i] = i + this.gaps[k];
    }
    return out;
  }
}

/** Row i's line in a column or in steps. */
export function lineAt(lines: Uint32Array | LineSteps, i: number): number {
  return lines instanceof LineSteps ? lines.at(i) : lines[i];
}
