// tries: to lie about its state through getters that change on every read
// exercise: 03-election
let reads = 0;
export class Node {
  votedFor: string | null = null;
  constructor(env: any) {}
  get state(): any { return ['FOLLOWER', 'CANDIDATE', 'LEADER'][reads++ % 3]; }
  get currentTerm(): number { return reads; }
  resetElectionTimer() {}
  startElection() {}
  onRequestVote() { return { term: this.currentTerm, voteGranted: true }; }
  onVoteReceived() {}
  becomeLeader() {}
  onHeartbeat() { return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
