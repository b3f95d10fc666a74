import { defineConfig } from 'vitest/config';

// Tiers: unit (pure, fast, parallel); rig (tests that own pcscd); integration (real host process,
// real pcscd and virtual card; one file at a time because they share the readers); e2e (Chromium + extension).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // A budget, not a speed check: the fuzzers' 20 000 inputs took 5.2 s on a loaded 2-core
          // machine, past Vitest's 5 s default. Speed is measured in `npm run bench`.
          testTimeout: 30_000,
        },
      },
      {
        // Tests that start and stop pcscd themselves (the rig: pcscd restarts, the nodelay shim):
        // run before the shared sandbox services start, never beside them.
        test: {
          name: 'rig',
          include: ['test/integration/card/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/card/**'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Deployed as an organisation deploys it: the .deb installed, browser policy files written into
        // /etc (root), all removed afterwards. Needs the sandbox services like e2e.
        test: {
          name: 'release',
          include: ['test/release/**/*.test.ts'],
          // Packages made and the .deb installed once for the tier, purged afterwards.
          globalSetup: ['test/release/setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
