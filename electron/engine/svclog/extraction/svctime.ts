/**
 * svclog timestamps: `2016-06-30T22:14:00.0005000Z` (ISO 8601 with up to 7 fractional digits and a
 * Z or ±hh:mm offset). Parsed from bytes to µs since epoch plus the 7th digit (100 ns tick), with
 * the date-to-epoch conversion cached per second because consecutive events share it.
 */

export interface ParsedTime {
  us: number;
  tick: number;
}

export class TimeParser {
  private lastKey = new Uint8Array(19);
  private lastSecondMs = NaN;

  /** Parses bytes [a, b); `out.us` is NaN when the value is not a timestamp. */
  parse(buf: Uint8Array, a: number, b: number, out: ParsedTime): void {
    out.us = NaN;
    out.tick = 0;
    if (b - a < 19) return;
    let same = this.lastSecondMs === this.lastSecondMs; // not NaN
    for (let k = 0; k < 19 && same; k++) if (this.lastKey[k] !== buf[a + k]) same = false;
    if (!same) {
      const n = (o: number, len: number): number => {
        let v = 0;
        for (let k = 0; k < len; k++) {
          const d = buf[a + o + k] - 0x30;
          if (d < 0 || d > 9) return NaN;
          v = v * 10 + d;
        }
        return v;
      };
      const ms = Date.UTC(n(0, 4), n(5, 2) - 1, n(8, 2), n(11, 2), n(14, 2), n(17, 2));
      if (!Number.isFinite(ms)) return;
      this.lastSecondMs = ms;
      for (let k = 0; k < 19; k++) this.lastKey[k] = buf[a + k];
    }
    let i = a + 19;
    let frac = 0;
    let digits = 0;
    if (i < b && buf[i] === 0x2e) {
      i++;
      while (i < b) {
        const d = buf[i] - 0x30;
        if (d < 0 || d > 9) break;
        if (digits < 7) {
          frac = frac * 10 + d;
          digits++;
        }
        i++;
      }
    }
    for (let k = digits; k < 7; k++) frac *= 10;
    let offsetMs = 0;
    if (i + 5 < b + 1 && (buf[i] === 0x2b || buf[i] === 0x2d) && b - i >= 6) {
      const h = (buf[i + 1] - 0x30) * 10 + (buf[i + 2] - 0x30);
      const m = (buf[i + 4] - 0x30) * 10 + (buf[i + 5] - 0x30);
      if (h >= 0 && h < 24 && m >= 0 && m < 60) offsetMs = (buf[i] === 0x2b ? -1 : 1) * (h * 60 + m) * 60_000;
    }
    out.us = (this.lastSecondMs + offsetMs) * 1000 + Math.floor(frac / 10);
    out.tick = frac % 10;
  }
}
