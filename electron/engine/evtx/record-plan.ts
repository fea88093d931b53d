/**
 * The indexed fields of a record read straight from its substitution values, without rendering
 * its element tree. A template (parsed once per chunk) is turned once into a plan: where each
 * System field and each EventData field comes from (literal text or value slot k). A record then
 * costs a few typed reads: numbers are read as numbers, and string-like values (provider,
 * computer, SID, GUID, keywords…) are interned as their raw bytes, decoded once per distinct value
 * when the parts are joined (columns.ts). What the plan does not cover (UserData, nested elements
 * in a field, an embedded fragment where a field is) is left to the general path: render the
 * record and read its tree (fields.ts), which gives the same values.
 */
import { Slots, type ChunkXml, type Part, type TElement, type TFragment, type XmlNode } from './binxml';
import { eventDataOf } from './fields';
import { VT, valueText } from './values';

/** Where a field's text comes from: its parts in order (empty: the field is absent). */
type Source = readonly Part[];

interface DataField {
  /** The Name attribute's parts; empty: the element's own name or Data<k>. */
  name: Source;
  /** Name when `name` gives nothing: Data<k> for <Data>, else the element's name. */
  fallbackName: string;
  value: Source;
}

export interface RecordPlan {
  /** The template has a shape the plan does not cover: every record of it takes the general path. */
  general: boolean;
  /** Slots that would add elements where fields are looked for, were they an embedded fragment. */
  guards: number[];
  provider: Source;
  sourceName: Source;
  eventId: Source;
  level: Source;
  task: Source;
  opcode: Source;
  keywords: Source;
  systemTime: Source;
  computer: Source;
  channel: Source;
  pid: Source;
  tid: Source;
  activity: Source;
  related: Source;
  user: Source;
  data: DataField[];
  /**
   * Slots among the event's children where no EventData or UserData is written in the template:
   * an embedded fragment there (the usual way Windows writes them) is rendered on its own and its
   * EventData/UserData read from that small tree.
   */
  body: number[];
}

const NONE: Source = [];

const isElement = (n: TElement | Part): n is TElement => typeof n !== 'string' && 'name' in n;
const isSlot = (n: TElement | Part): n is { sub: number; optional: boolean } => typeof n !== 'string' && 'sub' in n;

/** An element's text: its parts, slots guarded (an element nested in it: the plan does not cover it). */
function textParts(e: TElement, plan: { general: boolean; guards: number[] }): Source {
  const parts: Part[] = [];
  for (const c of e.children) {
    if (isElement(c)) plan.general = true;
    else {
      if (isSlot(c)) plan.guards.push(c.sub);
      parts.push(c);
    }
  }
  return parts;
}

/** An EventData element's fields: each child element by its Name attribute, else Data<k> or its own name. */
function eventDataFields(ed: TElement, plan: { general: boolean; guards: number[] }): DataField[] {
  const out: DataField[] = [];
  let k = 0;
  for (const c of ed.children) {
    if (isSlot(c)) plan.guards.push(c.sub);
    if (!isElement(c)) continue;
    out.push({ name: c.attrs.find((a) => a.name === 'Name')?.parts ?? NONE, fallbackName: c.name === 'Data' ? `Data${k}` : c.name, value: textParts(c, plan) });
    k++;
  }
  return out;
}

/** Builds the plan of one template. */
export function planOf(tpl: TFragment): RecordPlan {
  const plan: RecordPlan = {
    general: false,
    guards: [],
    provider: NONE, sourceName: NONE, eventId: NONE, level: NONE, task: NONE, opcode: NONE, keywords: NONE,
    systemTime: NONE, computer: NONE, channel: NONE, pid: NONE, tid: NONE, activity: NONE, related: NONE, user: NONE,
    data: [],
    body: [],
  };
  // The event element must be the template's first node (a slot before it could be an embedded event).
  const root = tpl.find((n) => typeof n !== 'string' || n.trim() !== '');
  if (!root || !isElement(root)) return { ...plan, general: true };
  /** The first child element named `name`; slots among the children are guarded (they could hold elements). */
  const child = (e: TElement | undefined, name: string): TElement | undefined => {
    if (!e) return undefined;
    for (const c of e.children) {
      if (isSlot(c)) plan.guards.push(c.sub);
      else if (isElement(c) && c.name === name) return c;
    }
    return undefined;
  };
  const attr = (e: TElement | undefined, name: string): Source => e?.attrs.find((a) => a.name === name)?.parts ?? NONE;
  const text = (e: TElement | undefined): Source => (e ? textParts(e, plan) : NONE);
  const sys = child(root, 'System');
  const provider = child(sys, 'Provider');
  const exec = child(sys, 'Execution');
  const corr = child(sys, 'Correlation');
  plan.provider = attr(provider, 'Name');
  plan.sourceName = attr(provider, 'EventSourceName');
  plan.eventId = text(child(sys, 'EventID'));
  plan.level = text(child(sys, 'Level'));
  plan.task = text(child(sys, 'Task'));
  plan.opcode = text(child(sys, 'Opcode'));
  plan.keywords = text(child(sys, 'Keywords'));
  plan.systemTime = attr(child(sys, 'TimeCreated'), 'SystemTime');
  plan.computer = text(child(sys, 'Computer'));
  plan.channel = text(child(sys, 'Channel'));
  plan.pid = attr(exec, 'ProcessID');
  plan.tid = attr(exec, 'ThreadID');
  plan.activity = attr(corr, 'ActivityID');
  plan.related = attr(corr, 'RelatedActivityID');
  plan.user = attr(child(sys, 'Security'), 'UserID');
  let ed: TElement | undefined;
  let userData = false;
  const before: number[] = [];
  for (const c of root.children) {
    if (isSlot(c)) before.push(c.sub);
    else if (isElement(c) && c.name === 'EventData') {
      ed = c;
      break;
    } else if (isElement(c) && c.name === 'UserData') userData = true;
  }
  if (ed) {
    // A slot before it could hold an EventData that comes first.
    plan.guards.push(...before);
    plan.data = eventDataFields(ed, plan);
  } else if (userData) plan.general = true;
  else plan.body = before;
  return plan;
}

/** Whether this record's values fit its plan (no embedded fragment where the plan reads fields). */
export function planFits(plan: { general: boolean; guards: number[] }, v: Slots): boolean {
  if (plan.general) return false;
  for (const k of plan.guards) if (k < v.count && v.type[k] === VT.BinXml && v.size[k] > 0) return false;
  return true;
}

/** Whether slot k renders as nothing (absent, or optional and empty). */
function skipped(v: Slots, p: { sub: number; optional: boolean }): boolean {
  return p.sub >= v.count || (p.optional && (v.type[p.sub] === VT.Null || v.size[p.sub] === 0));
}

/** A field's text as the rendered record gives it. */
export function sourceText(x: ChunkXml, v: Slots, src: Source): string {
  let s = '';
  for (const p of src) {
    if (typeof p === 'string') s += p;
    else if (!skipped(v, p) && v.type[p.sub] !== VT.BinXml) s += valueText(x.b, x.dv, v.off[p.sub], v.size[p.sub], v.type[p.sub]);
  }
  return s;
}

/** The number a field gives, -1 when none; integer slots are read as numbers. */
export function sourceNumber(x: ChunkXml, v: Slots, src: Source): number {
  if (src.length === 1 && typeof src[0] !== 'string') {
    const p = src[0];
    if (skipped(v, p)) return -1;
    const off = v.off[p.sub];
    const size = v.size[p.sub];
    switch (v.type[p.sub]) {
      case VT.UInt8: if (size >= 1) return x.b[off]; break;
      case VT.UInt16: if (size >= 2) return x.dv.getUint16(off, true); break;
      case VT.UInt32: if (size >= 4) return x.dv.getUint32(off, true); break;
      case VT.Int32: if (size >= 4) return x.dv.getInt32(off, true); break;
    }
  }
  const s = sourceText(x, v, src).trim();
  if (s === '') return -1;
  const n = Number(s);
  return Number.isFinite(n) ? n : -1;
}

/** The single value slot a field is, when it is exactly one (then its bytes can be interned as they are). */
export function soleSlot(v: Slots, src: Source): number {
  if (src.length !== 1 || typeof src[0] === 'string') return -1;
  const p = src[0];
  return skipped(v, p) || v.type[p.sub] === VT.BinXml ? -1 : p.sub;
}

const POSITIONAL = /^Data\d+$/;

/** The EventData or UserData fields a template writes (an embedded fragment's, for a record's body). */
export interface DataPlan {
  general: boolean;
  guards: number[];
  data: DataField[];
}

/** The data fields of a fragment's template: its EventData's, or its UserData's first element's (as eventDataOf reads them). */
export function dataPlanOf(tpl: TFragment): DataPlan {
  const plan: DataPlan = { general: false, guards: [], data: [] };
  // A slot at the top could hold elements that come first: guarded.
  for (const c of tpl) if (isSlot(c)) plan.guards.push(c.sub);
  const ed = tpl.find((c): c is TElement => isElement(c) && c.name === 'EventData');
  if (ed) {
    plan.data = eventDataFields(ed, plan);
    return plan;
  }
  const ud = tpl.find((c): c is TElement => isElement(c) && c.name === 'UserData');
  if (ud) {
    for (const c of ud.children) if (isSlot(c)) plan.guards.push(c.sub);
    const body = ud.children.find(isElement);
    for (const c of body?.children ?? []) {
      if (isSlot(c)) plan.guards.push(c.sub);
      if (isElement(c)) plan.data.push({ name: NONE, fallbackName: c.name, value: textParts(c, plan) });
    }
  }
  return plan;
}

/** Reads records' data through plans: the record's own, and those of the fragments embedded in them (per chunk). */
export class DataReader {
  private readonly inner = new Slots();
  private readonly plans = new Map<number, DataPlan>();

  constructor(private readonly x: ChunkXml) {}

  /** The EventData fields as one line ("Name: value; …", positional Data values bare), at most 300 characters. */
  summary(plan: RecordPlan, v: Slots, depth: number): string {
    if (!plan.body.length) return planSummary(this.x, v, plan.data);
    const filled = plan.body.filter((k) => k < v.count && v.type[k] === VT.BinXml && v.size[k] > 0);
    // The usual body: one embedded template instance holding the EventData or UserData.
    if (filled.length === 1) {
      const k = filled[0];
      const inst = this.x.instanceOf(v.off[k], v.off[k] + v.size[k], this.inner, depth + 1);
      let p = inst && this.plans.get(inst.key);
      if (inst && !p) this.plans.set(inst.key, (p = dataPlanOf(inst.tpl)));
      if (p && planFits(p, this.inner)) return planSummary(this.x, this.inner, p.data);
    }
    const nodes: XmlNode[] = [];
    for (const k of filled) nodes.push(...this.x.embedded({ off: v.off[k], size: v.size[k], type: VT.BinXml }, depth));
    return fieldsSummary(eventDataOf(nodes));
  }
}

function planSummary(x: ChunkXml, v: Slots, data: readonly DataField[]): string {
  let s = '';
  for (const f of data) {
    const value = sourceText(x, v, f.value);
    if (value === '') continue;
    const name = (f.name.length ? sourceText(x, v, f.name) : '') || f.fallbackName;
    if (s !== '') s += '; ';
    s += POSITIONAL.test(name) ? value : `${name}: ${value}`;
  }
  return cutSummary(s);
}

/** Fields as one line, as dataSummary writes them. */
export function fieldsSummary(data: readonly [string, string][]): string {
  let s = '';
  for (const [k, v] of data) {
    if (v === '') continue;
    if (s !== '') s += '; ';
    s += POSITIONAL.test(k) ? v : `${k}: ${v}`;
  }
  return cutSummary(s);
}

/** Whether `s` has whitespace other than single spaces (a plain scan: a regex test per record showed in profiles). */
function unevenSpace(s: string): boolean {
  let prevSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return true;
      prevSpace = true;
    } else if (c < 32 ? c >= 9 && c <= 13 : c >= 0x85 && /\s/.test(s[i])) return true;
    else prevSpace = false;
  }
  return false;
}

/** Whitespace runs as one space, cut to 300 characters (what the records list shows). */
export function cutSummary(s: string): string {
  if (unevenSpace(s)) s = s.replace(/\s+/g, ' ');
  return s.length > 300 ? `${s.slice(0, 299)}…` : s;
}
