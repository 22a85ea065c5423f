// Grades a learner program against a hidden suite: every test over its seeded runs, a failing
// run replayed with full recording so the learner gets its trace, results streamed as they come.
import { streamFor } from '../sim/prng';
import type { LearnerProgram } from '../sim/program';
import type { NodeServices } from '../sim/virtual-globals';
import { describeThrown, formatLogLine, thrownStack } from '../sim/describe';
import { RunContext } from './context';
import { Failure } from './failure';
import type { Suite, SuiteSummary, TestCase, TestInfo, TestResult } from './types';

export interface GradeOptions {
  /** Base seed of the whole grading; every run's seed derives from it and the test id. */
  seed?: number;
  /** Only these test ids. */
  only?: string[];
  /** Run exactly this seed for each selected test (replay of a reported failure). */
  replaySeed?: number;
  /** Multiplies each test's number of runs (proof runs use more seeds). */
  runsScale?: number;
  /** Attach the trace of a failing run (default true). */
  traces?: boolean;
  /** Cap on captured console lines per test (lines are also capped in length and 64 KB in all). */
  logCap?: number;
  /** Longest trace attached to a result (events after it are cut). */
  traceCap?: number;
  onStart?(test: TestInfo, index: number): void;
  onResult?(result: TestResult, index: number): void;
}

export const DEFAULT_SEED = 20140101;

export function runSeeds(test: TestCase, options: GradeOptions): number[] {
  if (options.replaySeed !== undefined) return [options.replaySeed >>> 0];
  const rng = streamFor(options.seed ?? DEFAULT_SEED, test.id);
  const runs = Math.max(1, Math.round(test.runs * (options.runsScale ?? 1)));
  return Array.from({ length: runs }, () => rng.nextUint32());
}

export function gradeSuite(suite: Suite, program: LearnerProgram, options: GradeOptions = {}): SuiteSummary {
  const tests = options.only ? suite.tests.filter((t) => options.only!.includes(t.id)) : suite.tests;
  const results: TestResult[] = [];
  tests.forEach((test, index) => {
    options.onStart?.(info(test), index);
    const result = gradeTest(suite, test, program, options);
    results.push(result);
    options.onResult?.(result, index);
  });
  const passed = results.filter((r) => r.status === 'pass').length;
  return { exercise: suite.exercise, passed, failed: results.length - passed, results };
}

function gradeTest(suite: Suite, test: TestCase, program: LearnerProgram, options: GradeOptions): TestResult {
  const seeds = runSeeds(test, options);
  const logCap = options.logCap ?? 50;
  // A trace is cut at `cap` events; the simulations stop keeping events there, so a flood of events
  // costs no memory.
  const cap = options.traceCap ?? 20000;
  let firstLogs: string[] = [];
  let events = 0;
  let virtualMs = 0;
  // A replay records its one run from the start, so a passing run has a trace to watch too.
  const replaying = options.replaySeed !== undefined && options.traces !== false;
  let lastSim: RunContext['sims'][number] | undefined;
  for (let k = 0; k < seeds.length; k++) {
    const seed = seeds[k]!;
    const ctx = makeContext(suite, program, seed, replaying, logCap, cap);
    const error = attempt(test, ctx);
    lastSim = ctx.sims.at(-1);
    for (const sim of ctx.sims) {
      events += sim.eventCount;
      virtualMs += sim.now;
    }
    if (k === 0) firstLogs = ctx.logs;
    if (error === null) continue;
    // Replay the same seed with everything recorded: deterministic, so it fails the same way.
    const replay = options.traces === false ? null : makeContext(suite, program, seed, true, logCap, cap);
    const replayError = replay ? attempt(test, replay) : null;
    const reported = replayError ?? error;
    const sim = replay?.sims.at(-1);
    return {
      ...info(test),
      status: 'fail',
      runs: k,
      ...describeFailure(reported),
      seed,
      trace: sim ? sim.trace.slice(0, cap) : undefined,
      nodes: sim ? sim.ids.slice() : undefined,
      logs: (replay ?? ctx).logs,
      events,
      virtualMs,
    };
  }
  const replayed = replaying && lastSim ? { seed: seeds[0], trace: lastSim.trace.slice(0, cap), nodes: lastSim.ids.slice() } : {};
  return { ...info(test), status: 'pass', runs: seeds.length, logs: firstLogs, events, virtualMs, ...replayed };
}

function makeContext(suite: Suite, program: LearnerProgram, seed: number, record: boolean, logCap: number, recordLimit: number): RunContext {
  const ctx: RunContext = new RunContext(seed, suite.kind === 'node' ? program : null, () => loadFunctions(program, seed, (line) => ctx.log(line)), record, logCap, recordLimit);
  return ctx;
}

/** Runs one seeded run of a test; returns what made it fail, or null. */
function attempt(test: TestCase, ctx: RunContext): unknown {
  try {
    test.run(ctx);
    return null;
  } catch (error) {
    return error ?? new Error('the test failed without a reason');
  }
}

function describeFailure(error: unknown): Partial<TestResult> {
  if (error instanceof Failure) {
    return {
      message: error.message,
      expected: error.expected,
      observed: error.observed,
      rule: error.rule,
      time: error.time,
      eventIndex: error.eventIndex,
      stack: error.stack2,
    };
  }
  // Something the test did not foresee (often learner code throwing from a place the test calls).
  return { message: `Your code made the check itself fail: ${describeThrown(error)}`, stack: thrownStack(error) };
}

/**
 * Loads a module of plain functions (the quorum warm-up). Its functions are wrapped so that every
 * call runs with module-level virtual globals: seeded Math.random, a clock at 0, no timers.
 */
function loadFunctions(program: LearnerProgram, seed: number, log: (line: string) => boolean): Record<string, unknown> {
  const rng = streamFor(seed, 'module');
  let open = true; // false once the output budget is spent: later console calls cost nothing
  const noTimers = () => {
    throw new Error('timers are not available in this exercise');
  };
  const services: NodeServices = {
    setTimeout: noTimers,
    setInterval: noTimers,
    clearTimeout: () => {},
    clearInterval: () => {},
    now: () => 0,
    random: () => rng.next(),
    log: (level, args) => {
      if (open) open = log(formatLogLine(`[${level}] `, args));
    },
  };
  const inScope = <T>(fn: () => T): T => {
    const previous = program.router.current;
    program.router.current = services;
    try {
      return fn();
    } finally {
      program.router.current = previous;
    }
  };
  const exports = inScope(() => program.load());
  const wrapped: Record<string, unknown> = {};
  for (const key of Object.keys(exports ?? {})) {
    const value = exports[key];
    wrapped[key] = typeof value === 'function' ? (...args: unknown[]) => inScope(() => (value as (...a: unknown[]) => unknown)(...args)) : value;
  }
  return wrapped;
}

function info(test: TestCase): TestInfo {
  return { id: test.id, name: test.name, section: test.section };
}
