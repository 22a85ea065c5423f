// tries: to read host paths, the temp folder or the bundle layout from error stacks: errors thrown by env, a TypeError of its own, Error.captureStackTrace and prepareStackTrace
// exercise: 02-request-vote
// expect: \[bad-call\] n1: env\.persist expects
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    try { (null as any).x; } catch (e: any) { console.log(`own TypeError: ${e.stack}`); }
    try { (Error as any).prepareStackTrace = (_e: any, sites: any[]) => sites.map((s) => s.getFileName()).join(','); } catch {}
    try { const o: any = {}; (Error as any).captureStackTrace?.(o); console.log(`captureStackTrace: ${o.stack}`); } catch {}
    console.log(`new Error: ${new Error('here').stack}`);
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote(from: string, args: any): any {
    // Ends the run (bad-call), after logging the stack of the error env throws.
    try { this.env.persist({ currentTerm: 'one' }); } catch (e: any) { console.log(`env error: ${e.stack}`); }
    return { term: 0, voteGranted: false };
  }
  onVoteReceived() {}
  onHeartbeat() { return { term: 0, success: false }; }
  onHeartbeatReply() {}
}
