/**
 * The svclog extraction kernel (AssemblyScript, kernel/extract.ts) and the JavaScript side share a
 * record layout: batch column order, record slots, event flags, System field numbers and tag
 * codes. The kernel writes them as constants; this test reads them from its source and fails when
 * either side changes without the other.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_FLAG, EVENT_SPEC, MESSAGE_SPEC } from '../../electron/engine/svclog/extraction/columns';
import { TAG_CODES } from '../../electron/engine/svclog/extraction/fields';
import { SYS } from '../../electron/engine/svclog/extraction/system-block';

const KERNEL = join(__dirname, '../../electron/engine/svclog/kernel/extract.ts');

/** `const NAME = 12;` (and `: usize`/`: i32` forms) of the kernel source. */
function kernelConstants(): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of readFileSync(KERNEL, 'utf8').matchAll(/^const ([A-Z][A-Z0-9_]*)(?::\s*\w+)?\s*=\s*(\d+);/gm)) out.set(m[1], Number(m[2]));
  return out;
}

const snake = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

describe('svclog kernel layout = JavaScript layout', () => {
  const k = kernelConstants();
  const get = (name: string) => {
    expect(k.has(name), `kernel/extract.ts has no ${name}`).toBe(true);
    return k.get(name)!;
  };
  const events = Object.keys(EVENT_SPEC) as (keyof typeof EVENT_SPEC)[];
  const messages = Object.keys(MESSAGE_SPEC) as (keyof typeof MESSAGE_SPEC)[];

  it('batch columns: EVENT_SPEC then MESSAGE_SPEC, in their order', () => {
    const kernelName = (key: string) => (key === 'timeUs' ? 'C_TIME' : `C_${snake(key)}`);
    let checked = 0;
    events.forEach((key, i) => {
      if (!k.has(kernelName(key))) return;
      expect(get(kernelName(key)), key).toBe(i);
      checked++;
    });
    expect(checked).toBeGreaterThanOrEqual(12);
    // Event strings are one run of columns from C_SUB_TYPE.
    expect(get('C_SUB_TYPE')).toBe(events.indexOf('subType'));
    expect(events.slice(events.indexOf('subType')).every((key) => EVENT_SPEC[key] === 'str')).toBe(true);
    for (const key of ['event', 'soap', 'bodySize', 'source'] as const) expect(get(`M_${snake(key)}`), key).toBe(events.length + messages.indexOf(key));
    expect(messages.slice(messages.indexOf('source')).every((key) => MESSAGE_SPEC[key] === 'str')).toBe(true);
  });

  it('record slots: the string slots follow the columns’ string order', () => {
    const eventStrings = events.filter((key) => EVENT_SPEC[key] === 'str');
    eventStrings.forEach((key, j) => expect(get(`O_${snake(key)}`), key).toBe(get('O_SUB_TYPE') + j));
    const messageStrings = messages.filter((key) => MESSAGE_SPEC[key] === 'str');
    // Message slots whose names would clash with the event's carry an M_.
    const slot = (key: string) => (k.has(`O_M_${snake(key)}`) ? `O_M_${snake(key)}` : `O_${snake(key)}`);
    messageStrings.forEach((key, j) => expect(get(slot(key)), key).toBe(get('O_M_SOURCE') + j));
    expect(get('SLOTS')).toBe(get('O_M_SOURCE') + messageStrings.length);
  });

  it('event flags, System field numbers and tag codes', () => {
    for (const [name, bit] of Object.entries(EVENT_FLAG)) if (k.has(`FLAG_${snake(name)}`)) expect(get(`FLAG_${snake(name)}`), name).toBe(bit);
    expect(['FLAG_MESSAGE', 'FLAG_EXCEPTION', 'FLAG_ACTIVITY_HEADER'].every((n) => k.has(n))).toBe(true);
    for (const [name, n] of Object.entries(SYS)) expect(get(`F_${snake(name)}`), name).toBe(n);
    for (const [name, code] of Object.entries(TAG_CODES)) expect(get(`T_${snake(name)}`), name).toBe(code);
  });
});
