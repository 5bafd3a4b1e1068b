import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The public entry point resolves to its source here (the package's exports name the built dist/):
  // examples and tests import 'fwa-theorems' exactly as a user does.
  resolve: { alias: { 'fwa-theorems': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: [
      'properties/**/*.test.ts',
      'proofs/**/*.test.ts',
      'src/**/*.test.ts',
      'bench/**/*.test.ts',
      'examples/**/*.test.ts',
    ],
    // Slow process-level tests: npm run test:faults / test:hostile (vitest.reliability.config.ts).
    exclude: ['properties/reliability/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'threads',
    // vitest's default leaves one core free; the suite is the only work of a test run, so it uses them
    // all (on 2 cores: 25 s instead of 34 s, measured 2026-12-04).
    maxWorkers: availableParallelism(),
    // Files share one module graph per worker thread instead of re-importing mathjs, fast-check and
    // the engine for each of them: with isolation, module import was 64 s of a 99 s run (2 cores).
    // The test files keep no mutable module state that another file reads (profile seeds are fixed
    // per process), so isolation bought nothing but import time.
    isolate: false,
    reporters: ['default'],
  },
});
