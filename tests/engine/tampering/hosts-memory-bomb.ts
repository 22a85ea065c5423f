// tries: to exhaust memory from a handler (the worker must be stopped with a clear message)
// exercise: 05
const hoard: any[] = [];
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) {
    env.setTimeout(() => {
      for (;;) hoard.push(new Array(1 << 20).fill(hoard.length));
    }, 10);
  }
  onRequestVote(from: string, args: any): any { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
// needs: watchdog (it hangs or exhausts memory on purpose: only a real host with a loop guard, watchdog and heap limit ends it)
// page: may crash the tab (Chromium gives a Web Worker no heap limit; see tests/e2e/tampering.test.ts)
