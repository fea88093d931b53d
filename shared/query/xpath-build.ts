/**
 * The XPath written for "Create custom filter from this trace": each picked node must exist and,
 * when it has a value, equal it (or a parameter {n} asked for when the filter is applied).
 */

/** A string as an XPath 1.0 literal (XPath has no escapes: concat() joins the quote kinds). */
export function xpathLiteral(s: string): string {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return `concat(${s
    .split("'")
    .map((part) => `'${part}'`)
    .join(`, "'", `)})`;
}

export interface NodePick {
  path: string;
  /** Compared with `.=`; omitted: the node must only exist. */
  value?: string;
  /** Compare with parameter {n} instead of the value. */
  parameter?: number;
}

export function buildXPath(picks: readonly NodePick[]): string {
  return picks
    .map((p) => {
      if (p.parameter !== undefined) return `${p.path}[.='{${p.parameter}}']`;
      if (p.value === undefined) return p.path;
      return `${p.path}[.=${xpathLiteral(p.value)}]`;
    })
    .join(' and ');
}
