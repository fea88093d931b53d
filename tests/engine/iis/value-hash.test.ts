/**
 * The interner finds a value by its hash, and three places compute it: hashRange (any value),
 * scanFields while it splits a line, and the WebAssembly row kernel. They must agree bit for bit,
 * or one value gets two ids (the kernel is compared in row-kernel.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashRange, viewOf } from '../../../electron/engine/iis/bytes';
import { ByteInterner } from '../../../electron/engine/interning';
import { RowBatch } from '../../../electron/engine/iis/row-batch';
import { Kind, LastDate, Scan, scanFields } from '../../../electron/engine/iis/row-scan';

const value = fc.string({ minLength: 1, maxLength: 70, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789/+=.&%-é') });

describe('value hash', () => {
  it('scanFields hashes each value as hashRange does, at any position in the line', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 12 }), fc.nat({ max: 7 }), (values, pad) => {
        const line = Buffer.from(' '.repeat(pad) + values.join(' '));
        const kinds = new Uint8Array(values.length).fill(Kind.Str);
        const dicts = values.map(() => new ByteInterner());
        const batch = new RowBatch(values.length);
        const dv = viewOf(line);
        expect(scanFields(line, dv, pad, line.length, batch, 0, kinds, dicts, new LastDate())).toBe(Scan.Parsed);
        for (let k = 0; k < values.length; k++) {
          const at = k * batch.stride;
          expect(batch.hashes[at]).toBe(hashRange(line, dv, batch.starts[at], batch.ends[at]));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('depends on the bytes only, not where they are', () => {
    fc.assert(
      fc.property(value, fc.nat({ max: 9 }), (v, at) => {
        const a = Buffer.from(v);
        const b = Buffer.concat([Buffer.alloc(at, 0x41), a]);
        expect(hashRange(b, viewOf(b), at, b.length)).toBe(hashRange(a, viewOf(a), 0, a.length));
      }),
    );
  });
});
