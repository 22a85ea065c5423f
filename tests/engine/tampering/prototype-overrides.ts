// tries: to make the grader's own checks pass by rewriting built-ins (Array.prototype.every, Object.keys, JSON.stringify ...), then ships a broken node
// exercise: 02-request-vote
const attempts: string[] = [];
const tryIt = (what: string, f: () => void) => { try { f(); attempts.push(`${what}: allowed`); } catch { attempts.push(`${what}: blocked`); } };
tryIt('Array.prototype.every', () => { (Array.prototype as any).every = () => true; });
tryIt('Array.prototype.filter', () => { (Array.prototype as any).filter = () => []; });
tryIt('Array.prototype.includes', () => { (Array.prototype as any).includes = () => true; });
tryIt('Object.keys', () => { (Object as any).keys = () => []; });
tryIt('JSON.stringify', () => { (JSON as any).stringify = () => '{}'; });
tryIt('Object.prototype.toString', () => { (Object.prototype as any).toString = () => 'pass'; });
tryIt('Number.isSafeInteger', () => { (Number as any).isSafeInteger = () => true; });
tryIt('Set.prototype.has', () => { (Set.prototype as any).has = () => true; });
tryIt('Map.prototype.get', () => { (Map.prototype as any).get = () => undefined; });
tryIt('Error.prototype.message', () => { (Error.prototype as any).message = ''; });

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) { console.log(attempts.join('; ')); }
  resetElectionTimer() {}
  startElection() {}
  onRequestVote(from: string, args: any) { return { term: this.currentTerm, voteGranted: true }; }
  onVoteReceived() {}
  becomeLeader() {}
  onHeartbeat() { return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
