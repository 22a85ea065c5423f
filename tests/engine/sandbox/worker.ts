// The grading path of the CLI and page workers, in a worker thread the tests start: SES lockdown,
// the learner's module in a Compartment (compartmentProgram), gradeSuite. Jobs are sequences of
// gradings of one program, so a test can check that earlier runs leave nothing behind.
import { parentPort, workerData } from 'node:worker_threads';
import { compartmentProgram, lockdownRealm } from '../../../src/hosts/sandbox';
import { gradeSuite, suiteFor, type LearnerProgram } from '../../../src/engine';
import { describeThrown, thrownStack } from '../../../src/engine/sim/describe';
import type { SandboxJob, SandboxReply } from './protocol';

lockdownRealm();
const post = (m: SandboxReply) => parentPort!.postMessage(m);
const jobs = (workerData as { jobs: SandboxJob[] }).jobs;
jobs.forEach((job, index) => {
  const suite = suiteFor(job.exercise);
  if (!suite) return post({ type: 'fatal', job: index, message: `no exercise ${job.exercise}` });
  let shared: LearnerProgram;
  try {
    shared = compartmentProgram(job.code);
  } catch (error) {
    return post({ type: 'fatal', job: index, message: `Your module could not be loaded: ${describeThrown(error)}`, stack: thrownStack(error) });
  }
  job.steps.forEach((step, s) => {
    const program = step.fresh ? compartmentProgram(job.code) : shared;
    const summary = gradeSuite(suite, program, { only: step.only, replaySeed: step.replaySeed, seed: step.seed, traces: step.traces ?? false });
    post({ type: 'summary', job: index, step: s, summary });
  });
});
post({ type: 'done' });
