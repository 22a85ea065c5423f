// `npm run grade -- <exercise> [file]`: grades a file against the hidden suite in a worker thread
// with a watchdog backstop, prints every test, and exits 0 only when every test of the suite ran
// and passed (1: tests failed or were stopped; 2: nothing could be graded, or bad arguments).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { transform } from 'esbuild';
import { exerciseIds, suiteFor, type TestInfo } from '../../engine';
import { compileLearner } from '../compile';
import { LearnerSourceMap } from '../stack';
import {
  DEFAULT_SUITE_TIMEOUT_MS,
  DEFAULT_TEST_TIMEOUT_MS,
  MEMORY_LIMIT_MB,
  notRunResult,
  seconds,
  type FatalKind,
  type GradeRequest,
  type HostResult,
  type StopInfo,
  type WorkerMessage,
  type WorkerOptions,
} from '../protocol';

const USAGE = `Usage: npm run grade -- <exercise> [file.ts] [options]

Exercises: ${exerciseIds.join(', ')} (a prefix such as 02 is enough)
File:      defaults to the starter, exercises/<exercise>/starter.ts

Options:
  --test ID            grade only this test (e.g. 05.4); repeatable
  --seed N             with --test: replay exactly the run with seed N; alone: base seed of the grading
  --trace FILE         write the trace of the failing (or replayed) run as JSON
  --timeout MS         real-time limit per test (default ${DEFAULT_TEST_TIMEOUT_MS})
  --suite-timeout MS   real-time budget of the whole suite (default ${DEFAULT_SUITE_TIMEOUT_MS})
  --json               print results as JSON lines instead of text

Exit status: 0 every test ran and passed; 1 some failed or were not run; 2 nothing was graded.`;

/** Extra wall time the backstop watchdog gives the in-worker loop guards before ending the worker. */
const BACKSTOP_GRACE_MS = 1500;
/** The process's resident memory may grow this much over its size at the worker's start. */
const RSS_LIMIT_MB = MEMORY_LIMIT_MB * 3;

interface Args {
  exercise: string;
  file: string;
  tests: string[];
  seed?: number;
  trace?: string;
  timeout: number;
  suiteTimeout: number;
  json: boolean;
}

/** Ends the CLI with a status and a message (caught by main: no process.exit, so cleanup runs). */
export class Exit {
  constructor(
    readonly code: number,
    readonly message: string,
    readonly stream: 'stdout' | 'stderr' = 'stderr',
  ) {}
}

function die(message: string): never {
  throw new Exit(2, message);
}

function parse(argv: string[]): Args {
  const positional: string[] = [];
  const args: Partial<Args> & { tests: string[]; timeout: number; suiteTimeout: number } = { tests: [], timeout: DEFAULT_TEST_TIMEOUT_MS, suiteTimeout: DEFAULT_SUITE_TIMEOUT_MS, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) die(`${a} needs a value.\n\n${USAGE}`);
      return v;
    };
    if (a === '--help' || a === '-h') throw new Exit(0, USAGE, 'stdout');
    else if (a === '--test') args.tests.push(value());
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--trace') args.trace = value();
    else if (a === '--timeout') args.timeout = Number(value());
    else if (a === '--suite-timeout') args.suiteTimeout = Number(value());
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
  if (!Number.isFinite(args.suiteTimeout) || args.suiteTimeout <= 0) die('--suite-timeout takes a positive number of ms.');
  const known = suiteFor(exercise)!.tests.map((t) => t.id);
  for (const t of args.tests) if (!known.includes(t)) die(`No test ${t} in ${exercise}. Tests: ${known.join(', ')}`);
  return { ...args, exercise, file: positional[1] ?? `exercises/${exercise}/starter.ts` } as Args;
}

/** Host paths (the grader's build folder, the working directory) never reach the output. */
function scrubber(workerFile: string): (text: string) => string {
  const dir = path.dirname(workerFile);
  const cwd = process.cwd() + path.sep;
  return (text) => text.split(`file://${dir}`).join('<grader>').split(dir).join('<grader>').split(cwd).join('');
}

let scrub: (text: string) => string = (t) => t;
const out = (line = '') => process.stdout.write(scrub(line) + '\n');

interface Outcome {
  results: HostResult[];
  expected: TestInfo[];
  fatal?: { kind: FatalKind; message: string; stack?: string };
  stopped?: StopInfo;
}

export async function main(argv: string[], workerFile: string): Promise<number> {
  scrub = scrubber(workerFile);
  let args: Args;
  try {
    args = parse(argv);
    if (!existsSync(args.file)) die(`No file ${args.file}.`);
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    (error.stream === 'stdout' ? process.stdout : process.stderr).write(error.message + '\n');
    return error.code;
  }
  const source = readFileSync(args.file, 'utf8');
  const compiled = await compileLearner(transform as never, source, path.basename(args.file));
  if (!compiled.ok) {
    if (args.json) {
      out(JSON.stringify({ error: 'compile', message: 'Not graded: fix the compile error first.', problems: compiled.problems.map((p) => ({ file: args.file, ...p })) }));
    } else {
      for (const p of compiled.problems) {
        out(`${args.file}:${p.line}:${p.column}: error: ${p.message}`);
        if (p.lineText !== undefined) out(`    ${p.lineText}`);
      }
      out('Not graded: fix the compile error first.');
    }
    return 2;
  }
  const map = new LearnerSourceMap(compiled.map);
  const replay = args.seed !== undefined && args.tests.length > 0;
  const options: WorkerOptions = {
    only: args.tests.length ? args.tests : undefined,
    testTimeoutMs: args.timeout,
    suiteTimeoutMs: args.suiteTimeout,
    ...(replay ? { replaySeed: args.seed } : args.seed !== undefined ? { seed: args.seed } : {}),
  };
  if (!args.json) out(`Grading ${args.exercise} with ${args.file}${replay ? ` (replaying seed ${args.seed})` : ''}`);

  const outcome = await runWorker({ type: 'grade', exercise: args.exercise, code: compiled.code, options }, workerFile, args, map);
  const { results, expected, fatal, stopped } = outcome;
  if (fatal) {
    // The sandbox names positions in the evaluated code ("learner.js:28"): say the learner's line.
    fatal.message = fatal.message.replace(/\blearner\.js:(\d+)(?::(\d+))?/g, (text, l: string, c?: string) => {
      const p = map.original(Number(l), Number(c ?? 1));
      return p ? `line ${p.line} of ${path.basename(args.file)}` : text;
    });
    const line = map.frames(fatal.stack, 1)[0]?.position.line;
    if (args.json) out(JSON.stringify({ error: fatal.kind, message: fatal.message, ...(line ? { file: args.file, line } : {}) }));
    else {
      out(`Not graded: ${fatal.message}`);
      for (const f of map.frames(fatal.stack)) out(`    ${f.text.replace(/^at eval \(/, 'at the top level (')} of ${args.file}`);
    }
    return 2;
  }
  if (args.trace) {
    const withTrace = results.find((r) => r.trace);
    if (withTrace) {
      writeFileSync(args.trace, JSON.stringify({ exercise: args.exercise, test: withTrace.id, seed: withTrace.seed, nodes: withTrace.nodes, violation: { time: withTrace.time, eventIndex: withTrace.eventIndex, rule: withTrace.rule, message: withTrace.message }, events: withTrace.trace }, null, 1));
      if (!args.json) out(`Trace of ${withTrace.id} (seed ${withTrace.seed}, ${withTrace.trace!.length} events) written to ${args.trace}`);
    } else if (!args.json) out('No trace written: every graded run passed (replay one with --test ID --seed N to record it).');
  }
  // A pass needs a passing result for every expected test, each once.
  const passing = new Set(results.filter((r) => r.status === 'pass').map((r) => r.id));
  const passed = expected.filter((t) => passing.has(t.id)).length;
  const notRun = results.filter((r) => r.notRun).length;
  const allPass = !stopped && expected.length > 0 && passed === expected.length && results.length === expected.length;
  if (args.json) out(JSON.stringify({ summary: { exercise: args.exercise, total: expected.length, passed, failed: expected.length - passed - notRun, notRun, verdict: allPass ? 'pass' : 'fail', ...(stopped ? { stopped: stopped.message } : {}) } }));
  else {
    if (stopped) {
      const why = { 'test-timeout': 'a test ran out of time', 'suite-timeout': "the suite's time budget was spent", memory: 'your code used too much memory', crashed: 'the grading worker crashed' }[stopped.reason];
      out(`\nStopped${stopped.testId ? ` at ${stopped.testId}` : ''}: ${why}.${notRun ? ` ${notRun} test${notRun === 1 ? ' was' : 's were'} not run.` : ''}`);
    }
    out(`\nResult: ${passed} of ${expected.length} tests pass${allPass ? '. Well done!' : ''}`);
  }
  return allPass ? 0 : 1;
}

function runWorker(request: GradeRequest, workerFile: string, args: Args, map: LearnerSourceMap): Promise<Outcome> {
  const suite = suiteFor(request.exercise)!;
  const expected = suite.tests.filter((t) => !request.options.only || request.options.only.includes(t.id)).map(({ id, name, section }) => ({ id, name, section }));
  const outcome: Outcome = { results: [], expected };
  return new Promise((resolve) => {
    const worker = new Worker(workerFile, {
      workerData: request,
      resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    const baseRss = process.memoryUsage.rss();
    let current: { index: number; test: TestInfo } | null = null;
    let finished = false;
    const reported = new Set<string>();
    const report = (result: HostResult) => {
      if (reported.has(result.id) || !expected.some((t) => t.id === result.id)) return;
      reported.add(result.id);
      outcome.results.push(result);
      if (args.json) out(JSON.stringify({ ...result, trace: undefined }));
      else printResult(result, args, map);
    };
    const finish = (stop?: StopInfo) => {
      if (finished) return;
      finished = true;
      clearTimeout(testDog);
      clearTimeout(suiteDog);
      clearInterval(memoryDog);
      void worker.terminate(); // also ends whatever the learner left pending (a microtask, a loop)
      if (stop && !outcome.fatal) {
        outcome.stopped ??= stop;
        const why = stop.testId ? `the suite stopped at ${stop.testId} (${stop.reason === 'memory' ? 'too much memory' : stop.reason === 'crashed' ? 'the grader crashed' : 'out of time'}).` : 'the suite stopped early.';
        for (const t of expected) if (!reported.has(t.id)) report(notRunResult(t, why));
      }
      resolve(outcome);
    };
    /** The worker is ended from outside: the running test fails with `message`, the rest are not run. */
    const kill = (reason: StopInfo['reason'], message: string) => {
      if (finished) return;
      const test = current?.test;
      if (test && !reported.has(test.id)) report({ ...test, status: 'fail', runs: 0, rule: reason === 'memory' ? 'memory' : 'timeout', message, logs: [] });
      finish({ reason, testId: test?.id, index: current?.index, message });
    };
    let testDog: ReturnType<typeof setTimeout> | undefined;
    const armTest = () => {
      clearTimeout(testDog);
      testDog = setTimeout(() => {
        const id = current?.test.id;
        kill('test-timeout', `Test ${id ?? '(loading)'} did not finish within ${seconds(args.timeout)} of real time and was stopped: the grader had to end the worker (your code is stuck where the loop guards cannot reach it, e.g. a regular expression that backtracks for ever, or a huge allocation). Your code probably loops forever.`);
      }, args.timeout + BACKSTOP_GRACE_MS);
    };
    const suiteDog = setTimeout(() => {
      kill('suite-timeout', `The suite did not finish within its budget of ${seconds(args.suiteTimeout)} of real time and was stopped${current ? ` during ${current.test.id}` : ''}.`);
    }, args.suiteTimeout + BACKSTOP_GRACE_MS);
    const memoryDog = setInterval(() => {
      if (process.memoryUsage.rss() - baseRss > RSS_LIMIT_MB * 1024 * 1024) {
        kill('memory', `Test ${current?.test.id ?? '(loading)'} was stopped: your code used more than ${RSS_LIMIT_MB} MB of memory. A Raft node needs very little: look for an array or map that grows without end.`);
      }
    }, 200);
    armTest(); // also covers the worker's start-up and the loading of the module
    worker.on('message', (message: WorkerMessage) => {
      if (finished) return;
      if (message.type === 'start') {
        current = { index: message.index, test: message.test };
        armTest();
      } else if (message.type === 'result') {
        report(message.result);
      } else if (message.type === 'stopped') {
        outcome.stopped = { reason: message.reason, testId: message.testId, index: message.index, message: message.message };
      } else if (message.type === 'fatal') {
        outcome.fatal = { kind: message.kind ?? 'load', message: message.message, stack: message.stack };
        finish();
      } else if (message.type === 'done') {
        finish(outcome.stopped);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (finished) return;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /memory/i.test(error.message)) {
        kill('memory', `Test ${current?.test.id ?? '(loading)'} was stopped: your code used more than ${MEMORY_LIMIT_MB} MB of memory. A Raft node needs very little: look for an array or map that grows without end.`);
      } else kill('crashed', `The grading worker stopped${current ? ` during ${current.test.id}` : ''}: ${error.message}`);
    });
    worker.on('exit', () => {
      if (!finished) kill('crashed', `The grading worker ended${current ? ` during ${current.test.id}` : ''} without reporting.`);
    });
  });
}

function printResult(r: HostResult, args: Args, map: LearnerSourceMap): void {
  if (r.status === 'pass') {
    out(`  ✓ ${r.id} ${r.name}${r.runs > 1 ? ` (${r.runs} seeded runs)` : ''}`);
    return;
  }
  if (r.notRun) {
    out(`  - ${r.id} ${r.name}: not run`);
    return;
  }
  out(`  ✗ ${r.id} ${r.name}`);
  out(`      rule: ${r.section}`);
  out(`      ${r.rule && r.rule !== 'timeout' && r.rule !== 'memory' ? `[${r.rule}] ` : ''}${r.message ?? 'failed'}`);
  if (r.expected !== undefined) out(`      expected: ${indent(r.expected)}`);
  if (r.observed !== undefined) out(`      observed: ${indent(r.observed)}`);
  for (const f of map.frames(r.stack)) out(`      ${f.text} of ${args.file}`);
  if (r.seed !== undefined) {
    const when = r.time !== undefined ? ` at t=${Math.round(r.time * 10) / 10}ms${r.eventIndex !== undefined ? ` (event #${r.eventIndex})` : ''}` : '';
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
