// tries: to keep an env (and the stop error it throws) from an earlier node or run in every shared place it can find (hidden globals, globalThis, frozen intrinsics), then use it in a later run and rethrow or swallow its stop error
// exercise: 05-faults
declare let process: any, self: any, WeakRef: any;
const g: any = globalThis;
const places: [string, () => any, (v: any) => void][] = [
  ['process', () => process, (v) => { process = v; }],
  ['self', () => self, (v) => { self = v; }],
  ['WeakRef', () => WeakRef, (v) => { WeakRef = v; }],
  ['globalThis.__env', () => g.__env, (v) => { g.__env = v; }],
  ['Math.__env', () => (Math as any).__env, (v) => { (Math as any).__env = v; }],
  ['Error.prototype.__env', () => (Error.prototype as any).__env, (v) => { (Error.prototype as any).__env = v; }],
];
const found = places.filter(([, get]) => { try { return typeof get()?.persist === 'function'; } catch { return false; } }).map(([name]) => name);
let stale: any = null;
for (const [, get] of places) { try { if (!stale && typeof get()?.persist === 'function') stale = get(); } catch {} }

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    console.log(`stale env found in: ${found.join(', ') || 'nowhere'}`);
    for (const [, , set] of places) { try { set(env); } catch {} }
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote(from: string, args: any) {
    if (stale) {
      try { stale.persist({ currentTerm: args.term, votedFor: args.candidateId }); } catch (e) { throw e; }
    }
    return { term: args.term, voteGranted: true }; // votes for everyone, never persists: a bug the grader must catch
  }
  onVoteReceived() {}
  onHeartbeat(from: string, args: any) { return { term: args.term, success: true }; }
  onHeartbeatReply() {}
}
