import { defineConfig } from 'vitest/config';

// One runner, three environments: plain Node for shared/server/electron/tools code, a DOM with
// fake-indexeddb for the store app's local database and the shops' script (web/), and real Chromium for end-to-end runs.
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/shared/**/*.test.ts',
            'test/server/**/*.test.ts',
            'test/electron/**/*.test.ts',
            'test/tools/**/*.test.ts',
            'test/regression/**/*.test.ts',
            'test/docs/**/*.test.ts',
          ],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts', 'test/renderer/**/*.test.tsx', 'test/web/**/*.test.ts'],
          setupFiles: ['test/renderer/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
