/**
 * The engines' one byte interner (electron/engine/interning): ids in first-seen order, equal bytes
 * one id wherever they sit, id 0 for the empty value; with IIS's limits a column of distinct values
 * freezes, without limits (svclog) it never does; the svclog ValueTable over it cuts long values at
 * a character boundary and decodes display strings; StringTable maps parts' ids onto one table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteInterner, LAZY_ID, StringTable } from '../../electron/engine/interning';
import { MAX_VALUE_BYTES, ValueTable } from '../../electron/engine/svclog/extraction/intern';

const bytes = (s: string) => Buffer.from(s, 'utf8');

/** Ids a Map keyed by the values' text gives: the reference for first-seen order. */
function referenceIds(values: string[]): number[] {
  const ids = new Map<string, number>([['', 0]]);
  return values.map((v) => {
    if (!ids.has(v)) ids.set(v, ids.size);
    return ids.get(v)!;
  });
}

describe('ByteInterner', () => {
  it('gives ids in first-seen order, the same id to the same bytes anywhere in any buffer', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 300 }), fc.nat(7), (values, pad) => {
        const t = new ByteInterner(null);
        const ids = values.map((v) => {
          // Each value at its own offset in a fresh buffer (the same bytes, another place).
          const b = Buffer.concat([Buffer.alloc(pad, 0x41), bytes(v), Buffer.alloc(3, 0x42)]);
          return t.intern(b, pad, pad + b.length - pad - 3);
        });
        expect(ids).toEqual(referenceIds(values));
        expect(t.count).toBe(new Set(['', ...values]).size);
      }),
    );
  });

  it('freezes a column of distinct values with limits (IIS), never without (svclog)', () => {
    const limited = new ByteInterner();
    const plain = new ByteInterner(null);
    let lazy = 0;
    for (let i = 0; i < 20_000; i++) {
      const v = bytes(`session-${i}`);
      if (limited.intern(v, 0, v.length) === LAZY_ID) lazy++;
      expect(plain.intern(v, 0, v.length)).toBe(i + 1);
    }
    expect(limited.frozen).toBe(true);
    expect(lazy).toBeGreaterThan(10_000);
    expect(plain.frozen).toBe(false);
    expect(plain.count).toBe(20_001);
  });

  it('merges dumps by value: a part\'s ids map onto the merged ones', () => {
    const a = new ByteInterner();
    const b = new ByteInterner();
    for (const v of ['x', 'y', 'z']) a.intern(bytes(v), 0, v.length);
    for (const v of ['z', 'w', 'x']) b.intern(bytes(v), 0, v.length);
    const merged = ByteInterner.fromDump(a.dump());
    expect([...merged.mergeDump(b.dump())]).toEqual([0, 3, 4, 1]);
  });
});

describe('svclog ValueTable', () => {
  it('cuts values at MAX_VALUE_BYTES on a character boundary and gives one-line display strings', () => {
    const t = new ValueTable();
    const long = `${'a'.repeat(MAX_VALUE_BYTES - 1)}é and more`;
    const b = bytes(long);
    const id = t.intern(b, 0, b.length);
    expect(t.intern(b, 0, MAX_VALUE_BYTES - 1)).toBe(id);
    const amp = bytes('  Tom &amp; Jerry\n  ');
    const id2 = t.intern(amp, 0, amp.length);
    expect(t.intern(bytes(''), 0, 0)).toBe(0);
    const strings = t.strings();
    expect(strings[0]).toBe('');
    // Shown on one line, at most 400 characters.
    expect(strings[id]).toBe(`${'a'.repeat(399)}…`);
    expect(strings[id2]).toBe('Tom & Jerry');
    expect(t.stringsFrom(id2)).toEqual(['Tom & Jerry']);
  });
});

describe('StringTable', () => {
  it('maps each part\'s strings onto one table', () => {
    const t = new StringTable();
    expect([...t.absorb(['', 'a', 'b'])]).toEqual([0, 1, 2]);
    expect([...t.absorb(['', 'b', 'c'])]).toEqual([0, 2, 3]);
    expect(t.values).toEqual(['', 'a', 'b', 'c']);
  });
});
