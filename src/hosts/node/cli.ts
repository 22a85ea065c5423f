// `npm run grade -- <exercise> [file]`: grades a file against the hidden suite in a worker thread
// with a watchdog, prints every test, and exits non-zero unless all pass.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { transform } from 'esbuild';
import { exerciseIds, suiteFor, type TestInfo, type TestResult } from '../../engine';
import { compileLearner } from '../compile';
import { LearnerSourceMap } from '../stack';
import type { GradeRequest, WorkerMessage, WorkerOptions } from '../protocol';

const USAGE = `Usage: npm run grade -- <exercise> [file.ts] [options]

Exercises: ${exerciseIds.join(', ')} (a prefix such as 02 is enough)
File:      defaults to the starter, exercises/<exercise>/starter.ts

Options:
  --test ID       grade only this test (e.g. 05.4); repeatable
  --seed N        with --test: replay exactly the run with seed N; alone: base seed of the grading
  --trace FILE    write the trace of the failing (or replayed) run as JSON
  --timeout MS    watchdog per test, in ms of wall time (default 5000)
  --json          print results as JSON lines instead of text`;

interface Args {
  exercise: string;
  file: string;
  tests: string[];
  seed?: number;
  trace?: string;
  timeout: number;
  json: boolean;
}

function parse(argv: string[]): Args {
  const positional: string[] = [];
  const args: Partial<Args> & { tests: string[]; timeout: number } = { tests: [], timeout: 5000, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) die(`${a} needs a value.\n\n${USAGE}`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--test') args.tests.push(value());
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--trace') args.trace = value();
    else if (a === '--timeout') args.timeout = Number(value());
    else if (a === '--json') args.json = true;
    else if (a.startsWith('--')) die(`Unknown option ${a}.\n\n${USAGE}`);
    else positional.push(a);
  }
  const wanted = positional[0];
  if (!wanted) die(USAGE);
  const matches = exerciseIds.filter((id) => id === wanted || id.startsWith(wanted) || id.endsWith(wanted));
  if (matches.length !== 1) die(`No single exercise matches "${wanted}". Exercises: ${exerciseIds.join(', ')}`);
  const exercise = matches[0]!;
  if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0)) die('--seed takes a non-negative integer.');
  if (!Number.isFinite(args.timeout) || args.timeout <= 0) die('--timeout takes a positive number of ms.');
  const known = suiteFor(exercise)!.tests.map((t) => t.id);
  for (const t of args.tests) if (!known.includes(t)) die(`No test ${t} in ${exercise}. Tests: ${known.join(', ')}`);
  return { ...args, exercise, file: positional[1] ?? `exercises/${exercise}/starter.ts` } as Args;
}

function die(message: string): never {
  console.error(message);
  process.exit(2);
}

const out = (line = '') => process.stdout.write(line + '\n');

export async function main(argv: string[], workerFile: string): Promise<number> {
  const args = parse(argv);
  if (!existsSync(args.file)) die(`No file ${args.file}.`);
  const source = readFileSync(args.file, 'utf8');
  const compiled = await compileLearner(transform as never, source, args.file);
  if (!compiled.ok) {
    for (const p of compiled.problems) {
      out(`${args.file}:${p.line}:${p.column}: error: ${p.message}`);
      if (p.lineText !== undefined) out(`    ${p.lineText}`);
    }
    out('Not graded: fix the compile error first.');
    return 2;
  }
  const map = new LearnerSourceMap(compiled.map);
  const replay = args.seed !== undefined && args.tests.length > 0;
  const options: WorkerOptions = {
    only: args.tests.length ? args.tests : undefined,
    ...(replay ? { replaySeed: args.seed } : args.seed !== undefined ? { seed: args.seed } : {}),
  };
  if (!args.json) out(`Grading ${args.exercise} with ${args.file}${replay ? ` (replaying seed ${args.seed})` : ''}`);

  const results = await runWithWatchdog({ type: 'grade', exercise: args.exercise, code: compiled.code, options }, workerFile, args, map);
  const failed = results.filter((r) => r.status === 'fail');
  if (args.trace) {
    const withTrace = results.find((r) => r.trace);
    if (withTrace) {
      writeFileSync(args.trace, JSON.stringify({ exercise: args.exercise, test: withTrace.id, seed: withTrace.seed, nodes: withTrace.nodes, violation: { time: withTrace.time, eventIndex: withTrace.eventIndex, rule: withTrace.rule, message: withTrace.message }, events: withTrace.trace }, null, 1));
      if (!args.json) out(`Trace of ${withTrace.id} (seed ${withTrace.seed}, ${withTrace.trace!.length} events) written to ${args.trace}`);
    } else if (!args.json) out('No trace written: every graded run passed (replay one with --test ID --seed N to record it).');
  }
  if (!args.json) out(`\nResult: ${results.length - failed.length} of ${results.length} tests pass${failed.length ? '' : '. Well done!'}`);
  return failed.length ? 1 : 0;
}

function runWithWatchdog(request: GradeRequest, workerFile: string, args: Args, map: LearnerSourceMap): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const tests = suiteFor(request.exercise)!.tests;
  return new Promise((resolve) => {
    const launch = (startAt: number) => {
      const worker = new Worker(workerFile, {
        workerData: { ...request, options: { ...request.options, startAt } },
        resourceLimits: { maxOldGenerationSizeMb: 1024 },
        stdout: true,
        stderr: true,
      });
      let current: { index: number; test: TestInfo } | null = null;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      let finished = false;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          finished = true;
          void worker.terminate();
          const test = current?.test ?? tests[startAt]!;
          const index = current?.index ?? startAt;
          const result: TestResult = {
            ...test,
            status: 'fail',
            runs: 0,
            message: `Test ${test.id} did not finish within ${args.timeout / 1000} s of real time and was stopped: your code probably loops forever (a while loop that never ends, or recursion without a base case). Tests normally take milliseconds.`,
            logs: [],
          };
          report(result);
          const next = index + 1;
          const remaining = tests.slice(next).filter((t) => !request.options.only || request.options.only.includes(t.id));
          if (remaining.length) launch(tests.indexOf(remaining[0]!));
          else resolve(results);
        }, args.timeout);
      };
      arm();
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'start') {
          current = { index: message.index, test: message.test };
          arm();
        } else if (message.type === 'result') {
          report(message.result);
        } else if (message.type === 'fatal') {
          finished = true;
          clearTimeout(watchdog);
          out(`Could not grade: ${message.message}`);
          for (const f of map.frames(message.stack)) out(`    ${f.text}`);
          resolve(results);
        } else if (message.type === 'done') {
          finished = true;
          clearTimeout(watchdog);
          resolve(results);
        }
      });
      worker.on('error', (error) => {
        if (finished) return;
        finished = true;
        clearTimeout(watchdog);
        const test = current?.test;
        out(`The grading worker stopped${test ? ` during ${test.id}` : ''}: ${error.message}${/memory/i.test(error.message) ? ' (your code used too much memory)' : ''}`);
        if (test) report({ ...test, status: 'fail', runs: 0, message: `Grading stopped: ${error.message}`, logs: [] });
        resolve(results);
      });
      worker.on('exit', () => {
        if (!finished) {
          finished = true;
          clearTimeout(watchdog);
          resolve(results);
        }
      });
    };
    const report = (result: TestResult) => {
      results.push(result);
      if (args.json) out(JSON.stringify({ ...result, trace: undefined }));
      else printResult(result, args, map);
    };
    launch(0);
  });
}

function printResult(r: TestResult, args: Args, map: LearnerSourceMap): void {
  if (r.status === 'pass') {
    out(`  ✓ ${r.id} ${r.name}${r.runs > 1 ? ` (${r.runs} seeded runs)` : ''}`);
    return;
  }
  out(`  ✗ ${r.id} ${r.name}`);
  out(`      rule: ${r.section}`);
  out(`      ${r.rule ? `[${r.rule}] ` : ''}${r.message ?? 'failed'}`);
  if (r.expected !== undefined) out(`      expected: ${indent(r.expected)}`);
  if (r.observed !== undefined) out(`      observed: ${indent(r.observed)}`);
  for (const f of map.frames(r.stack)) out(`      ${f.text} of ${args.file}`);
  if (r.seed !== undefined) {
    const when = r.time !== undefined ? ` at t=${Math.round(r.time * 10) / 10}ms (event #${r.eventIndex})` : '';
    out(`      seed ${r.seed}${when}; ${r.runs === 0 ? 'the first seeded run failed' : `${r.runs} seeded run${r.runs === 1 ? '' : 's'} passed before this one`}`);
    out(`      replay: npm run grade -- ${args.exercise} ${args.file} --test ${r.id} --seed ${r.seed} --trace trace.json`);
  }
  if (r.logs.length) {
    out(`      console output of that run (${r.logs.length} lines):`);
    for (const l of r.logs.slice(0, 10)) out(`        ${l}`);
    if (r.logs.length > 10) out('        …');
  }
}

function indent(text: string): string {
  return text.split('\n').join('\n                ');
}
