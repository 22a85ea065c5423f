// tries: to reach the engine by walking every object graph learner code is handed (env, message bodies, `this` in timer callbacks, caught errors, globals), and to patch whatever it finds
// exercise: 03-election
// Logs one "walk" line per root with what it found; tests/engine/sandbox-integrity.test.ts asserts
// that nothing of the engine, nothing writable and no binary-buffer or GC constructor is reachable.
// The compartment's Function, reached by a computed name that no source check can see (a function's
// `constructor` is tamed by SES and throws).
const AnyFunction = (globalThis as any)['Func' + 'tion'] as FunctionConstructor;
const ENGINE = /^(Simulation|NodeRuntime|Network|EventQueue|Prng|RunContext|Harness|Failure|Halt|Timer|Turn)$/;
const ENGINE_KEYS = ['sim', 'runtimes', 'queue', 'router', 'owner', 'current', 'trace', 'violation', 'rt', 'instance'];
const FORBIDDEN = /^(ArrayBuffer|SharedArrayBuffer|DataView|TypedArray|(Big)?(Int|Uint|Float)(8|16|32|64)(Clamped)?Array|WebAssembly|Atomics|WeakRef|FinalizationRegistry|Compartment|TextEncoder|TextDecoder)$/;

const seen = new Set<unknown>();
const findings = { engine: [] as string[], writable: [] as string[], forbidden: [] as string[] };
let visited = 0;

function walk(root: unknown, label: string): void {
  const queue: [unknown, string][] = [[root, label]];
  while (queue.length && visited < 50_000) {
    const [v, path] = queue.shift()!;
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) continue;
    seen.add(v);
    visited++;
    if (!Object.isFrozen(v)) findings.writable.push(path);
    if (typeof v === 'function') {
      let name = '';
      try { name = String((v as { name?: unknown }).name); } catch {}
      if (ENGINE.test(name)) findings.engine.push(`${path} (${name})`);
      if (FORBIDDEN.test(name)) findings.forbidden.push(`${path} (${name})`);
      try {
        const src = Function.prototype.toString.call(v);
        if (/class (Simulation|NodeRuntime|Network|EventQueue)\b/.test(src)) findings.engine.push(`${path} (source)`);
      } catch {}
    }
    let keys: (string | symbol)[] = [];
    try { keys = Reflect.ownKeys(v as object); } catch {}
    for (const k of keys) {
      if (typeof k === 'string' && ENGINE_KEYS.includes(k) && typeof v === 'object') findings.engine.push(`${path}.${k}`);
      let d: PropertyDescriptor | undefined;
      try { d = Object.getOwnPropertyDescriptor(v, k); } catch {}
      if (!d) continue;
      const sub = `${path}.${String(k)}`;
      if ('value' in d) {
        if (d.writable && !Object.isFrozen(v)) findings.writable.push(sub);
        queue.push([d.value, sub]);
      } else {
        queue.push([d.get, `${sub}<get>`], [d.set, `${sub}<set>`]);
      }
    }
    let proto: unknown = null;
    try { proto = Object.getPrototypeOf(v); } catch {}
    queue.push([proto, `${path}.__proto__`]);
  }
}

function report(root: string): void {
  const cut = (xs: string[]) => xs.slice(0, 3).join(' | ');
  console.log(`walk ${root}: visited=${visited} engine=${findings.engine.length} writable=${findings.writable.length} forbidden=${findings.forbidden.length} ${cut(findings.engine)} ${cut(findings.writable)} ${cut(findings.forbidden)}`);
}

const walked = new Set<string>();
function once(root: string, value: unknown): void {
  if (walked.has(root)) return;
  walked.add(root);
  walk(value, root);
  report(root);
}

// Everything reachable by name at module level: the compartment's globals and the virtual ones.
walk(globalThis, 'globalThis');
for (const [name, v] of [['setTimeout', setTimeout], ['clearTimeout', clearTimeout], ['setInterval', setInterval], ['clearInterval', clearInterval], ['Date', Date], ['Math', Math], ['console', console], ['Function', Function], ['Error', Error]] as const) walk(v, name);
try { walk(Object.getPrototypeOf(new Date(0)), 'Date.prototype'); } catch {}
try { walk(AnyFunction('return this')(), 'FunctionThis'); } catch {}

export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  fires = 0;
  constructor(private env: any) {
    if (env.persisted) { this.currentTerm = env.persisted.currentTerm; this.votedFor = env.persisted.votedFor; }
    walk(globalThis, 'globalThis');
    report('module');
    once('env', env);
    const self = this;
    setTimeout(function (this: unknown) { once('this in setTimeout', this); console.log(`this in setTimeout: ${typeof this}`); }, 1);
    const iv = setInterval(function (this: unknown) { once('this in setInterval', this); console.log(`this in setInterval: ${typeof this}`); clearInterval(iv); }, 2);
    env.setTimeout(function (this: unknown) { once('this in env.setTimeout', this); console.log(`this in env.setTimeout: ${typeof this}`); }, 3);
    env.setTimeout(function (this: unknown) { self.tick(); }, 150 + Math.floor(env.random() * 150));
    once('timer id', setTimeout(() => {}, 5));
  }
  tick() {
    this.fires++;
    this.state = 'CANDIDATE';
    this.currentTerm++;
    this.votedFor = this.env.id;
    this.env.persist({ currentTerm: this.currentTerm, votedFor: this.votedFor });
    for (const p of this.env.peers) this.env.sendRequestVote(p, { term: this.currentTerm, candidateId: this.env.id, lastLogIndex: 0, lastLogTerm: 0 });
    try { (null as any).x; } catch (e) { once('a TypeError prototype', Object.getPrototypeOf(e)); }
    if (this.fires === 3) {
      // Last: an error the engine throws into learner code (this ends the run with bad-call).
      try { this.env.persist(null); } catch (e) { once('error thrown by env', e); }
    }
    this.env.setTimeout(() => this.tick(), 150 + Math.floor(this.env.random() * 150));
  }
  resetElectionTimer() {}
  startElection() { this.tick(); }
  becomeLeader() {}
  onRequestVote(from: string, args: any) {
    once('RequestVote args', args);
    if (!walked.has('arguments')) { walked.add('arguments'); for (let i = 0; i < arguments.length; i++) walk(arguments[i], `arguments[${i}]`); report('arguments'); }
    if (args.term > this.currentTerm) { this.currentTerm = args.term; this.votedFor = null; this.state = 'FOLLOWER'; this.env.persist({ currentTerm: this.currentTerm, votedFor: null }); }
    return { term: this.currentTerm, voteGranted: false };
  }
  onVoteReceived(from: string, reply: any) { once('RequestVote reply', reply); }
  onHeartbeat(from: string, args: any) {
    once('Heartbeat args', args);
    return { term: this.currentTerm, success: false };
  }
  onHeartbeatReply(from: string, reply: any) { once('Heartbeat reply', reply); }
}
