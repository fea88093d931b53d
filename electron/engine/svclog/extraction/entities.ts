/**
 * Turning raw XML text bytes into display strings: the five predefined entities, numeric character
 * references and CDATA sections. No DTD entities exist in trace fragments, so none are expanded.
 */

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REF = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g;
const utf8 = new TextDecoder('utf-8');

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(REF, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/** Text of mixed character data: CDATA sections kept verbatim, the rest entity-decoded. */
export function xmlText(s: string): string {
  if (s.indexOf('<![CDATA[') < 0) return decodeEntities(s);
  let out = '';
  let i = 0;
  for (;;) {
    const c = s.indexOf('<![CDATA[', i);
    if (c < 0) return out + decodeEntities(s.slice(i));
    out += decodeEntities(s.slice(i, c));
    const end = s.indexOf(']]>', c + 9);
    if (end < 0) return out + s.slice(c + 9);
    out += s.slice(c + 9, end);
    i = end + 3;
  }
}

/** One display line: entities decoded, runs of whitespace (line breaks included) folded to one space. */
export function oneLine(bytes: Uint8Array, max = 400): string {
  let s = xmlText(utf8.decode(bytes)).replace(/\s+/g, ' ').trim();
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  return s;
}
