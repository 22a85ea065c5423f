// tries: to switch off the grader's loop guard through the global object, then loop for ever
// exercise: 04
const g: any = globalThis;
const name = '__course' + 'Guard$';
try { g[name] = () => {}; } catch {}
try { Object.defineProperty(g, name, { value: () => {} }); } catch {}
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) { env.setTimeout(() => { let x = 0; while (x >= 0) x = (x + 1) | 0; }, 5); }
  onRequestVote(from: string, args: any): any { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
// needs: watchdog (it hangs or exhausts memory on purpose: only a real host with a loop guard, watchdog and heap limit ends it)
