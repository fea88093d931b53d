/**
 * The README's screenshots show the current app: each was captured (scripts/readme-screenshots.mjs)
 * from sources of its view that have not changed since. "Older" means: the hash of the view's
 * sources recorded at capture time (assets/screenshots.json) differs from today's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, viewSourcesHash } from '../../scripts/view-sources.mjs';

const REPO = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(REPO, 'assets', 'screenshots.json'), 'utf8')) as {
  file: string;
  sources: string[];
  hash: string;
  files: { path: string; sha256: string }[];
}[];
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const REGENERATE = 'run `node scripts/readme-screenshots.mjs` and commit assets/';

describe('README screenshots', () => {
  it('every image the README shows is a recorded screenshot (or a drawing)', () => {
    const shown = [...readme.matchAll(/!\[[^\]]*\]\((assets\/[^)]+)\)/g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(0);
    for (const file of shown.filter((f) => f.endsWith('.png'))) expect(manifest.map((m) => m.file), `${file} has no entry in assets/screenshots.json: ${REGENERATE}`).toContain(file);
    expect(manifest.map((m) => m.file).sort()).toEqual(SCREENSHOTS.map((s) => s.file).sort());
  });

  for (const shot of SCREENSHOTS) {
    it(`${shot.file} is not older than the view it shows`, () => {
      const recorded = manifest.find((m) => m.file === shot.file)!;
      expect(existsSync(join(REPO, shot.file))).toBe(true);
      expect(recorded.sources, `the sources of ${shot.file} changed in scripts/view-sources.mjs: ${REGENERATE}`).toEqual(shot.sources);
      const now = viewSourcesHash(REPO, shot.sources);
      const before = new Map(recorded.files.map((f) => [f.path, f.sha256]));
      const changed = now.files.filter((f) => before.get(f.path) !== f.sha256).map((f) => f.path);
      const gone = recorded.files.map((f) => f.path).filter((p) => !now.files.some((f) => f.path === p));
      expect([...changed, ...gone], `${shot.file} was captured before these sources of its view changed: ${REGENERATE}`).toEqual([]);
      expect(now.hash).toBe(recorded.hash);
    });
  }
});
