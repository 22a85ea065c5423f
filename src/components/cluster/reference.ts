// Build time only (Astro frontmatter, in Node): the reference node of exercise 05, compiled from
// TypeScript to CommonJS with esbuild, as the lesson scenes and the playground run it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { plainProgram, type LearnerProgram } from '../../engine/sim/program';

export const REFERENCE_PATH = 'solutions/05-faults/solution.ts';

let compiled: string | undefined;

export function referenceCode(): string {
  compiled ??= transformSync(readFileSync(join(process.cwd(), REFERENCE_PATH), 'utf8'), { loader: 'ts', format: 'cjs', target: 'es2022' }).code;
  return compiled;
}

export function referenceProgram(): LearnerProgram {
  return plainProgram(referenceCode());
}

/** JSON for a <script type="application/json"> block: nothing in it can close the script element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
