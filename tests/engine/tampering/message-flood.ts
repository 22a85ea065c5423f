// tries: a message flood: a million RequestVotes in one turn, to exhaust the grader's queue and memory
// exercise: 03-election
// expect: \[message-flood\]
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    env.setTimeout(() => this.startElection(), 160);
  }
  resetElectionTimer() {}
  startElection() {
    this.state = 'CANDIDATE';
    this.currentTerm++;
    this.votedFor = this.env.id;
    this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
    for (let i = 0; i < 1_000_000; i++) {
      for (const p of this.env.peers) this.env.sendRequestVote(p, { term: this.currentTerm, candidateId: this.env.id, lastLogIndex: 0, lastLogTerm: 0 });
    }
  }
  becomeLeader() {}
  onRequestVote() { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
