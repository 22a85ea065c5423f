// Behavioural probes for the rule tests of 02-04: they look at what a node DOES (when its next
// election starts, what its peers receive), never at how it arranged it (which timer, which call).
// A node with one-shot timers, a lazily re-armed timer or a ticking clock is graded the same.
import { ELECTION_TIMEOUT_MAX, ELECTION_TIMEOUT_MIN, roundMs, type Harness } from '../grader/context';
import type { Message } from '../sim/trace';

/**
 * A node may check its election deadline on a ticking clock (etcd style): it then starts the
 * election at the first tick after the deadline, up to this much late. Stated in exercise 02.
 */
export const TICK_SLACK = 10;
/** The latest an election may start after the last reset of the election timer. */
export const ELECTION_LATEST = ELECTION_TIMEOUT_MAX + TICK_SLACK;

/** n1 has started an election since its term was `baseTerm`: a new term, with its own vote. */
export function campaigned(h: Harness, baseTerm: number): boolean {
  const n = h.node;
  return n.term > baseTerm && n.votedFor === h.id && n.state !== 'FOLLOWER';
}

/** Fails if n1 starts an election before `until` (checked every ms); `resetAt` is the reset it counts from. */
export function expectNoElection(h: Harness, resetAt: number, term: number, until: number, situation: string): void {
  const { ctx, sim } = h;
  for (;;) {
    // Steps stop just short of `until`, then land on it: an election exactly 150 ms after the reset is legal.
    const last = sim.now >= until - 1e-6;
    ctx.runUntil(sim, last ? until : Math.min(sim.now + 1, until - 1e-6));
    if (campaigned(h, term) && (!last || until - resetAt < ELECTION_TIMEOUT_MIN - 1e-6)) {
      ctx.failAt(sim, `${situation}: n1 started an election (term ${h.node.term}) only ${roundMs(sim.now - resetAt)} ms after t=${roundMs(resetAt)}ms. That event must reset the election timer, with a fresh timeout of at least ${ELECTION_TIMEOUT_MIN} ms (and an older timer must not fire).`, `no election before t=${roundMs(resetAt + ELECTION_TIMEOUT_MIN)}ms`, `an election by t=${roundMs(sim.now)}ms`);
    }
    if (last) return;
  }
}

/**
 * The election window after a reset at `resetAt` (n1 was then in `term`): no election before
 * resetAt + 150 ms, one by resetAt + 310 ms. Returns the time (1 ms resolution) it was seen.
 */
export function expectElectionWindow(h: Harness, resetAt: number, term: number, situation: string): number {
  expectNoElection(h, resetAt, term, resetAt + ELECTION_TIMEOUT_MIN, situation);
  return awaitElection(h, resetAt, term, situation);
}

/** Runs until n1 starts an election; fails if none starts by resetAt + 310 ms. */
export function awaitElection(h: Harness, resetAt: number, term: number, situation: string): number {
  const { ctx, sim } = h;
  const latest = resetAt + ELECTION_LATEST;
  while (!campaigned(h, term)) {
    if (sim.now >= latest) {
      const n = h.node;
      ctx.failAt(sim, `${situation}: n1 did not start an election within ${ELECTION_LATEST} ms of t=${roundMs(resetAt)}ms, with no leader heard and no vote granted since. Its election timer must stay armed, with a timeout drawn in [${ELECTION_TIMEOUT_MIN}, ${ELECTION_TIMEOUT_MAX}) ms (a ticking clock may add up to ${TICK_SLACK} ms).`, `a new election (term > ${term}) by t=${roundMs(latest)}ms`, `${n.state} in term ${n.term}, votedFor ${JSON.stringify(n.votedFor)} at t=${roundMs(sim.now)}ms`);
    }
    ctx.runUntil(sim, Math.min(sim.now + 1, latest));
  }
  return sim.now;
}

/** Lets n1's election timer run out: it must become candidate of the next term within 310 ms. */
export function campaign(h: Harness, situation = 'When its election timer runs out'): number {
  const before = h.node.term;
  awaitElection(h, h.sim.now, before, situation);
  const want = h.peers.length === 0 ? 'LEADER' : 'CANDIDATE';
  h.expectRole(want, before + 1, situation);
  return before + 1;
}

/**
 * The puppets' side of the conversation: every message they received, kept in order, and (unless
 * told otherwise) a successful reply to each heartbeat, as live followers would send. A node that
 * steps down when it stops hearing from a majority (CheckQuorum) keeps leading under these puppets.
 */
export class Peers {
  readonly received: Message[] = [];
  answerHeartbeats = true;

  constructor(readonly h: Harness) {}

  /** Advances `ms` in 5 ms steps, collecting and answering (a reply comes back within 5 ms). */
  advance(ms: number): void {
    const { sim, ctx } = this.h;
    const end = sim.now + ms;
    while (sim.now < end - 1e-9) {
      ctx.runUntil(sim, Math.min(end, sim.now + 5));
      this.collect();
    }
  }

  /** Takes what the puppets received so far; answers heartbeats. */
  collect(): Message[] {
    const fresh = this.h.peers.flatMap((p) => this.h.sim.takeReceived(p)).sort((a, b) => a.id - b.id);
    this.received.push(...fresh);
    if (this.answerHeartbeats) {
      for (const m of fresh) {
        if (m.kind === 'Heartbeat' && this.h.sim.view(this.h.id).alive) this.h.heartbeatReply(m.to, Number(m.body.term), true);
      }
    }
    return fresh;
  }

  /** Messages of `kind` received since virtual time `since` (sent at or after it). */
  since(since: number, kind?: Message['kind']): Message[] {
    this.collect();
    return this.received.filter((m) => m.sentAt >= since && (!kind || m.kind === kind));
  }
}
