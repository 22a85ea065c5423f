// tries: to act outside its turns: async handlers, promise callbacks and thenables that change state after the grader has looked, or call env when no turn is running
// exercise: 04-heartbeats
// expect: \[(bad-reply|reply-carries-term)\]
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    Promise.resolve().then(() => { this.state = 'LEADER'; try { env.sendHeartbeat(env.peers[0], { term: 9, leaderId: env.id }); } catch {} });
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  async onRequestVote(from: string, args: any) { this.state = 'LEADER'; return { term: args.term, voteGranted: true }; }
  onVoteReceived() {}
  onHeartbeat(from: string, args: any): any {
    return { term: args.term, success: true, then: (resolve: any) => { this.state = 'LEADER'; resolve(); } };
  }
  onHeartbeatReply() {}
}
