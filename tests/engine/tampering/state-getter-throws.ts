// tries: getters on state, currentTerm and votedFor that throw now and then, or call env with bad arguments, so the grader's own reads fail in a way it might swallow
// exercise: 02-request-vote
// expect: \[(bad-state|bad-call|code-threw)\]
let reads = 0;
export class Node {
  private env: any;
  constructor(env: any) { this.env = env; }
  get state(): any { if (++reads % 7 === 0) throw new Error('state is unavailable'); return 'FOLLOWER'; }
  get currentTerm(): any { if (reads % 5 === 0) throw { not: 'an error' }; return 0; }
  get votedFor(): any { if (reads % 11 === 0) this.env.persist('nonsense'); return null; }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote() { return { term: 0, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: 0, success: false }; }
  onHeartbeatReply() {}
}
