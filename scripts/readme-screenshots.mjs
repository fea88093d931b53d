// `node scripts/readme-screenshots.mjs`: regenerates the README's screenshots from the end-to-end
// tests that take them (a newcomer's first look at the samples, the message-flow graph in raw time,
// the IIS view on the samples), copies them into assets/ and records in assets/screenshots.json
// the hash of the sources of the view each one shows. tests/unit/readme-screenshots.test.ts fails
// when those sources have changed since: the screenshot is older than the view it shows.
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCREENSHOTS, viewSourcesHash } from './view-sources.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const step = (what, args) => {
  console.error(`readme-screenshots: ${what}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`readme-screenshots: ${what} failed; assets/ left as it was.`);
    process.exit(1);
  }
};

// --from-last-run: take the captures of the e2e run just made (npm test) instead of running it again.
if (!process.argv.includes('--from-last-run')) {
  step('building the app', ['scripts/build.mjs', '--quiet']);
  const tests = [...new Set(SCREENSHOTS.map((s) => s.test))];
  step(`running ${tests.join(', ')}`, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.e2e.config.mts', ...tests]);
}

const manifest = SCREENSHOTS.map((s) => {
  copyFileSync(join(root, 'test-results', 'screenshots', `${s.capture}.png`), join(root, s.file));
  const { hash, files } = viewSourcesHash(root, s.sources);
  console.error(`readme-screenshots: ${s.file} ← ${s.test} (${s.capture}), ${files.length} source files`);
  return { file: s.file, shows: s.shows, test: s.test, capture: s.capture, sources: s.sources, hash, files };
});
writeFileSync(join(root, 'assets', 'screenshots.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.error('readme-screenshots: wrote assets/screenshots.json');
