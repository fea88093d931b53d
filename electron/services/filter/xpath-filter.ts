/**
 * One custom (XPath 1.0) filter over one event's XML, as Service Trace Viewer evaluates it: the
 * `xpath` library over an @xmldom/xmldom DOM of that event alone (bounded: events over
 * MAX_EVENT_BYTES, with a DOCTYPE or that are not well-formed are reported, never evaluated).
 */
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import type { AppliedCustomFilter } from '../../../shared/channels/filter';
import { ServiceError } from '../errors';
import type { EventVerdict } from './event-scan';

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
  // Unknown prefixes and bad functions only show at evaluation: a first failure on a
  // well-formed event is the expression's fault, said once, not one per event.
  let checked = false;
  return {
    test(xml) {
      if (xml.length > MAX_EVENT_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) return 'unreadable';
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
