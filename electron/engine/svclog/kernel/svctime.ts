/**
 * ../svctime.ts's TimeParser in the kernel: `2016-06-30T22:14:00.0005000Z` to µs since the epoch
 * plus the 7th fractional digit (the 100 ns tick), with Date.UTC's rules (years 0–99 are 1900–1999,
 * out-of-range months and days roll over) so both give the same numbers for any input.
 */
import { ld } from './words';

export let timeUs: f64 = NaN;
export let timeTick: i32 = 0;

/** `len` decimal digits at p, or -1. */
function digits(p: i32, len: i32): i32 {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const d = ld(p + k) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian, m 1–12). */
function daysFromCivil(y: i32, m: i32, d: i32): i32 {
  if (m <= 2) y -= 1;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/** Date.UTC(y, month, d, h, mi, s) for the non-negative fields a timestamp can hold. */
function utc(y: i32, month: i32, d: i32, h: i32, mi: i32, s: i32): f64 {
  if (y <= 99) y += 1900;
  const ym = y + (month >= 0 ? month / 12 : -1);
  const mn = month >= 0 ? month % 12 : 11;
  const day = <f64>daysFromCivil(ym, mn + 1, 1) + <f64>(d - 1);
  return day * 86400000 + <f64>h * 3600000 + <f64>mi * 60000 + <f64>s * 1000;
}

/** Parses bytes [a, b) into timeUs (NaN when it is not a timestamp) and timeTick. */
export function parseTime(a: i32, b: i32): void {
  timeUs = NaN;
  timeTick = 0;
  if (b - a < 19) return;
  const y = digits(a, 4);
  const mo = digits(a + 5, 2);
  const d = digits(a + 8, 2);
  const h = digits(a + 11, 2);
  const mi = digits(a + 14, 2);
  const s = digits(a + 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return;
  const secondMs = utc(y, mo - 1, d, h, mi, s);
  let i = a + 19;
  let frac = 0;
  let n = 0;
  if (i < b && ld(i) == 0x2e) {
    i++;
    while (i < b) {
      const dg = ld(i) - 0x30;
      if (dg < 0 || dg > 9) break;
      if (n < 7) {
        frac = frac * 10 + dg;
        n++;
      }
      i++;
    }
  }
  for (let k = n; k < 7; k++) frac *= 10;
  let offsetMs: f64 = 0;
  if (i + 5 < b + 1 && (ld(i) == 0x2b || ld(i) == 0x2d) && b - i >= 6) {
    const oh = (ld(i + 1) - 0x30) * 10 + (ld(i + 2) - 0x30);
    const om = (ld(i + 4) - 0x30) * 10 + (ld(i + 5) - 0x30);
    if (oh >= 0 && oh < 24 && om >= 0 && om < 60) offsetMs = <f64>((ld(i) == 0x2b ? -1 : 1) * (oh * 60 + om) * 60000);
  }
  timeUs = (secondMs + offsetMs) * 1000 + <f64>(frac / 10);
  timeTick = frac % 10;
}
