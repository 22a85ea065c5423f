// tries: a module that throws at its top level (must be one clear load error, exit 2, never a pass)
// exercise: 05
const config: any = undefined;
export const timeout = config.electionTimeout;
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
}
