// The simulator itself: determinism, the network's faults, pauses, crashes, and every invariant
// firing on a node built to break it.
import { describe, expect, it } from 'vitest';
import { plainProgram, Simulation, type TraceEvent } from '../../src/engine';
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
