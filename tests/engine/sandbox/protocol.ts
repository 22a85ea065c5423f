// What the tests send to the sandbox worker and what it answers.
import type { SuiteSummary } from '../../../src/engine';

export interface SandboxStep {
  only?: string[];
  replaySeed?: number;
  seed?: number;
  traces?: boolean;
  /** Grade with a freshly evaluated program instead of the job's shared one. */
  fresh?: boolean;
}

export interface SandboxJob {
  exercise: string;
  /** Compiled CommonJS, as the CLI sends it. */
  code: string;
  steps: SandboxStep[];
}

export type SandboxReply =
  | { type: 'summary'; job: number; step: number; summary: SuiteSummary }
  | { type: 'fatal'; job: number; message: string; stack?: string }
  | { type: 'done' };
