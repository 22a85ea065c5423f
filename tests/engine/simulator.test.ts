// The simulator itself: determinism, the network's faults, pauses, crashes, and every invariant
// firing on a node built to break it.
import { describe, expect, it } from 'vitest';
import { plainProgram, programFromFactory, Simulation, type TraceEvent } from '../../src/engine';
import { RunContext } from '../../src/engine/grader/context';
import { describeValue } from '../../src/engine/sim/describe';
import { compileTs, readSource } from './helpers';

const reference = plainProgram(compileTs(readSource('solutions/05-faults/solution.ts')));
const ids = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);

function faultyRun(seed: number): Simulation {
  const sim = new Simulation({ seed, nodes: ids(5), program: reference, record: true, network: { requestDropRate: 0.1, replyDropRate: 0.1, duplicateRate: 0.1, tailProbability: 0.1 } });
  sim.runUntil(800);
  sim.partition([['n1', 'n2'], ['n3', 'n4', 'n5']]);
  sim.runUntil(1500);
  sim.crash('n3');
  sim.pause('n4');
  sim.runUntil(2200);
  sim.heal();
  sim.restart('n3');
  sim.resume('n4');
  sim.runUntil(4000);
  return sim;
}

/** A learner node written inline, for provoking one rule. */
function program(body: string, init = '') {
  return plainProgram(compileTs(`export class Node {
    state = 'FOLLOWER'; currentTerm = 0; votedFor: string | null = null; env: any;
    constructor(env: any) { this.env = env; ${init} }
    ${body}
  }`));
}

describe('determinism', () => {
  it('the same seed gives the same trace, byte for byte', () => {
    const a = JSON.stringify(faultyRun(99).trace);
    const b = JSON.stringify(faultyRun(99).trace);
    expect(a.length).toBeGreaterThan(10_000);
    expect(a).toBe(b);
  });

  it('a different seed gives a different run', () => {
    expect(JSON.stringify(faultyRun(1).trace)).not.toBe(JSON.stringify(faultyRun(2).trace));
  });

  it('counting without recording visits the same number of events', () => {
    const recorded = faultyRun(5);
    const counted = new Simulation({ seed: 5, nodes: ids(5), program: reference, network: { requestDropRate: 0.1, replyDropRate: 0.1, duplicateRate: 0.1, tailProbability: 0.1 } });
    counted.runUntil(800);
    counted.partition([['n1', 'n2'], ['n3', 'n4', 'n5']]);
    counted.runUntil(1500);
    counted.crash('n3');
    counted.pause('n4');
    counted.runUntil(2200);
    counted.heal();
    counted.restart('n3');
    counted.resume('n4');
    counted.runUntil(4000);
    expect(counted.eventCount).toBe(recorded.eventCount);
    expect(counted.trace).toEqual([]);
  });
});

describe('network', () => {
  const of = (sim: Simulation, type: TraceEvent['type']) => sim.trace.filter((e) => e.type === type);

  it('delivers after a delay within [minDelay, maxDelay]', () => {
    const sim = new Simulation({ seed: 3, nodes: ids(3), program: reference, record: true, network: { minDelay: 4, maxDelay: 9 } });
    sim.runUntil(2000);
    const sent = new Map(of(sim, 'send').map((e) => [(e as { msg: { id: number } }).msg.id, e.t]));
    const delays = of(sim, 'deliver').map((e) => e.t - sent.get((e as { msg: number }).msg)!);
    expect(delays.length).toBeGreaterThan(50);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...delays)).toBeLessThanOrEqual(9);
  });

  it('partitions drop messages between groups only', () => {
    const sim = new Simulation({ seed: 4, nodes: ids(5), program: reference, record: true });
    sim.partition([['n1', 'n2'], ['n3', 'n4', 'n5']]);
    sim.runUntil(3000);
    const crossed = of(sim, 'deliver').filter((e) => {
      const d = e as { from: string; to: string };
      return ['n1', 'n2'].includes(d.from) !== ['n1', 'n2'].includes(d.to);
    });
    expect(crossed).toEqual([]);
    expect(of(sim, 'drop').some((e) => (e as { reason: string }).reason === 'partition')).toBe(true);
    expect(sim.leaders().map((l) => l.node).every((n) => ['n3', 'n4', 'n5'].includes(n))).toBe(true);
  });

  it('a one-way cut drops one direction only', () => {
    const sim = new Simulation({ seed: 5, nodes: ids(3), program: reference, record: true });
    sim.cut('n1', 'n2');
    sim.runUntil(3000);
    const delivered = of(sim, 'deliver') as { from: string; to: string }[];
    expect(delivered.some((d) => d.from === 'n1' && d.to === 'n2')).toBe(false);
    expect(delivered.some((d) => d.from === 'n2' && d.to === 'n1')).toBe(true);
  });

  it('duplicates and losses happen at the configured rates', () => {
    const sim = new Simulation({ seed: 6, nodes: ids(5), program: reference, record: true, network: { duplicateRate: 0.2, requestDropRate: 0.3, replyDropRate: 0 } });
    sim.runUntil(5000);
    const sends = of(sim, 'send').length;
    const dups = of(sim, 'duplicate').length;
    const losses = of(sim, 'drop').filter((e) => (e as { reason: string }).reason === 'loss') as { kind: string }[];
    expect(dups / sends).toBeGreaterThan(0.1);
    expect(dups / sends).toBeLessThan(0.3);
    expect(losses.length).toBeGreaterThan(0);
    expect(losses.every((l) => !l.kind.endsWith('Reply'))).toBe(true);
  });

  it('reorders messages when some take the long tail', () => {
    const sim = new Simulation({ seed: 7, nodes: ids(3), program: reference, record: true, network: { tailProbability: 0.3, tailDelay: 80 } });
    sim.runUntil(3000);
    const sentAt = new Map((of(sim, 'send') as { msg: { id: number; sentAt: number; from: string; to: string } }[]).map((e) => [e.msg.id, e.msg]));
    let reordered = 0;
    const lastSent = new Map<string, number>();
    for (const e of of(sim, 'deliver') as { msg: number }[]) {
      const m = sentAt.get(e.msg)!;
      const key = `${m.from}>${m.to}`;
      if ((lastSent.get(key) ?? -1) > m.sentAt) reordered++;
      lastSent.set(key, Math.max(lastSent.get(key) ?? -1, m.sentAt));
    }
    expect(reordered).toBeGreaterThan(0);
  });
});

describe('crashes and pauses', () => {
  it('a crash cancels timers and loses messages in flight to the node', () => {
    const sim = new Simulation({ seed: 8, nodes: ids(3), program: reference, record: true });
    sim.runUntil(1000);
    const leader = sim.leaders()[0]!.node;
    sim.crash(leader);
    expect(sim.pendingTimers(leader)).toEqual([]);
    const at = sim.now;
    sim.runUntil(1400);
    const fromCrashed = sim.trace.filter((e) => e.t > at && e.type === 'send' && (e as { msg: { from: string } }).msg.from === leader);
    expect(fromCrashed).toEqual([]);
    const dropped = sim.trace.filter((e) => e.type === 'drop' && (e as { to: string }).to === leader);
    expect(dropped.length).toBeGreaterThan(0);
  });

  it('a pause freezes the node\'s clock and timers, buffers its messages, and resumes them', () => {
    const sim = new Simulation({ seed: 9, nodes: ids(3), program: reference, record: true });
    sim.runUntil(1000);
    const leader = sim.leaders()[0]!.node;
    const before = sim.pendingTimers(leader).map((t) => t.due - sim.now);
    sim.pause(leader);
    sim.runUntil(1800);
    expect(sim.pendingTimers(leader).map((t) => t.due - sim.now)).toEqual(before);
    expect(sim.trace.some((e) => e.type === 'buffer' && (e as { to: string }).to === leader)).toBe(true);
    expect(sim.view(leader).state).toBe('LEADER'); // it has not noticed anything: the zombie
    sim.resume(leader);
    sim.runUntil(2000);
    expect(sim.view(leader).state).toBe('FOLLOWER');
    expect(sim.violation).toBeNull();
  });

  it('a restart builds a fresh node from what was persisted', () => {
    const sim = new Simulation({ seed: 10, nodes: ids(3), program: reference });
    sim.runUntil(1000);
    const leader = sim.leaders()[0]!;
    sim.crash(leader.node);
    sim.restart(leader.node);
    expect(sim.view(leader.node)).toMatchObject({ state: 'FOLLOWER', term: leader.term, votedFor: leader.node });
  });
});

describe('invariants fire on nodes built to break them', () => {
  const rule = (sim: Simulation) => sim.violation?.rule;

  it('leader-has-majority: a node that declares itself leader', () => {
    const p = program(`startElection() {} becomeLeader() {} onRequestVote() { return { term: 0, voteGranted: false }; }
      onVoteReceived() {} onHeartbeat() { return { term: 0, success: true }; } onHeartbeatReply() {}`,
      `this.env.setTimeout(() => { this.currentTerm = 1; this.env.persist({ currentTerm: 1, votedFor: null }); this.state = 'LEADER'; }, 10);`);
    const sim = new Simulation({ seed: 1, nodes: ids(3), program: p });
    sim.runUntil(100);
    expect(rule(sim)).toBe('leader-has-majority');
    expect(sim.violation!.message).toContain('needs 2 of 3');
  });

  it('election-safety: two leaders in one term (a puppet voted twice)', () => {
    const p = program(`onVoteReceived(from: string, r: any) { if (r.voteGranted) this.state = 'LEADER'; }
      onRequestVote() { return { term: this.currentTerm, voteGranted: false }; } onHeartbeat() { return { term: this.currentTerm, success: false }; } onHeartbeatReply() {}`,
      `this.env.setTimeout(() => { this.currentTerm = 1; this.votedFor = this.env.id; this.env.persist({ currentTerm: 1, votedFor: this.env.id }); this.state = 'CANDIDATE'; }, 5);`);
    const sim = new Simulation({ seed: 1, nodes: ['n1', 'n2', 'p3'], puppets: ['p3'], program: p });
    sim.runUntil(10);
    sim.send('p3', 'n1', 'RequestVoteReply', { term: 1, voteGranted: true });
    sim.send('p3', 'n2', 'RequestVoteReply', { term: 1, voteGranted: true });
    sim.runUntil(100);
    expect(rule(sim)).toBe('election-safety');
  });

  it('term-monotonic: a term that goes down', () => {
    const p = program('', `this.env.setTimeout(() => { this.currentTerm = 3; this.env.persist({ currentTerm: 3, votedFor: null }); }, 5);
      this.env.setTimeout(() => { this.currentTerm = 2; }, 10);`);
    const sim = new Simulation({ seed: 1, nodes: ids(3), program: p });
    sim.runUntil(100);
    expect(rule(sim)).toBe('term-monotonic');
  });

  it('term-monotonic across restarts: a term not restored from stable storage', () => {
    const p = program('', `this.env.setTimeout(() => { this.currentTerm = 3; this.env.persist({ currentTerm: 3, votedFor: null }); }, 5);`);
    const sim = new Simulation({ seed: 1, nodes: ids(3), program: p });
    sim.runUntil(100);
    sim.crash('n1');
    sim.restart('n1');
    expect(rule(sim)).toBe('term-monotonic');
    expect(sim.violation!.message).toContain('restarted');
  });

  it('one-vote-per-term and persist-before-reply', () => {
    const forgetful = program(`onRequestVote(from: string, a: any) { this.currentTerm = a.term; this.votedFor = a.candidateId; this.env.persist({ currentTerm: a.term, votedFor: a.candidateId }); return { term: a.term, voteGranted: true }; }`);
    const sim = new Simulation({ seed: 1, nodes: ['n1', 'p2', 'p3'], puppets: ['p2', 'p3'], program: forgetful });
    sim.inject('p2', 'n1', 'RequestVote', { term: 1, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0 });
    expect(sim.violation).toBeNull();
    sim.inject('p3', 'n1', 'RequestVote', { term: 1, candidateId: 'p3', lastLogIndex: 0, lastLogTerm: 0 });
    expect(rule(sim)).toBe('one-vote-per-term');

    const unpersisted = program(`onRequestVote(from: string, a: any) { this.currentTerm = a.term; this.votedFor = a.candidateId; return { term: a.term, voteGranted: true }; }`);
    const sim2 = new Simulation({ seed: 1, nodes: ['n1', 'p2'], puppets: ['p2'], program: unpersisted });
    sim2.inject('p2', 'n1', 'RequestVote', { term: 1, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0 });
    expect(rule(sim2)).toBe('persist-before-reply');
  });

  it('reply-carries-term, bad-reply, code-threw, bad-call, bad-state and async handlers', () => {
    const cases: [string, string][] = [
      [`onRequestVote() { return { term: 9, voteGranted: false }; }`, 'reply-carries-term'],
      [`onRequestVote() { return { term: 0 }; }`, 'bad-reply'],
      [`onRequestVote() { throw new RangeError('nope'); }`, 'code-threw'],
      [`onRequestVote() { throw { weird: true }; }`, 'code-threw'],
      [`async onRequestVote() { return { term: 0, voteGranted: false }; }`, 'bad-reply'],
      [`onRequestVote() { this.env.sendHeartbeat('nobody', { term: 0, leaderId: 'n1' }); return { term: 0, voteGranted: false }; }`, 'bad-call'],
      [`onRequestVote() { this.state = 'KING'; return { term: 0, voteGranted: false }; }`, 'bad-state'],
    ];
    for (const [body, expected] of cases) {
      const sim = new Simulation({ seed: 1, nodes: ['n1', 'p2'], puppets: ['p2'], program: program(body) });
      sim.inject('p2', 'n1', 'RequestVote', { term: 0, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0 });
      expect(rule(sim), body).toBe(expected);
      expect(sim.violation!.message.length).toBeGreaterThan(20);
    }
  });

  it('too-many-events: a zero-delay timer loop is stopped, not run forever', () => {
    const p = program(`loop = () => { this.env.setTimeout(this.loop, 0); };`, `this.env.setTimeout(this.loop, 0);`);
    const sim = new Simulation({ seed: 1, nodes: ['n1'], program: p, maxEvents: 10_000 });
    sim.runUntil(10);
    expect(rule(sim)).toBe('too-many-events');
  });
});

// ---------------------------------------------------------------- integrity of what learner code is handed

/** A program written as trusted TypeScript, with `shared` standing in for a channel between runs that the sandbox closes. */
function channel(make: (shared: Record<string, any>) => new (env: any) => unknown, shared: Record<string, any> = {}) {
  const program = programFromFactory({ current: null }, (_exports, module) => {
    module.exports = { Node: make(shared) };
  });
  return { program, shared };
}

/** A node that does nothing, for tests that override one part of it. */
class Quiet {
  state = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(_env?: any) {}
  onRequestVote(_from?: string, _args?: any): unknown { return { term: 0, voteGranted: false }; }
  onVoteReceived() {}
  onHeartbeat() { return { term: 0, success: false }; }
  onHeartbeatReply() {}
}

describe('learner code gets nothing of the engine', () => {
  it('timer callbacks run with `this` undefined (setTimeout, setInterval, env.setTimeout, env.setInterval)', () => {
    const p = program('', `const seen: string[] = [];
      const report = function (this: unknown) { seen.push(typeof this); if (seen.length === 4) console.log(seen.join(',')); };
      setTimeout(report, 1); env.setTimeout(report, 2);
      const a = setInterval(function (this: unknown) { clearInterval(a); report.call(this); }, 3);
      const b = env.setInterval(function (this: unknown) { env.clearInterval(b); report.call(this); }, 4);`);
    const lines: string[] = [];
    const sim = new Simulation({ seed: 1, nodes: ['n1'], program: p, onLog: (l) => void lines.push(l) });
    sim.runUntil(10);
    expect(sim.violation).toBeNull();
    expect(lines).toEqual(['[t=4ms n1] undefined,undefined,undefined,undefined']);
  });

  it('env is a frozen bag of closures and data: no prototype of its own, nothing writable, no engine object', () => {
    let env: any;
    const { program: p } = channel(() => class { state = 'FOLLOWER'; currentTerm = 0; votedFor = null; constructor(e: any) { if (e.id === 'n1') env = e; } });
    new Simulation({ seed: 1, nodes: ['n1', 'n2'], program: p, persisted: { n1: { currentTerm: 3, votedFor: 'n2' } } });
    expect(Object.keys(env).sort()).toEqual(['clearInterval', 'clearTimeout', 'clusterSize', 'id', 'lastLogIndex', 'lastLogTerm', 'log', 'now', 'peers', 'persist', 'persisted', 'random', 'sendHeartbeat', 'sendRequestVote', 'setInterval', 'setTimeout']);
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
    for (const value of [env, env.peers, env.persisted]) expect(Object.isFrozen(value)).toBe(true);
    for (const key of Object.keys(env)) {
      const v = env[key];
      if (typeof v !== 'function') continue;
      expect(Object.isFrozen(v), key).toBe(true);
      expect(Object.getPrototypeOf(v), key).toBe(Function.prototype);
      expect(Reflect.ownKeys(v).sort(), key).toEqual(['length', 'name']); // no `prototype`: nothing to climb
    }
    expect(env.persisted).toEqual({ currentTerm: 3, votedFor: 'n2' });
  });

  it('each delivery hands a fresh frozen copy of the message body, with the contract\'s fields only', () => {
    const bodies: any[] = [];
    const { program: p } = channel(() => class extends Quiet { onRequestVote(_f?: string, a?: any) { bodies.push(a); return { term: 0, voteGranted: false }; } });
    const sim = new Simulation({ seed: 1, nodes: ['n1', 'p2'], puppets: ['p2'], program: p, record: true });
    sim.inject('p2', 'n1', 'RequestVote', { term: 0, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0, sneaky: 1 });
    sim.inject('p2', 'n1', 'RequestVote', { term: 0, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0 });
    expect(bodies[0]).not.toBe(bodies[1]);
    expect(Object.isFrozen(bodies[0])).toBe(true);
    expect(Object.keys(bodies[0])).toEqual(['term', 'candidateId', 'lastLogIndex', 'lastLogTerm']);
    const sent = sim.trace.find((e) => e.type === 'send') as { msg: { body: unknown } };
    expect(sent.msg.body).not.toBe(bodies[0]);
  });

  it('state getters run inside the node\'s turn (virtual globals work there) and are read once per turn', () => {
    const p = plainProgram(compileTs(`let reads = 0;
      export class Node {
        currentTerm = 0; votedFor = null;
        get state() { reads++; Math.random(); Date.now(); return 'FOLLOWER'; }
        onRequestVote() { console.log('reads', reads); return { term: 0, voteGranted: false }; }
      }`));
    const lines: string[] = [];
    const sim = new Simulation({ seed: 1, nodes: ['n1', 'p2'], puppets: ['p2'], program: p, onLog: (l) => void lines.push(l) });
    sim.inject('p2', 'n1', 'RequestVote', { term: 0, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0 });
    sim.inject('p2', 'n1', 'RequestVote', { term: 0, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0 });
    expect(sim.violation).toBeNull();
    expect(lines).toEqual(['[t=0ms n1] reads 1', '[t=0ms n1] reads 2']); // once at boot, once after each turn
  });
});

describe('the grader\'s stop signal cannot be forged or replayed', () => {
  const throwsFrom = (make: (shared: Record<string, any>) => () => unknown, shared: Record<string, any>) =>
    channel((s) => class extends Quiet { onRequestVote() { return make(s)(); } }, shared);

  function stopSignal(): Error {
    // A real stop signal, caught by learner code in a run that then failed with bad-call.
    let caught: any;
    const { program: p } = channel(() => class { state = 'FOLLOWER'; currentTerm = 0; votedFor = null; constructor(e: any) { try { e.persist(null); } catch (x) { caught = x; } } });
    const sim = new Simulation({ seed: 1, nodes: ['n1'], program: p });
    expect(sim.violation?.rule).toBe('bad-call');
    expect(caught).toBeInstanceOf(Error);
    expect(Object.isFrozen(caught)).toBe(true);
    expect(caught.message).toMatch(/^The grader stopped this node: n1: env\.persist expects/);
    return caught;
  }

  it('a stop signal kept from a finished run, rethrown in a new run, is a throw of the learner\'s', () => {
    const stop = stopSignal();
    const { program: p } = throwsFrom((s) => () => { throw s.stop; }, { stop });
    const sim = new Simulation({ seed: 1, nodes: ['n1', 'p2'], puppets: ['p2'], program: p });
    sim.inject('p2', 'n1', 'RequestVote', { term: 0, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0 });
    expect(sim.violation?.rule).toBe('code-threw');
    expect(sim.violation?.message).toMatch(/^n1: onRequestVote threw Error: The grader stopped this node/);
  });

  it('objects made to look like a stop signal (its prototype, message, a Halt class) are throws of the learner\'s', () => {
    const stop = stopSignal();
    const forgeries = [
      () => Object.setPrototypeOf({ message: stop.message }, Object.getPrototypeOf(stop)),
      () => Object.create(stop),
      () => new Error(stop.message),
      () => new (class Halt extends Error {})('halt'),
    ];
    for (const forge of forgeries) {
      const { program: p } = throwsFrom(() => () => { throw forge(); }, {});
      const sim = new Simulation({ seed: 1, nodes: ['n1', 'p2'], puppets: ['p2'], program: p });
      sim.inject('p2', 'n1', 'RequestVote', { term: 0, candidateId: 'p2', lastLogIndex: 0, lastLogTerm: 0 });
      expect(sim.violation?.rule, String(forge)).toBe('code-threw');
    }
  });

  it('an env kept from a finished run fails the run that uses it, even when the learner swallows the error', () => {
    const shared: Record<string, any> = {};
    const { program: p } = channel((s) => class {
      state = 'FOLLOWER'; currentTerm = 0; votedFor = null;
      constructor(e: any) {
        if (s.env) { try { s.env.persist({ currentTerm: 1, votedFor: null }); } catch { /* swallowed */ } }
        else s.env = e;
      }
    }, shared);
    const first = new Simulation({ seed: 1, nodes: ['n1'], program: p });
    expect(first.violation).toBeNull();
    const second = new Simulation({ seed: 1, nodes: ['n1'], program: p });
    expect(second.violation?.rule).toBe('bad-call');
    expect(second.violation?.message).toBe('n1: env.persist was called on an env kept from an earlier run: an env is valid only in the run that created it');
    expect(first.violation).toBeNull(); // the finished run is not touched
  });

  it('another node\'s env, or the env of an earlier incarnation, fails the run with a clear message', () => {
    const { program: p } = channel((s) => class extends Quiet {
      constructor(e: any) { super(); s[e.id] = e; }
      onRequestVote() { try { s.n1.now(); } catch { /* swallowed */ } return { term: 0, voteGranted: false }; }
    });
    const sim = new Simulation({ seed: 1, nodes: ['n1', 'n2', 'p3'], puppets: ['p3'], program: p });
    sim.inject('p3', 'n2', 'RequestVote', { term: 0, candidateId: 'p3', lastLogIndex: 0, lastLogTerm: 0 });
    expect(sim.violation?.message).toBe('n2 called env.now of n1: a node may only use its own env');

    const sim2 = new Simulation({ seed: 1, nodes: ['n1', 'p3'], puppets: ['p3'], program: channel((s) => class extends Quiet {
      constructor(e: any) { super(); if (s.old) s.old.random(); s.old = e; }
    }).program });
    sim2.crash('n1');
    sim2.restart('n1');
    expect(sim2.violation?.rule).toBe('bad-call');
    expect(sim2.violation?.message).toBe('n1: env.random was called on the env of an earlier incarnation (before a crash): use the env of the current Node');
  });
});

describe('budgets', () => {
  it('too-many-timers: a node may hold 10,000 pending timers', () => {
    const p = program('', `for (let i = 0; i < 20000; i++) setTimeout(() => {}, 1000);`);
    const sim = new Simulation({ seed: 1, nodes: ['n1'], program: p });
    expect(sim.violation?.rule).toBe('too-many-timers');
    expect(sim.violation?.message).toBe('n1 has 10000 timers pending, the most one node may hold: clear a timer (clearTimeout, clearInterval) before setting a new one');
    const fine = new Simulation({ seed: 1, nodes: ['n1'], program: program('', `for (let i = 0; i < 9999; i++) setTimeout(() => {}, 1000);`) });
    expect(fine.violation).toBeNull();
  });

  it('message-flood: at most 1,000 messages in one turn', () => {
    const flood = (n: number) => program('', `for (let i = 0; i < ${n}; i++) env.sendHeartbeat('n2', { term: 0, leaderId: 'n1' });`);
    const sim = new Simulation({ seed: 1, nodes: ['n1', 'n2'], puppets: ['n2'], program: flood(1_000_000) });
    expect(sim.violation?.rule).toBe('message-flood');
    expect(sim.violation?.message).toMatch(/^n1 sent more than 1000 messages in one turn/);
    expect(new Simulation({ seed: 1, nodes: ['n1', 'n2'], puppets: ['n2'], program: flood(1000) }).violation).toBeNull();
  });

  it('a recorded trace keeps at most recordLimit events, while the run goes on and counts them all', () => {
    const full = new Simulation({ seed: 3, nodes: ids(3), program: reference, record: true });
    full.runUntil(2000);
    const capped = new Simulation({ seed: 3, nodes: ids(3), program: reference, record: true, recordLimit: 100 });
    capped.runUntil(2000);
    expect(capped.trace).toEqual(full.trace.slice(0, 100));
    expect(capped.eventCount).toBe(full.eventCount);
  });

  it('console output: lines cut at 1,000 characters, 64 KB a test run, then "(output truncated)" and no more formatting', () => {
    const p = program('', `console.log('a'.repeat(50_000_000)); console.log('x', { ['k'.repeat(10_000)]: 'v'.repeat(10_000) }, [1, 2]);
      for (let i = 0; i < 200; i++) console.log(String(i).padEnd(900, '.'));`);
    const ctx = new RunContext(1, p, () => ({}), false, 1000);
    ctx.cluster({ size: 1 });
    expect(ctx.logs[0]!.length).toBe(1000);
    expect(ctx.logs[0]!.endsWith('…')).toBe(true);
    expect(ctx.logs[1]).toBe(`[t=0ms n1] x { ${'k'.repeat(27)}...: ${JSON.stringify('v'.repeat(57) + '...')} } an array of 2`);
    const bytes = ctx.logs.reduce((s, l) => s + l.length, 0);
    expect(bytes).toBeLessThanOrEqual(64 * 1024 + 100);
    expect(ctx.logs.at(-1)).toBe('… (output truncated): more than 64 KB');
    expect(ctx.logs.length).toBeLessThan(100);
  });

  it('console output: the line cap still ends with "(output truncated)"', () => {
    const ctx = new RunContext(1, program('', `for (let i = 0; i < 100; i++) console.log(i);`), () => ({}), false, 50);
    ctx.cluster({ size: 1 });
    expect(ctx.logs.length).toBe(51);
    expect(ctx.logs.at(-1)).toBe('… (output truncated): more than 50 lines');
  });

  it('describeValue stays short for huge, cyclic and hostile values', () => {
    const cyclic: any = { a: 1 };
    cyclic.self = cyclic;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    for (const v of [cyclic, proxy, many, 'x'.repeat(1e7), { ['y'.repeat(1e6)]: 'z'.repeat(1e6) }, new Array(1e7), [cyclic]]) {
      expect(describeValue(v).length).toBeLessThan(1000);
    }
    expect(describeValue(proxy)).toBe('an unreadable value');
  });
});

describe('hidden and virtual globals are fresh per node boot', () => {
  it('a write to a hidden global or a virtual one at module level or in a method dies with that node', () => {
    const p = plainProgram(compileTs(`
      declare let process: any, WeakRef: any, setTimeout: any;
      process = (typeof process === 'number' ? process : 0) + 1;
      WeakRef = process;
      const boots = process;
      export class Node {
        state = 'FOLLOWER'; currentTerm = 0; votedFor = null;
        constructor(env: any) { console.log('boot sees', boots, typeof ArrayBuffer, typeof Uint8Array, typeof TextEncoder); process = 100; setTimeout = null; }
      }`));
    const lines: string[] = [];
    const sim = new Simulation({ seed: 1, nodes: ['n1', 'n2'], program: p, onLog: (l) => void lines.push(l) });
    sim.crash('n1');
    sim.restart('n1');
    new Simulation({ seed: 1, nodes: ['n1'], program: p, onLog: (l) => void lines.push(l) });
    expect(lines.map((l) => l.replace(/^\[[^\]]*\] /, ''))).toEqual(Array(4).fill('boot sees 1 undefined undefined undefined'));
  });

  it('a module may declare its own top-level names that shadow globals (let process, class Date)', () => {
    const p = plainProgram(compileTs(`
      const process = 'mine'; let crypto = 1; class Date2 {}
      export class Node { state = 'FOLLOWER'; currentTerm = 0; votedFor = null; constructor(env: any) { console.log(process, crypto); } }`));
    const lines: string[] = [];
    new Simulation({ seed: 1, nodes: ['n1'], program: p, onLog: (l) => void lines.push(l) });
    expect(lines).toEqual(['[t=0ms n1] mine 1']);
  });
});

describe('output caps without a grader', () => {
  it('a simulation keeps at most 64 KB of log lines in its trace, then one "(output truncated)"', () => {
    const sim = new Simulation({ seed: 1, nodes: ['n1'], record: true, program: program('', `for (let i = 0; i < 100_000; i++) console.log('x'.repeat(2000));`) });
    const logs = sim.trace.filter((e) => e.type === 'log') as { text: string }[];
    expect(logs.reduce((s, e) => s + e.text.length, 0)).toBeLessThanOrEqual(64 * 1024 + 100);
    expect(logs.at(-1)!.text).toBe('… (output truncated)');
    expect(logs.length).toBe(Math.floor((64 * 1024) / 1000) + 1);
  });
});
