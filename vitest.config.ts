import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'core/**/*.test.ts', 'storage/**/*.test.ts', 'bot/**/*.test.ts', 'miniapp/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'miniapp/web/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: end-to-end suites start real server processes; keep parallelism modest.
    maxWorkers: 2,
  },
});
