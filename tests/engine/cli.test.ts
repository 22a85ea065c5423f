// The command-line host, end to end: exit codes, messages, replay by seed, traces, the watchdog,
// and the sandbox against tampering submissions (run through the real SES worker).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function grade(...args: string[]) {
  const r = spawnSync(process.execPath, ['scripts/grade.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

const T = 'tests/engine/tampering';

describe('npm run grade', () => {
  it('fails the starter with messages, and exits 1', () => {
    const r = grade('02-request-vote');
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗ 02.4 grants at most one vote per term');
    expect(r.out).toMatch(/expected: \{ term: 2, voteGranted: true \}/);
    expect(r.out).toMatch(/replay: npm run grade -- 02-request-vote .* --test 02\.\d+ --seed \d+/);
  });

  it('passes a reference and exits 0', () => {
    const r = grade('03', 'solutions/03-election/solution.ts');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Result: 16 of 16 tests pass');
  });

  it('reports a compile error at its line without grading (exit 2)', () => {
    const r = grade('02', `${T}/syntax-error.ts`);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/syntax-error\.ts:4:\d+: error: Expected "}" but found "voteGranted"/);
    expect(r.out).toContain('Not graded');
  });

  it('rejects unknown exercises, tests and options with usage help (exit 2)', () => {
    expect(grade('99').code).toBe(2);
    expect(grade('02', '--test', '09.9').out).toContain('No test 09.9');
    expect(grade('02', '--bogus').out).toContain('Usage');
  });

  it('replays one run exactly from its seed, and writes its trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trace-'));
    const first = grade('05', '--test', '05.4', '--seed', '12345', '--trace', `${dir}/a.json`);
    const second = grade('05', '--test', '05.4', '--seed', '12345', '--trace', `${dir}/b.json`);
    expect(first.code).toBe(1);
    const a = readFileSync(`${dir}/a.json`, 'utf8');
    expect(a).toBe(readFileSync(`${dir}/b.json`, 'utf8'));
    const trace = JSON.parse(a);
    expect(trace.seed).toBe(12345);
    expect(trace.events.length).toBeGreaterThan(5);
    expect(trace.events[trace.violation.eventIndex].type).toBe('violation');
    const normal = (out: string) => out.replace(/written to .*/, '');
    expect(normal(first.out)).toBe(normal(second.out));
  });

  it('stops a test that loops forever, says so, and grades the rest', () => {
    const started = Date.now();
    const r = grade('02', `${T}/infinite-loop.ts`, '--timeout', '1500');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Test 02\.\d+ did not finish within 1\.5 s of real time .* loops forever/);
    expect(r.out).toContain('02.10');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('maps a runtime error to the line of the learner\'s TypeScript', () => {
    const r = grade('02', `${T}/weird-throws.ts`, '--test', '02.1');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/threw a non-Error value \(null\)|threw/);
  });
});

describe('tampering submissions never turn a failing node into a pass', () => {
  for (const [file, exercise] of [
    ['prototype-overrides.ts', '02'],
    ['global-overrides.ts', '03'],
    ['weird-throws.ts', '02'],
    ['state-getters.ts', '03'],
    ['quorum-forge.ts', '01'],
  ] as const) {
    it(file, () => {
      const r = grade(exercise, `${T}/${file}`);
      expect(r.code, r.out).toBe(1);
      expect(r.out).not.toContain('Well done');
      expect(r.out).toMatch(/Result: \d+ of \d+ tests pass/);
      expect(r.out).not.toMatch(/grading worker stopped|Could not grade/);
    });
  }

  it('no source of real time or GC timing is reachable from learner code', () => {
    const r = grade('01', `${T}/nondeterminism.ts`, '--json');
    const first = JSON.parse(r.out.split('\n').find((l) => l.startsWith('{"id":"01.1"'))!);
    const line = first.logs[0] as string;
    for (const name of ['WeakRef', 'FinalizationRegistry', 'performance', 'crypto', 'queueMicrotask']) expect(line).toMatch(new RegExp(`${name}: (undefined|unavailable)`));
  });

  it('built-ins are frozen inside the sandbox (every override attempt is blocked)', () => {
    const r = grade('02', `${T}/prototype-overrides.ts`, '--test', '02.4');
    expect(r.out).toContain('Array.prototype.every: blocked');
    expect(r.out).not.toContain(': allowed');
  });
});
