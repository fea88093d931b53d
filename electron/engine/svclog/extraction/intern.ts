/**
 * The svclog extractor's string table: values cut to MAX_VALUE_BYTES and interned as bytes (by the
 * engines' one byte interner, ../../interning, or its steps in the WebAssembly kernel), turned
 * into display strings only when a batch is finished. Id 0 is always the empty string, so
 * "absent" needs no sentinel.
 */
import { ByteInterner } from '../../interning';
import { oneLine } from './entities';

export { StringTable, hashString, hashStrings } from '../../interning';

/** Raw values longer than this are cut (at a UTF-8 character boundary) before interning. */
export const MAX_VALUE_BYTES = 2048;

/** End of [a, b) cut to MAX_VALUE_BYTES at a UTF-8 character boundary. */
export function cutValue(buf: Uint8Array, a: number, b: number): number {
  if (b - a <= MAX_VALUE_BYTES) return b;
  b = a + MAX_VALUE_BYTES;
  while (b > a && (buf[b] & 0xc0) === 0x80) b--;
  return b;
}

/** The extractor's string table: ValueTable, or the same steps in WebAssembly (kernel-strings.ts). */
export interface ValueInterner {
  /** Number of ids (id 0 is the empty string). */
  readonly size: number;
  /** Id of bytes [a, b) of `buf` (cut to MAX_VALUE_BYTES). */
  intern(buf: Uint8Array, a: number, b: number): number;
  /** Display strings of ids [from, size). */
  stringsFrom(from: number): string[];
  /** All display strings, indexed by id. */
  strings(): string[];
}

/** The extractor's string table in JavaScript: the engines' byte interner, without limits, over cut values. */
export class ValueTable implements ValueInterner {
  private readonly table = new ByteInterner(null);

  get size(): number {
    return this.table.count;
  }

  /** Id of bytes [a, b) of `buf`. */
  intern(buf: Uint8Array, a: number, b: number): number {
    return this.table.intern(buf, a, cutValue(buf, a, b));
  }

  /** The display strings (entities decoded, whitespace folded), indexed by id. */
  strings(): string[] {
    return this.stringsFrom(0);
  }

  /** Display strings of ids [from, size): the ones added since an earlier batch. */
  stringsFrom(from: number): string[] {
    const d = this.table.dump();
    return displayStrings(d.pool, d.starts, (id) => d.starts[id] + d.lens[id], from, d.count);
  }
}

/** Display strings of ids [from, count) whose bytes are arena[starts[id], endOf(id)) (id 0 is ''). */
export function displayStrings(arena: Uint8Array, starts: Int32Array, endOf: (id: number) => number, from: number, count: number): string[] {
  const out = new Array<string>(Math.max(0, count - from));
  for (let id = Math.max(from, 1); id < count; id++) out[id - from] = oneLine(arena.subarray(starts[id], endOf(id)));
  if (from === 0 && count > 0) out[0] = '';
  return out;
}
