/**
 * Detail on demand: reads one event's bytes again and parses them in full with fast-xml-parser
 * (order kept, no DOCTYPE, entity expansion bounded) into a field tree, pretty XML and, for
 * messages, the SOAP envelope on its own. Malformed input falls back to the raw text.
 */
import { open } from 'node:fs/promises';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { DetailField, DetailNode, RecordDetail } from '../../../../shared/model';
import { formatTimeUs } from '../../../../shared/time';
import type { TextEncoding } from '../../encoding';
import { decodeEntities } from '../extraction/entities';

/** Events larger than this are shown raw only (the parse would stall the UI). */
const MAX_PARSE_BYTES = 16 << 20;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: { enabled: true, maxEntityCount: 100, maxExpandedLength: 64 << 20, maxTotalExpansions: 10_000_000 },
  // Also decodes numeric character references (&#233;), which the XML-only mode leaves as they are.
  htmlEntities: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
});
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  processEntities: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function decodeRange(bytes: Buffer, encoding: TextEncoding): string {
  if (encoding === 'utf8') return bytes.toString('utf8');
  return new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be').decode(bytes);
}

export interface DetailBase {
  fileId: string;
  index: number;
  title: string;
  fields: DetailField[];
}

/**
 * References to control characters (`&#x1;`, `&#27;`) would vanish in the parser; they are spelled
 * out as `⟨U+0001⟩` so the detail pane shows that they were there. Tab, LF and CR stay.
 */
function showControlReferences(raw: string): string {
  return raw.replace(/&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});/g, (m, code: string) => {
    const cp = code[0] === 'x' ? parseInt(code.slice(1), 16) : parseInt(code, 10);
    const control = (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f);
    return control ? `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩` : m;
  });
}

/** Parses the event text into the detail; never throws. */
export function buildDetail(base: DetailBase, raw: string): RecordDetail {
  const detail: RecordDetail = { ...base, raw };
  if (raw.length > MAX_PARSE_BYTES || /<!DOCTYPE/i.test(raw)) return detail;
  let doc: OrderedNode[];
  try {
    doc = parser.parse(showControlReferences(raw)) as OrderedNode[];
  } catch (e) {
    detail.fields = [...detail.fields, { name: 'Parse problem', value: e instanceof Error ? e.message : String(e) }];
    return detail;
  }
  const root = doc.find((n) => elementName(n) !== undefined);
  if (!root) return detail;
  detail.tree = toTree(root);
  detail.xml = safeBuild([root]);
  const envelope = findElement(root, (name) => localName(name) === 'Envelope');
  if (envelope) detail.message = safeBuild([envelope]);
  else {
    const mltr = findElement(root, (name) => localName(name) === 'MessageLogTraceRecord');
    const text = mltr ? textOf(mltr) : '';
    // Malformed records hold the message as escaped text: show it unescaped.
    if (text.trim()) detail.message = unwrapCdata(decodeEntities(text));
    // Not SOAP (an HTTP GET and its response): the logged record itself, its HTTP request or response properties.
    else if (mltr) detail.message = safeBuild([mltr]);
  }
  return detail;
}

function safeBuild(nodes: OrderedNode[]): string | undefined {
  try {
    return String(builder.build(nodes)).trim();
  } catch {
    return undefined;
  }
}

function elementName(n: OrderedNode): string | undefined {
  return Object.keys(n).find((k) => k !== ':@' && k !== '#text' && k !== '#cdata' && k !== '#comment');
}

function localName(name: string): string {
  const c = name.indexOf(':');
  return c < 0 ? name : name.slice(c + 1);
}

function childrenOf(n: OrderedNode, name: string): OrderedNode[] {
  const v = n[name];
  return Array.isArray(v) ? (v as OrderedNode[]) : [];
}

function textOf(n: OrderedNode): string {
  const name = elementName(n);
  if (!name) return '';
  let out = '';
  for (const c of childrenOf(n, name)) {
    if (typeof c['#text'] === 'string' || typeof c['#text'] === 'number') out += String(c['#text']);
    else if (Array.isArray(c['#cdata'])) out += (c['#cdata'] as OrderedNode[]).map((x) => String(x['#text'] ?? '')).join('');
  }
  return out;
}

function findElement(n: OrderedNode, test: (name: string) => boolean): OrderedNode | undefined {
  const name = elementName(n);
  if (!name) return undefined;
  if (test(name)) return n;
  for (const c of childrenOf(n, name)) {
    const hit = findElement(c, test);
    if (hit) return hit;
  }
  return undefined;
}

function toTree(n: OrderedNode): DetailNode {
  const name = elementName(n) ?? '#text';
  const node: DetailNode = { name };
  const children: DetailNode[] = [];
  for (const [k, v] of Object.entries(n[':@'] ?? {})) children.push({ name: `@${k.replace(/^@_/, '')}`, value: String(v) });
  for (const c of childrenOf(n, name)) {
    if (elementName(c)) children.push(toTree(c));
  }
  const text = textOf(n).trim();
  if (text) node.value = text;
  if (children.length) node.children = children;
  return node;
}

function unwrapCdata(s: string): string {
  const t = s.trim();
  return t.startsWith('<![CDATA[') ? t.slice(9).replace(/]]>$/, '') : t;
}

export function timeField(us: number, tick: number): string {
  return Number.isFinite(us) ? `${formatTimeUs(us, { tick, zone: 'UTC' })} UTC` : '';
}
