// The grading loop a worker runs, whatever the host: evaluate the learner's module in the sandbox,
// grade it, and stream every step back through `post`.
import { gradeSuite, suiteFor } from '../engine';
import { describeThrown, thrownStack } from '../engine/sim/describe';
import type { GradeRequest, WorkerMessage } from './protocol';
import { compartmentProgram } from './sandbox';

export function runGradeRequest(request: GradeRequest, post: (message: WorkerMessage) => void): void {
  const suite = suiteFor(request.exercise);
  if (!suite) {
    post({ type: 'fatal', message: `No exercise "${request.exercise}".` });
    return;
  }
  const startAt = request.options.startAt ?? 0;
  const selected = suite.tests.filter((t, i) => i >= startAt && (!request.options.only || request.options.only.includes(t.id)));
  post({ type: 'ready', tests: selected.map(({ id, name, section }) => ({ id, name, section })) });
  let program;
  try {
    program = compartmentProgram(request.code);
  } catch (error) {
    post({ type: 'fatal', message: `Your module could not be loaded: ${describeThrown(error)}`, stack: thrownStack(error) });
    return;
  }
  const offset = suite.tests.indexOf(selected[0]!);
  const summary = gradeSuite({ ...suite, tests: selected }, program, {
    ...request.options,
    only: undefined,
    onStart: (test, index) => post({ type: 'start', index: offset + index, test }),
    onResult: (result, index) => post({ type: 'result', index: offset + index, result }),
  });
  post({ type: 'done', summary: { exercise: summary.exercise, passed: summary.passed, failed: summary.failed } });
}
