// Exercise 01: the quorum warm-up. majority(n) and faultTolerance(n), checked against the
// course's own quorum math and against the properties that make quorums work.
import { faultTolerance, majority } from '../quorum';
import { check, fail } from '../grader/failure';
import type { RunContext } from '../grader/context';
import type { Suite } from '../grader/types';

type Fn = (n: number) => unknown;

function fnOf(ctx: RunContext, name: string): Fn {
  const value = ctx.exportsOf()[name];
  if (typeof value !== 'function') fail(`Your module must export a function ${name}(n).`, `export function ${name}(n: number): number`, value === undefined ? 'nothing by that name' : typeof value);
  return value as Fn;
}

function expectValue(name: string, n: number, got: unknown, want: number): void {
  check(got === want, `${name}(${n}) should be ${want}.`, String(want), typeof got === 'number' ? String(got) : `${typeof got} ${String(got)}`);
}

export const quorumSuite: Suite = {
  exercise: '01-quorum',
  title: 'Quorum warm-up',
  kind: 'functions',
  tests: [
    {
      id: '01.1',
      name: 'majority(n) is floor(n/2) + 1 for clusters of 1 to 9 nodes',
      section: 'Raft §5.2 (a candidate needs votes from a majority of the full cluster)',
      runs: 1,
      run(ctx) {
        const m = fnOf(ctx, 'majority');
        for (let n = 1; n <= 9; n++) expectValue('majority', n, m(n), majority(n));
      },
    },
    {
      id: '01.2',
      name: 'faultTolerance(n) is n - majority(n) for clusters of 1 to 9 nodes',
      section: 'Raft §5.1 (five servers tolerate two failures: 2f+1 tolerate f)',
      runs: 1,
      run(ctx) {
        const f = fnOf(ctx, 'faultTolerance');
        for (let n = 1; n <= 9; n++) expectValue('faultTolerance', n, f(n), faultTolerance(n));
      },
    },
    {
      id: '01.3',
      name: 'any two majorities overlap, and majority(n) is the smallest size that guarantees it',
      section: 'Quorum intersection (Raft §5.2, §5.4)',
      runs: 1,
      run(ctx) {
        const m = fnOf(ctx, 'majority');
        for (let k = 0; k < 300; k++) {
          const n = k < 50 ? k + 1 : ctx.rng.int(51, 100_001);
          const q = m(n);
          check(typeof q === 'number' && Number.isInteger(q), `majority(${n}) must be a whole number of nodes.`, 'an integer', String(q));
          check(2 * q > n, `Two groups of majority(${n}) = ${q} nodes could miss each other in a ${n}-node cluster (${q} + ${q} <= ${n}): two leaders could be elected.`, `more than ${n / 2}`, String(q));
          check(2 * (q - 1) <= n, `majority(${n}) = ${q} asks for more votes than needed: ${q - 1} already overlap; every extra vote costs availability.`, String(majority(n)), String(q));
        }
      },
    },
    {
      id: '01.4',
      name: 'an even-sized cluster tolerates no more failures than the odd size below it',
      section: 'Raft §5.1 (2f+1 servers tolerate f failures); lesson "Odd cluster sizes"',
      runs: 1,
      run(ctx) {
        const f = fnOf(ctx, 'faultTolerance');
        for (let k = 1; k <= 50; k++) {
          const odd = f(2 * k - 1);
          const even = f(2 * k);
          check(odd === even, `faultTolerance(${2 * k}) should equal faultTolerance(${2 * k - 1}): the extra node raises the quorum too.`, String(faultTolerance(2 * k - 1)), `${String(even)} and ${String(odd)}`);
          expectValue('faultTolerance', 2 * k, even, faultTolerance(2 * k));
        }
      },
    },
  ],
};
