/**
 * Field sets for files without a #Fields directive: the candidate sets whose count matches the
 * row's values are scored by how well each value fits its field's shape.
 */
import { GUESS_SETS } from './fields';
import { Spans, splitW3c, trimEnd } from './split';

export interface Guess {
  format: 'iis-w3c' | 'httperr';
  name: string;
  fields: readonly string[];
  /** Share of shaped fields whose value fit (0..1). */
  fit: number;
}

const IP = /^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-f]*:[0-9a-f:.]*(?:%\w+)?$/i;
const NUM = /^\d+$/;
const SHAPES: Record<string, RegExp> = {
  date: /^\d{4}-\d\d-\d\d$/,
  time: /^\d{1,2}:\d\d:\d\d(?:\.\d+)?$/,
  's-ip': IP,
  'c-ip': IP,
  's-port': NUM,
  'c-port': NUM,
  'sc-status': NUM,
  'sc-substatus': NUM,
  'sc-win32-status': NUM,
  'sc-bytes': NUM,
  'cs-bytes': NUM,
  'time-taken': NUM,
  'cs-method': /^[A-Za-z][A-Za-z_-]*$/,
  'cs-uri-stem': /^[/*]|^[A-Za-z]:\\/,
  'cs-version': /^[A-Z]+\/\d+(?:\.\d+)*$/,
  'x-session': /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  's-reason': /^[A-Za-z][\w/.-]*$/,
};

function fitOf(fields: readonly string[], values: readonly string[]): number {
  let shaped = 0;
  let ok = 0;
  for (let k = 0; k < fields.length; k++) {
    const shape = SHAPES[fields[k]];
    if (!shape) continue;
    shaped++;
    const v = values[k];
    if (v === '-' || v === '' || shape.test(v)) ok++;
  }
  return shaped ? ok / shaped : 0;
}

/** The values of one line as strings (slow path: used once per headerless file and by the sniffer). */
export function lineValues(line: string): { single: string[]; collapsed: string[] } {
  const b = Buffer.from(line, 'utf8');
  const e = trimEnd(b, 0, b.length);
  const spans = new Spans();
  const read = (collapse: boolean) => {
    const n = Math.min(splitW3c(b, 0, e, spans, collapse), spans.capacity);
    const out: string[] = [];
    for (let k = 0; k < n; k++) out.push(b.toString('utf8', spans.starts[k], spans.ends[k]));
    return out;
  };
  return { single: read(false), collapsed: read(true) };
}

/** Best candidate field set for a data line, or null when none fits at least 80 % of its shaped fields. */
export function guessFields(line: string): Guess | null {
  const { single, collapsed } = lineValues(line);
  let best: Guess | null = null;
  for (const values of [single, collapsed]) {
    for (const set of GUESS_SETS) {
      if (set.fields.length !== values.length) continue;
      const fit = fitOf(set.fields, values);
      if (fit >= 0.8 && (!best || fit > best.fit)) best = { ...set, fit };
    }
  }
  return best;
}

const NATIVE_LINE = /^[^,]+, [^,]*, \d{1,2}\/\d{1,2}\/\d{2,4}, \d{1,2}:\d\d:\d\d, /;

/** True for a line of the IIS native (comma-separated) format. */
export function isNativeLine(line: string): boolean {
  return NATIVE_LINE.test(line);
}

/**
 * The standard W3C fields in the order IIS writes them (custom fields always come after), each with
 * how specific its shape is: a value that fits a specific shape is strong evidence, one that fits a
 * free-text field is weak.
 */
interface StandardField {
  name: string;
  fits: (v: string) => boolean;
  weight: number;
}
const ORDER: readonly StandardField[] = (() => {
  const num = (v: string) => NUM.test(v);
  const shape = (name: string) => (v: string) => SHAPES[name].test(v);
  const fields: StandardField[] = [
    { name: 'date', fits: shape('date'), weight: 1 },
    { name: 'time', fits: shape('time'), weight: 1 },
    { name: 's-sitename', fits: (v) => /^W3SVC\d+$/i.test(v), weight: 1 },
    { name: 's-computername', fits: (v) => /^[A-Za-z][\w-]{0,62}$/.test(v), weight: 0.5 },
    { name: 's-ip', fits: shape('s-ip'), weight: 1 },
    { name: 'cs-method', fits: (v) => /^[A-Z]{3,12}$/.test(v), weight: 1 },
    { name: 'cs-uri-stem', fits: shape('cs-uri-stem'), weight: 1 },
    { name: 'cs-uri-query', fits: (v) => !v.startsWith('/') && !IP.test(v), weight: 0.45 },
    { name: 's-port', fits: (v) => num(v) && Number(v) > 0 && Number(v) < 65536, weight: 0.8 },
    { name: 'cs-username', fits: (v) => !IP.test(v) && !num(v), weight: 0.4 },
    { name: 'c-ip', fits: shape('c-ip'), weight: 1 },
    { name: 'cs-version', fits: shape('cs-version'), weight: 1 },
    { name: 'cs(User-Agent)', fits: (v) => !num(v) && !IP.test(v), weight: 0.45 },
    { name: 'cs(Cookie)', fits: (v) => !num(v) && !IP.test(v), weight: 0.3 },
    { name: 'cs(Referer)', fits: (v) => /^https?:\/\//i.test(v), weight: 0.8 },
    { name: 'cs-host', fits: (v) => /^[A-Za-z0-9.-]+(?::\d+)?$/.test(v) && !num(v) && !IP.test(v), weight: 0.6 },
    { name: 'sc-status', fits: (v) => /^[1-5]\d\d$/.test(v), weight: 1 },
    { name: 'sc-substatus', fits: num, weight: 0.8 },
    { name: 'sc-win32-status', fits: num, weight: 0.8 },
    { name: 'sc-bytes', fits: num, weight: 0.8 },
    { name: 'cs-bytes', fits: num, weight: 0.8 },
    { name: 'time-taken', fits: num, weight: 0.8 },
  ];
  // '-' (no value) fits every field.
  return fields.map((f) => ({ ...f, fits: (v: string) => v === '-' || f.fits(v) }));
})();

const DEFAULT_SET = new Set(GUESS_SETS[0].fields);

/** Score of a value column taken as a custom field (after the standard ones). */
const CUSTOM_SCORE = 0.35;

/** A custom field's name from its values' shape (the user can correct it in the files pane). */
function customName(values: readonly string[], k: number): string {
  const real = values.filter((v) => v !== '-');
  const all = (re: RegExp) => real.length > 0 && real.every((v) => re.test(v));
  if (all(IP)) return 'X-Forwarded-For';
  if (all(SHAPES['x-session'])) return `x-guid-${k}`;
  if (all(NUM)) return `x-number-${k}`;
  return `x-field-${k}`;
}

/** W3C field names: a field line whose "#Fields: " prefix was lost is all of these. */
const FIELD_NAME = /^(?:date|time|date-local|time-local|bytes|time-taken|streamid|transport|fault-code|extended-fault-code|[cs]{1,2}-[a-z0-9-]+|[cs]{1,2}\([a-z0-9-]+\)|x-[\w-]+|X-[\w-]+)$/i;

/** The field names of a line that is a #Fields list without its prefix, else null. */
export function fieldLineWithoutPrefix(line: string): string[] | null {
  const names = line.trim().split(/\s+/);
  if (names.length < 3 || !names.every((n) => FIELD_NAME.test(n))) return null;
  const known = names.filter((n) => ORDER.some((f) => f.name.toLowerCase() === n.toLowerCase()) || /^cs-uri|^s-reason$|^c-port$/i.test(n));
  return known.length >= 3 && names.some((n) => /^(?:date|time)$/i.test(n)) ? names : null;
}

export interface LinesGuess extends Guess {
  /** Custom fields named from their values' shapes. */
  custom: readonly string[];
  /** True when the fields came from a field line that lost its "#Fields: " prefix. */
  fieldLine: boolean;
}

/**
 * The field set of a headerless log from several data lines (a damaged row does not decide it):
 * a field line without its prefix; else the standard set most lines fit; else an alignment of the
 * values to the standard fields in IIS's order, by value shape, the trailing values being custom
 * fields. Null when the lines do not read as a W3C log.
 */
export function guessFieldsFromLines(lines: readonly string[]): LinesGuess | null {
  const data = lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).slice(0, 60);
  if (data.length === 0) return null;
  const named = fieldLineWithoutPrefix(data[0]);
  if (named) return { format: 'iis-w3c', name: 'the field line without its "#Fields:" prefix', fields: named, fit: 1, custom: [], fieldLine: true };
  // A standard set that most lines fit.
  const votes = new Map<string, { g: Guess; n: number }>();
  for (const l of data) {
    const g = guessFields(l);
    if (!g) continue;
    const v = votes.get(g.name);
    if (v) v.n++;
    else votes.set(g.name, { g, n: 1 });
  }
  const best = [...votes.values()].sort((a, b) => b.n - a.n)[0];
  const set = best && best.n * 2 >= data.length ? { ...best.g, custom: [], fieldLine: false } : null;
  // A standard set may fit loosely (a custom IP read as a byte count): the alignment then fits better.
  const aligned = alignByShape(data);
  return set && (!aligned || set.fit >= aligned.fit) ? set : aligned;
}

/** The values of each line, split on single spaces (W3C); lines of the most common width only. */
function modalRows(data: readonly string[]): string[][] {
  const rows = data.map((l) => lineValues(l).single);
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  const width = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
  return rows.filter((r) => r.length === width);
}

function alignByShape(data: readonly string[]): LinesGuess | null {
  const rows = modalRows(data);
  const n = rows[0]?.length ?? 0;
  if (n < 4 || n > 64) return null;
  const column = (k: number) => rows.map((r) => r[k]);
  // fit[k][j]: how well column k reads as standard field j.
  // Fields of IIS's default set win ties (two numbers could be sc-bytes or time-taken: IIS logs the latter by default).
  const fit = Array.from({ length: n }, (_, k) =>
    ORDER.map((f) => (column(k).filter((v) => f.fits(v)).length / rows.length) * (f.weight + (DEFAULT_SET.has(f.name) ? 0.01 : 0))),
  );
  // best[k][j]: best score of columns k.. with standard fields j.. still free; custom columns only at the end.
  const m = ORDER.length;
  const best = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const pick = Array.from({ length: n + 1 }, () => new Int32Array(m + 1).fill(-1));
  for (let k = n - 1; k >= 0; k--) {
    for (let j = m; j >= 0; j--) {
      // The rest as custom fields.
      let score = (n - k) * CUSTOM_SCORE;
      let choice = -1;
      for (let jj = j; jj < m; jj++) {
        const s = fit[k][jj] + best[k + 1][jj + 1];
        if (s > score) {
          score = s;
          choice = jj;
        }
      }
      best[k][j] = score;
      pick[k][j] = choice;
    }
  }
  const fields: string[] = [];
  const custom: string[] = [];
  let j = 0;
  let stdFit = 0;
  for (let k = 0; k < n; k++) {
    const c = j <= m ? pick[k][j] : -1;
    if (c < 0) {
      for (let kk = k; kk < n; kk++) {
        const name = customName(column(kk), kk - k + 1);
        fields.push(name);
        custom.push(name);
      }
      break;
    }
    fields.push(ORDER[c].name);
    stdFit += Math.min(1, fit[k][c] / ORDER[c].weight);
    j = c + 1;
  }
  const std = fields.length - custom.length;
  const has = (name: string) => fields.includes(name);
  // A W3C log has its date and time first, and a URI or a status to say what was asked.
  if (fields[0] !== 'date' || fields[1] !== 'time' || !(has('cs-uri-stem') || has('sc-status')) || std < 4) return null;
  const fitShare = stdFit / std;
  if (fitShare < 0.8) return null;
  return { format: 'iis-w3c', name: `values' shapes (${custom.length ? `${custom.length} custom field${custom.length > 1 ? 's' : ''}` : 'no custom fields'})`, fields, fit: fitShare, custom, fieldLine: false };
}
