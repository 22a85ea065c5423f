// The hidden suites, one per exercise, in course order. Each exercise builds on the previous one.
import type { Suite } from '../grader/types';
import { electionSuite } from './election';
import { faultsSuite } from './faults';
import { heartbeatSuite } from './heartbeats';
import { quorumSuite } from './quorum';
import { requestVoteSuite } from './request-vote';

export const suites: readonly Suite[] = [quorumSuite, requestVoteSuite, electionSuite, heartbeatSuite, faultsSuite];

export const exerciseIds = suites.map((s) => s.exercise);

export function suiteFor(exercise: string): Suite | undefined {
  return suites.find((s) => s.exercise === exercise);
}
