import { defineConfig } from 'vitest/config';

/** Three tiers: unit (beside the code), integration (real HTTP, sockets, store), browser (chromium). */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'contracts/**/*.test.ts',
            'backend/**/*.test.ts',
            'collectors/**/*.test.ts',
            'dashboard/src/**/*.test.ts',
            'tests/unit/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // A real influxd on free loopback ports for the InfluxDB runs of the suites.
          globalSetup: ['tests/helpers/influx-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
