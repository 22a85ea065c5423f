// tries: a constructor that returns a Proxy instead of the node, whose traps report a different state on every read and hide methods, and module.exports behind a getter that hands out a different class on every read
// exercise: 03-election
let reads = 0;
class Real {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    return new Proxy(this, {
      get(target: any, key) {
        reads++;
        if (key === 'state') return ['FOLLOWER', 'LEADER', 'CANDIDATE'][reads % 3];
        if (key === 'currentTerm') return reads % 2 ? 1 : 0;
        return target[key];
      },
    });
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote() { return { term: 0, voteGranted: true }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: 0, success: true }; }
  onHeartbeatReply() {}
}
let classReads = 0;
Object.defineProperty(exports, 'Node', { enumerable: true, get: () => (classReads++ % 2 ? Real : class extends Real {}) });
