import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const repo = join(import.meta.dirname, '..', '..', '..');

/**
 * The browser journeys (npm run test:e2e): each file has its own server and browser; the two
 * languages' days run side by side (E2E_WORKERS=1 runs them one after the other).
 */
export default defineConfig({
  root: repo,
  test: {
    name: 'e2e',
    include: ['packages/web/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: [join(import.meta.dirname, 'global-setup.ts')],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: Number(process.env.E2E_WORKERS ?? 2),
  },
});
