/**
 * Reading untrusted JSON (workspaces, settings) field by field: each known field is checked against
 * its own schema, so one bad field is dropped with a note and the rest is kept. Notes name the
 * field by its schema key and say what was wrong, never quoting the file's contents.
 */
import { z } from 'zod';

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string-keyed map of at most `max` entries, counted before any entry is checked. */
export function boundedRecord<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V, max: number) {
  return z
    .custom<Record<string, unknown>>((v) => isPlainObject(v) && Object.keys(v).length <= max, { message: `expected an object of at most ${max} entries` })
    .pipe(z.record(key, value));
}

type Parsed<S extends z.ZodRawShape> = { [K in keyof S]?: z.output<S[K]> };

/** The fields of `raw` that pass their schema in `shape`; a note for each field dropped. */
export function validFields<S extends z.ZodRawShape>(shape: S, raw: unknown, where: string, notes: string[]): Parsed<S> {
  const out: Record<string, unknown> = {};
  if (raw === undefined) return out as Parsed<S>;
  if (!isPlainObject(raw)) {
    notes.push(`${where} was ignored: it is not an object.`);
    return out as Parsed<S>;
  }
  let unknown = 0;
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.prototype.hasOwnProperty.call(shape, key)) {
      unknown++;
      continue;
    }
    const r = (shape[key] as z.ZodType).safeParse(value);
    if (r.success) {
      if (r.data !== undefined) out[key] = r.data;
    } else notes.push(`${where}.${key} was ignored: ${describeIssue(r.error)}.`);
  }
  if (unknown) notes.push(`${unknown} unknown field${unknown === 1 ? '' : 's'} in ${where} ${unknown === 1 ? 'was' : 'were'} ignored.`);
  return out as Parsed<S>;
}

/** Zod's first issue as a short phrase, without the value or the keys it was given. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not fit';
  // Zod 4's messages state the expectation ("expected string, received number"), not the value;
  // only unknown keys are quoted, and the path can hold the file's own keys: neither is repeated.
  if (issue.code === 'unrecognized_keys') return 'it has fields TraceLens does not know';
  return issue.message.slice(0, 200);
}
