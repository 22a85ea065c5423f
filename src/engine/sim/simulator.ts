// The discrete-event cluster simulator: virtual clock, event queue, faulty network, crashes,
// restarts and pauses, learner nodes run in turn, invariants checked after every step.
import type {
  HeartbeatReply,
  NodeEnv,
  NodeId,
  PersistentState,
  RaftNode,
  RequestVoteReply,
  Role,
} from '../contract/raft';
import { majority } from '../quorum';
import { Network, type NetworkConfig } from './network';
import { Prng, streamFor } from './prng';
import type { LearnerProgram } from './program';
import { EventQueue } from './queue';
import type { DropReason, Message, MessageKind, RuleId, TraceEvent, Violation } from './trace';
import type { NodeServices } from './virtual-globals';
import { describeThrown, describeValue, formatLogLine, LOG_BYTES_MAX, LOG_TRUNCATED, thrownStack } from './describe';
import { learnerError } from './stack';

/** Pending timers one node may hold: far above any Raft node's few, far below a memory bomb. */
export const MAX_TIMERS_PER_NODE = 10_000;
/** Messages one turn may send: a node sends at most one per peer and kind; this stops a flood. */
export const MAX_SENDS_PER_TURN = 1_000;

export interface SimOptions {
  seed: number;
  /** Node ids, in ring order. Learner nodes run the program; puppets are driven by the test. */
  nodes: NodeId[];
  puppets?: NodeId[];
  program?: LearnerProgram;
  network?: Partial<NetworkConfig>;
  /** Fixed logs for the election exercises (default: empty logs). */
  logs?: Record<NodeId, { lastLogIndex: number; lastLogTerm: number }>;
  /** Stable storage at time 0 (default: empty, a first boot). */
  persisted?: Record<NodeId, PersistentState>;
  /** Keep every event in `trace` (a replay does); otherwise only count them. */
  record?: boolean;
  /** A run that exceeds this many events is stopped (a timer loop). */
  maxEvents?: number;
  /** Called with each line the learner logs; returns false once the output budget is spent. */
  onLog?: (line: string) => boolean | void;
  /** With `record`, keep at most this many events (the run goes on and is counted in full). */
  recordLimit?: number;
}

interface Timer {
  id: number;
  owner: NodeRuntime;
  due: number;
  period: number | null;
  /** The learner's function; always called as a plain function, `this` undefined. */
  callback: (...args: unknown[]) => unknown;
  gen: number;
  remaining: number;
  /** What the test harness sees: the delay asked for. */
  delay: number;
  setAt: number;
}

type QueueItem =
  | { time: number; seq: number; kind: 'timer'; timer: Timer; gen: number }
  | { time: number; seq: number; kind: 'deliver'; msg: Message; incarnation: number; copy: boolean }
  | { time: number; seq: number; kind: 'action'; run: () => void };

interface Snapshot {
  state: Role;
  term: number;
  votedFor: NodeId | null;
}

/**
 * The turn running now in this realm: which simulation runs which node's code. Turns never nest and
 * runs are sequential, so one slot suffices (module variables, not an object per turn: a grading
 * has hundreds of thousands of turns), and an env or virtual global of another node, incarnation
 * or run can tell that the turn is not its own.
 */
let turnSim: Simulation | null = null;
let turnRt: NodeRuntime | null = null;
/** What the current turn runs ("onHeartbeat", "a timer callback"), for a host's timeout message. */
let turnWhat = '';
/** Messages sent so far in this turn (a flood is stopped). */
let turnSent = 0;
/**
 * The grader stops a misbehaving node by recording a violation and throwing a stop signal through
 * the learner's frames; the turn swallows exactly that object, compared by identity. No class,
 * prototype or brand is shared with learner code, so nothing it builds, and no stop signal it kept
 * from an earlier turn or run, passes for one: those count as the learner's own throw.
 */
let turnStop: Error | null = null;

/**
 * Records a violation (in the run whose turn is running, else in `owner`) and throws the turn's
 * stop signal: a fresh frozen Error with the learner's frames only.
 */
function stopTurn(owner: Simulation, rule: RuleId, message: string, nodes: NodeId[]): never {
  (turnSim ?? owner).fail(rule, message, nodes);
  const stop = learnerError(`The grader stopped this node: ${message}`);
  if (turnSim) turnStop = stop;
  throw stop;
}

export interface TimerView {
  id: number;
  delay: number;
  due: number;
  repeat: boolean;
  setAt: number;
}

export class NodeRuntime implements NodeServices {
  alive = true;
  paused = false;
  pauseStart = 0;
  pausedTotal = 0;
  incarnation = 0;
  instance: RaftNode | null = null;
  stable: PersistentState | null;
  last: Snapshot = { state: 'FOLLOWER', term: 0, votedFor: null };
  maxTerm = 0;
  readonly timers = new Map<number, Timer>();
  readonly inbox: Message[] = [];
  readonly received: Message[] = [];
  readonly rng: Prng;

  constructor(
    readonly sim: Simulation,
    readonly id: NodeId,
    readonly puppet: boolean,
    stable: PersistentState | null,
  ) {
    this.stable = stable ? { ...stable } : null;
    this.rng = streamFor(sim.seed, `node:${id}`);
  }

  localNow(): number {
    return this.sim.now - this.pausedTotal;
  }

  // NodeServices: what the virtual globals route to during this node's turn.
  setTimeout(callback: unknown, ms: unknown): number {
    return this.sim.addTimer(this, callback, ms, false, 'setTimeout');
  }
  setInterval(callback: unknown, ms: unknown): number {
    return this.sim.addTimer(this, callback, ms, true, 'setInterval');
  }
  clearTimeout(id: unknown): void {
    this.sim.clearTimer(this, id);
  }
  clearInterval(id: unknown): void {
    this.sim.clearTimer(this, id);
  }
  now(): number {
    return this.localNow();
  }
  random(): number {
    return this.rng.next();
  }
  log(level: string, args: unknown[]): void {
    this.sim.log(this, level, args);
  }
}

const ROLES: readonly Role[] = ['FOLLOWER', 'CANDIDATE', 'LEADER'];

export class Simulation {
  readonly seed: number;
  readonly options: SimOptions;
  now = 0;
  eventCount = 0;
  readonly trace: TraceEvent[] = [];
  violation: Violation | null = null;
  readonly network: Network;
  readonly runtimes = new Map<NodeId, NodeRuntime>();
  readonly ids: readonly NodeId[];

  /** Ground truth gathered by the simulator, independent of what nodes claim. */
  readonly leaderOfTerm = new Map<number, NodeId>();
  readonly votesCast = new Map<string, NodeId>(); // `${voter}@${term}` -> candidate
  readonly grantsDelivered = new Map<string, Set<NodeId>>(); // `${candidate}@${term}` -> voters
  /** Every time a node became leader: for tests counting elections. */
  readonly leadershipLog: { node: NodeId; term: number; time: number }[] = [];

  private readonly queue = new EventQueue<QueueItem>();
  private seq = 0;
  private msgSeq = 0;
  private timerSeq = 0;
  private readonly maxEvents: number;
  private readonly recordLimit: number;
  /** Set once the learner's output budget is spent: later console calls cost nothing. */
  private logClosed = false;
  private logBytes = 0;

  constructor(options: SimOptions) {
    this.options = options;
    this.seed = options.seed >>> 0;
    this.ids = options.nodes.slice();
    this.maxEvents = options.maxEvents ?? 2_000_000;
    this.recordLimit = options.recordLimit ?? Infinity;
    this.network = new Network(streamFor(this.seed, 'network'), options.network);
    const puppets = new Set(options.puppets ?? []);
    for (const id of this.ids) {
      this.runtimes.set(id, new NodeRuntime(this, id, puppets.has(id), options.persisted?.[id] ?? null));
    }
    if (this.ids.some((id) => !puppets.has(id)) && !options.program) throw new Error('learner nodes need a program');
    for (const id of this.ids) if (!puppets.has(id)) this.boot(this.rt(id));
  }

  get clusterSize(): number {
    return this.ids.length;
  }

  rt(id: NodeId): NodeRuntime {
    const rt = this.runtimes.get(id);
    if (!rt) throw new Error(`no node ${id}`);
    return rt;
  }

  get halted(): boolean {
    return this.violation !== null;
  }

  // ---------------------------------------------------------------- trace and verdicts

  emit(event: DistributiveOmit<TraceEvent, 'i' | 't'>): void {
    const i = this.eventCount++;
    if (this.options.record && this.trace.length < this.recordLimit) this.trace.push({ ...event, i, t: this.now } as TraceEvent);
  }

  /**
   * A line of the learner's console output: capped in length, dropped once the budget is spent,
   * the caller's (onLog returns false) or this simulation's own LOG_BYTES_MAX in the trace.
   */
  log(rt: NodeRuntime, level: string, args: unknown[]): void {
    if (this.logClosed) return;
    const line = formatLogLine(`[t=${this.now}ms ${rt.id}${level === 'log' ? '' : ' ' + level}] `, args);
    this.logBytes += line.length;
    const accepted = this.options.onLog?.(line) !== false;
    if (accepted && this.logBytes <= LOG_BYTES_MAX) {
      this.emit({ type: 'log', node: rt.id, text: line });
    } else {
      this.emit({ type: 'log', node: rt.id, text: `… ${LOG_TRUNCATED}` });
      this.logClosed = true;
    }
  }

  /** Records the first violation and stops the run; later ones are consequences. */
  fail(rule: RuleId, message: string, nodes: NodeId[], stack?: string): void {
    if (this.violation) return;
    this.emit({ type: 'violation', rule, message, nodes });
    this.violation = { rule, message, time: this.now, eventIndex: this.eventCount - 1, nodes, stack };
  }

  // ---------------------------------------------------------------- running

  /** Runs events up to and including virtual time `until` (ms), unless a rule breaks first. */
  runUntil(until: number): void {
    while (!this.violation) {
      const top = this.queue.peek();
      if (!top || top.time > until) break;
      this.queue.pop();
      this.now = top.time;
      this.execute(top);
      if (this.eventCount > this.maxEvents) {
        this.fail('too-many-events', `The run exceeded ${this.maxEvents} events by t=${this.now}ms: a timer or message loop that never waits?`, []);
      }
    }
    if (!this.violation && this.now < until) this.now = until;
  }

  runFor(ms: number): void {
    this.runUntil(this.now + ms);
  }

  /** Schedules a scripted action (fault, check) at a virtual time. */
  at(time: number, run: () => void): void {
    this.queue.push({ time, seq: this.seq++, kind: 'action', run });
  }

  private execute(item: QueueItem): void {
    if (item.kind === 'action') {
      item.run();
    } else if (item.kind === 'timer') {
      const timer = item.timer;
      if (timer.gen !== item.gen || !timer.owner.timers.has(timer.id)) return;
      const owner = timer.owner;
      if (timer.period !== null) {
        timer.due += timer.period;
        this.queue.push({ time: timer.due, seq: this.seq++, kind: 'timer', timer, gen: timer.gen });
      } else {
        owner.timers.delete(timer.id);
      }
      this.emit({ type: 'timer-fire', node: owner.id, timer: timer.id });
      // A plain call: `this` is undefined in the callback, never the timer or anything of the engine.
      this.invoke(owner, 'a timer callback', () => Reflect.apply(timer.callback, undefined, []));
    } else {
      this.deliver(item.msg, item.incarnation);
    }
  }

  // ---------------------------------------------------------------- calling learner code

  /**
   * Starts node `rt`'s turn: the virtual globals route to `rt`, and env calls are allowed for `rt`
   * only. Every read of learner values (handler results, state getters, Proxy traps) happens inside
   * a turn, so it runs as the learner's code, under the same rules and budget. (A host's wall-clock
   * guard for a turn, if any, is armed here and disarmed in endTurn.)
   */
  private beginTurn(rt: NodeRuntime, what: string): void {
    if (turnSim) throw new Error(`engine: ${rt.id}'s turn began inside ${turnRt?.id}'s`);
    this.options.program!.router.current = rt;
    turnSim = this;
    turnRt = rt;
    turnWhat = what;
    turnSent = 0;
    turnStop = null;
  }

  private endTurn(): void {
    this.options.program!.router.current = null;
    turnSim = null;
    turnRt = null;
    turnWhat = '';
    turnStop = null;
  }

  /** Whether `error` is the stop signal this turn threw after recording a violation. */
  private stopped(error: unknown): boolean {
    return turnStop !== null && error === turnStop && this.violation !== null;
  }

  /** Runs learner code as node `rt`: routes the virtual globals, catches throws, then observes. */
  invoke<T>(rt: NodeRuntime, what: string, fn: (node: RaftNode) => T): T | undefined {
    const node = rt.instance;
    if (!node || this.violation) return undefined;
    let result: T | undefined;
    let snap: Snapshot | null = null;
    this.beginTurn(rt, what);
    try {
      try {
        result = fn(node);
        if (isThenable(result)) {
          throw new Error(`${what} returned a Promise: handlers must be synchronous (no async/await)`);
        }
      } catch (error) {
        if (!this.stopped(error)) {
          this.fail('code-threw', `${rt.id}: ${what} threw ${describeThrown(error)}`, [rt.id], thrownStack(error));
        }
        result = undefined;
      }
      if (!this.violation) snap = this.readSnapshot(rt);
    } finally {
      this.endTurn();
    }
    if (snap) this.observe(rt, snap);
    return this.violation ? undefined : result;
  }

  private boot(rt: NodeRuntime): void {
    const program = this.options.program!;
    const incarnation = rt.incarnation;
    const env = this.makeEnv(rt, incarnation);
    rt.instance = { state: 'FOLLOWER', currentTerm: 0, votedFor: null } as unknown as RaftNode; // placeholder during boot
    let snap: Snapshot | null = null;
    this.beginTurn(rt, 'the constructor');
    try {
      try {
        const exports = program.load();
        const NodeClass = exports?.Node ?? exports?.default;
        if (typeof NodeClass !== 'function') {
          throw new Error('your module must export a class named Node (export class Node { ... })');
        }
        rt.instance = new (NodeClass as new (env: NodeEnv) => RaftNode)(env);
      } catch (error) {
        if (!this.stopped(error)) this.fail('code-threw', `${rt.id}: creating the Node threw ${describeThrown(error)}`, [rt.id], thrownStack(error));
        rt.instance = null;
      }
      if (!this.violation) snap = this.readSnapshot(rt);
    } finally {
      this.endTurn();
    }
    if (!snap) return;
    if (snap.term < rt.maxTerm) {
      this.fail(
        'term-monotonic',
        `${rt.id} restarted with currentTerm ${snap.term}, but it had reached term ${rt.maxTerm} before the crash: currentTerm must be persisted and restored from env.persisted`,
        [rt.id],
      );
      return;
    }
    rt.last = snap;
    rt.maxTerm = Math.max(rt.maxTerm, snap.term);
    this.emit({ type: 'boot', node: rt.id, state: snap.state, term: snap.term, votedFor: snap.votedFor });
    if (snap.votedFor !== null) this.recordVote(rt.id, snap.term, snap.votedFor);
  }

  /**
   * The node's env: a fresh hardened object per boot whose functions are closures over the runtime
   * and expose nothing of it (no `this`, no engine prototype). Each call checks that it comes from
   * this node's own turn in this run and incarnation.
   */
  private makeEnv(rt: NodeRuntime, incarnation: number): NodeEnv {
    const sim = this;
    const log = sim.options.logs?.[rt.id] ?? { lastLogIndex: 0, lastLogTerm: 0 };
    const guard = (what: string) => {
      if (turnRt === rt && rt.incarnation === incarnation && rt.alive) return;
      let message: string;
      if (!turnRt) message = `${rt.id}: env.${what} was called outside this node's turn`;
      else if (turnSim !== sim) message = `${turnRt.id}: env.${what} was called on an env kept from an earlier run: an env is valid only in the run that created it`;
      else if (turnRt !== rt) message = `${turnRt.id} called env.${what} of ${rt.id}: a node may only use its own env`;
      else message = `${rt.id}: env.${what} was called on the env of an earlier incarnation (before a crash): use the env of the current Node`;
      stopTurn(sim, 'bad-call', message, [turnRt ? turnRt.id : rt.id]);
    };
    const peers = this.ids.filter((p) => p !== rt.id);
    const persisted = rt.stable ? { currentTerm: rt.stable.currentTerm, votedFor: rt.stable.votedFor } : null;
    const env: NodeEnv = {
      id: rt.id,
      peers,
      clusterSize: this.ids.length,
      persisted,
      lastLogIndex: log.lastLogIndex,
      lastLogTerm: log.lastLogTerm,
      persist: (state: PersistentState) => {
        guard('persist');
        const term = readNumber(state, 'currentTerm');
        const votedFor = readField(state, 'votedFor');
        if (term === undefined || !(votedFor === null || votedFor === undefined || typeof votedFor === 'string')) {
          stopTurn(sim, 'bad-call', `${rt.id}: env.persist expects { currentTerm: number, votedFor: string | null }, got ${describeValue(state)}`, [rt.id]);
        }
        rt.stable = { currentTerm: term, votedFor: (votedFor as string | null | undefined) ?? null };
        sim.emit({ type: 'persist', node: rt.id, state: { ...rt.stable } });
      },
      sendRequestVote: (to: NodeId, args: unknown) => {
        guard('sendRequestVote');
        sim.sendFromLearner(rt, to, 'RequestVote', args, ['term', 'lastLogIndex', 'lastLogTerm'], ['candidateId']);
      },
      sendHeartbeat: (to: NodeId, args: unknown) => {
        guard('sendHeartbeat');
        sim.sendFromLearner(rt, to, 'Heartbeat', args, ['term'], ['leaderId']);
      },
      setTimeout: (cb: unknown, ms: unknown) => (guard('setTimeout'), rt.setTimeout(cb, ms)),
      clearTimeout: (id: unknown) => (guard('clearTimeout'), rt.clearTimeout(id)),
      setInterval: (cb: unknown, ms: unknown) => (guard('setInterval'), rt.setInterval(cb, ms)),
      clearInterval: (id: unknown) => (guard('clearInterval'), rt.clearInterval(id)),
      now: () => (guard('now'), rt.localNow()),
      random: () => (guard('random'), rt.random()),
      log: (...args: unknown[]) => (guard('log'), rt.log('log', args)),
    } as NodeEnv;
    return this.options.program!.harden(env);
  }

  // ---------------------------------------------------------------- timers

  addTimer(rt: NodeRuntime, callback: unknown, ms: unknown, repeat: boolean, what: string): number {
    if (turnRt !== rt) stopTurn(this, 'bad-call', `${rt.id}: ${what} was called outside this node's turn`, [rt.id]);
    if (typeof callback !== 'function') {
      stopTurn(this, 'bad-call', `${rt.id}: ${what} needs a function as its first argument, got ${describeValue(callback)}`, [rt.id]);
    }
    if (rt.timers.size >= MAX_TIMERS_PER_NODE) {
      stopTurn(this, 'too-many-timers', `${rt.id} has ${rt.timers.size} timers pending, the most one node may hold: clear a timer (clearTimeout, clearInterval) before setting a new one`, [rt.id]);
    }
    let delay = Number(ms);
    if (!Number.isFinite(delay) || delay < 0) delay = 0;
    if (repeat) delay = Math.max(1, delay); // browsers clamp too; a 0 ms interval would never let time pass
    const timer: Timer = {
      id: ++this.timerSeq,
      owner: rt,
      due: this.now + delay,
      period: repeat ? delay : null,
      callback: callback as Timer['callback'],
      gen: 0,
      remaining: 0,
      delay,
      setAt: this.now,
    };
    rt.timers.set(timer.id, timer);
    this.queue.push({ time: timer.due, seq: this.seq++, kind: 'timer', timer, gen: 0 });
    this.emit({ type: 'timer-set', node: rt.id, timer: timer.id, delay, repeat });
    return timer.id;
  }

  clearTimer(rt: NodeRuntime, id: unknown): void {
    if (typeof id !== 'number') return; // clearTimeout(undefined) is legal and does nothing
    if (rt.timers.delete(id)) this.emit({ type: 'timer-clear', node: rt.id, timer: id });
  }

  /** Pending timers of a node, soonest first: what the rule tests inspect. */
  pendingTimers(id: NodeId): TimerView[] {
    const rt = this.rt(id);
    return [...rt.timers.values()]
      .map((t) => ({ id: t.id, delay: t.delay, due: rt.paused ? this.now + t.remaining : t.due, repeat: t.period !== null, setAt: t.setAt }))
      .sort((a, b) => a.due - b.due || a.id - b.id);
  }

  // ---------------------------------------------------------------- network

  /** Copies and checks the learner's arguments (each field read once, inside its turn), then sends. */
  private sendFromLearner(rt: NodeRuntime, to: unknown, kind: MessageKind, args: unknown, numbers: string[], strings: string[]): void {
    if (typeof to !== 'string' || to === rt.id || !this.runtimes.has(to)) {
      stopTurn(this, 'bad-call', `${rt.id}: send${kind} to ${describeValue(to)}: the target must be one of env.peers (${this.ids.filter((p) => p !== rt.id).join(', ')})`, [rt.id]);
    }
    if (++turnSent > MAX_SENDS_PER_TURN) {
      stopTurn(this, 'message-flood', `${rt.id} sent more than ${MAX_SENDS_PER_TURN} messages in one turn (one handler call or timer callback): a node sends at most one request per peer at a time`, [rt.id]);
    }
    const body: Record<string, unknown> = {};
    for (const key of numbers) {
      const raw = readField(args, key);
      const value = validNumber(raw);
      if (value === undefined) {
        stopTurn(this, 'bad-call', `${rt.id}: send${kind}: ${key} must be a non-negative integer, got ${describeValue(raw)}`, [rt.id]);
      }
      body[key] = value;
    }
    for (const key of strings) {
      const value = readField(args, key);
      if (typeof value !== 'string') {
        stopTurn(this, 'bad-call', `${rt.id}: send${kind}: ${key} must be a node id string, got ${describeValue(value)}`, [rt.id]);
      }
      body[key] = value;
    }
    this.checkTermPersisted(rt, body.term as number, `sending ${kind}`);
    this.send(rt.id, to, kind, body);
  }

  /** Sends from any node (puppets included) through the faulty network. */
  send(from: NodeId, to: NodeId, kind: MessageKind, body: Record<string, unknown>): Message {
    const msg: Message = { id: ++this.msgSeq, kind, from, to, term: body.term as number, sentAt: this.now, body };
    this.emit({ type: 'send', msg });
    const target = this.rt(to);
    const reason = !target.alive ? 'crashed' : this.network.blocked(from, to);
    if (reason) {
      this.dropped(msg, reason);
      return msg;
    }
    const isReply = kind === 'RequestVoteReply' || kind === 'HeartbeatReply';
    if (this.network.lost(isReply)) {
      this.dropped(msg, 'loss');
      return msg;
    }
    this.queue.push({ time: this.now + this.network.delay(), seq: this.seq++, kind: 'deliver', msg, incarnation: target.incarnation, copy: false });
    if (this.network.duplicated()) {
      this.emit({ type: 'duplicate', msg: msg.id, from, to });
      this.queue.push({ time: this.now + this.network.delay(), seq: this.seq++, kind: 'deliver', msg, incarnation: target.incarnation, copy: true });
    }
    return msg;
  }

  private dropped(msg: Message, reason: DropReason): void {
    this.emit({ type: 'drop', msg: msg.id, kind: msg.kind, from: msg.from, to: msg.to, reason });
  }

  private deliver(msg: Message, incarnation: number): void {
    const target = this.rt(msg.to);
    if (!target.alive) return this.dropped(msg, 'crashed');
    if (target.incarnation !== incarnation) return this.dropped(msg, 'restarted');
    const blocked = this.network.blocked(msg.from, msg.to);
    if (blocked) return this.dropped(msg, blocked);
    if (target.paused) {
      target.inbox.push(msg);
      this.emit({ type: 'buffer', msg: msg.id, to: msg.to });
      return;
    }
    this.emit({ type: 'deliver', msg: msg.id, kind: msg.kind, from: msg.from, to: msg.to });
    this.dispatch(target, msg);
  }

  /** Hands a message to its target now (bypassing the network); returns the learner's reply. */
  dispatch(target: NodeRuntime, msg: Message): RequestVoteReply | HeartbeatReply | undefined {
    if (target.puppet) {
      target.received.push(msg);
      return undefined;
    }
    // A fresh frozen copy per delivery: the learner can neither keep nor change what the trace holds.
    const body = freshBody(msg.kind, msg.body);
    switch (msg.kind) {
      case 'RequestVote': {
        const raw = this.invoke(target, 'onRequestVote', (n) => {
          const r = n.onRequestVote(msg.from, body as never);
          return extractReply(r, 'voteGranted');
        });
        if (!raw) return undefined;
        return this.replyToRequestVote(target, msg, raw);
      }
      case 'Heartbeat': {
        const raw = this.invoke(target, 'onHeartbeat', (n) => extractReply(n.onHeartbeat(msg.from, body as never), 'success'));
        if (!raw) return undefined;
        return this.replyToHeartbeat(target, msg, raw);
      }
      case 'RequestVoteReply':
        if (body.voteGranted === true) {
          const key = `${target.id}@${body.term}`;
          let voters = this.grantsDelivered.get(key);
          if (!voters) this.grantsDelivered.set(key, (voters = new Set()));
          voters.add(msg.from);
        }
        this.invoke(target, 'onVoteReceived', (n) => n.onVoteReceived(msg.from, body as never));
        return undefined;
      case 'HeartbeatReply':
        this.invoke(target, 'onHeartbeatReply', (n) => n.onHeartbeatReply(msg.from, body as never));
        return undefined;
    }
  }

  private replyToRequestVote(rt: NodeRuntime, msg: Message, raw: ExtractedReply): RequestVoteReply | undefined {
    if (raw.error) {
      this.fail('bad-reply', `${rt.id}: onRequestVote must return { term: number, voteGranted: boolean }; it returned ${raw.error}`, [rt.id]);
      return undefined;
    }
    const reply: RequestVoteReply = { term: raw.term, voteGranted: raw.flag };
    if (!this.checkReplyTerm(rt, 'onRequestVote', reply.term)) return undefined;
    if (reply.voteGranted) {
      const candidate = msg.body.candidateId as NodeId;
      if (reply.term !== msg.term) {
        this.fail('bad-reply', `${rt.id} granted its vote to ${candidate} for term ${msg.term} but its reply says term ${reply.term}: a vote is only for the candidate's term`, [rt.id, candidate]);
        return undefined;
      }
      const stable = rt.stable;
      if (!stable || stable.currentTerm !== reply.term || stable.votedFor !== candidate) {
        this.fail(
          'persist-before-reply',
          `${rt.id} granted its vote to ${candidate} in term ${reply.term} without persisting it first: env.persist must hold { currentTerm: ${reply.term}, votedFor: "${candidate}" } before onRequestVote returns, but stable storage holds ${describeValue(stable)}`,
          [rt.id, candidate],
        );
        return undefined;
      }
      this.recordVote(rt.id, reply.term, candidate);
      if (this.violation) return undefined;
    }
    this.checkTermPersisted(rt, reply.term, 'replying to RequestVote');
    if (this.violation) return undefined;
    this.send(rt.id, msg.from, 'RequestVoteReply', { term: reply.term, voteGranted: reply.voteGranted });
    return reply;
  }

  private replyToHeartbeat(rt: NodeRuntime, msg: Message, raw: ExtractedReply): HeartbeatReply | undefined {
    if (raw.error) {
      this.fail('bad-reply', `${rt.id}: onHeartbeat must return { term: number, success: boolean }; it returned ${raw.error}`, [rt.id]);
      return undefined;
    }
    const reply: HeartbeatReply = { term: raw.term, success: raw.flag };
    if (!this.checkReplyTerm(rt, 'onHeartbeat', reply.term)) return undefined;
    this.checkTermPersisted(rt, reply.term, 'replying to a heartbeat');
    if (this.violation) return undefined;
    this.send(rt.id, msg.from, 'HeartbeatReply', { term: reply.term, success: reply.success });
    return reply;
  }

  private checkReplyTerm(rt: NodeRuntime, handler: string, term: number): boolean {
    if (term !== rt.last.term) {
      this.fail('reply-carries-term', `${rt.id}: ${handler} replied with term ${term}, but its currentTerm is ${rt.last.term}: a reply carries the responder's current term`, [rt.id]);
      return false;
    }
    return true;
  }

  private checkTermPersisted(rt: NodeRuntime, term: number, doing: string): void {
    const saved = rt.stable?.currentTerm ?? 0;
    if (term > saved) {
      this.fail('persist-before-send', `${rt.id} was ${doing} with term ${term} while stable storage holds term ${saved}: persist currentTerm (env.persist) before sending or replying, or a crash would let it go back in time`, [rt.id]);
    }
  }

  // ---------------------------------------------------------------- observing the learner's state

  /**
   * Reads what the node claims, once per field, into checked primitives. Called inside the node's
   * turn: getters and Proxy traps run as its code, and what they return is never read twice.
   */
  private readSnapshot(rt: NodeRuntime): Snapshot | null {
    const node = rt.instance;
    if (!node) return null;
    let state: unknown, term: unknown, votedFor: unknown;
    try {
      state = (node as unknown as Record<string, unknown>).state;
      term = (node as unknown as Record<string, unknown>).currentTerm;
      votedFor = (node as unknown as Record<string, unknown>).votedFor;
    } catch (error) {
      if (this.violation) return null; // the getter broke a rule through env: that is the failure
      this.fail('bad-state', `${rt.id}: reading state, currentTerm or votedFor threw ${describeThrown(error)}`, [rt.id]);
      return null;
    }
    if (typeof state !== 'string' || !ROLES.includes(state as Role)) {
      this.fail('bad-state', `${rt.id}: state must be 'FOLLOWER', 'CANDIDATE' or 'LEADER', got ${describeValue(state)}`, [rt.id]);
      return null;
    }
    if (typeof term !== 'number' || !Number.isSafeInteger(term) || term < 0) {
      this.fail('bad-state', `${rt.id}: currentTerm must be a non-negative integer, got ${describeValue(term)}`, [rt.id]);
      return null;
    }
    if (votedFor === undefined) votedFor = null;
    if (votedFor !== null && typeof votedFor !== 'string') {
      this.fail('bad-state', `${rt.id}: votedFor must be a node id or null, got ${describeValue(votedFor)}`, [rt.id]);
      return null;
    }
    return { state: state as Role, term, votedFor: votedFor as NodeId | null };
  }

  /** After every turn of a node: trace what changed and check the safety rules. */
  private observe(rt: NodeRuntime, snap: Snapshot): void {
    const last = rt.last;
    rt.last = snap;
    if (snap.term !== last.term) {
      this.emit({ type: 'term', node: rt.id, from: last.term, to: snap.term });
      if (snap.term < last.term) {
        this.fail('term-monotonic', `${rt.id}'s currentTerm went down from ${last.term} to ${snap.term}: terms never decrease`, [rt.id]);
        return;
      }
    }
    rt.maxTerm = Math.max(rt.maxTerm, snap.term);
    if (snap.votedFor !== null && (snap.votedFor !== last.votedFor || snap.term !== last.term)) {
      this.recordVote(rt.id, snap.term, snap.votedFor);
      if (this.violation) return;
    }
    if (snap.state !== last.state) {
      this.emit({ type: 'state', node: rt.id, from: last.state, to: snap.state, term: snap.term });
    }
    if (snap.state === 'LEADER' && (last.state !== 'LEADER' || snap.term !== last.term)) this.checkNewLeader(rt, snap.term);
  }

  private recordVote(voter: NodeId, term: number, candidate: NodeId): void {
    const key = `${voter}@${term}`;
    const earlier = this.votesCast.get(key);
    if (earlier === undefined) {
      this.votesCast.set(key, candidate);
      this.emit({ type: 'vote', node: voter, term, for: candidate });
    } else if (earlier !== candidate) {
      this.fail('one-vote-per-term', `${voter} voted for ${earlier} and then for ${candidate} in term ${term}: a node votes at most once per term, also across restarts`, [voter, earlier, candidate]);
    }
  }

  private checkNewLeader(rt: NodeRuntime, term: number): void {
    this.leadershipLog.push({ node: rt.id, term, time: this.now });
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== rt.id) {
      this.fail('election-safety', `Two leaders in term ${term}: ${other} and ${rt.id}. At most one leader may be elected in a term`, [other, rt.id]);
      return;
    }
    this.leaderOfTerm.set(term, rt.id);
    const voters = new Set(this.grantsDelivered.get(`${rt.id}@${term}`) ?? []);
    if (this.votesCast.get(`${rt.id}@${term}`) === rt.id) voters.add(rt.id);
    const need = majority(this.clusterSize);
    if (voters.size < need) {
      const got = voters.size === 0 ? 'no votes' : `votes from ${[...voters].sort().join(', ')} only`;
      this.fail('leader-has-majority', `${rt.id} became leader of term ${term} with ${got}; it needs ${need} of ${this.clusterSize} (its own vote counts if it voted for itself in that term)`, [rt.id, ...voters]);
    }
  }

  // ---------------------------------------------------------------- faults

  crash(id: NodeId): void {
    const rt = this.rt(id);
    if (!rt.alive) return;
    rt.alive = false;
    rt.paused = false;
    rt.incarnation++;
    rt.timers.clear();
    rt.inbox.length = 0;
    rt.instance = null;
    this.emit({ type: 'crash', node: id });
  }

  restart(id: NodeId): void {
    const rt = this.rt(id);
    if (rt.alive) return;
    rt.alive = true;
    rt.pausedTotal = 0;
    this.emit({ type: 'restart', node: id });
    if (!rt.puppet) this.boot(rt);
  }

  /** A stop-the-world pause: the node's clock and timers freeze; messages wait in its buffer. */
  pause(id: NodeId): void {
    const rt = this.rt(id);
    if (!rt.alive || rt.paused) return;
    rt.paused = true;
    rt.pauseStart = this.now;
    for (const t of rt.timers.values()) {
      t.remaining = t.due - this.now;
      t.gen++;
    }
    this.emit({ type: 'pause', node: id });
  }

  resume(id: NodeId): void {
    const rt = this.rt(id);
    if (!rt.alive || !rt.paused) return;
    rt.paused = false;
    rt.pausedTotal += this.now - rt.pauseStart;
    this.emit({ type: 'resume', node: id });
    // Frozen timers carry on with the time they had left; messages that waited in the buffer are
    // handled at once (before any timer with time left), so the node meets the news first thing.
    for (const t of [...rt.timers.values()].sort((a, b) => a.remaining - b.remaining || a.id - b.id)) {
      t.due = this.now + t.remaining;
      this.queue.push({ time: t.due, seq: this.seq++, kind: 'timer', timer: t, gen: t.gen });
    }
    for (const msg of rt.inbox.splice(0)) {
      this.queue.push({ time: this.now, seq: this.seq++, kind: 'deliver', msg, incarnation: rt.incarnation, copy: false });
    }
  }

  partition(groups: NodeId[][]): void {
    this.network.partition(groups);
    this.emit({ type: 'partition', groups: groups.map((g) => g.slice()) });
  }

  cut(from: NodeId, to: NodeId): void {
    this.network.cut(from, to);
    this.emit({ type: 'cut', from, to });
  }

  heal(): void {
    this.network.heal();
    this.emit({ type: 'heal' });
  }

  setNetwork(config: Partial<NetworkConfig>): void {
    this.network.configure(config);
  }

  // ---------------------------------------------------------------- inspection for tests

  view(id: NodeId): { alive: boolean; paused: boolean } & Snapshot {
    const rt = this.rt(id);
    return { alive: rt.alive, paused: rt.paused, ...rt.last };
  }

  /** Live, running nodes that believe they lead, with their terms. */
  leaders(): { node: NodeId; term: number }[] {
    return this.ids
      .map((id) => this.rt(id))
      .filter((rt) => rt.alive && !rt.paused && !rt.puppet && rt.last.state === 'LEADER')
      .map((rt) => ({ node: rt.id, term: rt.last.term }));
  }

  persisted(id: NodeId): PersistentState | null {
    const s = this.rt(id).stable;
    return s ? { ...s } : null;
  }

  /** Delivers a message to a node right now, as if it just arrived; returns the reply it sent. */
  inject(from: NodeId, to: NodeId, kind: MessageKind, body: Record<string, unknown>): RequestVoteReply | HeartbeatReply | undefined {
    const msg: Message = { id: ++this.msgSeq, kind, from, to, term: body.term as number, sentAt: this.now, body: { ...body } };
    this.emit({ type: 'send', msg });
    this.emit({ type: 'deliver', msg: msg.id, kind, from, to });
    return this.dispatch(this.rt(to), msg);
  }

  /** Calls into a learner node as if one of its own timers fired (e.g. to start an election now). */
  act<T>(id: NodeId, what: string, fn: (node: RaftNode) => T): T | undefined {
    return this.invoke(this.rt(id), what, fn);
  }

  /** Messages a puppet has received so far (and forgets them). */
  takeReceived(id: NodeId): Message[] {
    return this.rt(id).received.splice(0);
  }
}

// ---------------------------------------------------------------- helpers

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface ExtractedReply {
  term: number;
  flag: boolean;
  error?: string;
}

/**
 * Reads a reply inside the learner's turn (getters and proxies run there, not in the grader): each
 * field once, copied into primitives and checked before the grader uses it.
 */
function extractReply(value: unknown, flagName: string): ExtractedReply {
  if (value === null || typeof value !== 'object') return { term: 0, flag: false, error: describeValue(value) };
  const raw = readField(value, 'term');
  const flag = readField(value, flagName);
  const term = validNumber(raw);
  if (term === undefined || typeof flag !== 'boolean') {
    return { term: 0, flag: false, error: `{ term: ${describeValue(raw)}, ${flagName}: ${describeValue(flag)} }` };
  }
  return { term, flag };
}

/** One read of a field of a learner object (a getter or Proxy trap runs once, in the learner's turn). */
function readField(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  return (obj as Record<string, unknown>)[key];
}

function validNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

function readNumber(obj: unknown, key: string): number | undefined {
  return validNumber(readField(obj, key));
}

/**
 * The frozen copy of a message body handed to learner code: the contract's fields only, built as a
 * literal (V8 freezes a literal cheaply; a frozen spread copy costs ~20 times more).
 */
function freshBody(kind: MessageKind, b: Record<string, unknown>): Readonly<Record<string, unknown>> {
  switch (kind) {
    case 'RequestVote':
      return Object.freeze({ term: b.term, candidateId: b.candidateId, lastLogIndex: b.lastLogIndex, lastLogTerm: b.lastLogTerm });
    case 'Heartbeat':
      return Object.freeze({ term: b.term, leaderId: b.leaderId });
    case 'RequestVoteReply':
      return Object.freeze({ term: b.term, voteGranted: b.voteGranted });
    case 'HeartbeatReply':
      return Object.freeze({ term: b.term, success: b.success });
  }
}

function isThenable(value: unknown): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Whose turn it is, for a host's watchdog message (read-only, host side; learner code cannot reach it):
 * the node, its simulated time and what it runs. Empty between turns.
 */
export function currentTurn(): { node?: string; time?: number; what?: string } {
  if (!turnRt || !turnSim) return {};
  return { node: turnRt.id, time: turnSim.now, what: turnWhat || undefined };
}
