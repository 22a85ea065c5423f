// Grading in Web Workers, the page's side of the same protocol as the CLI (src/hosts/node/cli.ts):
// one worker per run, ended as soon as it reports. The loop guards in the worker stop a test that runs
// past its limit and the suite stops there (the tests after it are reported as not run). The page
// keeps a watchdog backstop, per test and for the whole suite, for what the guards cannot interrupt
// (a regular expression that backtracks for ever, a huge allocation): it terminates the worker.
// One spare worker is kept warm (SES lockdown already done) so a run does not pay the start-up.
import GradeWorker from '../../hosts/browser/grade-worker?worker';
import type { TestInfo, TestResult } from '../../engine';
import {
  DEFAULT_SUITE_TIMEOUT_MS,
  MEMORY_LIMIT_MB,
  notRunResult,
  seconds,
  type FatalKind,
  type GradeRequest,
  type HostResult,
  type StopInfo,
  type WorkerMessage,
  type WorkerOptions,
} from '../../hosts/protocol';
import { TEST_TIMEOUT_MS } from './limits';

export { TEST_TIMEOUT_MS };
/** Real-time budget of a whole run. */
export const SUITE_TIMEOUT_MS = DEFAULT_SUITE_TIMEOUT_MS;
/** Extra time the backstop gives the worker's own loop guards before terminating it. */
const BACKSTOP_GRACE_MS = 1500;

let spare: Worker | null = null;
let requests = 0;

/** How many grading requests were sent to workers so far (for tests). */
export const gradingRequests = () => requests;

/** Spawns the spare worker if there is none (call when the page is idle). */
export function warmWorker(): void {
  if (!spare) spare = new GradeWorker();
}

function takeWorker(): Worker {
  const w = spare ?? new GradeWorker();
  spare = null;
  return w;
}

export interface RunHandlers {
  onStart?(index: number, test: TestInfo): void;
  /** Every test gets exactly one result; a test the suite never reached is a fail with notRun. */
  onResult(index: number, result: HostResult): void;
  /** Nothing could be graded (kind: 'compile', 'load', 'export', 'timeout', ... see protocol.ts): one banner. */
  onFatal?(message: string, stack?: string, kind?: FatalKind): void;
  /** The suite stopped early (a timeout, memory, a crashed worker): one banner; the rest were not run. */
  onStopped?(info: StopInfo): void;
}

export interface RunOutcome {
  /** Every result, in the order they came: watchdog failures and not-run tests included. */
  results: HostResult[];
  /** Tests stopped for running out of time. */
  timeouts: string[];
  /** Grading could not run to the end (fatal message, stopped suite, crashed worker, or cancelled). */
  incomplete: boolean;
  cancelled: boolean;
  fatal?: { kind: FatalKind; message: string };
  stopped?: StopInfo;
  /** How many tests the run was to grade. */
  expected: number;
  /** True only when every expected test was reported once, and passed, and nothing was cut short. */
  solved: boolean;
}

export interface Run {
  done: Promise<RunOutcome>;
  /** Stops the run now (the worker is terminated). */
  cancel(): void;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const FATAL_KINDS: readonly string[] = ['compile', 'load', 'export', 'timeout', 'exercise', 'internal'];
const STOP_REASONS: readonly string[] = ['test-timeout', 'suite-timeout', 'memory', 'crashed'];

/** Only well-formed messages of the protocol are taken; anything else is ignored. */
function parseMessage(data: unknown): WorkerMessage | null {
  if (!isObject(data) || typeof data.type !== 'string') return null;
  switch (data.type) {
    case 'ready':
      return Array.isArray(data.tests) ? (data as WorkerMessage) : null;
    case 'start':
      return Number.isInteger(data.index) && isObject(data.test) ? (data as WorkerMessage) : null;
    case 'result': {
      const r = data.result;
      const ok = Number.isInteger(data.index) && isObject(r) && typeof r.id === 'string' && (r.status === 'pass' || r.status === 'fail') && Array.isArray(r.logs);
      return ok ? (data as WorkerMessage) : null;
    }
    case 'stopped':
      return typeof data.message === 'string' && STOP_REASONS.includes(String(data.reason)) ? (data as WorkerMessage) : null;
    case 'done':
      return isObject(data.summary) ? (data as WorkerMessage) : null;
    case 'fatal':
      return typeof data.message === 'string' ? ({ ...data, kind: FATAL_KINDS.includes(String(data.kind)) ? data.kind : 'load' } as WorkerMessage) : null;
    default:
      return null;
  }
}

const memoryMessage = (id?: string) => `${id ? `Test ${id} was stopped: y` : 'Y'}our code used more than ${MEMORY_LIMIT_MB} MB of memory. A Raft node needs very little: look for an array or map that grows without end.`;

/**
 * Grades compiled code against the suite `tests` (all of the exercise's tests, in order).
 * `options.only` limits the run to some tests.
 */
export function runTests(exercise: string, code: string, tests: TestInfo[], options: WorkerOptions, handlers: RunHandlers, timeoutMs = TEST_TIMEOUT_MS, suiteMs = SUITE_TIMEOUT_MS): Run {
  const results: HostResult[] = [];
  const timeouts: string[] = [];
  const reported = new Set<string>();
  const wanted = (t: TestInfo) => !options.only || options.only.includes(t.id);
  const expected = tests.filter(wanted);
  let worker: Worker | null = null;
  let testDog: ReturnType<typeof setTimeout> | undefined;
  let suiteDog: ReturnType<typeof setTimeout> | undefined;
  let settled = false;
  let fatal: RunOutcome['fatal'];
  let stopped: StopInfo | undefined;
  let current: { index: number; test: TestInfo } | null = null;
  let resolveDone!: (o: RunOutcome) => void;
  const done = new Promise<RunOutcome>((r) => (resolveDone = r));

  const report = (index: number, result: HostResult) => {
    if (reported.has(result.id) || !expected.some((t) => t.id === result.id)) return;
    reported.add(result.id);
    if (result.rule === 'timeout') timeouts.push(result.id);
    results.push(result);
    handlers.onResult(index, result);
  };
  const stopWorker = () => {
    clearTimeout(testDog);
    clearTimeout(suiteDog);
    worker?.terminate(); // also ends whatever the learner left pending
    worker = null;
  };
  const finish = (incomplete: boolean, cancelled = false) => {
    if (settled) return;
    stopWorker();
    if (stopped && !fatal) {
      handlers.onStopped?.(stopped);
      const why = stopped.testId ? `the suite stopped at ${stopped.testId}.` : 'the suite stopped early.';
      for (const t of expected) if (!reported.has(t.id)) report(tests.indexOf(t), notRunResult(t, why));
    } else if (!fatal && !cancelled) {
      // The worker said it was done: anything it did not report was not graded.
      for (const t of expected) {
        if (reported.has(t.id)) continue;
        incomplete = true;
        report(tests.indexOf(t), notRunResult(t, 'the grader did not report this test.'));
      }
    }
    settled = true;
    const passing = results.filter((r) => r.status === 'pass' && !r.notRun).length;
    const solved = !incomplete && !cancelled && !fatal && !stopped && timeouts.length === 0 && expected.length > 0 && passing === expected.length && results.length === expected.length;
    resolveDone({ results, timeouts, incomplete: incomplete || !!stopped || !!fatal, cancelled, fatal, stopped, expected: expected.length, solved });
  };
  /** The page ends the worker: the running test fails with `message`, the rest are not run. */
  const kill = (reason: StopInfo['reason'], message: string) => {
    if (settled) return;
    const test = current?.test ?? expected.find((t) => !reported.has(t.id));
    if (test) report(tests.indexOf(test), { id: test.id, name: test.name, section: test.section, status: 'fail', runs: 0, rule: reason === 'memory' ? 'memory' : 'timeout', message, logs: [] } satisfies TestResult);
    stopped = { reason, testId: test?.id, index: test ? tests.indexOf(test) : undefined, message };
    finish(true);
  };

  const armTest = () => {
    clearTimeout(testDog);
    testDog = setTimeout(() => {
      const id = current?.test.id ?? expected.find((t) => !reported.has(t.id))?.id;
      kill('test-timeout', `Test ${id} did not finish within ${seconds(timeoutMs)} of real time and was stopped: the page had to end the grading worker (your code is stuck where the loop guards cannot reach it, e.g. a regular expression that backtracks for ever, or a huge allocation). Your code probably loops forever.`);
    }, timeoutMs + BACKSTOP_GRACE_MS);
  };

  const launch = () => {
    const w = takeWorker();
    worker = w;
    w.addEventListener('message', (event: MessageEvent) => {
      if (worker !== w || settled) return;
      const message = parseMessage(event.data);
      if (!message) return;
      if (message.type === 'start') {
        const test = tests[message.index];
        if (!test || test.id !== message.test.id) return;
        current = { index: message.index, test };
        handlers.onStart?.(message.index, test);
        armTest();
      } else if (message.type === 'result') {
        report(message.index, message.result);
      } else if (message.type === 'stopped') {
        stopped = { reason: message.reason, testId: message.testId, index: message.index, message: message.message };
      } else if (message.type === 'fatal') {
        fatal = { kind: message.kind ?? 'load', message: message.message };
        handlers.onFatal?.(message.message, message.stack, fatal.kind);
        finish(true);
      } else if (message.type === 'done') {
        finish(!!stopped);
      }
    });
    w.addEventListener('error', (event) => {
      if (worker !== w || settled) return;
      event.preventDefault();
      const text = event.message || 'the grading worker stopped';
      if (/memory/i.test(text)) kill('memory', memoryMessage(current?.test.id));
      else kill('crashed', `Grading stopped${current ? ` during test ${current.test.id}` : ''}: ${text}`);
    });
    w.addEventListener('messageerror', () => {
      if (worker !== w || settled) return;
      kill('crashed', `Grading stopped${current ? ` during test ${current.test.id}` : ''}: the grading worker sent a message the page could not read.`);
    });
    armTest(); // also covers the worker's start-up and the loading of the module
    suiteDog = setTimeout(() => {
      kill('suite-timeout', `The tests did not finish within their budget of ${seconds(suiteMs)} of real time and were stopped${current ? ` during test ${current.test.id}` : ''}.`);
    }, suiteMs + BACKSTOP_GRACE_MS);
    const request: GradeRequest = { type: 'grade', exercise, code, options: { ...options, testTimeoutMs: timeoutMs, suiteTimeoutMs: suiteMs, memoryLimitMb: MEMORY_LIMIT_MB } };
    requests++;
    w.postMessage(request);
  };

  if (!expected.length) finish(false);
  else launch();
  return { done, cancel: () => finish(true, true) };
}
