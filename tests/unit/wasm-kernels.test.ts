/**
 * The WebAssembly kernels are committed as base64 modules (so every host loads the same bytes):
 * each must be what its AssemblyScript source compiles to, and must load here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KERNELS, compileKernel, kernelModuleText } from '../../scripts/build-wasm.mjs';

const ROOT = resolve(__dirname, '../..');

describe('WebAssembly kernels', () => {
  for (const k of KERNELS) {
    it(`${k.module} is what ${k.source} compiles to (node scripts/build-wasm.mjs) and loads`, async () => {
      const bytes = await compileKernel(k.source);
      expect(readFileSync(join(ROOT, k.module), 'utf8')).toBe(kernelModuleText(k, bytes));
      // SIMD must be available where the speed figures were measured (Node 20+, Electron).
      expect(() => new WebAssembly.Module(new Uint8Array(bytes))).not.toThrow();
    }, 60_000);
  }
});
