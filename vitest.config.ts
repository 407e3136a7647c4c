import { defineConfig } from 'vitest/config';

// One runner for the suites: unit (pure code, no build), integration (Node + loopback emulator),
// reliability, release (the release build and its archives), e2e (real Chromium and Firefox with the
// test build). `npm test` runs them all.
export default defineConfig({
  define: { __TEST_BUILD__: 'true', __BROWSER__: '"chrome"' },
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Worker restarts, Cognito faults, concurrency, fuzzing, durability
          // (docs/security-and-reliability.md): Node + loopback emulator.
          // The 5-minute load run is not here: `npm run report:reliability` runs it.
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          setupFiles: ['test/reliability/support/setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Runs `npm run build` first (unless .ci/run just did: RELEASE_BUILD_FRESH=1), which is why
          // it is not in unit: unit stays build-free.
          name: 'release',
          include: ['test/release/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Browsers are heavy on a 2-core machine: one e2e file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
