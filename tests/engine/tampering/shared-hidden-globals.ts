// tries: to carry state between nodes, runs and tests through hidden global names (process, require, WeakRef, crypto ...) and the virtual globals, written at module level and in methods, and to behave differently once it sees an earlier run's writes
// exercise: 03-election
declare let process: any, require: any, WeakRef: any, crypto: any, performance: any, queueMicrotask: any;
const before = [typeof process, typeof require, typeof WeakRef, typeof crypto, typeof performance, typeof queueMicrotask].join(',');
process = (typeof process === 'number' ? process : 0) + 1;
require = process;
WeakRef = process;
crypto = process;
const boots = process;
try { (setTimeout as any) = ((orig: any) => (cb: any, ms: number) => orig(cb, ms * boots))(setTimeout); } catch {}
try { (Math as any).random = () => 0; } catch {}

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    console.log(`hidden globals at load: ${before}; boots seen: ${boots}`);
    setTimeout(() => this.startElection(), 150 + 150 * Math.random());
  }
  resetElectionTimer() {}
  startElection() {
    process++;
    // Only a node that sees earlier boots' writes becomes leader, without votes.
    if (process > 2) { this.currentTerm++; this.env.persist({ currentTerm: this.currentTerm, votedFor: null }); this.state = 'LEADER'; }
  }
  becomeLeader() {}
  onRequestVote(from: string, args: any) { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
