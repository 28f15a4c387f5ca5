import { configDefaults, defineConfig } from 'vitest/config';

// Three projects over one tree of feature folders, told apart by file name:
// - unit: `*.unit.test.ts`, pure code (no database, server, browser or child process), no
//   global setup, so `npm run test:unit` answers in seconds;
// - api: every other `*.test.ts`, against a throwaway PostGIS database and real servers;
// - browser: `*.browser.test.ts`, headless Chromium against a served web client.
// api and browser list the same global setup, which prepares the database and the web
// client once per run (the second project waits for the first and shares it).
const unit = 'tests/**/*.unit.test.ts';
const browser = 'tests/**/*.browser.test.ts';
const globalSetup = ['tests/global_setup.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        // Pure modules touch no process-wide state, so one module cache per worker thread
        // (no isolation between files) is safe and halves the wall time.
        test: { name: 'unit', include: [unit], pool: 'threads', isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'api',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, unit, browser],
          globalSetup,
        },
      },
      { extends: true, test: { name: 'browser', include: [browser], globalSetup } },
    ],
  },
});
