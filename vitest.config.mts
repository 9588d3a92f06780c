import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    globalSetup: ['tests/kit/build-cli.ts'],
    setupFiles: ['tests/kit/proto-tokenizer.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: integration tests start real servers, so keep parallelism modest.
    maxWorkers: 2,
  },
});
