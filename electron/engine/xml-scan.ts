/**
 * Linear-time scanners for the few XML structures the engines look at before (or instead of) a
 * parser: the prolog before the root element, a DOCTYPE, a start tag's attributes. Regular
 * expressions with a lazy or unbounded run followed by a literal (`<\?[\s\S]*?\?>`,
 * `([\w]*)\s*=`) backtrack quadratically on hostile text; these walk each character at most a
 * constant number of times (each step moves forward and every search is an indexOf from there).
 */

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isNameStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c > 0x7f;
const isNameChar = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x3a;

/** End (exclusive) of a DOCTYPE starting at `at` (`<!DOCTYPE`), internal subset included; -1 when it never closes. */
export function doctypeEnd(text: string, at: number): number {
  let i = at + 9;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) return i + 1; // >
    if (c === 0x5b) {
      // [ internal subset ]: declarations may hold '>' and quoted ']'; the subset ends at the first ']' outside quotes.
      i = subsetEnd(text, i + 1);
      if (i < 0) return -1;
    } else if (c === 0x22 || c === 0x27) {
      i = text.indexOf(text[i], i + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}

function subsetEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i; // ]
    if (c === 0x22 || c === 0x27) {
      i = text.indexOf(text[i], i + 1);
      if (i < 0) return -1;
    } else if (text.startsWith('<!--', i)) {
      i = text.indexOf('-->', i + 4);
      if (i < 0) return -1;
      i += 2;
    }
  }
  return -1;
}

/**
 * Where a DOCTYPE is in `text`: [start, end), or null. Only the prolog is searched (a DOCTYPE
 * comes before the root element), case-insensitively as XmlReader accepts it.
 */
export function findDoctype(text: string): { start: number; end: number } | null {
  const root = text.search(/<[A-Za-z_]/);
  const start = indexOfIgnoreCase(root < 0 ? text : text.slice(0, root), '<!DOCTYPE');
  if (start < 0) return null;
  const end = doctypeEnd(text, start);
  return { start, end: end < 0 ? text.length : end };
}

function indexOfIgnoreCase(text: string, upperNeedle: string): number {
  for (let i = text.indexOf('<!'); i >= 0; i = text.indexOf('<!', i + 1)) {
    if (text.substr(i, upperNeedle.length).toUpperCase() === upperNeedle) return i;
  }
  return -1;
}

/**
 * Index of the first element's '<' after the prolog (whitespace, the XML declaration, processing
 * instructions, comments, a DOCTYPE), or -1 when something else comes first or the text ends.
 */
export function firstElementAt(text: string, from = 0): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 0xfeff) i++;
    else if (c !== 0x3c) return -1;
    else if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return -1;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) return -1;
      i = e + 3;
    } else if (text.substr(i, 9).toUpperCase() === '<!DOCTYPE') {
      i = doctypeEnd(text, i);
      if (i < 0) return -1;
    } else return isNameStart(text.charCodeAt(i + 1)) ? i : -1;
  }
  return -1;
}

/** The name of the element starting at `lt` ('<'). */
export function elementNameAt(text: string, lt: number): string {
  let e = lt + 1;
  while (e < text.length && isNameChar(text.charCodeAt(e))) e++;
  return text.slice(lt + 1, e);
}

/** First element of an XML text, ignoring the declaration, PIs, comments and a DOCTYPE. */
export function rootElementName(text: string): string | undefined {
  const at = firstElementAt(text);
  return at < 0 ? undefined : elementNameAt(text, at);
}

/**
 * Attributes of a start tag's inside (`name="v" other='w'`), glued ones (`a="1"b="2"`) too. Values
 * are returned raw (entities not expanded). Stops at the first thing that is not an attribute.
 */
export function scanAttributes(tag: string): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  const n = tag.length;
  while (i < n) {
    while (i < n && !isNameStart(tag.charCodeAt(i))) {
      if (tag.charCodeAt(i) === 0x3e) return out; // '>'
      i++;
    }
    const s = i;
    while (i < n && isNameChar(tag.charCodeAt(i))) i++;
    const name = tag.slice(s, i);
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    if (tag.charCodeAt(i) !== 0x3d) continue; // '=': a bare word is skipped
    i++;
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const q = tag.charCodeAt(i);
    if (q !== 0x22 && q !== 0x27) continue;
    const e = tag.indexOf(tag[i], i + 1);
    if (e < 0) return out;
    out.push([name, tag.slice(i + 1, e)]);
    i = e + 1;
  }
  return out;
}
