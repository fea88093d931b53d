/** Release builds: the file:// fuse is off and no source map reaches the window. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const REPO = resolve(__dirname, '../..');
const VITE_CONFIG = resolve(REPO, 'renderer/vite.config.mts');

describe('release build', () => {
  it('turns off grantFileProtocolExtraPrivileges in the packaged fuses', () => {
    const yml = readFileSync(resolve(REPO, 'electron-builder.yml'), 'utf8');
    const fuses = yml.slice(yml.indexOf('electronFuses:'), yml.indexOf('\nfileAssociations:'));
    expect(fuses).toMatch(/^\s+grantFileProtocolExtraPrivileges: false$/m);
    expect(yml).toMatch(/- "!out\/\*\*\/\*\.map"/);
  });

  it('packages a build made with --release, whose renderer has no source maps', async () => {
    const pkg = JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toMatch(/build\.mjs --release &&/);
    process.env.TRACELENS_RELEASE = '1';
    try {
      const { default: config } = (await import(/* @vite-ignore */ VITE_CONFIG)) as { default: { build: { sourcemap: unknown } } };
      expect(config.build.sourcemap).toBe(false);
    } finally {
      delete process.env.TRACELENS_RELEASE;
    }
    vi.resetModules();
    const { default: dev } = (await import(/* @vite-ignore */ VITE_CONFIG)) as { default: { build: { sourcemap: unknown } } };
    expect(dev.build.sourcemap).toBe(true);
  });
});
