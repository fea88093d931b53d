/** Headerless and almost-right W3C logs: fields guessed over several lines by the values' shapes. */
import { describe, expect, it } from 'vitest';
import { fieldLineWithoutPrefix, guessFieldsFromLines } from '../../../electron/engine/iis/guess';

const row = (k: number) =>
  `2026-03-14 10:00:${String(k % 60).padStart(2, '0')} 10.0.0.5 GET /api/orders/${k} id=${k} 443 - 10.0.0.${k + 2} Mozilla/5.0+(Windows) - ${k % 5 ? 200 : 500} 0 0 ${15 + k} 203.0.113.${k} 0f8fad5b-d9cb-469f-a165-70867728950${k % 10}`;
const STD = 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';

describe('guessFieldsFromLines', () => {
  it('reads a field line that lost its "#Fields: " prefix', () => {
    const g = guessFieldsFromLines([`${STD} X-Forwarded-For`, row(1)])!;
    expect(g.fieldLine).toBe(true);
    expect(g.fields.join(' ')).toBe(`${STD} X-Forwarded-For`);
    expect(fieldLineWithoutPrefix(row(1))).toBeNull();
    expect(fieldLineWithoutPrefix('hello world foo bar')).toBeNull();
  });

  it('aligns custom-field rows to the standard fields by shape, custom fields named after theirs; a damaged first row does not decide', () => {
    const lines = [row(0).slice(0, 30), ...Array.from({ length: 20 }, (_, k) => row(k + 1))];
    const g = guessFieldsFromLines(lines)!;
    expect(g.fieldLine).toBe(false);
    expect(g.fields.join(' ')).toBe(`${STD} X-Forwarded-For x-guid-2`);
    expect(g.custom).toEqual(['X-Forwarded-For', 'x-guid-2']);
    expect(g.fit).toBeGreaterThanOrEqual(0.8);
  });

  it('keeps a standard set when most lines fit it, and refuses text that is not a log', () => {
    const std = Array.from({ length: 5 }, (_, k) => row(k).split(' ').slice(0, 15).join(' '));
    expect(guessFieldsFromLines(std)!.name).toBe('IIS default');
    expect(guessFieldsFromLines(['The quick brown fox jumps over the lazy dog', 'and again the quick brown fox jumps'])).toBeNull();
    expect(guessFieldsFromLines([])).toBeNull();
  });
});
