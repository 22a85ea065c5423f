// tries: an endless loop in a handler that swallows the grader's stop signal with try/catch
// exercise: 05
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    env.setTimeout(() => this.spin(), 200);
  }
  spin() {
    for (;;) {
      try {
        while (true) {}
      } catch {
        // keep going
      }
    }
  }
  onRequestVote(from: string, args: any): any { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
// needs: watchdog (it hangs or exhausts memory on purpose: only a real host with a loop guard, watchdog and heap limit ends it)
