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
