// The test file Stryker runs (vitest.stryker.config.ts): each reference solution graded against
// its own exercise's suite, one Vitest test per suite test, so Stryker's per-test coverage runs
// only the suite tests that execute a mutated line. The grader reads the solution's text from disk
// (in Stryker's sandbox: the instrumented text) and runs it through esbuild + new Function.
import { describe, expect, it } from 'vitest';
import { suiteFor } from '../../../src/engine';
import { EXERCISES, gradeSource, readSource } from '../helpers';

for (const exercise of EXERCISES) {
  describe(exercise, () => {
    const suite = suiteFor(exercise)!;
    for (const test of suite.tests) {
      it(`${test.id} ${test.name}`, () => {
        const [result] = gradeSource(exercise, readSource(`solutions/${exercise}/solution.ts`), { only: [test.id] }).results;
        expect(result?.status, `${result?.id} [${result?.rule ?? ''}] ${result?.message ?? ''}`).toBe('pass');
      });
    }
  });
}
