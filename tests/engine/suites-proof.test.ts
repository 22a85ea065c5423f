// The hidden suites prove themselves: every starter compiles and fails its suite; every reference
// passes its suite on at least 1000 seeded runs per test.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { suiteFor } from '../../src/engine';
import { EXERCISES, failedIds, gradeSource, readSource } from './helpers';

describe('starters and references', () => {
  it('every starter and reference type-checks against the contract', () => {
    // tsc exits non-zero (and execFileSync throws, printing the errors) on any type error.
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.exercises.json'], { stdio: 'pipe' });
  });

  for (const exercise of EXERCISES) {
    it(`${exercise}: the starter fails its suite`, () => {
      const summary = gradeSource(exercise, readSource(`exercises/${exercise}/starter.ts`));
      expect(summary.failed).toBeGreaterThan(0);
    });

    it(`${exercise}: the reference passes every test on at least 1000 seeded runs`, () => {
      const suite = suiteFor(exercise)!;
      const source = readSource(`solutions/${exercise}/solution.ts`);
      // Each test gets max(its own runs, 1000) runs, spread over two base seeds.
      for (const test of suite.tests) {
        const runsScale = Math.ceil(500 / test.runs);
        for (const seed of [1, 2]) {
          const summary = gradeSource(exercise, source, { only: [test.id], seed, runsScale });
          expect(failedIds(summary), `${test.id} with base seed ${seed}`).toEqual([]);
          expect(summary.results[0]!.runs).toBeGreaterThanOrEqual(500);
        }
      }
    }, 900_000); // 05 re-runs 02-04 inside 05.14-05.16: a thousand runs of each take a while
  }

  it('each reference also passes the suites of the exercises before it (they build on each other)', () => {
    for (let i = 1; i < EXERCISES.length; i++) {
      for (let j = 1; j < i; j++) {
        const summary = gradeSource(EXERCISES[j]!, readSource(`solutions/${EXERCISES[i]}/solution.ts`));
        expect(failedIds(summary), `${EXERCISES[i]} reference on ${EXERCISES[j]}`).toEqual([]);
      }
    }
  });
});
