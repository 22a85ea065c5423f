// Messages between a grading host (CLI or page) and its grading worker.
//
// Worker -> host, in this order:
//   ready    once: the tests this request grades. Hosts count them: a pass needs a passing result
//            for every one of them, each reported once.
//   start    before each test (hosts arm their watchdog backstop).
//   result   after each test. A test stopped by the loop guard is a fail with rule 'timeout' whose
//            message names the handler, node, time and line that were running.
//   stopped  the suite ended early (a test ran out of time, the suite's budget was spent, memory):
//            every test not yet reported was NOT run. Always followed by done.
//   done     the end (summary counts; hosts recount from what they received).
//   fatal    nothing was graded. kind: 'compile' (the sandbox rejected the code text), 'load' (the
//            module threw at its top level), 'export' (no Node class to grade), 'timeout' (its top
//            level ran past the limit), 'exercise' (no such exercise), 'internal'. One banner.
// Hosts add what a worker cannot say itself (see HostStop): killed by the backstop watchdog, out of
// memory, crashed. A 'fatal' and a 'stopped' are never a pass, whatever results came before.
import type { GradeOptions, SuiteSummary, TestInfo, TestResult } from '../engine';

export type WorkerOptions = Pick<GradeOptions, 'seed' | 'only' | 'replaySeed' | 'runsScale' | 'logCap'> & {
  /** Skip the first tests. */
  startAt?: number;
  /** Real-time limit per test, enforced in the worker by the loop guards (default 5000). */
  testTimeoutMs?: number;
  /** Real-time budget of the whole suite (default 30000). */
  suiteTimeoutMs?: number;
  /** Stop when the worker's JS heap passes this many MB, where the host can read it (the page). */
  memoryLimitMb?: number;
};

export const DEFAULT_TEST_TIMEOUT_MS = 5000;
export const DEFAULT_SUITE_TIMEOUT_MS = 30_000;
/** The CLI worker's heap limit and the page worker's heap check, in MB. */
export const MEMORY_LIMIT_MB = 512;

export interface GradeRequest {
  type: 'grade';
  exercise: string;
  /** Compiled (and instrumented, see compile.ts) CommonJS of the learner's module. */
  code: string;
  options: WorkerOptions;
}

export type FatalKind = 'compile' | 'load' | 'export' | 'timeout' | 'exercise' | 'internal';

export type StopReason =
  /** A test ran past its time limit (loop guard or the host's watchdog). */
  | 'test-timeout'
  /** The suite's whole budget was spent. */
  | 'suite-timeout'
  /** The worker used too much memory. */
  | 'memory'
  /** The worker died without saying why. */
  | 'crashed';

export interface StopInfo {
  reason: StopReason;
  /** The test that was running, if any. */
  testId?: string;
  index?: number;
  /** One sentence for the banner. */
  message: string;
}

export interface DoneSummary extends Omit<SuiteSummary, 'results'> {
  /** How many tests this request was to grade. */
  expected?: number;
  stopped?: StopInfo;
}

export type WorkerMessage =
  | { type: 'ready'; tests: TestInfo[] }
  | { type: 'start'; index: number; test: TestInfo }
  | { type: 'result'; index: number; result: TestResult }
  | ({ type: 'stopped' } & StopInfo)
  | { type: 'done'; summary: DoneSummary }
  | { type: 'fatal'; message: string; stack?: string; kind?: FatalKind; line?: number };

/** A result as hosts report it: a test the suite never reached is a fail marked notRun. */
export type HostResult = TestResult & { notRun?: true };

/** The result hosts report for a test that was not run because the suite stopped first. */
export function notRunResult(test: TestInfo, why: string): HostResult {
  return { id: test.id, name: test.name, section: test.section, status: 'fail', runs: 0, rule: 'not-run', message: `Not run: ${why}`, logs: [], notRun: true };
}

/** Real-time limits in words, shared by the hosts' messages. */
export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
