// tries: a state getter that spins whenever the grader reads it (the suite must stop, not take 75 s)
// exercise: 03
export class Node {
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) {}
  get state(): any {
    let i = 0;
    while (i >= 0) i = (i + 1) % 1000;
    return 'FOLLOWER';
  }
  resetElectionTimer() {}
  startElection() {}
  onRequestVote(from: string, args: any): any { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  becomeLeader() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
// needs: watchdog (it hangs or exhausts memory on purpose: only a real host with a loop guard, watchdog and heap limit ends it)
