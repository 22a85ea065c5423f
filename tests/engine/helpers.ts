// Test helpers: compile a TypeScript file or text the way the CLI does, and grade it in-process
// with the unhardened host (trusted code only: references, starters, mutants).
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { gradeSuite, plainProgram, suiteFor, type GradeOptions, type SuiteSummary } from '../../src/engine';

export function compileTs(source: string): string {
  return transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
}

export function readSource(path: string): string {
  return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
}

export function gradeSource(exercise: string, source: string, options: GradeOptions = {}): SuiteSummary {
  const suite = suiteFor(exercise);
  if (!suite) throw new Error(`no suite ${exercise}`);
  return gradeSuite(suite, plainProgram(compileTs(source)), { traces: false, ...options });
}

export function failedIds(summary: SuiteSummary): string[] {
  return summary.results.filter((r) => r.status === 'fail').map((r) => r.id);
}

export const EXERCISES = ['01-quorum', '02-request-vote', '03-election', '04-heartbeats', '05-faults'] as const;
