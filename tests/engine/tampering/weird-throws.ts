// tries: to throw values that are not Errors, and to return values that fight back when read (throwing getters, Proxies, a throwing stack getter)
// exercise: 02-request-vote
let n = 0;
const nasty = [
  () => { throw null; },
  () => { throw undefined; },
  () => { throw Symbol('x'); },
  () => { throw { get message() { throw new Error('gotcha'); }, toString() { throw new Error('no'); } }; },
  () => { throw new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } }); },
  () => new Proxy({}, { get() { throw new Error('trap'); } }),
  () => ({ get term() { throw new Error('getter'); }, voteGranted: true }),
  () => { const e = new Error('x'); Object.defineProperty(e, 'stack', { get() { throw new Error('stack'); } }); throw e; },
];

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) {}
  resetElectionTimer() {}
  startElection() {}
  onRequestVote(): any { return nasty[n++ % nasty.length]!(); }
  onVoteReceived() {}
  becomeLeader() {}
  onHeartbeat(): any { return nasty[n++ % nasty.length]!(); }
  onHeartbeatReply() {}
}
