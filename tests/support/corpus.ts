/**
 * Access to ../shared (the real-world corpus and the bench generators). A user's clone has no
 * ../shared: tests that need it skip and say why, visibly, instead of passing silently.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe } from 'vitest';

export const SHARED_DIR = resolve(__dirname, '../../../shared');
export const CORPUS_DIR = join(SHARED_DIR, 'corpus');
export const BENCH_GEN_DIR = join(SHARED_DIR, 'bench');
export const HAS_CORPUS = existsSync(join(CORPUS_DIR, 'MANIFEST.md'));
export const HAS_BENCH_GEN = existsSync(join(BENCH_GEN_DIR, 'gen-svclog.mjs'));

export const CORPUS_SKIP_REASON = `../shared/corpus not found at ${CORPUS_DIR}: corpus tests skipped (a user's clone has no ../shared)`;
export const BENCH_GEN_SKIP_REASON = `../shared/bench not found at ${BENCH_GEN_DIR}: generator tests skipped`;

/** `describe` that runs only when the corpus is present and otherwise prints why it skipped. */
export function describeCorpus(name: string, body: () => void): void {
  if (!HAS_CORPUS) console.warn(`SKIPPED "${name}": ${CORPUS_SKIP_REASON}`);
  describe.skipIf(!HAS_CORPUS)(`${name} [needs ../shared/corpus]`, body);
}

/** Same for the generators in ../shared/bench. */
export function describeBenchGen(name: string, body: () => void): void {
  if (!HAS_BENCH_GEN) console.warn(`SKIPPED "${name}": ${BENCH_GEN_SKIP_REASON}`);
  describe.skipIf(!HAS_BENCH_GEN)(`${name} [needs ../shared/bench]`, body);
}

export function corpusFile(...parts: string[]): string {
  return join(CORPUS_DIR, ...parts);
}
