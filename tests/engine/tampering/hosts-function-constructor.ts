// tries: to reach the global object through the Function constructor (must be a compile-time error)
// exercise: 03
const g = new Function('return this')();
export class Node {
  state: any = 'LEADER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) { try { g.postMessage({ type: 'done', summary: { passed: 99, failed: 0 } }); } catch {} }
}
