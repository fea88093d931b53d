/**
 * Service Trace Viewer custom filter files (`.stvcf`): a list of named XPath filters with their
 * description, namespace prefixes and parameters. Microsoft does not publish the schema, so this
 * reads the layout below and its variants leniently (element names in any case, `Filter` for
 * `CustomFilter`, `Expression` for `XPath`, attributes or child elements) and writes exactly:
 *
 *   <CustomFilters>
 *     <CustomFilter>
 *       <Name>…</Name><Description>…</Description><XPath>…{0}…</XPath>
 *       <Namespaces><Namespace Prefix="p" Uri="urn:…"/></Namespaces>
 *       <Parameters><Parameter Index="0" Name="…"/></Parameters>
 *     </CustomFilter>
 *   </CustomFilters>
 *
 * The file is untrusted: no DOCTYPE is honoured, entities are not expanded beyond XML's five,
 * and every filter is validated against the contract's schema (a bad one is named and skipped).
 */
import { XMLBuilder } from 'fast-xml-parser';
import { untrustedXmlParser } from '../../engine/untrusted-xml';
import { customFilterSchema, type CustomFilter } from '../../../shared/channels/filter';

export const MAX_STVCF_CHARS = 512 * 1024;

const parser = untrustedXmlParser({
  isArray: (name) => /^(customfilter|filter|namespace|parameter)$/i.test(name),
  transformTagName: (name) => name.toLowerCase(),
  transformAttributeName: (name) => name.toLowerCase(),
});

type Node = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as Node)['#text'] === 'string' ? ((v as Node)['#text'] as string) : undefined);
/** A value given as an attribute or as a child element. */
const field = (n: Node, ...names: string[]): string | undefined => {
  for (const name of names) {
    const v = text(n[`@${name}`]) ?? text(n[name]);
    if (v !== undefined) return v;
  }
  return undefined;
};
const list = (v: unknown, item: string): Node[] => {
  const inner = v && typeof v === 'object' ? (v as Node)[item] : undefined;
  return Array.isArray(inner) ? (inner.filter((x) => x && typeof x === 'object') as Node[]) : [];
};

export interface StvcfRead {
  filters: CustomFilter[];
  /** Sentences about what could not be read. */
  problems: string[];
}

export function parseStvcf(xml: string, fileName: string): StvcfRead {
  if (xml.length > MAX_STVCF_CHARS) return { filters: [], problems: [`${fileName} is larger than 512 KiB; a custom filter file is a few kilobytes.`] };
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { filters: [], problems: [`${fileName} has a DOCTYPE; custom filter files never do, so it was not read.`] };
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (e) {
    return { filters: [], problems: [`${fileName} is not well-formed XML: ${(e as Error).message.split('\n')[0]}`] };
  }
  const root = (doc.customfilters ?? doc.filters) as Node | undefined;
  if (!root || typeof root !== 'object') return { filters: [], problems: [`${fileName} is not a custom filter file (its root element should be <CustomFilters>).`] };
  const items = [...list(root, 'customfilter'), ...list(root, 'filter')];
  const filters: CustomFilter[] = [];
  const problems: string[] = [];
  items.forEach((n, i) => {
    const namespaces = Object.fromEntries(list(n.namespaces, 'namespace').map((ns) => [field(ns, 'prefix') ?? '', field(ns, 'uri', 'namespace', 'value') ?? '']));
    const params = list(n.parameters, 'parameter')
      .map((p, k) => ({ index: Number(field(p, 'index') ?? k), name: field(p, 'name', 'description') ?? `Parameter ${k}` }))
      .sort((a, b) => a.index - b.index)
      .map((p) => ({ name: p.name }));
    const candidate = {
      name: field(n, 'name') ?? `Filter ${i + 1}`,
      ...(field(n, 'description') ? { description: field(n, 'description') } : {}),
      xpath: field(n, 'xpath', 'expression') ?? '',
      ...(Object.keys(namespaces).length ? { namespaces } : {}),
      ...(params.length ? { parameters: params } : {}),
    };
    const ok = customFilterSchema.safeParse(candidate);
    if (ok.success) filters.push(ok.data);
    else problems.push(`${fileName}: the filter "${candidate.name}" was skipped (${ok.error.issues[0]?.path.join('.') || 'value'}: ${ok.error.issues[0]?.message}).`);
  });
  if (items.length === 0) problems.push(`${fileName} holds no custom filters.`);
  return { filters, problems };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true });

export function writeStvcf(filters: readonly CustomFilter[]): string {
  const doc = {
    '?xml': { '@version': '1.0', '@encoding': 'utf-8' },
    CustomFilters: {
      CustomFilter: filters.map((f) => ({
        Name: f.name,
        ...(f.description ? { Description: f.description } : {}),
        XPath: f.xpath,
        ...(f.namespaces && Object.keys(f.namespaces).length ? { Namespaces: { Namespace: Object.entries(f.namespaces).map(([p, u]) => ({ '@Prefix': p, '@Uri': u })) } } : {}),
        ...(f.parameters?.length ? { Parameters: { Parameter: f.parameters.map((p, i) => ({ '@Index': String(i), '@Name': p.name })) } } : {}),
      })),
    },
  };
  return builder.build(doc) as string;
}
