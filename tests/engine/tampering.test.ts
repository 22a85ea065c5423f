// The tampering catalogue (tests/engine/tampering/*.ts) through the real hardened host (SES lockdown,
// Compartment, gradeSuite, in a worker thread with the CLI's heap limit): each submission is graded
// on the exercise it targets and on 05-faults, and never passes, never hangs, never crashes the
// worker, and fails with a clear message, output within its caps and no host path anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, expectClear } from './sandbox/catalogue';
import { compileText, makeSandbox, whole, type Sandbox } from './sandbox/harness';

const entries = catalogue();
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await makeSandbox();
});
afterAll(() => sandbox?.dispose());

describe('the tampering catalogue', () => {
  it('has at least 25 submissions, each saying what it tries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(25);
    for (const e of entries) if (e.file !== 'syntax-error.ts') expect(e.tries.length, e.file).toBeGreaterThan(20);
  });
});

describe('no tampering submission passes in the hardened host', () => {
  for (const entry of entries) {
    it(`${entry.file}: ${entry.tries.slice(0, 90)}`, async () => {
      let code: string;
      try {
        code = await compileText(entry.source, entry.file);
      } catch (error) {
        // Not graded at all (never a pass): the compile error names a line.
        expect(String(error)).toMatch(/does not compile: \d+:\d+ \S/);
        return;
      }
      const exercises = [...new Set([entry.exercise, '05-faults'])];
      const out = await sandbox.run(exercises.map((ex) => whole(ex, code)), entry.needsWatchdog ? 8_000 : 90_000);
      // Hung or ran out of memory as it meant to, and reported nothing: no pass either. Ending it with a
      // clear message is the real hosts' job (their loop guard, watchdog and heap limit): tests/engine/cli.test.ts.
      if (entry.needsWatchdog && (out.timedOut || out.crashed)) return;
      expect(out.timedOut, 'hung the sandbox').toBe(false);
      expect(out.crashed, 'crashed the worker').toBeUndefined();
      exercises.forEach((exercise, j) => {
        const fatal = out.fatal[j];
        if (fatal) {
          expect(fatal, exercise).toMatch(/could not be loaded: \w+/);
          return;
        }
        const summary = out.summaries[j]![0]!;
        expect(summary.failed, `${exercise}: ${summary.passed} passed, ${summary.failed} failed`).toBeGreaterThan(0);
        for (const r of summary.results) expectClear(r, `${entry.file} on ${r.id}`);
        if (entry.expect && exercise === entry.exercise) {
          const failures = summary.results.filter((r) => r.status === 'fail').map((r) => `[${r.rule ?? ''}] ${r.message}`);
          expect(failures.some((f) => entry.expect!.test(f)), `${exercise}: expected a failure matching ${entry.expect}, got:\n${failures.join('\n')}`).toBe(true);
        }
      });
    }, 120_000);
  }
});
