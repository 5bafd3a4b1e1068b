import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The slow reliability tests (npm run test:faults, npm run test:hostile): real processes killed,
 * raced, starved of disk; thousands of hostile inputs; chromium. Kept out of `npm test`.
 * Isolated (unlike vitest.config.ts): these files spawn processes and change process-wide state.
 */
export default defineConfig({
  // As in vitest.config.ts: the public entry point resolves to its source.
  resolve: { alias: { 'fwa-theorems': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['properties/reliability/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
