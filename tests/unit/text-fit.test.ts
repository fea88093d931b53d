/**
 * The lists' text measuring (renderer/src/textFit.ts) against a stand-in canvas whose strings are
 * kerned 2 % wider than their characters' sum, as a real font can be: widths summed from
 * per-character advances must never let a shortened name overflow its cell, and text that needs
 * shaping is measured whole.
 */
import { beforeAll, describe, expect, it } from 'vitest';

const advance = (c: string) => (c === 'i' || c === 'l' || c === '.' || c === "'" ? 3 : c === 'W' || c === 'M' ? 11 : 7);
const sum = (s: string) => [...s].reduce((n, c) => n + advance(c), 0);
/** The stand-in canvas: a string of several characters is kerned 2 % wider than its sum. */
const drawn = (s: string) => (s.length > 1 ? sum(s) * 1.02 : sum(s));
let canvasCalls = 0;

let fit: typeof import('../../renderer/src/textFit');
beforeAll(async () => {
  const ctx = {
    font: '',
    measureText: (s: string) => {
      canvasCalls++;
      return { width: drawn(s) };
    },
  };
  (globalThis as unknown as { document: unknown }).document = { createElement: () => ({ getContext: () => ctx }) };
  fit = await import('../../renderer/src/textFit');
});

const FONT = '13px sans-serif';
const NAME = "Process action 'http://contoso.com/Fulfilment/Warehouse/IInventoryReservationService/ReserveStock'.";

describe('text widths for the lists', () => {
  it('sums per-character advances for Latin text, each character measured once', () => {
    expect(fit.textWidth('Order 42', FONT)).toBe(sum('Order 42'));
    const before = canvasCalls;
    expect(fit.textWidth('Order 24', FONT)).toBe(sum('Order 24'));
    expect(canvasCalls).toBe(before);
  });

  it('measures text that needs shaping (Arabic, combining marks) whole', () => {
    expect(fit.textWidth('طلب ٤٢', FONT)).toBe(drawn('طلب ٤٢'));
    expect(fit.textWidth('e\u0301te\u0301', FONT)).toBe(drawn('e\u0301te\u0301'));
  });

  it('shortens a long name in the middle to fit as drawn, keeping its operation', () => {
    for (const px of [120, 200, 260, 340, 460]) {
      const out = fit.middleEllipsis(NAME, px, FONT);
      expect(out, `${px} px`).toContain('…');
      expect(drawn(out), `${px} px: ${out}`).toBeLessThanOrEqual(px);
      expect(out.endsWith("Stock'.")).toBe(true);
    }
    expect(fit.middleEllipsis(NAME, 460, FONT)).toMatch(/^Process action '….*\/ReserveStock'\.$/);
    expect(fit.middleEllipsis('Order 42', 200, FONT)).toBe('Order 42');
  });
});
