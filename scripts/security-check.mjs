// Runs Electronegativity (Doyensec's Electron security scanner) over electron/ and fails on any
// HIGH or MEDIUM finding that security/electronegativity.json does not explain. Part of npm test.
// The scanner tries to fetch translations and Electron's release list; offline it says so and goes on.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const runner = require('@doyensec/electronegativity/dist/runner.js');
const run = typeof runner === 'function' ? runner : runner.default;
const electronVersion = require('electron/package.json').version;

const { suppressions } = JSON.parse(readFileSync(join(root, 'security', 'electronegativity.json'), 'utf8'));
mkdirSync(join(root, 'test-results'), { recursive: true });
const result = await run(
  {
    input: join(root, 'electron'),
    output: join(root, 'test-results', 'electronegativity.csv'),
    isSarif: false,
    customScan: [],
    excludeFromScan: [],
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);
const severity = (i) => (typeof i.severity === 'object' ? i.severity.name : String(i.severity));
let unexplained = 0;
for (const issue of result.issues) {
  const s = suppressions.find((x) => x.id === issue.id && (x.file === issue.file || x.file === '*'));
  const sev = severity(issue);
  const where = `${issue.file}:${issue.location?.line ?? 0}`;
  if (s) console.log(`  accepted ${sev} ${issue.id} at ${where}: ${s.reason}`);
  else if (sev === 'HIGH' || sev === 'MEDIUM') {
    unexplained++;
    console.log(`✖ ${sev} ${issue.id} at ${where}: ${issue.description}`);
  } else console.log(`  note ${sev} ${issue.id} at ${where}: ${issue.description}`);
}
for (const e of result.errors) console.log(`  scanner could not read ${e.file ?? JSON.stringify(e)}`);
writeFileSync(join(root, 'test-results', 'electronegativity.json'), JSON.stringify(result.issues, null, 2));
console.log(`electronegativity: ${result.issues.length} finding(s), ${unexplained} unexplained HIGH/MEDIUM`);
process.exit(unexplained ? 1 : 0);
