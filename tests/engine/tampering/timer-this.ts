// tries: the timer-`this` attack: a `function () {}` timer callback takes the simulator from `this` (timer -> owner -> sim) and patches it to turn off every rule, so a node with no Raft logic passes 05
// exercise: 05-faults
// expect: \[(leader-has-majority|election-safety|one-vote-per-term)\]
function neuter(obj: any): number {
  let patched = 0;
  for (let o = obj; o; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) {
      if (['fail', 'observe', 'checkNewLeader', 'recordVote', 'ensure', 'failAt', 'checkAt'].includes(k)) {
        try { o[k] = function () {}; patched++; } catch {}
      }
    }
  }
  return patched;
}

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    setTimeout(function (this: any) {
      const sim = this?.owner?.sim ?? this?.sim;
      console.log(`this is ${typeof this}; patched ${sim ? neuter(sim) + neuter(sim.network) : 0} engine methods`);
    }, 0);
    // No Raft at all: claim leadership at once, in term 1, without a single vote.
    env.setTimeout(() => {
      this.currentTerm = 1;
      env.persist({ currentTerm: 1, votedFor: null });
      this.state = 'LEADER';
    }, 1);
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote(from: string, args: any) { return { term: this.currentTerm, voteGranted: true }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
