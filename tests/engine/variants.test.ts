// Legal variants must pass: every correct node in the catalogue, whatever its style (tick clock,
// lazily re-armed timer, reducer, retries, guards, CheckQuorum, ...), passes every exercise it
// applies to (02-05) on several base seeds. A failure here is a suite that rejects legal behaviour.
import { describe, expect, it } from 'vitest';
import { applyPatch } from './mutants/catalogue';
import { variants } from './variants/catalogue';
import { gradeSource, readSource } from './helpers';

const EXERCISES = ['02-request-vote', '03-election', '04-heartbeats', '05-faults'];
const SEEDS = [20140101, 7, 99];

function sourceOf(v: (typeof variants)[number]): string {
  if (v.file) return readSource(`tests/engine/variants/${v.file}`);
  return applyPatch(readSource('solutions/05-faults/solution.ts'), { id: v.id, patch: v.patch! });
}

describe('legal variants', () => {
  it('has at least 20 entries with unique kebab-case ids, each a file or a patch', () => {
    expect(variants.length).toBeGreaterThanOrEqual(20);
    expect(new Set(variants.map((v) => v.id)).size).toBe(variants.length);
    for (const v of variants) {
      expect(v.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Boolean(v.file) !== Boolean(v.patch), v.id).toBe(true);
      expect(() => sourceOf(v), v.id).not.toThrow();
    }
  });

  describe.each(variants.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    it('passes 02-05 on every seed', () => {
      const source = sourceOf(v);
      for (const seed of SEEDS) {
        for (const exercise of EXERCISES) {
          const failed = gradeSource(exercise, source, { seed }).results.filter((r) => r.status === 'fail');
          expect(failed.map((r) => `${r.id} (seed ${r.seed}): ${r.message}\n  expected: ${r.expected}\n  observed: ${r.observed}`), `${v.description}\n${exercise}, base seed ${seed}`).toEqual([]);
        }
      }
    });
  });
});
