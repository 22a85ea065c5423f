// What a hidden test is, and what a learner sees of it: names, rules, messages and traces.
import type { TraceEvent } from '../sim/trace';
import type { RunContext } from './context';

export interface TestInfo {
  /** Stable id, e.g. "02.3". */
  id: string;
  /** The rule, stated as a sentence: "grants at most one vote per term". */
  name: string;
  /** Where the rule comes from: "Raft §5.2, figure 2". */
  section: string;
}

export interface TestCase extends TestInfo {
  /** Seeded runs per grading; each run gets its own seed derived from the suite seed. */
  runs: number;
  run(ctx: RunContext): void;
}

export interface Suite {
  exercise: string;
  title: string;
  /** What the learner's module must export, checked before any test runs. */
  kind: 'functions' | 'node';
  tests: TestCase[];
}

export type Status = 'pass' | 'fail';

export interface TestResult extends TestInfo {
  status: Status;
  /** Runs that passed before the verdict (all of them on a pass). */
  runs: number;
  message?: string;
  expected?: string;
  observed?: string;
  /** The failing run: replay it with --seed. */
  seed?: number;
  /** Virtual time (ms) and event index of the first violation. */
  time?: number;
  eventIndex?: number;
  rule?: string;
  /** The failing run's events, for the event list and the cluster picture. */
  trace?: TraceEvent[];
  /** Node ids of the failing run, in ring order. */
  nodes?: string[];
  /** The learner's console output during the reported run, capped. */
  logs: string[];
  /** An error stack from the learner's code, for hosts to map to source lines. */
  stack?: string;
  /** Work done: simulated events and virtual milliseconds over all runs graded. */
  events?: number;
  virtualMs?: number;
}

export interface SuiteSummary {
  exercise: string;
  passed: number;
  failed: number;
  results: TestResult[];
}
