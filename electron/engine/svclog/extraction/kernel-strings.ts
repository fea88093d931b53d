/**
 * The svclog kernel's string table (kernel/interner.ts: ValueTable's steps in WebAssembly), for
 * the JavaScript extractor's events when the kernel extracts the others: both intern into one
 * table, so ids come out as one extractor alone would make them. Values in the window are
 * interned where they are; others (a Malformed message's decoded text, an event that outgrew the
 * window) are copied into the kernel's scratch area first.
 */
import { KernelOutOfMemory } from '../../wasm-kernel';
import type { EventSearch } from '../framing/event-search';
import { cutValue, displayStrings, type ValueInterner } from './intern';

export class KernelStrings implements ValueInterner {
  private readonly bytes: Uint8Array;

  constructor(private readonly search: EventSearch) {
    this.bytes = new Uint8Array(search.buffer);
  }

  get size(): number {
    return this.search.k.internCount();
  }

  intern(buf: Uint8Array, a: number, b: number): number {
    b = cutValue(buf, a, b);
    if (b <= a) return 0;
    let at = a;
    if (!this.search.owns(buf)) {
      at = this.search.layout.scratch;
      this.bytes.set(buf.subarray(a, b), at);
    }
    const id = this.search.k.intern(at, b - a);
    if (id < 0) throw new KernelOutOfMemory('svclog');
    return id;
  }

  stringsFrom(from: number): string[] {
    const k = this.search.k;
    const count = k.internCount();
    const buffer = this.search.buffer;
    const starts = new Int32Array(buffer, k.internStarts(), count);
    const ends = new Int32Array(buffer, k.internEnds(), count);
    return displayStrings(new Uint8Array(buffer, k.internArena()), starts, (id) => ends[id], from, count);
  }

  strings(): string[] {
    return this.stringsFrom(0);
  }
}
