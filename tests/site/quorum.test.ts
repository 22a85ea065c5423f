// src/engine/quorum.ts itself: a hand-written table and the intersection property.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultTolerance, majority } from '../../src/engine/quorum';

describe('quorum arithmetic', () => {
  // N: [majority, failures tolerated], written out by hand.
  const table: Record<number, [number, number]> = {
    1: [1, 0],
    2: [2, 0],
    3: [2, 1],
    4: [3, 1],
    5: [3, 2],
    6: [4, 2],
    7: [4, 3],
    8: [5, 3],
    9: [5, 4],
  };

  it.each(Object.entries(table).map(([n, v]) => [Number(n), ...v] as const))(
    'N=%i: majority %i, tolerates %i failures',
    (n, m, f) => {
      expect(majority(n)).toBe(m);
      expect(faultTolerance(n)).toBe(f);
    },
  );

  it('rejects cluster sizes that are not positive integers', () => {
    for (const bad of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => majority(bad)).toThrow(RangeError);
      expect(() => faultTolerance(bad)).toThrow(RangeError);
    }
  });

  it('any two majorities of N nodes share at least one node', () => {
    const arb = fc.integer({ min: 1, max: 25 }).chain((n) => {
      const nodes = Array.from({ length: n }, (_, i) => i);
      const quorum = fc.shuffledSubarray(nodes, { minLength: majority(n), maxLength: n });
      return fc.tuple(fc.constant(n), quorum, quorum);
    });
    fc.assert(
      fc.property(arb, ([, a, b]) => {
        const inA = new Set(a);
        return b.some((x) => inA.has(x));
      }),
      { numRuns: 2000 },
    );
  });

  it('majority is the smallest size with that property, and faultTolerance failures leave a majority', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
        const m = majority(n);
        const f = faultTolerance(n);
        // two disjoint groups of size m - 1 fit in n: m - 1 is not enough to be a quorum
        expect(2 * (m - 1)).toBeLessThanOrEqual(n);
        expect(2 * m).toBeGreaterThan(n);
        expect(n - f).toBeGreaterThanOrEqual(m);
        expect(n - (f + 1)).toBeLessThan(m);
      }),
    );
  });
});
