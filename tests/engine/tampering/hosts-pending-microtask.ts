// tries: to keep the grading worker alive for ever with a microtask that spins after the suite ends
// exercise: 05
Promise.resolve().then(function spin() {
  for (;;) {
    try { while (true) {} } catch {}
  }
});
export class Node {
  state: any = 'LEADER';
  currentTerm = 1;
  votedFor: string | null = null;
  constructor(env: any) { Promise.resolve().then(() => { for (;;) {} }); }
  onRequestVote(from: string, args: any): any { return { term: this.currentTerm, voteGranted: true }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
