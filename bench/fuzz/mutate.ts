/**
 * Mutations of a corpus file, each with the byte range it damaged, and which records a mutation
 * may cost: everything outside the damaged units must still be read.
 */

export type Mutation =
  | { kind: 'flip'; at: number; len: number }
  | { kind: 'insert'; at: number; bytes: Buffer; what: string }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'duplicate'; from: number; len: number; at: number }
  | { kind: 'truncate'; at: number };

/** Constructs the parsers and scanners look for, repeated: the shapes that break naive code. */
const TOKENS = [' ', '\t', '"', "'", '<', '>', '&', '&#x', '#Fields: ', '#Software: ', '//', '<E2ETraceEvent ', '</E2ETraceEvent>', '<!DOCTYPE x [', '<!--', '<?', ']]>', '<![CDATA[', '\r', '\n', '\u0000', '\u202e', 'é', '\ufffd', ',', '-', '0', '9999999999', '=+@'];

export class Rng {
  constructor(private s: number) {}
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
}

export function randomMutation(size: number, rng: Rng): Mutation {
  const at = rng.int(size + 1);
  switch (rng.int(6)) {
    case 0:
      return { kind: 'flip', at: Math.min(at, size - 1), len: 1 + rng.int(64) };
    case 1: {
      const bytes = Buffer.alloc(1 + rng.int(200));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
      return { kind: 'insert', at, bytes, what: `${bytes.length} random bytes` };
    }
    case 2: {
      const token = rng.pick(TOKENS);
      const times = 1 + rng.int(rng.next() < 0.3 ? 50_000 : 20);
      return { kind: 'insert', at, bytes: Buffer.from(token.repeat(times)), what: `${JSON.stringify(token)} × ${times}` };
    }
    case 3:
      return { kind: 'delete', at: Math.min(at, size - 1), len: 1 + rng.int(500) };
    case 4: {
      const from = rng.int(size);
      return { kind: 'duplicate', from, len: 1 + rng.int(2000), at };
    }
    default:
      return { kind: 'truncate', at };
  }
}

/** The mutated bytes, and the damaged range [from, to) in the original's offsets. */
export function apply(src: Buffer, m: Mutation): { bytes: Buffer; from: number; to: number } {
  switch (m.kind) {
    case 'flip': {
      const bytes = Buffer.from(src);
      for (let i = m.at; i < Math.min(bytes.length, m.at + m.len); i++) bytes[i] ^= 0x5a;
      return { bytes, from: m.at, to: m.at + m.len };
    }
    case 'insert':
      return { bytes: Buffer.concat([src.subarray(0, m.at), m.bytes, src.subarray(m.at)]), from: m.at, to: m.at };
    case 'delete':
      return { bytes: Buffer.concat([src.subarray(0, m.at), src.subarray(m.at + m.len)]), from: m.at, to: m.at + m.len };
    case 'duplicate': {
      const chunk = src.subarray(m.from, m.from + m.len);
      return { bytes: Buffer.concat([src.subarray(0, m.at), chunk, src.subarray(m.at)]), from: m.at, to: m.at };
    }
    case 'truncate':
      return { bytes: src.subarray(0, m.at), from: m.at, to: src.length };
  }
}

export function describe(m: Mutation): string {
  switch (m.kind) {
    case 'flip':
      return `${m.len} bytes flipped at ${m.at}`;
    case 'insert':
      return `${m.what} inserted at ${m.at}`;
    case 'delete':
      return `${m.len} bytes deleted at ${m.at}`;
    case 'duplicate':
      return `${m.len} bytes from ${m.from} copied to ${m.at}`;
    case 'truncate':
      return `cut at ${m.at}`;
  }
}

/**
 * Start offsets of the file's records: svclog events (UTF-8 or UTF-16 `<E2ETraceEvent`), IIS and
 * HTTPERR data lines; null for formats whose records are not separable (FREB: one document).
 */
export function recordStarts(src: Buffer, format: string): { starts: number[]; headerEnd: number } | null {
  const starts: number[] = [];
  if (format === 'svclog') {
    const utf16 = src[0] === 0xff && src[1] === 0xfe;
    const marker = utf16 ? Buffer.from('<E2ETraceEvent', 'utf16le') : Buffer.from('<E2ETraceEvent');
    for (let i = src.indexOf(marker); i >= 0; i = src.indexOf(marker, i + 1)) starts.push(i);
    return { starts, headerEnd: starts[0] ?? 0 };
  }
  if (format === 'iis-w3c' || format === 'httperr' || format === 'iis-native') {
    if (src[0] === 0xff || src[0] === 0xfe) return null; // UTF-16 logs: lines are not byte-separable here
    let headerEnd = -1;
    for (let i = 0; i < src.length; ) {
      const nl = src.indexOf(0x0a, i);
      const end = nl < 0 ? src.length : nl + 1;
      const blank = src.subarray(i, end).toString('latin1').trim() === '';
      if (src[i] === 0x23) headerEnd = -1; // a directive block: rows after it depend on it
      else if (!blank) {
        if (headerEnd < 0) headerEnd = i;
        starts.push(i);
      }
      i = end;
    }
    // Any damage before the last data row's directives could change the fields of what follows:
    // only the rows of the last block are judged, and only damage inside them.
    return { starts, headerEnd: Math.max(0, lastDirectiveEnd(src)) };
  }
  return null;
}

function lastDirectiveEnd(src: Buffer): number {
  let end = 0;
  for (let i = 0; i < src.length; ) {
    const nl = src.indexOf(0x0a, i);
    const next = nl < 0 ? src.length : nl + 1;
    if (src[i] === 0x23) end = next;
    i = next;
  }
  return end;
}

/** Records that must survive a mutation damaging [from, to): those of the units it does not touch. */
export function mustKeep(starts: number[], srcLength: number, m: Mutation, from: number, to: number): number {
  if (m.kind === 'truncate') return starts.filter((s, i) => (i + 1 < starts.length ? starts[i + 1] : srcLength) <= m.at).length;
  let kept = 0;
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : srcLength;
    // A unit is touched when the damage overlaps it or sits on its boundary (an insert glues two).
    if (!(starts[i] <= to && end >= from)) kept++;
  }
  return kept;
}
