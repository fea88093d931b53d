/**
 * The fields of one FREB <Event> read by a scanner: a few indexOf calls per field instead of a
 * full XML parse (fast-xml-parser built a tree per event: 56 MiB of events took 7–13 s and GBs).
 * Only for the shape IIS writes; anything else (CDATA, comments, markup inside a value, a missing
 * section) returns null and the caller parses the event with the XML parser instead.
 */
import { scanAttributes } from '../xml-scan';

export interface ScannedEvent {
  systemTime: string;
  provider: string;
  eventId: string;
  opcode: string;
  level: string;
  computer: string;
  processId: string;
  activityId: string;
  renderedOpcode: string;
  data: { name: string; value: string }[];
}

/** Bare CRs and CRLF as line feeds, as an XML parser reads them. */
export const normalizeNewlines = (s: string): string => (s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s);

export function unescapeXml(raw: string): string {
  const s = normalizeNewlines(raw);
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,8}|#x[0-9a-fA-F]{1,8});/g, (all, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/** Index of the start tag `<name` (followed by space, '/' or '>') in [from, to), or -1. */
function tagAt(xml: string, name: string, from: number, to: number): number {
  for (let i = xml.indexOf(`<${name}`, from); i >= 0 && i < to; i = xml.indexOf(`<${name}`, i + 1)) {
    const c = xml.charCodeAt(i + 1 + name.length);
    if (c === 0x20 || c === 0x3e || c === 0x2f || c === 0x09 || c === 0x0a || c === 0x0d) return i;
  }
  return -1;
}

const BAD = Symbol('bad');

/** Text of the first <name>…</name> in [from, to): '' when absent or empty, BAD when it holds markup. */
function textOf(xml: string, name: string, from: number, to: number): string | typeof BAD {
  const at = tagAt(xml, name, from, to);
  if (at < 0) return '';
  const gt = xml.indexOf('>', at);
  if (gt < 0 || gt >= to) return BAD;
  if (xml.charCodeAt(gt - 1) === 0x2f) return '';
  const lt = xml.indexOf('<', gt + 1);
  if (lt < 0 || lt >= to || !xml.startsWith(`</${name}>`, lt)) return BAD;
  return unescapeXml(xml.slice(gt + 1, lt).trim());
}

function attrOf(xml: string, name: string, attr: string, from: number, to: number): string {
  const at = tagAt(xml, name, from, to);
  if (at < 0) return '';
  const gt = xml.indexOf('>', at);
  if (gt < 0 || gt >= to) return '';
  // Trimmed, as the XML parser (trimValues) gives attribute values.
  for (const [k, v] of scanAttributes(xml.slice(at + 1 + name.length, gt))) if (k === attr) return unescapeXml(v.trim());
  return '';
}

export function scanFrebEvent(xml: string): ScannedEvent | null {
  if (xml.includes('<![CDATA[') || xml.includes('<!--')) return null;
  const sys = tagAt(xml, 'System', 0, xml.length);
  const sysEnd = xml.indexOf('</System>', sys);
  if (sys < 0 || sysEnd < 0) return null;
  const fields = { eventId: 'EventID', opcode: 'Opcode', level: 'Level', computer: 'Computer' } as const;
  const out: Partial<Record<keyof typeof fields, string>> = {};
  for (const [key, tag] of Object.entries(fields) as [keyof typeof fields, string][]) {
    const v = textOf(xml, tag, sys, sysEnd);
    if (v === BAD) return null;
    out[key] = v;
  }
  const render = tagAt(xml, 'RenderingInfo', sysEnd, xml.length);
  const renderEnd = render < 0 ? -1 : xml.indexOf('</RenderingInfo>', render);
  const renderedOpcode = render < 0 || renderEnd < 0 ? '' : textOf(xml, 'Opcode', render, renderEnd);
  if (renderedOpcode === BAD) return null;
  const data: { name: string; value: string }[] = [];
  const ed = tagAt(xml, 'EventData', sysEnd, xml.length);
  if (ed >= 0) {
    const edEnd = xml.indexOf('</EventData>', ed);
    if (edEnd < 0) return null;
    for (let d = tagAt(xml, 'Data', ed, edEnd); d >= 0; d = tagAt(xml, 'Data', d + 1, edEnd)) {
      const gt = xml.indexOf('>', d);
      if (gt < 0 || gt > edEnd) return null;
      const name = scanAttributes(xml.slice(d + 5, gt)).find(([k]) => k === 'Name')?.[1] ?? '';
      if (xml.charCodeAt(gt - 1) === 0x2f) {
        data.push({ name: unescapeXml(name.trim()), value: '' });
        continue;
      }
      const lt = xml.indexOf('<', gt + 1);
      if (lt < 0 || !xml.startsWith('</Data>', lt)) return null;
      data.push({ name: unescapeXml(name.trim()), value: unescapeXml(xml.slice(gt + 1, lt).trim()) });
    }
  }
  return {
    systemTime: attrOf(xml, 'TimeCreated', 'SystemTime', sys, sysEnd),
    provider: attrOf(xml, 'Provider', 'Name', sys, sysEnd),
    processId: attrOf(xml, 'Execution', 'ProcessID', sys, sysEnd),
    activityId: attrOf(xml, 'Correlation', 'ActivityID', sys, sysEnd),
    eventId: out.eventId ?? '',
    opcode: out.opcode ?? '',
    level: out.level ?? '',
    computer: out.computer ?? '',
    renderedOpcode,
    data,
  };
}
