// tries: to hang one handler forever; the host's watchdog must stop it and the other tests must still run
// exercise: 02-request-vote
// needs: watchdog (hangs in 02 without one)
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
