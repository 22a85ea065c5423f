// The page's grading worker: SES lockdown first, then one grading request per worker. The loop
// guards stop code that runs too long; the page holds the watchdog backstop and terminates this
// worker if a test runs past it. Chromium gives a worker no heap limit of its own, so the guards also
// read performance.memory (where Chromium exposes it) and stop a run that grows past the limit.
import { lockdownRealm } from '../sandbox';
import { runGradeRequest } from '../run-in-worker';
import type { GradeRequest, WorkerMessage } from '../protocol';

const scope = self as unknown as { postMessage(m: unknown): void };
const memory = (performance as unknown as { memory?: { usedJSHeapSize?: number } }).memory;
const heapUsed = memory && typeof memory.usedJSHeapSize === 'number' ? () => memory.usedJSHeapSize : undefined;
const post = (message: WorkerMessage) => scope.postMessage(message);
lockdownRealm();
let busy = false;
self.addEventListener('message', (event: MessageEvent<GradeRequest>) => {
  if (event.data?.type !== 'grade' || busy) return;
  busy = true;
  try {
    runGradeRequest(event.data, post, { heapUsed });
  } catch (error) {
    post({ type: 'fatal', kind: 'internal', message: `The grader failed: ${String((error as Error)?.message ?? 'unknown error')}` });
  }
});
