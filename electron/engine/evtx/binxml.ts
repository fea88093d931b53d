/**
 * Binary XML of one EVTX chunk (the published format: libyal's "Windows XML Event Log (EVTX)"
 * description). A record is a fragment holding a template instance: the template is an element
 * tree with numbered substitution slots, parsed once per chunk and cached by its offset; the
 * record supplies the slot values. Offsets are relative to the chunk and every read is checked
 * against the chunk's end, nesting is bounded, and a bad token throws a BinXmlError that the
 * caller turns into a problem for that record.
 */
import { VT, utf16At, valueText } from './values';

export class BinXmlError extends Error {}

/** An element of a rendered event. Text children are strings. */
export interface XmlElement {
  name: string;
  attrs: [string, string][];
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

/** Part of a template's text: literal, or substitution slot `sub` (optional: dropped when empty). */
export type Part = string | { sub: number; optional: boolean };
export interface TElement {
  name: string;
  attrs: { name: string; parts: Part[] }[];
  children: (TElement | Part)[];
}
/** A parsed fragment: elements and text at the top level. */
export type TFragment = (TElement | Part)[];

const MAX_DEPTH = 48;
const MAX_NODES = 50_000;
export const MAX_SUBS = 4096;

const T = {
  EOF: 0x00,
  OpenStart: 0x01,
  CloseStart: 0x02,
  CloseEmpty: 0x03,
  End: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CData: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSub: 0x0d,
  OptionalSub: 0x0e,
  FragmentHeader: 0x0f,
} as const;

/**
 * The values of one template instance: chunk offset, size and type of value k. Readers keep one or
 * two sets per thread and fill them per record (allocating them per chunk showed in profiles).
 */
export class Slots {
  readonly off = new Int32Array(MAX_SUBS);
  readonly size = new Int32Array(MAX_SUBS);
  readonly type = new Uint8Array(MAX_SUBS);
  count = 0;
}

/** Reads binary XML inside one chunk's bytes; keeps the chunk's names and templates. */
export class ChunkXml {
  readonly dv: DataView;
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, TFragment>();
  private nodes = 0;

  constructor(readonly b: Uint8Array) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  private need(pos: number, n: number): void {
    if (pos < 0 || pos + n > this.b.length) throw new BinXmlError(`binary XML runs past the end of its chunk (at chunk offset ${pos})`);
  }
  private u8(pos: number): number {
    this.need(pos, 1);
    return this.b[pos];
  }
  private u16(pos: number): number {
    this.need(pos, 2);
    return this.dv.getUint16(pos, true);
  }
  private u32(pos: number): number {
    this.need(pos, 4);
    return this.dv.getUint32(pos, true);
  }

  /** A name string (next offset, hash, length, UTF-16, NUL) at a chunk offset; returns its byte length too. */
  private name(off: number): { name: string; bytes: number } {
    const chars = this.u16(off + 6);
    const bytes = 8 + 2 * chars + 2;
    this.need(off, bytes);
    let name = this.names.get(off);
    if (name === undefined) {
      name = utf16At(this.b, off + 8, 2 * chars);
      this.names.set(off, name);
    }
    return { name, bytes };
  }

  /** A name reference at `pos`: a chunk offset, with the name stored right here when it points here. */
  private nameRef(pos: number): { name: string; pos: number } {
    const off = this.u32(pos);
    pos += 4;
    const n = this.name(off);
    return { name: n.name, pos: off === pos ? pos + n.bytes : pos };
  }

  /** Whether the u32 at `pos` can be a name offset: the string right after it, or one earlier in the records area. */
  private plausibleName(pos: number): boolean {
    if (pos + 4 > this.b.length) return false;
    const off = this.dv.getUint32(pos, true);
    return off === pos + 4 || (off >= 512 && off < pos);
  }

  /** Parses one record's binary XML (from `pos` to `end`) into its element tree. */
  record(pos: number, end: number): XmlElement {
    this.nodes = 0;
    const nodes = this.instance(pos, end, 0);
    const root = nodes.find((n): n is XmlElement => typeof n !== 'string');
    if (!root) throw new BinXmlError('the record holds no element');
    return root;
  }

  /** A fragment that is (usually) one template instance, rendered. */
  private instance(pos: number, end: number, depth: number): XmlNode[] {
    if (depth > MAX_DEPTH) throw new BinXmlError('binary XML nested too deeply');
    const out: XmlNode[] = [];
    while (pos < end) {
      const tok = this.u8(pos);
      if (tok === T.EOF) break;
      if (tok === T.FragmentHeader) {
        pos += 4;
        continue;
      }
      if (tok === T.TemplateInstance) {
        const r = this.templateInstance(pos, end, depth);
        out.push(...r.nodes);
        pos = r.pos;
        continue;
      }
      // A fragment without a template: plain elements with literal values.
      const { items, pos: next } = this.content(pos, end, depth, true);
      out.push(...render(items, [], this, depth));
      pos = next;
    }
    return out;
  }

  /** The template a template instance at `pos` uses (parsed once per chunk), and where its value count is. */
  private template(pos: number, depth: number): { key: number; tpl: TFragment; pos: number } {
    const defOff = this.u32(pos + 6);
    pos += 10;
    let tpl = this.templates.get(defOff);
    if (defOff === pos) {
      const size = this.u32(pos + 20);
      this.need(pos, 24 + size);
      pos += 24 + size;
    }
    if (!tpl) {
      const size = this.u32(defOff + 20);
      const start = defOff + 24;
      this.need(start, size);
      tpl = this.content(start, start + size, depth + 1, true).items;
      this.templates.set(defOff, tpl);
    }
    return { key: defOff, tpl, pos };
  }

  /** The instance's value count at `pos`, checked; its descriptors follow. */
  private valueCount(pos: number): number {
    const count = this.u32(pos);
    if (count > MAX_SUBS) throw new BinXmlError(`a template instance declares ${count} values`);
    this.need(pos + 4, 4 * count);
    return count;
  }

  private templateInstance(pos: number, end: number, depth: number): { nodes: XmlNode[]; pos: number } {
    const t = this.template(pos, depth);
    const tpl = t.tpl;
    pos = t.pos;
    const count = this.valueCount(pos);
    pos += 4;
    const descs: { size: number; type: number }[] = [];
    for (let k = 0; k < count; k++) descs.push({ size: this.u16(pos + 4 * k), type: this.u8(pos + 4 * k + 2) });
    pos += 4 * count;
    const values: Value[] = [];
    for (const d of descs) {
      if (pos + d.size > end) throw new BinXmlError('a substitution value runs past the end of its record');
      values.push({ off: pos, size: d.size, type: d.type });
      pos += d.size;
    }
    return { nodes: render(tpl, values, this, depth), pos };
  }

  /**
   * The fragment from `pos` to `end` as its template (key: the template's chunk offset) with its
   * values in `slots`, without rendering anything: null when the fragment is not the usual single
   * template instance (then it is rendered). `depth`: the fragment's nesting (0 for a record).
   */
  instanceOf(pos: number, end: number, slots: Slots, depth = 0): { key: number; tpl: TFragment } | null {
    if (depth === 0) this.nodes = 0;
    // A record starts with a fragment header; a fragment embedded in a value often does not.
    if (this.u8(pos) === T.FragmentHeader) pos += 4;
    if (this.u8(pos) !== T.TemplateInstance) return null;
    const t = this.template(pos, depth);
    pos = t.pos;
    const count = this.valueCount(pos);
    let at = pos + 4 + 4 * count;
    for (let k = 0; k < count; k++) {
      const size = this.dv.getUint16(pos + 4 + 4 * k, true);
      if (at + size > end) throw new BinXmlError('a substitution value runs past the end of its record');
      slots.off[k] = at;
      slots.size[k] = size;
      slots.type[k] = this.b[pos + 4 + 4 * k + 2];
      at += size;
    }
    slots.count = count;
    // Anything but the end of the fragment after the instance: rendered the general way.
    return at >= end || this.b[at] === T.EOF ? { key: t.key, tpl: t.tpl } : null;
  }

  /** A value of type BinXml (an embedded fragment), rendered. */
  embedded(v: Value, depth: number): XmlNode[] {
    return this.instance(v.off, v.off + v.size, depth + 1);
  }

  /**
   * Element content from `pos` up to an End token (consumed) or `end`/EOF. `top`: the fragment
   * level, where EOF ends it.
   */
  private content(pos: number, end: number, depth: number, top: boolean): { items: TFragment; pos: number } {
    if (depth > MAX_DEPTH) throw new BinXmlError('binary XML nested too deeply');
    const items: TFragment = [];
    while (pos < end) {
      const tok = this.u8(pos);
      const base = tok & 0xbf;
      if (++this.nodes > MAX_NODES) throw new BinXmlError(`a record has more than ${MAX_NODES} nodes`);
      if (base === T.EOF) return { items, pos: pos + 1 };
      if (base === T.End) {
        if (top) throw new BinXmlError(`an end tag without its element at chunk offset ${pos}`);
        return { items, pos: pos + 1 };
      }
      if (base === T.FragmentHeader) {
        pos += 4;
        continue;
      }
      if (base === T.OpenStart) {
        const r = this.element(pos, end, depth + 1);
        items.push(r.el);
        pos = r.pos;
        continue;
      }
      const r = this.textPart(pos);
      if (!r) throw new BinXmlError(`unknown binary XML token 0x${tok.toString(16).padStart(2, '0')} at chunk offset ${pos}`);
      if (r.part !== '') items.push(r.part);
      pos = r.pos;
    }
    return { items, pos };
  }

  /** Value, substitution, character/entity reference, CDATA or processing instruction; null for other tokens. */
  private textPart(pos: number): { part: Part; pos: number } | null {
    const base = this.u8(pos) & 0xbf;
    switch (base) {
      case T.Value: {
        const type = this.u8(pos + 1);
        if (type !== VT.String && type !== VT.AnsiString) throw new BinXmlError(`a value token of type 0x${type.toString(16)} at chunk offset ${pos}`);
        const chars = this.u16(pos + 2);
        const bytes = type === VT.String ? 2 * chars : chars;
        this.need(pos + 4, bytes);
        return { part: valueText(this.b, this.dv, pos + 4, bytes, type), pos: pos + 4 + bytes };
      }
      case T.CData: {
        const chars = this.u16(pos + 1);
        this.need(pos + 3, 2 * chars);
        return { part: utf16At(this.b, pos + 3, 2 * chars), pos: pos + 3 + 2 * chars };
      }
      case T.CharRef:
        return { part: String.fromCharCode(this.u16(pos + 1)), pos: pos + 3 };
      case T.EntityRef: {
        const r = this.nameRef(pos + 1);
        const known: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
        return { part: known[r.name] ?? `&${r.name};`, pos: r.pos };
      }
      case T.PITarget: {
        const r = this.nameRef(pos + 1);
        let p = r.pos;
        if ((this.u8(p) & 0xbf) === T.PIData) {
          const chars = this.u16(p + 1);
          this.need(p + 3, 2 * chars);
          p += 3 + 2 * chars;
        }
        return { part: '', pos: p };
      }
      case T.NormalSub:
      case T.OptionalSub:
        return { part: { sub: this.u16(pos + 1), optional: base === T.OptionalSub }, pos: pos + 4 };
      default:
        return null;
    }
  }

  private element(pos: number, end: number, depth: number): { el: TElement; pos: number } {
    if (depth > MAX_DEPTH) throw new BinXmlError('binary XML nested too deeply');
    const hasAttrs = (this.u8(pos) & 0x40) !== 0;
    // token, dependency id (u16), data size (u32), name reference. Forwarded (WEC) events written
    // without templates leave the dependency id out: then only the shorter layout names a string.
    const n = this.nameRef(this.plausibleName(pos + 7) || !this.plausibleName(pos + 5) ? pos + 7 : pos + 5);
    pos = n.pos;
    const el: TElement = { name: n.name, attrs: [], children: [] };
    if (hasAttrs) {
      pos += 4; // attribute list size
      for (;;) {
        const tok = this.u8(pos);
        if ((tok & 0xbf) !== T.Attribute) break;
        const a = this.nameRef(pos + 1);
        pos = a.pos;
        const parts: Part[] = [];
        for (;;) {
          const t = this.u8(pos) & 0xbf;
          if (t !== T.Value && t !== T.NormalSub && t !== T.OptionalSub && t !== T.CharRef && t !== T.EntityRef) break;
          const r = this.textPart(pos)!;
          parts.push(r.part);
          pos = r.pos;
        }
        el.attrs.push({ name: a.name, parts });
        if (!(tok & 0x40)) break;
      }
    }
    const close = this.u8(pos) & 0xbf;
    if (close === T.CloseEmpty) return { el, pos: pos + 1 };
    if (close !== T.CloseStart) throw new BinXmlError(`an element is not closed properly (token 0x${close.toString(16)} at chunk offset ${pos})`);
    const c = this.content(pos + 1, end, depth, false);
    el.children = c.items;
    return { el, pos: c.pos };
  }
}

interface Value {
  off: number;
  size: number;
  type: number;
}

function isEmpty(v: Value | undefined): boolean {
  return !v || v.type === VT.Null || v.size === 0;
}

/** Fills a template's slots with the record's values. */
function render(items: TFragment, values: Value[], x: ChunkXml, depth: number): XmlNode[] {
  const out: XmlNode[] = [];
  for (const it of items) {
    if (typeof it === 'string') pushText(out, it);
    else if ('sub' in it) {
      const v = values[it.sub];
      if (!v || (it.optional && isEmpty(v))) continue;
      if (v.type === VT.BinXml) out.push(...x.embedded(v, depth));
      else pushText(out, valueText(x.b, x.dv, v.off, v.size, v.type));
    } else {
      const attrs: [string, string][] = [];
      for (const a of it.attrs) {
        if (a.parts.some((p) => typeof p !== 'string' && p.optional && isEmpty(values[p.sub])) && a.parts.length === 1) continue;
        let s = '';
        for (const p of a.parts) {
          if (typeof p === 'string') s += p;
          else {
            const v = values[p.sub];
            if (v && v.type !== VT.BinXml) s += valueText(x.b, x.dv, v.off, v.size, v.type);
          }
        }
        attrs.push([a.name, s]);
      }
      out.push({ name: it.name, attrs, children: render(it.children, values, x, depth + 1) });
    }
  }
  return out;
}

function pushText(out: XmlNode[], s: string): void {
  if (!s) return;
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + s;
  else out.push(s);
}
