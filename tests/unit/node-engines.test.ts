/**
 * The README's Node.js statement stays true as dependencies change: on the lowest Node 20 we
 * support, `npm ci` warns (EBADENGINE) only about the five packages the README names; from the
 * lowest Node 22 we support, about none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } };
/** Whitespace folded, so rewrapping the README's lines does not matter. */
const readme = readFileSync(join(REPO, 'README.md'), 'utf8').replace(/\s+/g, ' ');

/** Installed packages whose `engines.node` the given Node version does not satisfy. */
function warnedOn(version: string): string[] {
  const names = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
    if (path && range && !semver.satisfies(version, range)) names.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  return [...names].sort();
}

describe('Node.js requirement', () => {
  const lowest20 = semver.minVersion(pkg.engines.node)!.version;
  const lowest22 = semver.minVersion(pkg.engines.node.split('||')[1])!.version;

  it('package.json and the README name the same versions', () => {
    expect(lowest20).toBe('20.19.0');
    expect(lowest22).toBe('22.13.0');
    expect(readme).toContain(`\`engines\` in \`package.json\`: \`${pkg.engines.node}\``);
    expect(readme).toContain('Node.js 20.19 or later, 22.13 or later to build installers');
  });

  it('on Node 20.19 only the packages the README names warn, and the README counts them right', () => {
    const warned = warnedOn(lowest20);
    expect(warned).toEqual(['@electron-internal/extract-zip', '@electron/get', '@electron/rebuild', 'electron', 'node-abi']);
    for (const name of warned) expect(readme).toContain(`\`${name}\``);
    expect(readme).toContain(`prints five expected \`EBADENGINE\` warnings (${warned.length * 5} lines)`);
  });

  it('on Node 22.13 nothing warns', () => {
    expect(warnedOn(lowest22)).toEqual([]);
  });
});
