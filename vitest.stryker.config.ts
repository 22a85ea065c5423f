import { defineConfig } from 'vitest/config';

// Mutation testing (npm run mutation, stryker.config.mjs): only the fast reference-grading file.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/engine/stryker/references.test.ts'],
    testTimeout: 60_000,
  },
});
