// Two projects run every integration test: once on PGlite (the embedded default) and once on the
// real PostgreSQL. Pure unit tests run once, with no database (`npm run test:unit`): only the database
// projects build a migrated template (test/helpers/global-setup.ts), each the one it uses.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const unitTests = ['test/unit/**/*.test.ts'];
// The console in Chromium: once per run (on PGlite), not once per database.
const browserTests = ['test/browser/**/*.test.ts'];
// Tests of PGlite itself (its own data directory, not the template): on the pglite project only.
const pgliteOnlyTests = ['test/data-dir-lock.test.ts'];
const globalSetup = ['test/helpers/global-setup.ts'];

export default defineConfig({
  resolve: {
    // One copy of graphql, or Yoga masks every Pothos error as "Unexpected error.".
    alias: [{ find: /^graphql$/, replacement: fileURLToPath(import.meta.resolve('graphql')) }],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: unitTests } },
      {
        extends: true,
        test: {
          name: 'pglite',
          include: ['test/**/*.test.ts'],
          exclude: [...unitTests, ...browserTests],
          env: { TEST_DB: 'pglite' },
          globalSetup,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          exclude: [...unitTests, ...browserTests, ...pgliteOnlyTests],
          env: { TEST_DB: 'postgres' },
          globalSetup,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: browserTests,
          env: { TEST_DB: 'pglite' },
          testTimeout: 60_000,
          // What a page shows after a click can take seconds on a busy machine: expect.poll waits
          // up to 15 s (the default is 1 s) before it fails.
          expect: { poll: { timeout: 15_000 } },
          globalSetup,
        },
      },
    ],
  },
});
