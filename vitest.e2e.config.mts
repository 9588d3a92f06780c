import { defineConfig } from 'vitest/config';

// End-to-end tests: the built renderer (dist/renderer, from `vite build`) in Debian's Chromium through
// `ferry serve`. Each test starts its own servers on port 0; files still run one at a time because every
// test drives a browser and the machines have two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    setupFiles: ['tests/kit/proto-tokenizer.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
