import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium (and Electron where its binary exists) against the
// built app; one file at a time so two browsers never fight over the two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
