/** The fields TraceLens indexes, read from one event's element tree (<Event><System>…). */
import type { XmlElement, XmlNode } from './binxml';

export interface EventFields {
  provider: string;
  eventId: number;
  level: number;
  task: number;
  opcode: number;
  keywords: string;
  /** TimeCreated/@SystemTime as written (ISO, 7 fractional digits), '' when absent. */
  systemTime: string;
  recordId: string;
  computer: string;
  channel: string;
  pid: number;
  tid: number;
  activityId: string;
  relatedActivityId: string;
  user: string;
  /** EventData/Data (by Name) or UserData's fields, in order. */
  data: [string, string][];
}

const child = (e: XmlElement | undefined, name: string): XmlElement | undefined =>
  e?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
const attr = (e: XmlElement | undefined, name: string): string => e?.attrs.find((a) => a[0] === name)?.[1] ?? '';

/** Text content of an element (its text children and those of its descendants). */
export function textOf(e: XmlNode | undefined): string {
  if (e === undefined) return '';
  if (typeof e === 'string') return e;
  let s = '';
  for (const c of e.children) s += textOf(c);
  return s;
}

/** The number in `s`, or -1 when there is none (absent element or attribute). */
const num = (s: string) => {
  if (s.trim() === '') return -1;
  const v = Number(s.trim());
  return Number.isFinite(v) ? v : -1;
};

/** EventData/Data (by Name) or UserData's fields, in order, from an event's child nodes. */
export function eventDataOf(nodes: readonly XmlNode[]): [string, string][] {
  const data: [string, string][] = [];
  const among = (name: string) => nodes.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
  const ed = among('EventData');
  if (ed) {
    let k = 0;
    for (const c of ed.children) {
      if (typeof c === 'string') continue;
      data.push([attr(c, 'Name') || (c.name === 'Data' ? `Data${k}` : c.name), textOf(c)]);
      k++;
    }
  } else {
    const ud = among('UserData');
    const body = ud?.children.find((c): c is XmlElement => typeof c !== 'string');
    for (const c of body?.children ?? []) if (typeof c !== 'string') data.push([c.name, textOf(c)]);
  }
  return data;
}

export function eventFields(root: XmlElement): EventFields {
  const sys = child(root, 'System');
  const provider = child(sys, 'Provider');
  const exec = child(sys, 'Execution');
  const corr = child(sys, 'Correlation');
  const data = eventDataOf(root.children);
  return {
    provider: attr(provider, 'Name') || attr(provider, 'EventSourceName'),
    eventId: num(textOf(child(sys, 'EventID'))),
    level: num(textOf(child(sys, 'Level'))),
    task: num(textOf(child(sys, 'Task'))),
    opcode: num(textOf(child(sys, 'Opcode'))),
    keywords: textOf(child(sys, 'Keywords')),
    systemTime: attr(child(sys, 'TimeCreated'), 'SystemTime'),
    recordId: textOf(child(sys, 'EventRecordID')),
    computer: textOf(child(sys, 'Computer')),
    channel: textOf(child(sys, 'Channel')),
    pid: num(attr(exec, 'ProcessID')),
    tid: num(attr(exec, 'ThreadID')),
    activityId: attr(corr, 'ActivityID'),
    relatedActivityId: attr(corr, 'RelatedActivityID'),
    user: attr(child(sys, 'Security'), 'UserID'),
    data,
  };
}

/** Pretty-printed XML of an event (text escaped; Windows' own layout). */
export function renderXml(e: XmlElement, indent = ''): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const attrs = e.attrs.map(([n, v]) => ` ${n}="${esc(v).replace(/"/g, '&quot;')}"`).join('');
  if (e.children.length === 0) return `${indent}<${e.name}${attrs} />`;
  if (e.children.every((c) => typeof c === 'string')) return `${indent}<${e.name}${attrs}>${esc(textOf(e))}</${e.name}>`;
  const inner = e.children.map((c) => (typeof c === 'string' ? `${indent}  ${esc(c)}` : renderXml(c, `${indent}  `))).join('\n');
  return `${indent}<${e.name}${attrs}>\n${inner}\n${indent}</${e.name}>`;
}
