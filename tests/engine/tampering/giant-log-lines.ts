// tries: to flood the grader's output and memory with giant log lines (20 MB strings, huge arrays, objects with long keys) from every handler
// exercise: 02-request-vote
const huge = 'x'.repeat(20_000_000); // built per node boot: cheap for V8, 40 MB if copied
const wide: Record<string, number> = {};
for (let i = 0; i < 2_000; i++) wide[`key-${'k'.repeat(5_000)}-${i}`] = i;
const long = new Array(1_000_000);

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) { console.log(huge, wide, long); }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote() {
    console.log(huge);
    console.error(wide, huge);
    this.env.log(long, huge, huge);
    return { term: this.currentTerm, voteGranted: true }; // votes for anyone, persists nothing: wrong
  }
  onVoteReceived() {}
  onHeartbeat() { console.warn(huge); return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
