// Runs gradings through the real hardened host (SES lockdown + Compartment) in a worker thread,
// built with esbuild into a folder of its own, with the CLI's heap limit and a wall-clock limit.
import { build } from 'esbuild';
import { transform } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compileLearner } from '../../../src/hosts/compile';
import type { SuiteSummary } from '../../../src/engine';
import type { SandboxJob, SandboxReply, SandboxStep } from './protocol';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Sandbox {
  /** The folder the worker was built into (a fresh random name). */
  dir: string;
  run(jobs: SandboxJob[], timeoutMs?: number): Promise<SandboxOutcome>;
  dispose(): void;
}

export interface SandboxOutcome {
  /** summaries[job][step] */
  summaries: SuiteSummary[][];
  fatal: (string | undefined)[];
  timedOut: boolean;
  /** The worker died (out of memory, a crash) before it reported everything. */
  crashed?: string;
}

/** Builds the sandbox worker into a new folder under node_modules/.cache (or under `parent`). */
export async function makeSandbox(parent = path.join(root, 'node_modules/.cache/consensus-course')): Promise<Sandbox> {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, 'sandbox-'));
  const file = path.join(dir, 'worker.mjs');
  await build({ entryPoints: [path.join(root, 'tests/engine/sandbox/worker.ts')], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  return {
    dir,
    run: (jobs, timeoutMs = 60_000) => runWorker(file, jobs, timeoutMs),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function runWorker(file: string, jobs: SandboxJob[], timeoutMs: number): Promise<SandboxOutcome> {
  const out: SandboxOutcome = { summaries: jobs.map(() => []), fatal: jobs.map(() => undefined), timedOut: false };
  return new Promise((resolve) => {
    const worker = new Worker(file, { workerData: { jobs }, resourceLimits: { maxOldGenerationSizeMb: 1024 }, stdout: true, stderr: true });
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(out);
    };
    const timer = setTimeout(() => {
      out.timedOut = true;
      finish();
    }, timeoutMs);
    worker.on('message', (m: SandboxReply) => {
      if (m.type === 'summary') out.summaries[m.job]![m.step] = m.summary;
      else if (m.type === 'fatal') out.fatal[m.job] = m.message;
      else finish();
    });
    worker.on('error', (e) => {
      out.crashed = String(e);
      finish();
    });
    worker.on('exit', () => {
      if (!settled) out.crashed ??= 'the worker exited before it reported';
      finish();
    });
  });
}

/** Compiles TypeScript the way the CLI does (esbuild, CommonJS); throws on a compile error. */
export async function compileFile(file: string): Promise<string> {
  return compileText(readFileSync(path.join(root, file), 'utf8'), file);
}

export async function compileText(source: string, name = 'node.ts'): Promise<string> {
  const r = await compileLearner(transform as never, source, name);
  if (!r.ok) throw new Error(`${name} does not compile: ${r.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ')}`);
  return r.code;
}

/** One grading step per exercise, the whole suite each. */
export function whole(exercise: string, code: string, steps: SandboxStep[] = [{}]): SandboxJob {
  return { exercise, code, steps };
}
