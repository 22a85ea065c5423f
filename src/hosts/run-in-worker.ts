// The grading loop a worker runs, whatever the host: evaluate the learner's module in the sandbox,
// load it once to catch load failures, grade it with the loop guards' deadlines armed per test and
// for the suite, and stream every step back through `post` (protocol.ts lists the messages).
import { gradeSuite, suiteFor, type Router, type TestInfo, type TestResult } from '../engine';
import { describeThrown, thrownStack } from '../engine/sim/describe';
import { currentTurn } from '../engine/sim/simulator';
import { Deadline, handlerOf, type Trip } from './guard';
import { GUARD_NAME } from './guard-site';
import {
  DEFAULT_SUITE_TIMEOUT_MS,
  DEFAULT_TEST_TIMEOUT_MS,
  seconds,
  type FatalKind,
  type GradeRequest,
  type StopInfo,
  type WorkerMessage,
} from './protocol';
import { compartmentProgram } from './sandbox';
import { LEARNER_FILE } from './sandbox-constants';

export interface WorkerHost {
  /** The worker's used JS heap in bytes, where the host can read it. */
  heapUsed?: () => number | undefined;
}

/** Thrown through gradeSuite's callbacks to end the suite early. */
class StopSuite {
  constructor(readonly info: StopInfo) {}
}

// Caps on what one message carries, so a flood cannot freeze the host that receives it.
const MAX_LOG_LINES = 100;
const MAX_LINE = 1000;
const MAX_TEXT = 4000;
const MAX_TRACE_EVENTS = 20_000;

const cut = (text: string | undefined, max: number) => (text === undefined || text.length <= max ? text : `${text.slice(0, max)}… (output truncated)`);

export function capResult(result: TestResult): TestResult {
  const logs = result.logs.slice(0, MAX_LOG_LINES).map((l) => cut(String(l), MAX_LINE)!);
  if (result.logs.length > MAX_LOG_LINES) logs.push(`… (output truncated: ${result.logs.length - MAX_LOG_LINES} more lines)`);
  return {
    ...result,
    message: cut(result.message, MAX_TEXT),
    expected: cut(result.expected, MAX_TEXT),
    observed: cut(result.observed, MAX_TEXT),
    stack: cut(result.stack, MAX_TEXT),
    trace: result.trace ? capTrace(result.trace) : undefined,
    logs,
  };
}

/** At most MAX_TRACE_EVENTS events; a string field (a logged line, a message) longer than MAX_LINE is dropped. */
function capTrace(trace: NonNullable<TestResult['trace']>): NonNullable<TestResult['trace']> {
  const events = trace.length > MAX_TRACE_EVENTS ? trace.slice(0, MAX_TRACE_EVENTS) : trace;
  let long = false;
  for (const e of events) {
    for (const v of Object.values(e)) if (typeof v === 'string' && v.length > MAX_LINE) long = true;
    if (long) break;
  }
  if (!long) return events;
  return events.map((e) => {
    const copy: Record<string, unknown> = { ...e };
    // Not sliced: slicing a huge rope of repeated text would flatten it, 20,000 times over.
    for (const [k, v] of Object.entries(copy)) if (typeof v === 'string' && v.length > MAX_LINE) copy[k] = `(a text of ${v.length} characters, not kept: output truncated)`;
    return copy as unknown as (typeof events)[number];
  });
}

/** Who was running at a trip: "onHeartbeat on n2 at t=340ms". */
function runningAt(trip: Trip): string {
  // The learner's outermost frame names it best (a getter, a helper); else what the engine was running.
  const who = handlerOf(trip.stack, LEARNER_FILE) ?? trip.what ?? 'your code';
  return `${who}${trip.node ? ` on ${trip.node}` : ''}${trip.time !== undefined ? ` at t=${Math.round(trip.time * 10) / 10}ms` : ''}`;
}

export function tripMessage(test: TestInfo, trip: Trip, testMs: number, suiteMs: number, memoryMb?: number): string {
  if (trip.reason === 'memory') {
    return `Test ${test.id} was stopped: your code used more than ${memoryMb} MB of memory (${runningAt(trip)}${trip.site ? `, in ${trip.site}` : ''}). A Raft node needs very little: look for an array or map that grows without end.`;
  }
  const limit = trip.reason === 'suite' ? `the whole suite's budget of ${seconds(suiteMs)}` : seconds(testMs);
  return `Test ${test.id} did not finish within ${limit} of real time and was stopped: ${runningAt(trip)} was still running${trip.site ? ` ${trip.site}` : ''}. Your code probably loops forever (a loop whose condition never changes, or recursion without a base case); tests normally take milliseconds.`;
}

export function runGradeRequest(request: GradeRequest, post: (message: WorkerMessage) => void, host: WorkerHost = {}): void {
  const fatal = (kind: FatalKind, message: string, stack?: string) => post({ type: 'fatal', kind, message: cut(message, MAX_TEXT)!, stack: cut(stack, MAX_TEXT) });
  const suite = suiteFor(request.exercise);
  if (!suite) {
    fatal('exercise', `No exercise "${request.exercise}".`);
    return;
  }
  const options = request.options;
  const testMs = options.testTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
  const suiteMs = options.suiteTimeoutMs ?? DEFAULT_SUITE_TIMEOUT_MS;
  const startAt = options.startAt ?? 0;
  const selected = suite.tests.filter((t, i) => i >= startAt && (!options.only || options.only.includes(t.id)));
  post({ type: 'ready', tests: selected.map(({ id, name, section }) => ({ id, name, section })) });

  const deadline = new Deadline(Deadline.now() + suiteMs, currentTurn);
  if (options.memoryLimitMb && host.heapUsed) deadline.watchMemory(options.memoryLimitMb * 1024 * 1024, host.heapUsed);
  let program;
  try {
    program = compartmentProgram(request.code, { [GUARD_NAME]: deadline.guard });
  } catch (error) {
    fatal('compile', `Your module could not be loaded: ${describeThrown(error)}`, thrownStack(error));
    return;
  }

  // Load the module once before any test: a module that throws at its top level, or exports no Node,
  // is one clear error, not a failure in every test.
  deadline.arm(testMs);
  const loaded = loadOnce(program, suite.kind);
  if (loaded || deadline.trip) {
    if (deadline.trip) fatal('timeout', `Your module's top-level code did not finish within ${seconds(testMs)} of real time${deadline.trip.site ? `: it was still running ${deadline.trip.site}` : ''}.`, deadline.trip.stack);
    else if (loaded) fatal(loaded.kind, loaded.message, loaded.stack);
    return;
  }

  const offset = suite.tests.indexOf(selected[0]!);
  let passed = 0;
  let failed = 0;
  let stopped: StopInfo | undefined;
  try {
    gradeSuite({ ...suite, tests: selected }, program, {
      ...options,
      only: undefined,
      onStart: (test, index) => {
        if (deadline.suiteOver()) {
          throw new StopSuite({ reason: 'suite-timeout', testId: test.id, index: offset + index, message: `The suite's time budget of ${seconds(suiteMs)} was spent before test ${test.id}: it and the tests after it were not run.` });
        }
        deadline.arm(testMs);
        post({ type: 'start', index: offset + index, test });
      },
      onResult: (result, index) => {
        const trip = deadline.trip;
        if (trip) {
          // Whatever the engine concluded after the deadline (often a replay that failed at once),
          // the verdict is the timeout.
          const message = tripMessage(result, trip, testMs, suiteMs, options.memoryLimitMb);
          const timeout: TestResult = { id: result.id, name: result.name, section: result.section, status: 'fail', runs: result.runs, rule: trip.reason === 'memory' ? 'memory' : 'timeout', message, seed: result.seed, time: trip.time, logs: result.logs, stack: trip.stack };
          failed++;
          post({ type: 'result', index: offset + index, result: capResult(timeout) });
          const reason = trip.reason === 'memory' ? 'memory' : trip.reason === 'suite' ? 'suite-timeout' : 'test-timeout';
          throw new StopSuite({ reason, testId: result.id, index: offset + index, message });
        }
        if (result.status === 'pass') passed++;
        else failed++;
        post({ type: 'result', index: offset + index, result: capResult(result) });
      },
    });
  } catch (error) {
    if (!(error instanceof StopSuite)) {
      fatal('internal', `The grader failed: ${describeThrown(error)}`);
      return;
    }
    stopped = error.info;
    post({ type: 'stopped', ...stopped });
  }
  post({ type: 'done', summary: { exercise: suite.exercise, passed, failed, expected: selected.length, ...(stopped ? { stopped } : {}) } });
}

/** Runs the module body once with inert services; returns what went wrong, or null. */
function loadOnce(program: { router: Router; load(): Record<string, unknown> }, kind: 'functions' | 'node'): { kind: FatalKind; message: string; stack?: string } | null {
  let seed = 1;
  const inert = {
    setTimeout: () => 0,
    setInterval: () => 0,
    clearTimeout: () => {},
    clearInterval: () => {},
    now: () => 0,
    random: () => ((seed = (seed * 48271) % 2147483647) / 2147483647),
    log: () => {},
  };
  const previous = program.router.current;
  program.router.current = inert;
  try {
    let exports: Record<string, unknown>;
    try {
      exports = program.load();
    } catch (error) {
      return { kind: 'load', message: `Your module threw while loading (at its top level, before any test): ${describeThrown(error)}`, stack: thrownStack(error) };
    }
    if (kind !== 'node') return null;
    let names: string[] = [];
    let NodeClass: unknown;
    try {
      names = Object.keys(exports ?? {}).slice(0, 8);
      NodeClass = exports?.Node ?? exports?.default;
    } catch (error) {
      return { kind: 'load', message: `Reading your module's exports threw ${describeThrown(error)}`, stack: thrownStack(error) };
    }
    if (typeof NodeClass !== 'function') {
      const found = names.length ? `it exports ${names.map((n) => JSON.stringify(n).slice(0, 40)).join(', ')}` : 'it exports nothing';
      return { kind: 'export', message: `Your module must export a class named Node (export class Node { ... }); ${found}.` };
    }
    return null;
  } finally {
    program.router.current = previous;
  }
}
