import { defineConfig } from 'vitest/config';

// Plain Vitest (no Astro/Vite site config): tests/site/** read the built dist/ (run `npm run build` first;
// `npm test` does), tests/engine/** exercise src/engine directly.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
