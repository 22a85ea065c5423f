// tries: a reply object whose getters return a valid vote on the first read and something else on later reads, so validation and use see different values
// exercise: 02-request-vote
// expect: \[(bad-reply|reply-carries-term|persist-before-reply)\]
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {}
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote(from: string, args: any): any {
    let termReads = 0;
    let grantReads = 0;
    // Grants without adopting the term, persisting or checking the log: wrong however it is read.
    return {
      get term() { return termReads++ === 0 ? args.term : -1; },
      get voteGranted(): any { return grantReads++ === 0 ? true : 'maybe'; },
    };
  }
  onVoteReceived() {}
  onHeartbeat(from: string, args: any): any {
    let reads = 0;
    return { get term() { return reads++ ? 99 : args.term; }, get success() { return true; } };
  }
  onHeartbeatReply() {}
}
