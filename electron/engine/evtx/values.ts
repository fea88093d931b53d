/**
 * EVTX substitution value types (the "value type" byte of binary XML) decoded to the text Windows
 * shows in an event's XML. Sizes come from the file, so every read is bounded by `size`.
 */

export const VT = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SysTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
  Array: 0x80,
} as const;

const utf16 = new TextDecoder('utf-16le');
const latin1 = new TextDecoder('latin1');

/** UTF-16LE text of `size` bytes, cut at the first NUL (strings are usually NUL-terminated). */
export function utf16At(b: Uint8Array, off: number, size: number): string {
  let end = off + (size & ~1);
  for (let p = off; p < end; p += 2) {
    if (b[p] === 0 && b[p + 1] === 0) {
      end = p;
      break;
    }
  }
  return end > off ? utf16.decode(b.subarray(off, end)) : '';
}

const hex2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase());

function hexBytes(b: Uint8Array, off: number, size: number): string {
  let s = '';
  for (let i = 0; i < size; i++) s += hex2[b[off + i]];
  return s;
}

/** `{8E2D...}` as Windows writes GUIDs in event XML. */
export function guidAt(b: Uint8Array, off: number): string {
  const le = (o: number, n: number) => {
    let s = '';
    for (let i = n - 1; i >= 0; i--) s += hex2[b[off + o + i]];
    return s;
  };
  return `{${le(0, 4)}-${le(4, 2)}-${le(6, 2)}-${hexBytes(b, off + 8, 2)}-${hexBytes(b, off + 10, 6)}}`;
}

/** 100 ns intervals since 1601-01-01 → µs since 1970 and the 7th fractional digit. */
export function fileTimeToUs(ticks: bigint): { us: number; tick: number } {
  const sinceEpoch = ticks - 116444736000000000n;
  return { us: Number(sinceEpoch / 10n), tick: Number(((sinceEpoch % 10n) + 10n) % 10n) };
}

/** ISO text with 7 fractional digits, e.g. 2021-03-04T05:06:07.1234567Z (what Windows writes). */
export function fileTimeText(ticks: bigint): string {
  if (ticks <= 0n || ticks > 2650467743999999999n) return ticks.toString();
  const { us, tick } = fileTimeToUs(ticks);
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const frac = String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0') + String(tick);
  return `${iso.slice(0, 19)}.${frac}Z`;
}

function sidAt(b: Uint8Array, off: number, size: number, dv: DataView): string {
  if (size < 8) return hexBytes(b, off, size);
  const rev = b[off];
  const count = b[off + 1];
  let auth = 0;
  for (let i = 2; i < 8; i++) auth = auth * 256 + b[off + i];
  let s = `S-${rev}-${auth}`;
  for (let k = 0; k < count && 8 + 4 * k + 4 <= size; k++) s += `-${dv.getUint32(off + 8 + 4 * k, true)}`;
  return s;
}

const hexN = (v: bigint | number, digits: number) => `0x${v.toString(16).padStart(digits, '0')}`;

/** Fixed size of one element of a numeric type, or 0 when variable. */
function fixedSize(type: number): number {
  switch (type) {
    case VT.Int8: case VT.UInt8: return 1;
    case VT.Int16: case VT.UInt16: return 2;
    case VT.Int32: case VT.UInt32: case VT.Real32: case VT.Bool: case VT.HexInt32: return 4;
    case VT.Int64: case VT.UInt64: case VT.Real64: case VT.FileTime: case VT.HexInt64: return 8;
    case VT.Guid: case VT.SysTime: return 16;
    default: return 0;
  }
}

/** One value of `type` (not BinXml) as text; `size` bytes at `off` are inside `b`. */
export function valueText(b: Uint8Array, dv: DataView, off: number, size: number, type: number): string {
  if (type & VT.Array) return arrayText(b, dv, off, size, type & 0x7f);
  const need = fixedSize(type);
  if (need && size < need) return hexBytes(b, off, size);
  switch (type) {
    case VT.Null: return '';
    case VT.String: return utf16At(b, off, size);
    case VT.AnsiString: {
      let end = off;
      while (end < off + size && b[end] !== 0) end++;
      return latin1.decode(b.subarray(off, end));
    }
    case VT.Int8: return String(dv.getInt8(off));
    case VT.UInt8: return String(b[off]);
    case VT.Int16: return String(dv.getInt16(off, true));
    case VT.UInt16: return String(dv.getUint16(off, true));
    case VT.Int32: return String(dv.getInt32(off, true));
    case VT.UInt32: return String(dv.getUint32(off, true));
    case VT.Int64: return dv.getBigInt64(off, true).toString();
    case VT.UInt64: return dv.getBigUint64(off, true).toString();
    case VT.Real32: return String(dv.getFloat32(off, true));
    case VT.Real64: return String(dv.getFloat64(off, true));
    case VT.Bool: return dv.getUint32(off, true) ? 'true' : 'false';
    case VT.Guid: return guidAt(b, off);
    case VT.SizeT: return size >= 8 ? hexN(dv.getBigUint64(off, true), 16) : size >= 4 ? hexN(dv.getUint32(off, true), 8) : hexBytes(b, off, size);
    case VT.FileTime: return fileTimeText(dv.getBigUint64(off, true));
    case VT.SysTime: {
      const w = (k: number) => dv.getUint16(off + 2 * k, true);
      const p = (n: number, d = 2) => String(n).padStart(d, '0');
      return `${p(w(0), 4)}-${p(w(1))}-${p(w(3))}T${p(w(4))}:${p(w(5))}:${p(w(6))}.${p(w(7), 3)}Z`;
    }
    case VT.Sid: return sidAt(b, off, size, dv);
    case VT.HexInt32: return hexN(dv.getUint32(off, true), 8);
    case VT.HexInt64: return hexN(dv.getBigUint64(off, true), 16);
    default: return hexBytes(b, off, size);
  }
}

function arrayText(b: Uint8Array, dv: DataView, off: number, size: number, type: number): string {
  if (type === VT.String) {
    // NUL-separated UTF-16 strings.
    const parts: string[] = [];
    let start = off;
    const end = off + (size & ~1);
    for (let p = off; p < end; p += 2) {
      if (b[p] === 0 && b[p + 1] === 0) {
        parts.push(utf16At(b, start, p - start));
        start = p + 2;
      }
    }
    if (start < end) parts.push(utf16At(b, start, end - start));
    return parts.join(', ');
  }
  const one = fixedSize(type);
  if (!one) return hexBytes(b, off, size);
  const parts: string[] = [];
  for (let p = off; p + one <= off + size; p += one) parts.push(valueText(b, dv, p, one, type));
  return parts.join(', ');
}
