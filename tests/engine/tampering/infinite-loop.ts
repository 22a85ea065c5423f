// Hangs in one handler; the watchdog must stop it and the other tests must still run.
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) {}
  resetElectionTimer() {}
  startElection() {}
  onRequestVote(from: string, args: any): any {
    if (args.candidateId === 'p3') for (;;) {}
    return { term: this.currentTerm, voteGranted: false };
  }
  onVoteReceived() {}
  becomeLeader() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
