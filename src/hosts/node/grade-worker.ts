// CLI grading worker (a Node worker thread): the main thread holds the watchdog.
import { parentPort, workerData } from 'node:worker_threads';
import { lockdownRealm } from '../sandbox';
import { runGradeRequest } from '../run-in-worker';
import type { GradeRequest } from '../protocol';

lockdownRealm();
runGradeRequest(workerData as GradeRequest, (message) => parentPort!.postMessage(message));
