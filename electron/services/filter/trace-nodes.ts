/**
 * "Create custom filter from this trace": the selected trace's XML as a flat list of elements and
 * attributes, each with the XPath that selects it (predeclared prefixes where the namespace has
 * one, ns1, ns2… declared alongside otherwise) and its value, for the user to pick from.
 */
import { DOMParser } from '@xmldom/xmldom';
import type { TraceNode, TraceNodes } from '../../../shared/channels/custom-filters';
import { MAX_EVENT_BYTES, PREDECLARED_NAMESPACES } from './xpath-filter';

const MAX_NODES = 2000;
const MAX_VALUE = 300;

interface El {
  nodeType: number;
  localName: string;
  prefix: string | null;
  namespaceURI: string | null;
  childNodes: ArrayLike<El>;
  attributes?: ArrayLike<{ localName: string; name: string; value: string; namespaceURI: string | null }>;
  textContent: string | null;
}

export function traceNodes(xml: string): TraceNodes {
  if (xml.length > MAX_EVENT_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) return { nodes: [], namespaces: {}, problem: 'This trace is too large or has a DOCTYPE; its XML is not offered for a custom filter.' };
  let doc: { documentElement: El | null };
  try {
    doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(xml, 'text/xml') as unknown as { documentElement: El | null };
  } catch (e) {
    return { nodes: [], namespaces: {}, problem: `This trace's XML could not be read: ${(e as Error).message}` };
  }
  const prefixOf = new Map<string, string>();
  for (const [p, uri] of Object.entries(PREDECLARED_NAMESPACES)) if (!prefixOf.has(uri)) prefixOf.set(uri, p);
  const extra: Record<string, string> = {};
  const qname = (uri: string | null, local: string, own: string | null) => {
    if (!uri) return local;
    let p = prefixOf.get(uri);
    if (!p) {
      p = own && !(own in PREDECLARED_NAMESPACES) && !(own in extra) ? own : `ns${Object.keys(extra).length + 1}`;
      prefixOf.set(uri, p);
      extra[p] = uri;
    }
    return `${p}:${local}`;
  };
  const nodes: TraceNode[] = [];
  const walk = (el: El, path: string, depth: number) => {
    if (nodes.length >= MAX_NODES) return;
    const kids = Array.from(el.childNodes).filter((c) => c.nodeType === 1);
    const leaf = kids.length === 0;
    nodes.push({ path, name: el.localName, value: leaf ? (el.textContent ?? '').trim().slice(0, MAX_VALUE) : '', attribute: false, depth });
    for (const a of Array.from(el.attributes ?? [])) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      nodes.push({ path: `${path}/@${a.namespaceURI ? qname(a.namespaceURI, a.localName, null) : a.localName}`, name: `@${a.localName}`, value: a.value.slice(0, MAX_VALUE), attribute: true, depth: depth + 1 });
    }
    // Siblings of the same name get a position, so each path selects one node.
    const seen = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const k of kids) {
      const q = qname(k.namespaceURI, k.localName, k.prefix);
      counts.set(q, (counts.get(q) ?? 0) + 1);
    }
    for (const k of kids) {
      const q = qname(k.namespaceURI, k.localName, k.prefix);
      const n = (seen.get(q) ?? 0) + 1;
      seen.set(q, n);
      walk(k, `${path}/${q}${(counts.get(q) ?? 0) > 1 ? `[${n}]` : ''}`, depth + 1);
    }
  };
  const root = doc.documentElement;
  if (root) walk(root, `/${qname(root.namespaceURI, root.localName, root.prefix)}`, 0);
  return { nodes, namespaces: extra, ...(nodes.length >= MAX_NODES ? { problem: `Only the first ${MAX_NODES} nodes are listed.` } : {}) };
}
