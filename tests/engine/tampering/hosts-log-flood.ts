// tries: to flood the host with huge and endless console output (capped, truncated, never a pass)
// exercise: 05
const big = 'x'.repeat(1 << 20);
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) {
    env.setInterval(() => { for (let i = 0; i < 50; i++) console.log(big + i); }, 1);
  }
  onRequestVote(from: string, args: any): any { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
