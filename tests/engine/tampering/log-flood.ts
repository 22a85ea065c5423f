// tries: a log flood: hundreds of thousands of console.log calls per turn, from a 5 ms interval and in every handler, to exhaust memory or bury the results in output
// exercise: 04-heartbeats
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    for (let i = 0; i < 300_000; i++) console.log('flood', i, { i });
    setInterval(() => { for (let i = 0; i < 20_000; i++) console.log('flood', i); }, 5);
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote() { for (let i = 0; i < 20_000; i++) console.info(i); return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { for (let i = 0; i < 20_000; i++) this.env.log(i); return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
