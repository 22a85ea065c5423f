// The page's grading worker: SES lockdown first, then one grading request per worker. The page
// holds the watchdog and terminates this worker if a test runs past its limit.
import { lockdownRealm } from '../sandbox';
import { runGradeRequest } from '../run-in-worker';
import type { GradeRequest, WorkerMessage } from '../protocol';

const post = (message: WorkerMessage) => (self as unknown as { postMessage(m: unknown): void }).postMessage(message);
lockdownRealm();
self.addEventListener('message', (event: MessageEvent<GradeRequest>) => {
  if (event.data?.type === 'grade') runGradeRequest(event.data, post);
});
