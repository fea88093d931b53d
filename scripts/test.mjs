// `npm test`: typecheck, lint, build, unit and engine tests, end-to-end tests in Chromium (and
// Electron where its binary exists). Every step runs even when an earlier one fails, so one run
// shows everything; the last line sums the tests as "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

const steps = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['typecheck shared/ (no Node, no DOM)', bin('tsc'), ['-p', 'tsconfig.shared.json', '--noEmit']],
  ['lint', bin('eslint'), ['.']],
  ['security (electronegativity over electron/)', process.execPath, ['scripts/security-check.mjs']],
  ['build', process.execPath, ['scripts/build.mjs']],
  ['unit and engine tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'unit.json')}`], 'unit.json'],
  ['end-to-end tests', bin('vitest'), ['run', '--config', 'vitest.e2e.config.mts', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'e2e.json')}`], 'e2e.json'],
];

const failedSteps = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const [name, cmd, args, report] of steps) {
  console.log(`\n▶ ${name}`);
  if (report) rmSync(join(results, report), { force: true });
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) failedSteps.push(name);
  console.log(`${r.status === 0 ? '✔' : '✖'} ${name} (${secs} s)`);
  if (report && existsSync(join(results, report))) {
    const j = JSON.parse(readFileSync(join(results, report), 'utf8'));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + j.numTodoTests;
  } else if (report) {
    totals.failed += 1; // the runner died before reporting: count it as a failure
  }
}

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
