import { configDefaults, defineConfig } from 'vitest/config';

/** Node test files that replace a module with vi.mock: they need a module registry of their own. */
const withModuleMocks = ['packages/server/test/checkout-failures.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/{contracts,server,routing}/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...withModuleMocks],
          // The files of a worker share their modules: each file's app, database, clock and
          // providers are its own (module-level caches are keyed by generated ids), and importing
          // the server again for every file was about half of the pass's time.
          isolate: false,
          // On the embedded database, every test database starts from one cluster migrated once per run.
          globalSetup: ['packages/server/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node-mocks',
          include: withModuleMocks,
          globalSetup: ['packages/server/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['packages/web/test/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['packages/web/test/setup.ts'],
        },
      },
    ],
  },
});
