// tries: to forge the grader's stop signal (once `class Halt extends Error`, checked by instanceof) so its own throws are swallowed silently: objects with Halt's prototype, name or message, and a real stop error's prototype
// exercise: 02-request-vote
// expect: \[code-threw\].*threw
let n = 0;
const forgeries: (() => unknown)[] = [
  () => Object.setPrototypeOf({ message: 'The grader stopped this node' }, Error.prototype),
  () => Object.freeze(new Error('The grader stopped this node: bad-call')),
  () => { const e = new Error('halt'); e.name = 'Halt'; return e; },
  () => Object.create(Object.getPrototypeOf(new RangeError('x'))),
  () => new (class Halt extends Error {})(),
];

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {}
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  // Never votes, never replies: throws instead, hoping the grader takes it for its own signal.
  onRequestVote(): any { throw forgeries[n++ % forgeries.length]!(); }
  onVoteReceived() {}
  onHeartbeat(): any { throw forgeries[n++ % forgeries.length]!(); }
  onHeartbeatReply() {}
}
