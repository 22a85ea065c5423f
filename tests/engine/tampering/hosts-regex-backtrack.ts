// tries: a regular expression that backtracks for ever, where no loop guard can interrupt (the backstop must)
// exercise: 02
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) {}
  onRequestVote(from: string, args: any): any {
    const ok = /^(a+)+$/.test('a'.repeat(64) + 'b');
    return { term: this.currentTerm, voteGranted: ok };
  }
}
// needs: watchdog (it hangs or exhausts memory on purpose: only a real host with a loop guard, watchdog and heap limit ends it)
