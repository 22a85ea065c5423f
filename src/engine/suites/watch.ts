// The exam's eyes on a whole cluster (exercise 05): rules that 02-04 check on one node against
// puppets, checked here on every node of every faulty run, from the trace as events happen.
// - only the leader of term T sends heartbeats for T (a deposed leader's interval is caught at once);
// - a leader sends each peer a heartbeat at least every 100 ms and at most 30 per second;
// - no node starts an election sooner than 150 ms (of its own clock) after a mandatory reset of its
//   election timer: its previous election, a vote it granted, a heartbeat it accepted, its boot;
// - a vote goes only to a candidate whose log is at least as up-to-date as the voter's (§5.4.1).
// It also remembers whom each node last accepted as leader, for liveness messages.
import type { NodeId } from '../contract/raft';
import { ELECTION_TIMEOUT_MIN, HEARTBEAT_INTERVAL, roundMs, type RunContext } from '../grader/context';
import { Failure } from '../grader/failure';
import type { Simulation } from '../sim/simulator';
import type { TraceEvent } from '../sim/trace';
import { HEARTBEAT_MAX_GAP, HEARTBEATS_PER_SECOND_MAX } from './heartbeats';

/** When an event happened: virtual time and index in the trace. */
interface At {
  t: number;
  i: number;
}

interface Office {
  term: number;
  since: number;
  /** Per peer: the last heartbeat's time, and the times of this office's heartbeats in the last second. */
  last: Map<NodeId, number>;
  recent: Map<NodeId, number[]>;
  paused: boolean;
}

export class Watch {
  private readonly office = new Map<NodeId, Office>();
  private readonly left = new Set<string>(); // `${node}@${term}`: left office of that term
  private readonly lastReset = new Map<NodeId, { at: number; why: string; pausedAt: number }>();
  private readonly pausedTotal = new Map<NodeId, number>();
  private readonly pauseStart = new Map<NodeId, number>();
  /** The first rule broken, thrown at the next scan (never inside the simulator's own call). */
  private broken: Failure | null = null;
  /** Heartbeats sent before the end of their turn: judged once the turn's state change is known. */
  private pending: { from: NodeId; to: NodeId; term: number; e: At }[] = [];
  /** The last office each node left: its term and when. */
  private readonly lastOffice = new Map<NodeId, { term: number; until: number }>();
  /** Whom each node last accepted a heartbeat from, and when. */
  readonly follows = new Map<NodeId, { leader: NodeId; term: number; at: number }>();

  constructor(
    readonly ctx: RunContext,
    readonly sim: Simulation,
  ) {
    for (const id of sim.ids) {
      this.lastReset.set(id, { at: sim.now, why: 'it booted', pausedAt: 0 });
      this.pausedTotal.set(id, 0);
    }
    // Sees every event as the simulator emits it, recording or not (a replay still records).
    const emit = sim.emit.bind(sim);
    sim.emit = (event) => {
      emit(event);
      if (!this.broken) {
        try {
          this.see(event as TraceEvent, sim.now, sim.eventCount - 1);
        } catch (error) {
          if (!(error instanceof Failure)) throw error;
          this.broken = error;
        }
      }
    };
  }

  private fail(message: string, expected: string, observed: string, rule: string, e: At): never {
    throw new Failure(message, expected, observed, rule, e.t, e.i);
  }

  /** Throws the first rule broken so far; then checks the heartbeat gaps up to now. */
  scan(): void {
    if (!this.broken) {
      try {
        this.flush();
      } catch (error) {
        if (!(error instanceof Failure)) throw error;
        this.broken = error;
      }
    }
    if (this.broken) throw this.broken;
    this.checkGaps(this.sim.now, this.sim.eventCount - 1);
  }

  private localNow(node: NodeId, t: number): number {
    const start = this.pauseStart.get(node);
    return t - this.pausedTotal.get(node)! - (start !== undefined ? t - start : 0);
  }

  private reset(node: NodeId, t: number, why: string): void {
    this.lastReset.set(node, { at: t, why, pausedAt: this.pausedTotal.get(node)! });
  }

  private leave(node: NodeId, t: number): void {
    const o = this.office.get(node);
    if (!o) return;
    this.left.add(`${node}@${o.term}`);
    this.lastOffice.set(node, { term: o.term, until: t });
    this.office.delete(node);
  }

  /** Judges the heartbeats whose turn has ended. */
  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) this.heartbeat(h.from, h.to, h.term, h.e);
  }

  /** `e` as emitted (no t or i yet): its time and index come apart, to spare a copy per event. */
  private see(e: TraceEvent, t: number, i: number): void {
    switch (e.type) {
      case 'timer-fire':
      case 'deliver':
        if (this.pending.length) this.flush(); // another turn begins: the last one's state changes are all known
        break;
      case 'state':
        if (e.from === 'LEADER') this.leave(e.node, t);
        if (e.to === 'LEADER') this.take(e.node, e.term, t);
        this.flush();
        break;
      case 'term':
        if (this.office.has(e.node) && this.office.get(e.node)!.term !== e.to) this.leave(e.node, t);
        break;
      case 'crash':
        this.flush();
        this.leave(e.node, t);
        this.pauseStart.delete(e.node);
        break;
      case 'boot':
        this.pausedTotal.set(e.node, 0);
        this.reset(e.node, t, 'it restarted');
        if (e.state !== 'FOLLOWER') this.fail(`${e.node} restarted as ${e.state} of term ${e.term}: a server starts as a follower (§5.2), and a restarted node has won no election.`, 'FOLLOWER', e.state, 'restart-as-follower', { t, i });
        break;
      case 'pause': {
        this.flush();
        this.pauseStart.set(e.node, t);
        const o = this.office.get(e.node);
        if (o) o.paused = true;
        break;
      }
      case 'resume': {
        const start = this.pauseStart.get(e.node);
        if (start !== undefined) this.pausedTotal.set(e.node, this.pausedTotal.get(e.node)! + t - start);
        this.pauseStart.delete(e.node);
        const o = this.office.get(e.node);
        if (o) {
          o.paused = false;
          for (const p of o.last.keys()) o.last.set(p, t); // its timers carry on where they stopped
        }
        break;
      }
      case 'vote':
        if (e.for === e.node) this.electionStarted(e.node, e.term, { t, i });
        else {
          this.checkLogs(e.node, e.for, e.term, { t, i });
          this.reset(e.node, t, `it granted its vote to ${e.for} in term ${e.term}`);
        }
        break;
      case 'send': {
        const m = e.msg;
        if (m.kind === 'Heartbeat') this.pending.push({ from: m.from, to: m.to, term: m.term, e: { t, i } });
        else if (m.kind === 'HeartbeatReply' && m.body.success === true) {
          const leader = this.sim.leaderOfTerm.get(m.term);
          if (leader !== m.to) {
            this.fail(`${m.from} accepted a heartbeat from ${m.to} (success: true) while in term ${m.term}, but ${m.to} does not lead term ${m.term}${leader ? ` (${leader} does)` : ''}: a heartbeat of an older term must be refused with { term: ${m.term}, success: false }, and change nothing.`, `{ term: ${m.term}, success: false }`, `{ term: ${m.term}, success: true } to ${m.to}`, 'stale-heartbeat', { t, i });
          }
          this.follows.set(m.from, { leader: m.to, term: m.term, at: t });
          this.reset(m.from, t, `it accepted a heartbeat from ${m.to} (term ${m.term})`);
        }
        break;
      }
    }
  }

  private take(node: NodeId, term: number, t: number): void {
    const o: Office = { term, since: t, last: new Map(), recent: new Map(), paused: false };
    for (const p of this.sim.ids) if (p !== node) o.last.set(p, t);
    // Heartbeats sent in the turn that won (before the state event) count for this office.
    const earlier = this.office.get(node);
    if (earlier && earlier.term === term) return;
    this.office.set(node, o);
  }

  private electionStarted(node: NodeId, term: number, e: At): void {
    const r = this.lastReset.get(node)!;
    const elapsed = this.localNow(node, e.t) - (r.at - r.pausedAt);
    if (elapsed < ELECTION_TIMEOUT_MIN - 1e-6) {
      this.fail(
        `${node} started an election (term ${term}) at t=${roundMs(e.t)}ms, only ${roundMs(elapsed)} ms of its own clock after ${r.why} (t=${roundMs(r.at)}ms). That must reset its election timer with a fresh timeout of at least ${ELECTION_TIMEOUT_MIN} ms, and an older timer must not fire.`,
        `no election before ${ELECTION_TIMEOUT_MIN} ms after the reset`,
        `an election after ${roundMs(elapsed)} ms`,
        'election-timeout',
        e,
      );
    }
    this.reset(node, e.t, `its own election of term ${term}`);
  }

  private checkLogs(voter: NodeId, candidate: NodeId, term: number, e: At): void {
    const logs = this.sim.options.logs;
    if (!logs) return;
    const v = logs[voter] ?? { lastLogIndex: 0, lastLogTerm: 0 };
    const c = logs[candidate] ?? { lastLogIndex: 0, lastLogTerm: 0 };
    const upToDate = c.lastLogTerm > v.lastLogTerm || (c.lastLogTerm === v.lastLogTerm && c.lastLogIndex >= v.lastLogIndex);
    if (!upToDate) {
      this.fail(
        `${voter} voted for ${candidate} in term ${term}, but ${candidate}'s log (last entry: index ${c.lastLogIndex}, term ${c.lastLogTerm}) is behind ${voter}'s (index ${v.lastLogIndex}, term ${v.lastLogTerm}). Compare last terms first; only equal last terms let the longer log win (§5.4.1).`,
        `${voter} refuses ${candidate}`,
        `${voter} granted its vote`,
        'election-restriction',
        e,
      );
    }
  }

  private heartbeat(from: NodeId, to: NodeId, term: number, e: At): void {
    const o = this.office.get(from);
    const inOffice = o ? o.term === term : this.sim.leaderOfTerm.get(term) === from && !this.left.has(`${from}@${term}`);
    if (!inOffice) {
      const elected = this.sim.leaderOfTerm.get(term);
      const former = this.lastOffice.get(from);
      const why =
        former && !o
          ? `${from} led term ${former.term} and stopped leading at t=${roundMs(former.until)}ms (it is ${this.sim.view(from).state} of term ${this.sim.view(from).term} now): a node that stops leading must stop its heartbeat timer`
          : o
            ? `${from} leads term ${o.term}, not ${term}`
            : `${from} was never elected leader of term ${term}${elected ? ` (${elected} was)` : ''}`;
      this.fail(`Only the leader of term T sends heartbeats for T: ${from} sent a heartbeat of term ${term} to ${to} at t=${roundMs(e.t)}ms, but ${why}.`, `no heartbeat from ${from} for term ${term}`, `a heartbeat to ${to} at t=${roundMs(e.t)}ms`, 'leader-heartbeats', e);
    }
    if (!o || o.term !== term) return;
    const last = o.last.get(to) ?? o.since;
    this.checkGap(from, to, o, last, e.t, e);
    o.last.set(to, e.t);
    let recent = o.recent.get(to);
    if (!recent) o.recent.set(to, (recent = []));
    recent.push(e.t);
    while (recent.length && recent[0]! <= e.t - 1000) recent.shift();
    if (recent.length > HEARTBEATS_PER_SECOND_MAX) {
      this.fail(`${from}, leader of term ${term}, sent ${to} ${recent.length} heartbeats in the second up to t=${roundMs(e.t)}ms: more than ${HEARTBEATS_PER_SECOND_MAX} means a heartbeat timer runs twice (an interval never cleared, or started twice) or too fast.`, `at most ${HEARTBEATS_PER_SECOND_MAX} per second (one every ${HEARTBEAT_INTERVAL} ms gives 20)`, String(recent.length), 'heartbeat-rate', e);
    }
  }

  private checkGap(from: NodeId, to: NodeId, o: Office, last: number, t: number, e: At): void {
    if (o.paused || t - last <= HEARTBEAT_MAX_GAP + 1e-6) return;
    this.fail(`${from}, leader of term ${o.term}, left ${to} without a heartbeat from t=${roundMs(last)}ms to t=${roundMs(t)}ms (${roundMs(t - last)} ms): a leader must send every peer a heartbeat at least every ${HEARTBEAT_MAX_GAP} ms, reachable or not.`, `gaps <= ${HEARTBEAT_MAX_GAP} ms`, `${roundMs(t - last)} ms`, 'heartbeat-rate', e);
  }

  /** Called every polled millisecond: allocates nothing unless a gap is found. */
  private checkGaps(now: number, index: number): void {
    for (const [node, o] of this.office) {
      if (o.paused || !this.sim.rt(node).alive) continue;
      for (const [peer, last] of o.last) {
        if (now - last > HEARTBEAT_MAX_GAP + 1e-6) this.checkGap(node, peer, o, last, now, { t: last + HEARTBEAT_MAX_GAP, i: index });
      }
    }
  }

  /** Each node in words: role, term, vote, and the leader it last accepted. */
  describe(group: readonly NodeId[] = this.sim.ids): string {
    this.scan();
    return group
      .map((id) => {
        const v = this.sim.view(id);
        if (!v.alive) return `${id}: crashed`;
        const f = this.follows.get(id);
        const follows = v.state === 'LEADER' ? 'leads' : f ? `follows ${f.leader} (term ${f.term}, last heartbeat accepted at t=${roundMs(f.at)}ms)` : 'follows nobody';
        return `${id}: ${v.state} term ${v.term}, votedFor ${v.votedFor ?? 'null'}, ${follows}${v.paused ? ' (paused)' : ''}`;
      })
      .join('; ');
  }
}
