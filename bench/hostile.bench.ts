/**
 * Hostile inputs at full size (the 1 GB one stays out of npm test): each file loaded in a fresh
 * process with the built engine; wall time, peak RSS, and what was reported. Prints a table
 * (the README's "Hostile input" table comes from it). Run from the repository root.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HOSTILE, HOSTILE_BIG, generateHostile } from '../scripts/gen-hostile.mjs';
import { probe } from '../tests/e2e/support/probe';

const DIR = '/tmp/tl-bench/hostile';

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  // Any input missing (a partial run, files removed to save space): generate them all again.
  if (![...HOSTILE, HOSTILE_BIG].every((h) => existsSync(join(DIR, h.name)))) {
    console.log(`generating hostile inputs into ${DIR} …`);
    await generateHostile(DIR, true, resolve('assets/samples/app01_orderservice.svclog'));
  }
  console.log('| input | what | outcome | wall s | peak RSS MB |');
  console.log('|---|---|---|---|---|');
  for (const h of [...HOSTILE, HOSTILE_BIG]) {
    const r = probe(resolve(DIR, h.name), 120_000, resolve('out/cli.cjs'));
    const f = r.summary.files[0];
    const said = f.errors[0]?.message ?? f.warnings[0]?.message ?? 'no problem reported';
    const outcome = `${f.format}, ${f.records} records; ${said}`.replace(/\|/g, '\\|');
    console.log(`| ${h.name} | ${h.what} | ${outcome} | ${(r.wallMs / 1000).toFixed(2)} | ${r.maxRssMb.toFixed(0)} |`);
  }
}

void main();
