// tries: to keep its env in a module variable and in timers, and use it after a crash and restart (from the new incarnation and from old timers), to persist and send as a node the grader thinks is gone
// exercise: 05-faults
let saved: any = null; // per boot in the sandbox: each node boot runs the module afresh
let boots = 0;
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    boots++;
    console.log(`boot ${boots}; an env from an earlier boot is ${saved && saved !== env ? 'here' : 'absent'}`);
    if (saved && saved !== env) {
      try { saved.persist({ currentTerm: 0, votedFor: null }); } catch (e) { /* swallow, hoping nobody notices */ }
    }
    saved = env;
    env.setTimeout(() => { this.state = 'LEADER'; this.currentTerm = 1; env.persist({ currentTerm: 1, votedFor: env.id }); }, 200);
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote(from: string, args: any) { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
