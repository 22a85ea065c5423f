// tries: to allocate gigabytes outside the JS heap (where the worker's heap limit does not reach) through ArrayBuffer, typed arrays, DataView, SharedArrayBuffer, WebAssembly.Memory, TextEncoder, a child Compartment or AnyFunction('return ArrayBuffer')
// exercise: 03-election
// The compartment's Function, reached by a computed name that no source check can see (a function's
// `constructor` is tamed by SES and throws).
const AnyFunction = (globalThis as any)['Func' + 'tion'] as FunctionConstructor;
const probes: string[] = [];
const held: unknown[] = [];
const tryIt = (name: string, f: () => unknown) => {
  try { const v = f(); probes.push(`${name}: ${v ? 'ALLOCATED' : 'unavailable'}`); if (v) held.push(v); } catch { probes.push(`${name}: unavailable`); }
};
const GB = 1024 * 1024 * 1024;
declare const ArrayBuffer: any, SharedArrayBuffer: any, Uint8Array: any, Float64Array: any, DataView: any, WebAssembly: any, TextEncoder: any, Compartment: any;
tryIt('ArrayBuffer', () => new ArrayBuffer(GB));
tryIt('SharedArrayBuffer', () => new SharedArrayBuffer(GB));
tryIt('Uint8Array', () => new Uint8Array(GB));
tryIt('Float64Array', () => new Float64Array(GB / 8));
tryIt('DataView', () => new DataView(new ArrayBuffer(8)));
tryIt('WebAssembly.Memory', () => new WebAssembly.Memory({ initial: 16384 }));
tryIt('TextEncoder', () => new new TextEncoder().encode('x').buffer.constructor(GB));
tryIt('globalThis.ArrayBuffer', () => new (globalThis as any).ArrayBuffer(GB));
tryIt("AnyFunction('return ArrayBuffer')", () => new (AnyFunction('return ArrayBuffer')())(GB));
tryIt('child Compartment', () => new (new Compartment().globalThis.ArrayBuffer)(GB));
tryIt('Atomics', () => (globalThis as any).Atomics ?? AnyFunction('return typeof Atomics === "undefined" ? undefined : Atomics')());

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) { console.log(`buffers: ${probes.join('; ')}`); }
  resetElectionTimer() {}
  startElection() {}
  becomeLeader() {}
  onRequestVote() { return { term: this.currentTerm, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: this.currentTerm, success: false }; }
  onHeartbeatReply() {}
}
