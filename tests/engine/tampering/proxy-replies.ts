// tries: replies and message handlers built from Proxies whose traps lie (a different value on every read, keys that change, getPrototypeOf that throws), to make the grader count a vote the trace does not show
// exercise: 02-request-vote
// expect: \[(bad-reply|reply-carries-term|persist-before-reply|code-threw)\]
let reads = 0;
const liar = (term: () => number) => new Proxy({}, {
  get(_t, key) { reads++; if (key === 'term') return term(); if (key === 'voteGranted' || key === 'success') return reads % 2 === 0; return undefined; },
  has() { return reads++ % 2 === 0; },
  ownKeys() { return reads++ % 2 ? ['term', 'voteGranted'] : ['term', 'success', 'extra']; },
  getOwnPropertyDescriptor(_t, key) { return { value: reads++, writable: true, enumerable: true, configurable: true }; },
  getPrototypeOf() { throw new Error('no prototype for you'); },
});

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {}
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote(from: string, args: any): any { return liar(() => args.term); }
  onVoteReceived() {}
  onHeartbeat(from: string, args: any): any { return liar(() => (reads % 3 ? args.term : this.currentTerm)); }
  onHeartbeatReply() {}
}
