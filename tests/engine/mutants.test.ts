// The suites' proof of strength: every classic mistake in the mutant catalogue, applied to a
// reference solution, must type-check, and must fail the hidden suites where the catalogue says.
// A full-node mutant is graded on 02-05 (and must fail 05 as well as its own exercise), a quorum
// mutant on 01, with default options.
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { applyPatch, baseFile, catalogue, knownHoles, suitesFor, type Mutant } from './mutants/catalogue';
import { gradeSource, readSource } from './helpers';
import type { TestResult } from '../../src/engine';

const references = new Map<string, string>();
function reference(base: Mutant['base']): string {
  let text = references.get(base);
  if (text === undefined) references.set(base, (text = readSource(baseFile(base))));
  return text;
}

/** Grades a source on every suite of its base; returns the results of all suites. */
function gradeAll(base: Mutant['base'], source: string): TestResult[] {
  return suitesFor(base).flatMap((exercise) => gradeSource(exercise, source).results);
}

function summarize(results: TestResult[]): string {
  const failed = results.filter((r) => r.status === 'fail');
  if (failed.length === 0) return 'nothing failed';
  return failed.map((r) => `${r.id}${r.rule ? ` [${r.rule}]` : ''}: ${(r.message ?? '').slice(0, 140)}`).join('\n');
}

describe('mutant catalogue', () => {
  it('has at least 100 entries with unique kebab-case ids, each caught by at least one named test; no known holes', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(100);
    expect(knownHoles.map((m) => m.id)).toEqual([]);
    const ids = [...catalogue, ...knownHoles].map((m) => m.id);
    expect(new Set(ids).size, 'duplicate ids').toBe(ids.length);
    for (const m of catalogue) {
      expect(m.id, m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(m.description.length, `${m.id}: description`).toBeGreaterThan(20);
      expect(m.caughtBy.length, `${m.id}: caughtBy`).toBeGreaterThan(0);
      expect(new Set(m.caughtBy).size, `${m.id}: caughtBy repeats an id`).toBe(m.caughtBy.length);
    }
    expect(catalogue.some((m) => m.base === '01-quorum')).toBe(true);
    expect(catalogue.some((m) => m.base === '05-faults')).toBe(true);
  });

  it('every full-node mutant is caught on its own exercise (02-04) and again on 05, the exam of the whole node', () => {
    for (const m of catalogue.filter((c) => c.base === '05-faults')) {
      expect(m.caughtBy.some((id) => /^0[234]\./.test(id)), `${m.id}: no 02-04 test in caughtBy`).toBe(true);
      expect(m.caughtBy.some((id) => id.startsWith('05.')), `${m.id}: no 05 test in caughtBy`).toBe(true);
    }
  });

  it('every caughtBy id names a test of a suite the mutant is graded on', () => {
    for (const m of catalogue) {
      const prefixes = suitesFor(m.base).map((e) => `${e.slice(0, 2)}.`);
      for (const id of m.caughtBy) expect(prefixes.some((p) => id.startsWith(p)), `${m.id}: ${id}`).toBe(true);
    }
  });

  it('every patch applies: each `find` occurs exactly once, and the text changes', () => {
    for (const m of [...catalogue, ...knownHoles]) expect(() => applyPatch(reference(m.base), m), m.id).not.toThrow();
  });

  it('every mutant type-checks against the learner contract (it compiles, like a learner submission)', () => {
    const config = ts.getParsedCommandLineOfConfigFile('tsconfig.exercises.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } })!;
    const virtual = new Map<string, string>();
    for (const m of [...catalogue, ...knownHoles]) virtual.set(ts.sys.resolvePath(`tests/engine/mutants/.virtual/${m.id}.ts`), applyPatch(reference(m.base), m));
    const host = ts.createCompilerHost(config.options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => virtual.has(ts.sys.resolvePath(f)) || fileExists.call(host, f);
    host.readFile = (f) => virtual.get(ts.sys.resolvePath(f)) ?? readFile.call(host, f);
    host.getSourceFile = (f, lang, ...rest) => {
      const text = virtual.get(ts.sys.resolvePath(f));
      return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest);
    };
    const roots = [...virtual.keys(), ts.sys.resolvePath('src/engine/contract/globals.d.ts')];
    const program = ts.createProgram({ rootNames: roots, options: config.options, host });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.split('/').pop()}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(errors).toEqual([]);
  });

  it('sanity: the unpatched references pass every suite they are graded on', () => {
    for (const base of ['05-faults', '01-quorum'] as const) {
      const results = gradeAll(base, reference(base));
      expect(results.length).toBeGreaterThan(0);
      expect(results.filter((r) => r.status === 'fail').map((r) => r.id), `${base} reference\n${summarize(results)}`).toEqual([]);
    }
  });

  describe.each(catalogue.map((m) => [m.id, m] as const))('%s', (_id, m) => {
    it(`is caught by ${m.caughtBy.join(', ')}${m.rules ? ` reporting ${m.rules.join(', ')}` : ''}`, () => {
      const results = gradeAll(m.base, applyPatch(reference(m.base), m));
      const failed = results.filter((r) => r.status === 'fail');
      const report = `${m.description}\nfailing tests:\n${summarize(results)}`;
      // (a) caught at all, (b) by every test it names, (c) with every rule it names.
      expect(failed.length, report).toBeGreaterThan(0);
      if (m.base === '05-faults') expect(failed.some((r) => r.id.startsWith('05.')), `a real bug must fail 05, the exam of the whole node\n${report}`).toBe(true);
      const failedSet = new Set(failed.map((r) => r.id));
      expect(m.caughtBy.filter((id) => !failedSet.has(id)), `caughtBy tests that passed\n${report}`).toEqual([]);
      for (const rule of m.rules ?? []) {
        expect(failed.some((r) => r.rule === rule), `no failing result reports rule ${rule}\n${report}`).toBe(true);
      }
    });
  });

  // Holes in the suites, kept honest: these mistakes are wrong, and the suites let them through.
  // When a suite starts catching one, its it.fails turns red: move it into `catalogue`.
  describe.each(knownHoles.map((m) => [m.id, m] as const))('known hole: %s', (_id, m) => {
    it.fails('is caught by some test (expected to fail until the suites are fixed)', () => {
      const results = gradeAll(m.base, applyPatch(reference(m.base), m));
      expect(results.filter((r) => r.status === 'fail').length, `${m.description}\n${summarize(results)}`).toBeGreaterThan(0);
    });
  });
});
