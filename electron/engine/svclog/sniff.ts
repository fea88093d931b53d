/**
 * Is a decoded head a WCF trace (XmlWriterTraceListener output)? Decided from the structure of the
 * text, not from `<E2ETraceEvent` found anywhere: an IIS log whose User-Agent holds that string is
 * still an IIS log. A trace is a run of E2ETraceEvent elements with no root, so it is one when
 * - its first element (after the XML declaration, comments, a DOCTYPE) is an E2ETraceEvent; or
 * - it starts inside XML (a file cut in the middle of an event) and a whole event starts a line or
 *   follows a tag; or
 * - a few lines of junk (a torn write, or the end of a cut event) come before an event that starts
 *   a line or follows a tag, and the junk has none of the shapes of a log line (a `#Name:`
 *   directive, a row starting with a date or an address).
 */
import { elementNameAt, firstElementAt, rootElementName } from '../xml-scan';

const E2E = 'E2ETraceEvent';
const MAX_JUNK_LINES = 20;

function isEventStart(text: string, lt: number): boolean {
  if (!text.startsWith(E2E, lt + 1)) return false;
  const c = text.charCodeAt(lt + 1 + E2E.length);
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3e || c === 0x2f;
}

/** The first whole event's '<' that starts a line or follows a tag's '>', or -1. */
function firstEventOnBoundary(text: string): number {
  for (let at = text.indexOf(`<${E2E}`); at >= 0; at = text.indexOf(`<${E2E}`, at + 1)) {
    if (!isEventStart(text, at)) continue;
    let b = at - 1;
    while (b >= 0 && (text[b] === ' ' || text[b] === '\t')) b--;
    if (b < 0 || text[b] === '\n' || text[b] === '\r' || text[b] === '>') return at;
  }
  return -1;
}

export function looksLikeSvclog(head: string): boolean {
  const first = firstElementAt(head);
  if (first >= 0 && elementNameAt(head, first) === E2E) return true;
  const at = firstEventOnBoundary(head);
  if (at < 0) return false;
  const prefix = head.slice(0, at);
  if (prefix.trimStart().startsWith('<')) return rootElementName(prefix) !== 'failedRequest';
  const lines = prefix.split(/\r\n|\n|\r/);
  if (lines.length > MAX_JUNK_LINES + 1) return false;
  return !lines.some((l) => /^#[A-Za-z-]+\s*:/.test(l) || /^\s*\d/.test(l));
}
