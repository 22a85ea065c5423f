// What a test gets for one seeded run: simulations wired to the learner's program, a harness
// for rule tests on one node, and helpers that turn violations into failures.
import type { HeartbeatReply, NodeId, PersistentState, RequestVoteReply } from '../contract/raft';
import type { NetworkConfig } from '../sim/network';
import { streamFor, type Prng } from '../sim/prng';
import type { LearnerProgram } from '../sim/program';
import { Simulation } from '../sim/simulator';
import type { Message } from '../sim/trace';
import { LOG_BYTES_MAX, LOG_LINE_MAX, LOG_TRUNCATED } from '../sim/describe';

export { LOG_BYTES_MAX } from '../sim/describe';
import { Failure } from './failure';

export { ELECTION_TIMEOUT_MAX, ELECTION_TIMEOUT_MIN, HEARTBEAT_INTERVAL } from '../timing';

export interface ClusterOptions {
  size?: number;
  ids?: NodeId[];
  network?: Partial<NetworkConfig>;
  logs?: Record<NodeId, { lastLogIndex: number; lastLogTerm: number }>;
  persisted?: Record<NodeId, PersistentState>;
}

export class RunContext {
  /** Simulations made in this run; the last one is the one reported on failure. */
  readonly sims: Simulation[] = [];
  readonly logs: string[] = [];
  readonly rng: Prng;
  private logBytes = 0;
  private logFull = false;

  constructor(
    readonly seed: number,
    readonly program: LearnerProgram | null,
    readonly exportsOf: () => Record<string, unknown>,
    readonly record: boolean,
    readonly logCap: number,
    /** With `record`, the most events a simulation keeps (its trace is cut there anyway). */
    readonly recordLimit = Infinity,
  ) {
    this.rng = streamFor(seed, 'test');
  }

  /** A cluster of learner nodes n1..nN. */
  cluster(options: ClusterOptions = {}): Simulation {
    const ids = options.ids ?? Array.from({ length: options.size ?? 5 }, (_, i) => `n${i + 1}`);
    return this.makeSim(ids, [], options);
  }

  /** One learner node n1 among puppets p2..pN that the test drives by hand; a steady network. */
  single(options: ClusterOptions & { size?: number } = {}): Harness {
    const size = options.size ?? 3;
    const ids = ['n1', ...Array.from({ length: size - 1 }, (_, i) => `p${i + 2}`)];
    const sim = this.makeSim(ids, ids.slice(1), { network: { minDelay: 1, maxDelay: 1 }, ...options });
    return new Harness(sim, this);
  }

  private makeSim(ids: NodeId[], puppets: NodeId[], options: ClusterOptions): Simulation {
    if (!this.program) throw new Error('this exercise has no Node to simulate');
    const sim = new Simulation({
      seed: (this.seed ^ (this.sims.length * 0x9e3779b1)) >>> 0,
      nodes: ids,
      puppets,
      program: this.program,
      network: options.network,
      logs: options.logs,
      persisted: options.persisted,
      record: this.record,
      recordLimit: this.recordLimit,
      onLog: (line) => this.log(line),
    });
    this.sims.push(sim);
    this.ensure(sim);
    return sim;
  }

  /**
   * Captures a line of the learner's console output, up to `logCap` lines and LOG_BYTES_MAX in all,
   * each line at most LOG_LINE_MAX characters; past a cap, one last line says the output was cut.
   * Returns false once the budget is spent, so that callers stop formatting output.
   */
  log(line: string): boolean {
    if (this.logFull) return false;
    const text = line.length > LOG_LINE_MAX ? line.slice(0, LOG_LINE_MAX - 1) + '…' : line;
    if (this.logs.length >= this.logCap || this.logBytes + text.length > LOG_BYTES_MAX) {
      this.logs.push(`… ${LOG_TRUNCATED}: more than ${this.logs.length >= this.logCap ? `${this.logCap} lines` : `${LOG_BYTES_MAX / 1024} KB`}`);
      this.logFull = true;
      return false;
    }
    this.logs.push(text);
    this.logBytes += text.length;
    return true;
  }

  /** Runs a simulation to a virtual time; a broken rule fails the test there and then. */
  runUntil(sim: Simulation, until: number): void {
    sim.runUntil(until);
    this.ensure(sim);
  }

  runFor(sim: Simulation, ms: number): void {
    this.runUntil(sim, sim.now + ms);
  }

  /** Turns the simulation's first violation, if any, into this test's failure. */
  ensure(sim: Simulation): void {
    const v = sim.violation;
    if (v) throw new Failure(v.message, undefined, undefined, v.rule, v.time, v.eventIndex, v.stack);
  }

  /** Fails with the current time and event index of `sim` attached. */
  failAt(sim: Simulation, message: string, expected?: string, observed?: string): never {
    throw new Failure(message, expected, observed, undefined, sim.now, sim.eventCount - 1);
  }

  // Not an `asserts` signature: tests receive `ctx` untyped (contextually), which TS2775 forbids for assertions.
  checkAt(sim: Simulation, condition: unknown, message: string, expected?: string, observed?: string): void {
    if (!condition) this.failAt(sim, message, expected, observed);
  }

  /** Runs until `predicate` holds (checked after every ms step), or fails after `limit` ms. */
  waitFor(sim: Simulation, limit: number, predicate: () => boolean, message: string): number {
    const start = sim.now;
    while (!predicate()) {
      if (sim.now - start >= limit) this.failAt(sim, message);
      this.runFor(sim, 1);
    }
    return sim.now;
  }
}

/** Drives one learner node (n1) against puppets: the style of etcd's raft_paper_test.go. */
export class Harness {
  readonly id = 'n1';
  constructor(
    readonly sim: Simulation,
    readonly ctx: RunContext,
  ) {}

  get node() {
    return this.sim.view(this.id);
  }

  get peers(): NodeId[] {
    return this.sim.ids.filter((p) => p !== this.id);
  }

  advance(ms: number): void {
    this.ctx.runFor(this.sim, ms);
  }

  requestVote(from: NodeId, args: { term: number; lastLogIndex?: number; lastLogTerm?: number; candidateId?: NodeId }): RequestVoteReply | undefined {
    const reply = this.sim.inject(from, this.id, 'RequestVote', { lastLogIndex: 0, lastLogTerm: 0, candidateId: from, ...args }) as RequestVoteReply | undefined;
    this.ctx.ensure(this.sim);
    return reply;
  }

  heartbeat(from: NodeId, term: number): HeartbeatReply | undefined {
    const reply = this.sim.inject(from, this.id, 'Heartbeat', { term, leaderId: from }) as HeartbeatReply | undefined;
    this.ctx.ensure(this.sim);
    return reply;
  }

  voteReply(from: NodeId, term: number, voteGranted: boolean): void {
    this.sim.inject(from, this.id, 'RequestVoteReply', { term, voteGranted });
    this.ctx.ensure(this.sim);
  }

  heartbeatReply(from: NodeId, term: number, success: boolean): void {
    this.sim.inject(from, this.id, 'HeartbeatReply', { term, success });
    this.ctx.ensure(this.sim);
  }

  /** Calls a method on the node as if during its own turn. */
  call(what: string, fn: (node: Record<string, (...args: unknown[]) => unknown>) => unknown): void {
    this.sim.act(this.id, what, (n) => fn(n as unknown as Record<string, (...args: unknown[]) => unknown>));
    this.ctx.ensure(this.sim);
  }

  /** Fails unless n1 is in `state` and `term`. */
  expectRole(state: string, term: number, situation: string): void {
    const n = this.node;
    this.ctx.checkAt(this.sim, n.state === state && n.term === term, `${situation}: n1 should be ${state} in term ${term}.`, `${state} in term ${term}`, `${n.state} in term ${n.term}`);
  }

  /** Messages the puppets received since the last call, in arrival order (after the 1 ms delay). */
  sent(): Message[] {
    this.advance(1);
    return this.peers.flatMap((p) => this.sim.takeReceived(p)).sort((a, b) => a.id - b.id);
  }
}

/** Virtual milliseconds to one decimal, for messages. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
