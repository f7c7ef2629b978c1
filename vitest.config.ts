import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: the e2e tests crawl the simulator for real and take several times longer on a
    // loaded 2-core machine than on a quiet one; a timeout here should mean a hang, not load.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    globalSetup: ['test/helpers/test-run.ts'],
  },
});
