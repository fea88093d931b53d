/** W3C directive lines (`#Fields: date time …`, `#Version: 1.0 // comment`), read in linear time. */

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r' || c === '\n';

/**
 * A directive's value without a trailing `// comment` (one that follows whitespace), as
 * `value.replace(/\s+\/\/.*$/, '')` would give, without that regex's quadratic backtracking over
 * long runs of spaces.
 */
export function stripDirectiveComment(value: string): string {
  // From 1: a `//` at the very start has no space before it (and must not end the search).
  for (let i = value.indexOf('//', 1); i > 0; i = value.indexOf('//', i + 1)) {
    if (!isSpace(value[i - 1])) continue;
    let s = i - 1;
    while (s > 0 && isSpace(value[s - 1])) s--;
    return value.slice(0, s);
  }
  return value;
}

/** `#Name: value` → lower-case name and value (comment stripped, trimmed); null for a plain `# comment`. */
export function parseDirective(line: string): { name: string; value: string } | null {
  const text = line.startsWith('#') ? line.slice(1) : line;
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const name = text.slice(0, colon).trim();
  if (!/^[A-Za-z-]+$/.test(name)) return null;
  return { name: name.toLowerCase(), value: stripDirectiveComment(text.slice(colon + 1)).trim() };
}

/** The field names of a `#Fields:` value. */
export function fieldNames(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}
