/**
 * The WebAssembly kernels (AssemblyScript) and their JavaScript users share record layouts: the
 * svclog batch column order, record slots, event flags, System field numbers and tag codes; the
 * IIS row kernel's field kinds, stop reasons, interner steps and dictionary struct. Both sides
 * import them from modules generated from one description (scripts/kernel-layouts.mjs). This test
 * fails when a generated module is not what the description gives (edited by hand, or the
 * description changed without `node scripts/build-wasm.mjs`), and when a kernel or its JavaScript
 * user defines one of the shared constants by hand again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYOUT_FILES } from '../../scripts/kernel-layouts.mjs';
import { EVENT_SPEC, MESSAGE_SPEC } from '../../electron/engine/svclog/extraction/columns';
import { TAG_CODES } from '../../electron/engine/svclog/extraction/fields';
import { SYS } from '../../electron/engine/svclog/extraction/system-block';

const ROOT = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Names a generated module exports. */
const exported = (text: string) => new Set([...text.matchAll(/^export const (?:enum )?(\w+)/gm)].map((m) => m[1]));

/** Each kernel or JavaScript user and the generated module whose names it must not define itself. */
const USERS: [string, string][] = [
  ['electron/engine/svclog/kernel/extract.ts', 'electron/engine/svclog/kernel/layout.ts'],
  ['electron/engine/svclog/kernel/event-search.ts', 'electron/engine/svclog/kernel/layout.ts'],
  ['electron/engine/iis/kernel/row-kernel.ts', 'electron/engine/iis/kernel/layout.ts'],
  ['electron/engine/svclog/extraction/columns.ts', 'electron/engine/svclog/extraction/layout.ts'],
  ['electron/engine/svclog/extraction/system-block.ts', 'electron/engine/svclog/extraction/layout.ts'],
  ['electron/engine/svclog/extraction/fields.ts', 'electron/engine/svclog/extraction/layout.ts'],
  ['electron/engine/iis/row-scan.ts', 'electron/engine/iis/kernel-layout.ts'],
  ['electron/engine/iis/row-kernel.ts', 'electron/engine/iis/kernel-layout.ts'],
  ['electron/engine/interning/byte-interner.ts', 'electron/engine/interning/layout.ts'],
  ['electron/engine/iis/kernel-interner.ts', 'electron/engine/interning/layout.ts'],
  ['electron/engine/iis/row-kernel.ts', 'electron/engine/interning/layout.ts'],
];

describe('kernel layouts are generated from one description', () => {
  for (const { file, text } of LAYOUT_FILES) {
    it(`${file} is what scripts/kernel-layouts.mjs writes (node scripts/build-wasm.mjs)`, () => {
      expect(read(file)).toBe(text());
    });
  }

  for (const [user, layout] of USERS) {
    it(`${user} imports the shared constants instead of defining them`, () => {
      const names = exported(read(layout));
      const src = read(user);
      const own = [...src.matchAll(/^(?:export )?const (?:enum )?(\w+)/gm)].map((m) => m[1]).filter((n) => names.has(n) && !new RegExp(`^const ${n} = [A-Z_]+;`, 'm').test(src));
      expect(own, `${user} defines shared constants by hand`).toEqual([]);
      expect(src).toMatch(/from '(?:\.\/(?:kernel-)?layout|\.\.\/interning)'/);
    });
  }

  it('the kernel and the JavaScript side read the same numbers', () => {
    const kernel = new Map([...read('electron/engine/svclog/kernel/layout.ts').matchAll(/^export const (\w+): \w+ = (\d+);/gm)].map((m) => [m[1], Number(m[2])]));
    const snake = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
    const events = Object.keys(EVENT_SPEC);
    expect(kernel.get('C_TIME')).toBe(events.indexOf('timeUs'));
    expect(kernel.get('C_SUB_TYPE')).toBe(events.indexOf('subType'));
    expect(kernel.get('M_SOURCE')).toBe(events.length + Object.keys(MESSAGE_SPEC).indexOf('source'));
    for (const [name, n] of Object.entries(SYS)) expect(kernel.get(`F_${snake(name)}`), name).toBe(n);
    for (const [name, code] of Object.entries(TAG_CODES)) expect(kernel.get(`T_${snake(name)}`), name).toBe(code);
  });
});
