// tries: to run code from a string with a direct eval(...) call (must be a compile-time error naming the line)
// exercise: 03
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) {}
  onRequestVote(from: string, args: any): any {
    return eval('({ term: args.term, voteGranted: true })');
  }
}
