import type { ReactNode } from 'react';
import { Highlight } from './Highlight';

/** Beyond this size XML is shown uncoloured: thousands of spans would stall the window. */
const MAX_COLOURED = 256 * 1024;

type Token = { cls: string; text: string };

const TOKENS = /(<!--[\s\S]*?-->)|(<!\[CDATA\[[\s\S]*?\]\]>)|(<\/?)([^\s/>]+)([^>]*?)(\/?>)|([^<]+)|(<)/g;
const ATTRS = /(\s+)([^\s=]+)(\s*=\s*)("[^"]*"|'[^']*')?/g;

/** Splits XML text into classed tokens (tag, attribute name, value, text, comment) for colouring. */
export function tokenizeXml(xml: string): Token[] {
  const out: Token[] = [];
  for (const m of xml.matchAll(TOKENS)) {
    if (m[1]) out.push({ cls: 'x-comment', text: m[1] });
    else if (m[2]) out.push({ cls: 'x-cdata', text: m[2] });
    else if (m[3] !== undefined && m[4]) {
      out.push({ cls: 'x-punct', text: m[3] }, { cls: 'x-tag', text: m[4] });
      const attrs = m[5];
      let at = 0;
      for (const a of attrs.matchAll(ATTRS)) {
        if (a.index > at) out.push({ cls: 'x-text', text: attrs.slice(at, a.index) });
        out.push({ cls: 'x-text', text: a[1] }, { cls: 'x-attr', text: a[2] }, { cls: 'x-punct', text: a[3] });
        if (a[4]) out.push({ cls: 'x-value', text: a[4] });
        at = a.index + a[0].length;
      }
      if (at < attrs.length) out.push({ cls: 'x-text', text: attrs.slice(at) });
      out.push({ cls: 'x-punct', text: m[6] });
    } else out.push({ cls: m[7] ? 'x-text' : 'x-punct', text: m[0] });
  }
  return out;
}

/** Pretty XML with syntax colouring as React spans (never HTML) and the find text marked. */
export function XmlView({ xml, needle, testId }: { xml: string; needle?: string; testId?: string }) {
  let body: ReactNode;
  if (xml.length > MAX_COLOURED) body = <Highlight text={xml} needle={needle} />;
  else
    body = tokenizeXml(xml).map((t, i) => (
      <span key={i} className={t.cls}>
        <Highlight text={t.text} needle={needle} />
      </span>
    ));
  return (
    <pre className="code xml" data-testid={testId}>
      {body}
    </pre>
  );
}
