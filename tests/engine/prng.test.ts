import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prng, streamFor } from '../../src/engine/sim/prng';

describe('sfc32 PRNG', () => {
  it('is a pure function of its seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const a = new Prng(seed);
        const b = new Prng(seed);
        for (let i = 0; i < 20; i++) expect(a.nextUint32()).toBe(b.nextUint32());
      }),
    );
  });

  it('gives unrelated streams for neighbouring seeds and labels', () => {
    const first = (p: Prng) => Array.from({ length: 4 }, () => p.nextUint32()).join();
    expect(first(new Prng(1))).not.toBe(first(new Prng(2)));
    expect(first(streamFor(7, 'node:n1'))).not.toBe(first(streamFor(7, 'node:n2')));
  });

  it('keeps int() within its bounds and next() within [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), (seed, lo, span) => {
        const p = new Prng(seed);
        for (let i = 0; i < 50; i++) {
          const v = p.int(lo, lo + span);
          expect(v).toBeGreaterThanOrEqual(lo);
          expect(v).toBeLessThanOrEqual(lo + span);
          const f = p.next();
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThan(1);
        }
      }),
    );
  });

  it('is close to uniform (chi-square over 20 buckets)', () => {
    const p = new Prng(42);
    const buckets = new Array(20).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) buckets[Math.floor(p.next() * 20)]++;
    const expected = n / 20;
    const chi = buckets.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(43.8); // p = 0.001 for 19 degrees of freedom
  });
});
