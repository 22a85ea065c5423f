export class Node {
  state = 'FOLLOWER';
  onRequestVote(from: string, args: any) {
    return { term: this.currentTerm voteGranted: false };
  }
}
