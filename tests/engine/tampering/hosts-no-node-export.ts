// tries: a module that exports no Node class (must be one clear load error, never "0 of 0 tests pass")
// exercise: 05
export class RaftNode {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
}
