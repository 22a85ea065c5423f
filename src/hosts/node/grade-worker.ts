// CLI grading worker (a Node worker thread, with a heap limit): the main thread holds the watchdog
// backstop and terminates this worker once it has reported.
import { parentPort, workerData } from 'node:worker_threads';
import { lockdownRealm } from '../sandbox';
import { runGradeRequest } from '../run-in-worker';
import type { GradeRequest } from '../protocol';

lockdownRealm();
try {
  runGradeRequest(workerData as GradeRequest, (message) => parentPort!.postMessage(message));
} catch (error) {
  parentPort!.postMessage({ type: 'fatal', kind: 'internal', message: `The grader failed: ${String((error as Error)?.message ?? 'unknown error')}` });
}
