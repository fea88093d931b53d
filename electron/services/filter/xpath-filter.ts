/**
 * One custom (XPath 1.0) filter over one event's XML, as Service Trace Viewer evaluates it: the
 * `xpath` library over an @xmldom/xmldom DOM of that event alone (bounded: events over
 * MAX_EVENT_BYTES, with a DOCTYPE or that are not well-formed are reported, never evaluated).
 */
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import type { AppliedCustomFilter } from '../../../shared/channels/filter';
import { ServiceError } from '../errors';
import type { TextEncoding } from '../../engine/encoding';
import type { EventVerdict } from './event-scan';
import { compileFastXPath } from './xpath-fast';
import { countUpTo, markContaining } from './needle-scan';

/** The prefixes every custom filter may use without declaring them. */
export const PREDECLARED_NAMESPACES: Readonly<Record<string, string>> = {
  E2E: 'http://schemas.microsoft.com/2004/06/E2ETraceEvent',
  System: 'http://schemas.microsoft.com/2004/06/windows/eventlog/system',
  // ApplicationData is an element of the E2E namespace; TraceRecord has its own.
  ApplicationData: 'http://schemas.microsoft.com/2004/06/E2ETraceEvent',
  TraceRecord: 'http://schemas.microsoft.com/2004/10/E2ETraceEvent/TraceRecord',
};

/** Larger events are not parsed into a DOM (reported as not evaluated). */
export const MAX_EVENT_BYTES = 1 << 20;

interface Compiled {
  evaluateBoolean(options: { node: unknown; namespaces: Record<string, string> }): boolean;
}
const parseXPath = (xpath as unknown as { parse(expr: string): Compiled }).parse;

/** The expression with its parameters {0}–{3} replaced by the values given when it was applied. */
export function withArgs(expr: string, args: readonly string[] = []): string {
  return expr.replace(/\{([0-3])\}/g, (m, i: string) => args[Number(i)] ?? m);
}


export interface XPathTest {
  test(xml: string): EventVerdict;
  /**
   * True when the event's raw bytes (in the file's encoding) lack a text every match contains, so
   * it cannot match and need not be decoded or parsed: most events, for a typical filter. Always
   * false until the expression was once evaluated without error (its mistakes are said first).
   */
  cannotMatch(bytes: Buffer, encoding: TextEncoding): boolean;
  /**
   * The events of one read (byte ranges into `buf`, in order) that cannot be ruled out by their
   * bytes — exactly those for which cannotMatch() is false — found with one search of the whole
   * read for the rarest required text; undefined when there is nothing to search for (test all).
   */
  candidates(buf: Buffer, starts: ArrayLike<number>, ends: ArrayLike<number>, encoding: TextEncoding): number[] | undefined;
}

/** The required texts as bytes of one encoding (UTF-16BE is not prefiltered). */
function encodedNeedles(required: { names: string[]; literals: string[] }, encoding: TextEncoding): { names: Buffer[]; literals: Buffer[]; escapes: Buffer[]; doctype: Buffer[]; bang: Buffer } | undefined {
  if (encoding === 'utf16be') return undefined;
  const enc = (t: string) => Buffer.from(t, encoding === 'utf8' ? 'utf8' : 'utf16le');
  return { names: required.names.map(enc), literals: required.literals.map(enc), escapes: ['&#', '<!--'].map(enc), doctype: ['<!DOCTYPE', '<!ENTITY'].map(enc), bang: enc('!') };
}

const ALLOWED_CALLS = new Set(['text', 'node', 'contains', 'starts-with', 'local-name']);

/**
 * Texts every matching event's XML must contain, so that events without them are skipped before
 * a DOM is built (most events, for a typical filter). Only for a plain conjunction — no `or`,
 * `|`, `not()`, `!=`, or functions other than text(), node(), contains(), starts-with(),
 * local-name() — where each step's local name must appear in the XML, and so must each string
 * literal without markup characters when there is no `<`/`>` comparison (an event with a
 * character reference or a comment, which could spell a value differently, is always parsed).
 */
export function requiredTexts(expr: string): { names: string[]; literals: string[] } {
  const none = { names: [], literals: [] };
  if (/\bor\b|\||!=|\bnot\s*\(/.test(expr)) return none;
  for (const m of expr.matchAll(/([A-Za-z_][\w.-]*)\s*\(/g)) if (!ALLOWED_CALLS.has(m[1])) return none;
  const stripped = expr.replace(/'[^']*'|"[^"]*"/g, "''");
  const names = [...stripped.matchAll(/(?:\/|@|::|\[)\s*(?:[A-Za-z_][\w.-]*:(?!:))?([A-Za-z_][\w.-]*)(?!\s*\(|\s*::|[\w.-])/g)].map((m) => m[1]).filter((n) => n !== 'and');
  const literals = /[<>]/.test(stripped) ? [] : [...expr.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2]).filter((l) => l.length > 0 && !/[&<>"']/.test(l));
  return { names: [...new Set(names)], literals: [...new Set(literals)] };
}

/** Compiles a custom filter; a bad expression or a missing parameter is a sentence naming the filter. */
export function compileCustomFilter(c: AppliedCustomFilter): XPathTest {
  const expr = withArgs(c.xpath, c.args);
  const missing = /\{([0-3])\}/.exec(expr);
  if (missing) throw new ServiceError('invalid-request', `The custom filter "${c.name}" needs a value for parameter {${missing[1]}}.`);
  let compiled: Compiled;
  try {
    compiled = parseXPath(expr);
  } catch (e) {
    throw new ServiceError('invalid-request', `The custom filter "${c.name}" is not a valid XPath expression: ${(e as Error).message}`);
  }
  const namespaces = { ...PREDECLARED_NAMESPACES, ...c.namespaces };
  const required = requiredTexts(expr);
  // The common shapes are evaluated directly (xpath-fast.ts); the DOM and the library take the rest
  // and every event the direct evaluator is unsure of.
  const fast = compileFastXPath(expr, namespaces);
  // Unknown prefixes and bad functions only show at evaluation: a first failure on a
  // well-formed event is the expression's fault, said once, not one per event. (An expression the
  // direct evaluator compiled has neither; the first event is still judged in full, as the tests expect.)
  let checked = false;
  const needles = new Map<TextEncoding, ReturnType<typeof encodedNeedles>>();
  const needlesFor = (encoding: TextEncoding) => {
    if (!needles.has(encoding)) needles.set(encoding, encodedNeedles(required, encoding));
    return needles.get(encoding);
  };
  // The text searched for first in a read: the rarest in the first read searched (kept after).
  const lead = new Map<TextEncoding, { needle: Buffer; literal: boolean }>();
  const cannotMatch = (bytes: Buffer, encoding: TextEncoding) => {
    if (!checked) return false;
    const n = needlesFor(encoding);
    if (!n) return false;
    const lacks = (t: Buffer) => bytes.indexOf(t) < 0;
    // A literal may be spelled with a character reference or split by a comment: then the DOM decides.
    const missing = n.names.some(lacks) || (n.literals.length > 0 && n.escapes.every(lacks) && n.literals.some(lacks));
    // Oversized events and DTDs are for test() to report as not evaluated, never skipped silently.
    return missing && bytes.length <= MAX_EVENT_BYTES && n.doctype.every(lacks);
  };
  return {
    cannotMatch,
    candidates(buf, starts, ends, encoding) {
      const n = checked ? needlesFor(encoding) : undefined;
      if (!n || n.names.length + n.literals.length === 0) return undefined;
      let first = lead.get(encoding);
      if (!first) {
        const options = [...n.literals.map((needle) => ({ needle, literal: true })), ...n.names.map((needle) => ({ needle, literal: false }))];
        const counts = options.map((o) => countUpTo(buf, o.needle, 100_000));
        first = options[counts.indexOf(Math.min(...counts))];
        lead.set(encoding, first);
      }
      // Events that cannot be skipped whatever their texts: a literal may be escaped; DTDs and
      // oversized events are reported. Then those holding the first text; cannotMatch() decides each.
      // ('!' covers '<!--', '<!DOCTYPE' and '<!ENTITY' in one search; it is rare in trace XML.)
      const maybe = new Uint8Array(starts.length);
      markContaining(buf, starts, ends, n.bang, maybe);
      if (first.literal) markContaining(buf, starts, ends, n.escapes[0], maybe);
      for (let k = 0; k < starts.length; k++) if (ends[k] - starts[k] > MAX_EVENT_BYTES) maybe[k] = 1;
      markContaining(buf, starts, ends, first.needle, maybe);
      const out: number[] = [];
      for (let k = 0; k < maybe.length; k++) if (maybe[k] && !cannotMatch(buf.subarray(starts[k], ends[k]), encoding)) out.push(k);
      return out;
    },
    test(xml) {
      if (xml.length > MAX_EVENT_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) return 'unreadable';
      if (checked && required.names.some((n) => !xml.includes(n))) return 'no';
      if (checked && required.literals.length && !xml.includes('&#') && !xml.includes('<!--') && required.literals.some((l) => !xml.includes(l))) return 'no';
      const quick = fast?.(xml);
      if (quick === 'match' || quick === 'no') {
        checked = true;
        return quick;
      }
      let doc: unknown;
      try {
        doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(xml, 'text/xml');
      } catch {
        return 'unreadable';
      }
      try {
        const hit = compiled.evaluateBoolean({ node: doc, namespaces });
        checked = true;
        return hit ? 'match' : 'no';
      } catch (e) {
        if (!checked) throw new ServiceError('invalid-request', `The custom filter "${c.name}" could not be evaluated: ${(e as Error).message}`);
        return 'unreadable';
      }
    },
  };
}
