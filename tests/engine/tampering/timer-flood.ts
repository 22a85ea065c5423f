// tries: a timer flood: millions of pending timers from one node (setTimeout in a loop, a 1 ms interval that adds more), to exhaust the grader's memory
// exercise: 03-election
// expect: \[too-many-timers\]
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    for (let i = 0; i < 5_000_000; i++) setTimeout(() => {}, 1_000_000 + i);
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote() { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
