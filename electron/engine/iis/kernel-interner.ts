/**
 * A column's dictionary kept in the row kernel's memory (kernel/row-kernel.ts ports ByteInterner
 * step for step: same ids, same capping and freezing). The kernel interns a whole batch column in
 * one call (RowKernel.internColumn); this class serves the scanner's other paths one value at a
 * time and gives the dictionary out as a dump, like ByteInterner.
 */
import { viewOf } from './bytes';
import { DICT_FIELD, EMPTY_ID, hashRange, type InternerDump, type Interner } from '../interning';
import { KernelOutOfMemory } from '../wasm-kernel';

/** The kernel's dictionary calls (kernel/row-kernel.ts). */
export interface DictExports {
  intern(d: number, p: number, len: number, h: number): number;
  internBytes(d: number, p: number, len: number): number;
  oom(): number;
}

/** Where a value's bytes are in kernel memory (copied there when they are not). */
export type PlaceBytes = (buf: Uint8Array, s: number, len: number) => number;

// The dictionary's fields (i32) in kernel memory: the layout shared with kernel/row-kernel.ts.
const D = DICT_FIELD;

export class KernelInterner implements Interner {
  /** The dictionary's fields, as 32-bit words. */
  private readonly fields: Int32Array;

  constructor(
    /** The kernel holding the dictionary. */
    readonly kernel: DictExports,
    /** Kernel memory (its buffer: it never grows). */
    private readonly memory: ArrayBuffer,
    /** The dictionary's address in kernel memory. */
    readonly at: number,
    private readonly place: PlaceBytes,
  ) {
    this.fields = new Int32Array(memory, at, 32);
  }

  get frozen(): boolean {
    return this.fields[D.frozen] !== 0;
  }

  intern(buf: Uint8Array, s: number, e: number): number {
    if (e <= s) return EMPTY_ID;
    if (buf.buffer !== this.memory) {
      const dv = viewOf(buf);
      return this.internHashed(buf, dv, s, e - s, hashRange(buf, dv, s, e));
    }
    return this.checked(this.kernel.internBytes(this.at, buf.byteOffset + s, e - s));
  }

  internHashed(buf: Uint8Array, _dv: DataView, s: number, len: number, h: number): number {
    if (len <= 0) return EMPTY_ID;
    return this.checked(this.kernel.intern(this.at, this.place(buf, s, len), len, h));
  }

  internString(v: string): number {
    if (v === '') return EMPTY_ID;
    const b = Buffer.from(v, 'utf8');
    return this.intern(b, 0, b.length);
  }

  /** Copies of the dictionary's arrays (kernel memory is reused and never leaves the thread). */
  dump(): InternerDump {
    const f = this.fields;
    const mem = this.memory;
    const count = f[D.count];
    return {
      pool: new Uint8Array(mem, f[D.pool], f[D.poolLen]).slice(),
      starts: new Int32Array(mem, f[D.starts], count).slice(),
      lens: new Int32Array(mem, f[D.lens], count).slice(),
      hashes: new Int32Array(mem, f[D.hashes], count).slice(),
      count,
    };
  }

  private checked(id: number): number {
    if (this.kernel.oom()) throw new KernelOutOfMemory('IIS row');
    return id >>> 0;
  }
}
