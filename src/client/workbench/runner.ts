// Grading in Web Workers, with the same watchdog as the CLI host (src/hosts/node/cli.ts,
// runWithWatchdog): one worker per run, a per-test time limit, and after a timeout a fresh worker
// that carries on from the next test. One spare worker is kept warm (SES lockdown already done) so a
// run does not pay the start-up.
import GradeWorker from '../../hosts/browser/grade-worker?worker';
import type { TestInfo, TestResult } from '../../engine';
import type { GradeRequest, WorkerMessage, WorkerOptions } from '../../hosts/protocol';
import { TEST_TIMEOUT_MS } from './limits';

export { TEST_TIMEOUT_MS };

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
  onResult(index: number, result: TestResult): void;
  /** The module could not be loaded or graded at all (e.g. it threw at the top level). */
  onFatal?(message: string, stack?: string): void;
}

export interface RunOutcome {
  /** Every result, in the order they came, watchdog failures included. */
  results: TestResult[];
  /** Tests stopped by the watchdog. */
  timeouts: string[];
  /** Grading could not run to the end (fatal message, crashed worker, or stopped by the learner). */
  incomplete: boolean;
  cancelled: boolean;
}

export interface Run {
  done: Promise<RunOutcome>;
  /** Stops the run now (the worker is terminated). */
  cancel(): void;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

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
    case 'done':
      return isObject(data.summary) ? (data as WorkerMessage) : null;
    case 'fatal':
      return typeof data.message === 'string' ? (data as WorkerMessage) : null;
    default:
      return null;
  }
}

/**
 * Grades compiled code against the suite `tests` (all of the exercise's tests, in order).
 * `options.only` limits the run to some tests.
 */
export function runTests(exercise: string, code: string, tests: TestInfo[], options: WorkerOptions, handlers: RunHandlers, timeoutMs = TEST_TIMEOUT_MS): Run {
  const results: TestResult[] = [];
  const timeouts: string[] = [];
  let worker: Worker | null = null;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let settled = false;
  let resolveDone!: (o: RunOutcome) => void;
  const done = new Promise<RunOutcome>((r) => (resolveDone = r));
  const wanted = (t: TestInfo) => !options.only || options.only.includes(t.id);

  const stopWorker = () => {
    clearTimeout(watchdog);
    worker?.terminate();
    worker = null;
  };
  const finish = (incomplete: boolean, cancelled = false) => {
    if (settled) return;
    settled = true;
    stopWorker();
    resolveDone({ results, timeouts, incomplete, cancelled });
  };
  const report = (index: number, result: TestResult) => {
    results.push(result);
    handlers.onResult(index, result);
  };

  const launch = (startAt: number) => {
    const w = takeWorker();
    worker = w;
    let current: { index: number; test: TestInfo } | null = null;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        if (worker !== w || settled) return;
        stopWorker();
        const index = current?.index ?? startAt;
        const test = current?.test ?? tests[index]!;
        timeouts.push(test.id);
        report(index, {
          id: test.id,
          name: test.name,
          section: test.section,
          status: 'fail',
          runs: 0,
          message: `Test ${test.id} did not finish within ${timeoutMs / 1000} s of real time and was stopped: your code probably loops forever (a while loop that never ends, or recursion without a base case). Tests normally take milliseconds.`,
          logs: [],
        });
        const next = tests.findIndex((t, i) => i > index && wanted(t));
        if (next >= 0) launch(next);
        else finish(false);
      }, timeoutMs);
    };
    w.addEventListener('message', (event: MessageEvent) => {
      if (worker !== w || settled) return;
      const message = parseMessage(event.data);
      if (!message) return;
      if (message.type === 'start') {
        current = { index: message.index, test: message.test };
        handlers.onStart?.(message.index, message.test);
        arm();
      } else if (message.type === 'result') {
        report(message.index, message.result);
      } else if (message.type === 'fatal') {
        handlers.onFatal?.(message.message, message.stack);
        finish(true);
      } else if (message.type === 'done') {
        finish(false);
      }
    });
    w.addEventListener('error', (event) => {
      if (worker !== w || settled) return;
      event.preventDefault();
      const text = event.message || 'the grading worker stopped';
      const test = current?.test;
      if (test) report(current!.index, { ...test, status: 'fail', runs: 0, message: `Grading stopped during this test: ${text}${/memory/i.test(text) ? ' (your code used too much memory)' : ''}`, logs: [] });
      else handlers.onFatal?.(`The grading worker stopped: ${text}`);
      finish(true);
    });
    arm(); // also covers the worker's start-up and the loading of the module
    const request: GradeRequest = { type: 'grade', exercise, code, options: { ...options, startAt } };
    requests++;
    w.postMessage(request);
  };

  const first = tests.findIndex(wanted);
  if (first < 0) finish(false);
  else launch(first);
  return { done, cancel: () => finish(true, true) };
}
