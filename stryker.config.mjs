// Mutation testing of the reference solutions against the hidden suites: `npm run mutation`.
// Findings and how to read them: docs/mutation-testing.md. Not part of `npm test` (minutes, not seconds).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['solutions/*/solution.ts'],
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: {
    configFile: 'vitest.stryker.config.ts',
    // The solutions are read from disk by the grader, never imported: no test is "related" to them.
    related: false,
  },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // The grader runs learner code under a virtual clock; a mutant that loops forever is stopped by the
  // simulator's event cap, so real time-outs are rare. Leave room for the 200-run random-fault test.
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'scratch', '.astro', 'reports', 'test-results'],
  thresholds: { high: 90, low: 75, break: null },
};
