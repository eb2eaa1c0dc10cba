import { defineConfig } from 'vitest/config';

// The disruptive tests kill and restart the engine: only the sandbox one may take that, so they run
// only under `npm run test:all` (scripts/test-all.sh sets this), never under a plain `npm test`.
const disruptive = process.env.DEVSTACK_TEST_DISRUPTIVE === '1';
if (!disruptive && !process.env.VITEST_WORKER_ID) {
  process.stderr.write('Leaving out test/disruptive (it restarts the engine): it runs only under `npm run test:all`, on the sandbox engine.\n');
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Unit tests run first and alone: a broken loader fails in seconds, before any container starts.
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Two cores: more workers only make the engine the bottleneck and the timings noisy.
          maxWorkers: 2,
        },
      },
      ...(disruptive
        ? [
            {
              test: {
                // Kills and restarts the engine: last, and alone, so no other test is running against it.
                name: 'disruptive',
                include: ['test/disruptive/**/*.test.ts'],
                sequence: { groupOrder: 2 },
                globalSetup: ['test/integration/global-setup.ts'],
                testTimeout: 180_000,
                hookTimeout: 180_000,
                maxWorkers: 1,
              },
            },
          ]
        : []),
    ],
  },
});
