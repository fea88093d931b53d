/**
 * Date and time values of IIS logs, parsed from bytes. All return NaN for a value that is not a
 * real date or time (2015-99-13, 92:29:42, 22:XX:42), so the caller can warn and leave it empty.
 */

export const MS_PER_DAY = 86_400_000;

/** A run of decimal digits as a number; NaN when empty or when any byte is not a digit. */
export function digits(buf: Uint8Array, s: number, e: number): number {
  if (e <= s) return NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function dayMs(y: number, m: number, d: number): number {
  if (!(y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return NaN;
  return daysFromCivil(y, m, d) * MS_PER_DAY;
}

/** "YYYY-MM-DD" → ms of its midnight UTC. */
export function parseIsoDate(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || buf[s + 4] !== 0x2d || buf[s + 7] !== 0x2d) return NaN;
  return dayMs(digits(buf, s, s + 4), digits(buf, s + 5, s + 7), digits(buf, s + 8, s + 10));
}

/** "MM/DD/YY" or "MM/DD/YYYY" (IIS native format) → ms of its midnight. Two-digit years < 70 are 20xx. */
export function parseUsDate(buf: Uint8Array, s: number, e: number): number {
  const parts = splitOn(buf, s, e, 0x2f);
  if (parts.length !== 3) return NaN;
  const [m, d, yRaw] = parts.map(([a, b]) => digits(buf, a, b));
  const yLen = parts[2][1] - parts[2][0];
  const y = yLen === 2 ? (yRaw < 70 ? 2000 + yRaw : 1900 + yRaw) : yLen === 4 ? yRaw : NaN;
  return dayMs(y, m, d);
}

/** "H:MM:SS", "HH:MM:SS" or with ".fff" → ms since midnight. */
export function parseTimeOfDay(buf: Uint8Array, s: number, e: number): number {
  let p = s;
  let h = 0;
  let n = 0;
  while (p < e && buf[p] !== 0x3a) {
    const d = buf[p] - 48;
    if (d < 0 || d > 9) return NaN;
    h = h * 10 + d;
    p++;
    n++;
  }
  if (n < 1 || n > 2 || p + 6 > e || buf[p + 3] !== 0x3a) return NaN;
  const mi = digits(buf, p + 1, p + 3);
  const sec = digits(buf, p + 4, p + 6);
  p += 6;
  let frac = 0;
  if (p < e) {
    if (buf[p] !== 0x2e) return NaN;
    let scale = 100;
    for (p++; p < e; p++) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) return NaN;
      frac += d * scale;
      scale /= 10;
    }
  }
  if (!(h < 24 && mi < 60 && sec < 61)) return NaN;
  return ((h * 60 + mi) * 60 + sec) * 1000 + Math.round(frac);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A #Date / #Start-Date directive's value: "2015-01-13 00:32:17" (ISO) or "28/Jun/2017 07:28:59"
 * (Incapsula). Returns ms UTC or NaN.
 */
export function parseDirectiveDate(text: string): number {
  const v = text.trim();
  const b = Buffer.from(v, 'latin1');
  const sp = v.indexOf(' ');
  const datePart = sp < 0 ? v : v.slice(0, sp);
  const tod = sp < 0 ? 0 : parseTimeOfDay(b, sp + 1, b.length);
  let day = parseIsoDate(b, 0, datePart.length);
  if (Number.isNaN(day)) {
    const m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4})$/.exec(datePart);
    if (m) day = dayMs(Number(m[3]), MONTHS.indexOf(m[2].toLowerCase()) + 1, Number(m[1]));
  }
  return day + tod;
}

function splitOn(buf: Uint8Array, s: number, e: number, sep: number): [number, number][] {
  const out: [number, number][] = [];
  let a = s;
  for (let i = s; i <= e; i++) {
    if (i === e || buf[i] === sep) {
      out.push([a, i]);
      a = i + 1;
    }
  }
  return out;
}
