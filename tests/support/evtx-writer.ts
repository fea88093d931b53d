/**
 * A small EVTX writer for test input: a file header, 64 KiB chunks with correct checksums, and one
 * record per event as a template instance (the template, with its names inline, is written in the
 * first record of each chunk that uses it and referenced by offset afterwards, as Windows does).
 * Readers that follow the published format (libevtx, python-evtx) read its output.
 */
import { crc32 } from 'node:zlib';

export interface WriterEvent {
  provider: string;
  providerGuid?: string;
  eventId: number;
  /** 1 Critical … 5 Verbose, 4 Information. */
  level: number;
  task?: number;
  opcode?: number;
  keywords?: bigint;
  /** µs since 1970 (UTC); `tick` adds 100 ns units. */
  timeUs: number;
  tick?: number;
  activityId?: string;
  relatedActivityId?: string;
  pid?: number;
  tid?: number;
  channel?: string;
  computer: string;
  userSid?: string;
  /** EventData/Data fields by name. */
  data?: [string, string][];
  /**
   * Write the EventData as an embedded binary XML value (a substitution of the template, as many
   * providers do) instead of inside the template; 'damaged': with a token no reader knows inside it.
   */
  dataAsValue?: 'whole' | 'damaged';
}

const CHUNK = 65536;
const VT = { String: 0x01, UInt8: 0x04, UInt16: 0x06, UInt32: 0x08, UInt64: 0x0a, Guid: 0x0f, FileTime: 0x11, Sid: 0x13, HexInt64: 0x15, BinXml: 0x21 } as const;

class Bytes {
  private parts: number[] = [];
  get length(): number {
    return this.parts.length;
  }
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: bigint): this {
    return this.u32(Number(v & 0xffffffffn)).u32(Number(v >> 32n));
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]);
    return this;
  }
  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this;
  }
  set32(at: number, v: number): void {
    for (let k = 0; k < 4; k++) this.parts[at + k] = (v >>> (8 * k)) & 0xff;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export function guidBytes(g: string): Uint8Array {
  const h = g.replace(/[{}-]/g, '');
  const b = Uint8Array.from({ length: 16 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));
  // The first three groups are little-endian.
  return Uint8Array.from([b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.subarray(8)]);
}

function sidBytes(sid: string): Uint8Array {
  const [, rev, auth, ...subs] = sid.split('-');
  const out = new Bytes().u8(Number(rev)).u8(subs.length);
  const a = BigInt(auth);
  for (let k = 5; k >= 0; k--) out.u8(Number((a >> BigInt(8 * k)) & 0xffn));
  for (const s of subs) out.u32(Number(s));
  return out.done();
}

export function fileTime(timeUs: number, tick = 0): bigint {
  return BigInt(Math.round(timeUs)) * 10n + BigInt(tick) + 116444736000000000n;
}

/** Element tree of a template: attribute values and text are literals or substitution slots. */
type Slot = { sub: number } | { text: string };
interface TEl {
  name: string;
  attrs?: [string, Slot][];
  children?: (TEl | Slot)[];
}

function templateOf(dataNames: string[], dataAsValue: boolean): TEl {
  const s = (sub: number): Slot => ({ sub });
  const eventData = dataAsValue ? s(16) : { name: 'EventData', children: dataNames.map((n, k) => ({ name: 'Data', attrs: [['Name', { text: n }]], children: [s(16 + k)] })) };
  return {
    name: 'Event',
    attrs: [['xmlns', { text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]],
    children: [
      {
        name: 'System',
        children: [
          { name: 'Provider', attrs: [['Name', s(0)], ['Guid', s(1)]] },
          { name: 'EventID', children: [s(2)] },
          { name: 'Version', children: [{ text: '0' }] },
          { name: 'Level', children: [s(3)] },
          { name: 'Task', children: [s(4)] },
          { name: 'Opcode', children: [s(5)] },
          { name: 'Keywords', children: [s(6)] },
          { name: 'TimeCreated', attrs: [['SystemTime', s(7)]] },
          { name: 'EventRecordID', children: [s(8)] },
          { name: 'Correlation', attrs: [['ActivityID', s(9)], ['RelatedActivityID', s(10)]] },
          { name: 'Execution', attrs: [['ProcessID', s(11)], ['ThreadID', s(12)]] },
          { name: 'Channel', children: [s(13)] },
          { name: 'Computer', children: [s(14)] },
          { name: 'Security', attrs: [['UserID', s(15)]] },
        ],
      },
      eventData,
    ],
  } as TEl;
}

/** An EventData element with its values inline, as a binary XML fragment whose first byte is at chunk offset `base`. */
function dataFragment(data: [string, string][], base: number, damaged: boolean): Uint8Array {
  const out = new Bytes().u8(0x0f).u8(1).u8(1).u8(0);
  writeTemplate(out, base, { name: 'EventData', children: data.map(([n, v]) => ({ name: 'Data', attrs: [['Name', { text: n }]], children: [{ text: v }] })) });
  const b = out.u8(0x00).done();
  // 0x7f is no binary XML token: a reader stops at the element's start.
  if (damaged) b[4] = 0x7f;
  return b;
}

/** Writes a template's binary XML; `base` is the chunk offset of its first byte (names are inline). */
function writeTemplate(out: Bytes, base: number, el: TEl): void {
  const name = (n: string) => {
    const at = base + out.length + 4;
    out.u32(at).u32(0).u16(0).u16(n.length).utf16(n).u16(0);
  };
  const slot = (v: Slot) => {
    if ('sub' in v) out.u8(0x0e).u16(v.sub).u8(0); // optional substitution; type comes from the value
    else out.u8(0x05).u8(VT.String).u16(v.text.length).utf16(v.text);
  };
  const attrs = el.attrs ?? [];
  out.u8(attrs.length ? 0x41 : 0x01).u16(0xffff);
  const sizeAt = out.length;
  out.u32(0);
  name(el.name);
  if (attrs.length) {
    const listAt = out.length;
    out.u32(0);
    attrs.forEach(([n, v], k) => {
      out.u8(k < attrs.length - 1 ? 0x46 : 0x06);
      name(n);
      slot(v);
    });
    out.set32(listAt, out.length - listAt - 4);
  }
  const kids = el.children ?? [];
  if (kids.length === 0) out.u8(0x03);
  else {
    out.u8(0x02);
    for (const c of kids) {
      if ('name' in c) writeTemplate(out, base, c);
      else slot(c);
    }
    out.u8(0x04);
  }
  out.set32(sizeAt, out.length - sizeAt - 4);
}

function values(e: WriterEvent, recordId: bigint): { type: number; bytes: Uint8Array }[] {
  const b = () => new Bytes();
  const str = (s: string | undefined) => ({ type: s ? VT.String : 0, bytes: b().utf16(s ?? '').done() });
  const guid = (g: string | undefined) => (g ? { type: VT.Guid, bytes: guidBytes(g) } : { type: 0, bytes: new Uint8Array(0) });
  return [
    str(e.provider),
    guid(e.providerGuid),
    { type: VT.UInt16, bytes: b().u16(e.eventId).done() },
    { type: VT.UInt8, bytes: b().u8(e.level).done() },
    { type: VT.UInt16, bytes: b().u16(e.task ?? 0).done() },
    { type: VT.UInt8, bytes: b().u8(e.opcode ?? 0).done() },
    { type: VT.HexInt64, bytes: b().u64(e.keywords ?? 0x8080000000000000n).done() },
    { type: VT.FileTime, bytes: b().u64(fileTime(e.timeUs, e.tick)).done() },
    { type: VT.UInt64, bytes: b().u64(recordId).done() },
    guid(e.activityId),
    guid(e.relatedActivityId),
    { type: VT.UInt32, bytes: b().u32(e.pid ?? 0).done() },
    { type: VT.UInt32, bytes: b().u32(e.tid ?? 0).done() },
    str(e.channel ?? 'System'),
    str(e.computer),
    e.userSid ? { type: VT.Sid, bytes: sidBytes(e.userSid) } : { type: 0, bytes: new Uint8Array(0) },
    // An embedded fragment names its elements by chunk offset: written for base 0 here, again where it lands.
    ...(e.dataAsValue ? [{ type: VT.BinXml, bytes: dataFragment(e.data ?? [], 0, e.dataAsValue === 'damaged') }] : (e.data ?? []).map(([, v]) => str(v))),
  ];
}

interface ChunkState {
  out: Bytes;
  templates: Map<string, number>;
  first: bigint;
  last: bigint;
  lastRecordAt: number;
}

function newChunk(): ChunkState {
  const out = new Bytes();
  out.bytes(new Uint8Array(512));
  return { out, templates: new Map(), first: 0n, last: 0n, lastRecordAt: 0 };
}

function recordBytes(c: ChunkState, e: WriterEvent, recordId: bigint): Uint8Array {
  const names = (e.data ?? []).map(([n]) => n);
  const key = e.dataAsValue ? '\u0001value' : names.join('\u0000');
  const start = c.out.length;
  const body = new Bytes();
  const bodyBase = start + 24;
  body.u8(0x0f).u8(1).u8(1).u8(0);
  const known = c.templates.get(key);
  body.u8(0x0c).u8(1).u32(c.templates.size + 1);
  if (known !== undefined) body.u32(known);
  else {
    const defAt = bodyBase + body.length + 4;
    c.templates.set(key, defAt);
    body.u32(defAt);
    const tpl = new Bytes().u8(0x0f).u8(1).u8(1).u8(0);
    writeTemplate(tpl, defAt + 24, templateOf(names, !!e.dataAsValue));
    tpl.u8(0x00);
    body.u32(0).bytes(guidBytes(`{${String(c.templates.size).padStart(8, '0')}-0000-0000-0000-000000000000}`)).u32(tpl.length).bytes(tpl.done());
  }
  const vals = values(e, recordId);
  body.u32(vals.length);
  for (const v of vals) body.u16(v.bytes.length).u8(v.type).u8(0);
  for (const v of vals) body.bytes(v.type === VT.BinXml ? dataFragment(e.data ?? [], bodyBase + body.length, e.dataAsValue === 'damaged') : v.bytes);
  body.u8(0x00);
  const size = 24 + body.length + 4;
  return new Bytes().u32(0x00002a2a).u32(size).u64(recordId).u64(fileTime(e.timeUs, e.tick)).bytes(body.done()).u32(size).done();
}

function finishChunk(c: ChunkState, chunkNo: number, firstRecordNo: bigint): Uint8Array {
  const b = new Uint8Array(CHUNK);
  const used = c.out.done();
  b.set(used);
  const dv = new DataView(b.buffer);
  b.set(new TextEncoder().encode('ElfChnk\0'), 0);
  dv.setBigUint64(8, firstRecordNo, true);
  dv.setBigUint64(16, firstRecordNo + (c.last - c.first), true);
  dv.setBigUint64(24, c.first, true);
  dv.setBigUint64(32, c.last, true);
  dv.setUint32(40, 128, true);
  dv.setUint32(44, c.lastRecordAt, true);
  dv.setUint32(48, used.length, true);
  dv.setUint32(52, crc32(b.subarray(512, used.length)) >>> 0, true);
  dv.setUint32(124, crc32(b.subarray(128, 512), crc32(b.subarray(0, 120))) >>> 0, true);
  void chunkNo;
  return b;
}

/** The bytes of an EVTX file holding `events` (record ids from `firstRecordId`). */
export function writeEvtx(events: readonly WriterEvent[], opts: { firstRecordId?: number; dirty?: boolean } = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  let c = newChunk();
  let id = BigInt(opts.firstRecordId ?? 1);
  let chunkFirstNo = id;
  for (const e of events) {
    let rec = recordBytes(c, e, id);
    if (c.out.length + rec.length > CHUNK) {
      chunks.push(finishChunk(c, chunks.length, chunkFirstNo));
      c = newChunk();
      chunkFirstNo = id;
      rec = recordBytes(c, e, id);
      if (rec.length > CHUNK - 512) throw new Error('an event too large for one chunk');
    }
    if (c.templates.size === 0) throw new Error('unreachable');
    if (c.first === 0n) c.first = id;
    c.last = id;
    c.lastRecordAt = c.out.length;
    c.out.bytes(rec);
    id++;
  }
  if (c.first !== 0n) chunks.push(finishChunk(c, chunks.length, chunkFirstNo));
  const header = new Uint8Array(4096);
  const dv = new DataView(header.buffer);
  header.set(new TextEncoder().encode('ElfFile\0'), 0);
  dv.setBigUint64(8, 0n, true);
  dv.setBigUint64(16, BigInt(Math.max(0, chunks.length - 1)), true);
  dv.setBigUint64(24, id, true);
  dv.setUint32(32, 128, true);
  dv.setUint16(36, 1, true);
  dv.setUint16(38, 3, true);
  dv.setUint16(40, 4096, true);
  dv.setUint16(42, chunks.length, true);
  dv.setUint32(120, opts.dirty ? 1 : 0, true);
  dv.setUint32(124, crc32(header.subarray(0, 120)) >>> 0, true);
  const out = new Uint8Array(4096 + CHUNK * chunks.length);
  out.set(header);
  chunks.forEach((ch, k) => out.set(ch, 4096 + k * CHUNK));
  return out;
}
