// Messages between a grading host (CLI or page) and its grading worker.
import type { GradeOptions, SuiteSummary, TestInfo, TestResult } from '../engine';

export type WorkerOptions = Pick<GradeOptions, 'seed' | 'only' | 'replaySeed' | 'runsScale' | 'logCap'> & {
  /** Skip the first tests (after a watchdog restart). */
  startAt?: number;
};

export interface GradeRequest {
  type: 'grade';
  exercise: string;
  /** Compiled CommonJS of the learner's module. */
  code: string;
  options: WorkerOptions;
}

export type WorkerMessage =
  | { type: 'ready'; tests: TestInfo[] }
  | { type: 'start'; index: number; test: TestInfo }
  | { type: 'result'; index: number; result: TestResult }
  | { type: 'done'; summary: Omit<SuiteSummary, 'results'> }
  | { type: 'fatal'; message: string; stack?: string };
