// tries: to change what the engine handed over (message bodies, env, env.peers, env.persisted, its functions, Math, Date, console) so that the grader or another node sees the change
// exercise: 02-request-vote
const attempts: string[] = [];
const tryIt = (what: string, f: () => void) => { try { f(); attempts.push(`${what}: allowed`); } catch { attempts.push(`${what}: blocked`); } };
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  logged = false;
  constructor(private env: any) {
    tryIt('env.persist', () => { env.persist = () => {}; });
    tryIt('env.extra', () => { env.extra = 1; });
    tryIt('env.peers.push', () => { env.peers.push('n9'); });
    tryIt('env.persist.extra', () => { env.persist.extra = 1; });
    tryIt('Math.random', () => { (Math as any).random = () => 0; });
    tryIt('Date.now', () => { (Date as any).now = () => 0; });
    tryIt('console.log', () => { (console as any).log = () => {}; });
    tryIt('Object.prototype', () => { (Object.prototype as any).term = 7; });
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote(from: string, args: any) {
    tryIt('args.term', () => { args.term = 0; });
    tryIt('args.extra', () => { args.extra = 1; });
    if (!this.logged) { this.logged = true; console.log(attempts.join('; ')); }
    return { term: this.currentTerm, voteGranted: true };
  }
  onVoteReceived() {}
  onHeartbeat(from: string, args: any) { tryIt('heartbeat args', () => { args.term = 0; }); return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
