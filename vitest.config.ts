import { configDefaults, defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/reporters';

/** After Vitest's own summary, one plain "N passed, N failed, N skipped" line that CI logs can read. */
const summaryLine: Reporter = {
  onTestRunEnd(testModules, unhandledErrors) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++; // a file that failed to load
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    failed += unhandledErrors.length;
    console.log(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  },
};

// Plain Vitest (no Astro/Vite site config): tests/site/** read the built dist/ (run `npm run build` first;
// `npm test` does), tests/engine/** exercise src/engine directly. tests/e2e/** drive the built site in
// Chromium: their project's global setup serves dist/ with `astro preview` (started only when e2e files run).
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', summaryLine],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, 'tests/e2e/**'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/e2e/global-setup.ts'] },
      },
    ],
  },
});
